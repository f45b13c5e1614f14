// Debian's Chromium with the flags this machine needs, and a fresh page on the app.
import { chromium } from '@playwright/test';

import { chromiumArgs } from '../../end2end/playwright.config.mjs';

/** Runs `work(page, context)` on a new page at `base`, then closes the browser. */
export async function withAppPage(base, work) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    args: chromiumArgs,
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    return await work(page, context);
  } finally {
    await browser.close();
  }
}
