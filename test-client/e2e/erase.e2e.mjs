// Real-browser check of account erasure on the demo page against a running local stack:
// register, capture until acknowledged, then "Delete my account and data". The SDK must
// stop with the erased state and every service must report its part done.
// Usage: node e2e/erase.e2e.mjs <demo url>   (CHROMIUM_PATH overrides /usr/bin/chromium)
// Prints one JSON line with what the page showed; the JVM test checks PostgreSQL.
import { demoUrlArgument, openDemo, register } from './demo-page.mjs';

const demoUrl = demoUrlArgument('erase.e2e.mjs');
const email = `erase-${Date.now()}@example.com`;
const password = 'browser erasure passphrase';

const { browser, page } = await openDemo(demoUrl);
try {
  const userId = await register(page, email, password);

  await page.click('#start');
  await page.waitForFunction(() => document.querySelector('#status').dataset.state === 'connected', null, { timeout: 30_000 });
  const box = await page.locator('#practice').boundingBox();
  for (let i = 0; i < 8; i++) {
    await page.mouse.move(box.x + 20 + ((i * 97) % (box.width - 40)), box.y + 20 + ((i * 53) % (box.height - 40)), { steps: 10 });
    await page.waitForTimeout(40);
  }
  await page.waitForFunction(() => {
    const sent = Number(document.querySelector('#events-sent').textContent);
    return sent > 0 && Number(document.querySelector('#events-acked').textContent) === sent;
  }, null, { timeout: 60_000, polling: 250 });
  const eventsAcked = Number(await page.textContent('#events-acked'));

  // The page asks before erasing; a person would confirm.
  let question = '';
  page.once('dialog', (dialog) => {
    question = dialog.message();
    void dialog.accept();
  });
  await page.click('#erase');

  // The ingestor closes the socket with 4403 and the SDK stops for good.
  await page.waitForFunction(() => document.querySelector('#status').dataset.state === 'erased', null, { timeout: 30_000 });
  // Every service reports its part done.
  await page.waitForFunction(() => document.querySelector('#erase-result').dataset.complete === 'true', null,
    { timeout: 90_000, polling: 500 });
  const erasure = await page.textContent('#erase-result');
  const status = await page.textContent('#status');
  const startDisabled = await page.isDisabled('#start');
  const eraseDisabled = await page.isDisabled('#erase');

  // Moving on after the erasure captures nothing: the SDK has detached.
  const captured = Number(await page.textContent('#events-captured'));
  await page.mouse.move(box.x + 5, box.y + 5, { steps: 5 });
  await page.waitForTimeout(300);
  const capturedAfter = Number(await page.textContent('#events-captured'));

  console.log(JSON.stringify({ ok: true, userId, email, eventsAcked, question, status, erasure, startDisabled,
    eraseDisabled, captured, capturedAfter }));
} finally {
  await browser.close();
}
