// Real-browser end-to-end check of the demo page against a running local stack.
// Usage: node e2e/demo.e2e.mjs <demo url>   (CHROMIUM_PATH overrides /usr/bin/chromium)
// Prints one JSON line with what the page showed; the JVM test checks PostgreSQL.
import { demoUrlArgument, openDemo, register } from './demo-page.mjs';

const demoUrl = demoUrlArgument('demo.e2e.mjs');
const email = `browser-${Date.now()}@example.com`;
const password = 'browser test passphrase';
// Typed into the password field: none of these key codes may reach the server.
const secret = 'Zx9Qj';

const { browser, page } = await openDemo(demoUrl);
try {
  const userId = await register(page, email, password);

  await page.waitForSelector('#start:not([disabled])', { timeout: 30_000 });
  await page.click('#start');

  // Move and click around the practice area like a person would, many times.
  const box = await page.locator('#practice').boundingBox();
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 40; i++) {
    const x = box.x + 20 + random() * (box.width - 40);
    const y = box.y + 20 + random() * (box.height - 40);
    await page.mouse.move(x, y, { steps: 12 + Math.floor(random() * 10) });
    await page.mouse.down();
    await page.waitForTimeout(60 + random() * 60);
    await page.mouse.up();
    await page.waitForTimeout(30);
  }
  await page.click('#typing');
  await page.keyboard.type('hello there', { delay: 90 });
  await page.click('#secret');
  await page.keyboard.type(secret, { delay: 110 });

  // Everything sent gets acknowledged (the SDK flushes at most a second later).
  await page.waitForFunction(() => {
    const sent = Number(document.querySelector('#events-sent').textContent);
    const acked = Number(document.querySelector('#events-acked').textContent);
    return sent > 200 && acked === sent;
  }, null, { timeout: 60_000, polling: 250 });
  const eventsAcked = Number(await page.textContent('#events-acked'));

  // Train once the event logger has stored enough (retry while the API says "more needed").
  await page.waitForSelector('#train:not([disabled])', { timeout: 30_000 });
  let trainText = '';
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.click('#train');
    await page.waitForTimeout(1500);
    trainText = await page.textContent('#train-result');
    if (/success/.test(trainText)) break;
  }
  if (!/success/.test(trainText)) throw new Error(`training did not succeed: ${trainText}`);

  // Some more movement, then score it.
  for (let i = 0; i < 10; i++) {
    await page.mouse.move(box.x + 30 + random() * (box.width - 60), box.y + 30 + random() * (box.height - 60), { steps: 15 });
  }
  await page.waitForSelector('#score:not([disabled])', { timeout: 10_000 });
  await page.click('#score');
  await page.waitForFunction(() => /^\d(\.\d+)?$/.test(document.querySelector('#risk-value').textContent.trim()), null,
    { timeout: 30_000 });
  // One read, so a live risk frame cannot land between the value and its level.
  const shown = await page.evaluate(() => ({
    risk: document.querySelector('#risk-value').textContent.trim(),
    level: document.querySelector('#risk-level').textContent.trim(),
  }));
  const risk = Number(shown.risk);
  const level = shown.level;
  await page.screenshot({ path: process.env.SCREENSHOT_PATH || 'e2e-demo.png', fullPage: true });

  console.log(JSON.stringify({ ok: true, userId, email, eventsAcked, risk, level, secret, train: trainText.slice(0, 400) }));
} finally {
  await browser.close();
}
