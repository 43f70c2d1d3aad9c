// Shared steps of the real-browser scripts: open the demo page in Debian's Chromium and
// register an account on it.
import { chromium } from 'playwright-core';

/** The demo URL from the command line, or exits with the usage line of `script`. */
export function demoUrlArgument(script) {
  const demoUrl = process.argv[2];
  if (!demoUrl) {
    console.error(`usage: node e2e/${script} <demo url>`);
    process.exit(2);
  }
  return demoUrl;
}

/** Headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium) on the demo page; page logs go to stderr. */
export async function openDemo(demoUrl) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => console.error(`[page ${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    await page.goto(demoUrl);
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Registers (or, if the email is taken, logs in) and returns the user id the page shows. */
export async function register(page, email, password) {
  const signedIn = () => page.waitForFunction(
    () => /[0-9a-f-]{36}/.test(document.querySelector('#user-id').textContent), null, { timeout: 30_000 });
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#register');
  await signedIn().catch(async () => {
    await page.click('#login');
    await signedIn();
  });
  return (await page.textContent('#user-id')).trim();
}
