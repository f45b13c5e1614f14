// Issue 2 benchmarks: the offline reload time. (The shell's transfer size became
// `first_load_brotli_kb`, firstload.mjs, when the app was cut into chunks.)
import { withAppPage } from './lib/browser.mjs';
import { median } from './lib/results.mjs';

const RELOADS = 15;

async function reloadTimes(page, n) {
  const times = [];
  for (let i = 0; i < n; i += 1) {
    await page.reload({ waitUntil: 'load' });
    const t = await page.evaluate(() => new Promise((resolve) => {
      const check = () => {
        const [m] = performance.getEntriesByName('app-ready');
        if (m) resolve(m.startTime); else setTimeout(check, 5);
      };
      check();
    }));
    times.push(t);
  }
  return times;
}

export async function offlineReload(base, results) {
  await withAppPage(base, async (page, context) => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    await reloadTimes(page, 2); // warm-up: compiled wasm cache, SW started
    const plain = await reloadTimes(page, RELOADS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await reloadTimes(page, 1);
    const slow = await reloadTimes(page, RELOADS);
    results.add('offline_reload_ms', median(plain), 'ms', '<= 400');
    results.add('offline_reload_cpu4x_ms', median(slow), 'ms', '<= 1200');
  });
}
