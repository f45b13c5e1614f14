// Issue 2 benchmarks: the app shell's transfer size and offline reload time.
import { transferred } from './firstload.mjs';
import { withAppPage } from './lib/browser.mjs';
import { median } from './lib/results.mjs';

const RELOADS = 15;

export async function shellTransfer(base, results) {
  const html = await (await fetch(`${base}/`)).text();
  const assets = [...html.matchAll(/(?:href|from|module_or_path:)\s*=?\s*['"](\/[^'"]+\.(?:js|wasm|css))['"]/g)]
    .map((m) => m[1]);
  const unique = [...new Set(assets)];
  if (!unique.some((a) => a.endsWith('.wasm')) || !unique.some((a) => a.endsWith('.js'))) {
    throw new Error(`shell assets not found in index.html: ${unique}`);
  }
  let total = 0;
  for (const a of unique) {
    const r = await transferred(`${base}${a}`);
    if (r.status !== 200 || r.encoding !== 'br') throw new Error(`${a}: ${r.status} ${r.encoding}`);
    total += r.bytes;
  }
  results.add('shell_transfer_brotli_kb', total / 1024, 'KB', '<= 150');
}

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
