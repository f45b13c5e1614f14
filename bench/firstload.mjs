// Issue 14 benchmarks: what a phone downloads before it can sign in, the whole app the
// service worker keeps, and the cold start on a weak connection and a slow CPU.
import { request } from 'node:http';

import { chromium } from '@playwright/test';

import { chromiumArgs } from '../end2end/playwright.config.mjs';
import { median } from './lib/results.mjs';

const COLD_RUNS = 5;

/** DevTools' "Slow 4G" preset (Chrome 124+), as the Network panel applies it. */
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: 180000,
  uploadThroughput: 84375,
};

/** Bytes on the wire for one GET with Accept-Encoding: br (no decompression). */
export function transferred(url) {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'br' } }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve({ bytes: n, encoding: res.headers['content-encoding'], status: res.statusCode }));
    }).on('error', reject).end();
  });
}

async function brotliBytes(base, paths) {
  let total = 0;
  for (const p of paths) {
    const r = await transferred(`${base}${p}`);
    if (r.status !== 200) throw new Error(`${p}: HTTP ${r.status}`);
    total += r.bytes;
  }
  return total;
}

async function withBrowser(work) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    args: chromiumArgs,
  });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

/** Waits until the sign-in form takes input; the page's clock (ms from navigation start). */
async function signInInteractive(page) {
  const handle = await page.waitForFunction(() => {
    const u = document.querySelector('form[data-testid="masuk-sandi"] #username');
    return u && !u.disabled && performance.getEntriesByName('app-ready').length > 0
      ? performance.now() : null;
  }, null, { polling: 'raf', timeout: 120000 });
  return handle.jsonValue();
}

/**
 * `first_load_brotli_kb`: every HTML, JS, wasm and CSS file a fresh browser requests
 * before the sign-in screen is interactive (from the page's own network log), each
 * counted at its brotli size on the wire.
 */
async function firstLoad(browser, base, results) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = new Set();
  let open = true;
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!open || url.origin !== base || url.pathname.startsWith('/api/')) return;
    if (['document', 'script', 'stylesheet', 'fetch'].includes(r.resourceType())
      || /\.(js|wasm|css|html)$/.test(url.pathname)) seen.add(url.pathname);
  });
  await page.goto(`${base}/`);
  await signInInteractive(page);
  open = false;
  await context.close();
  const paths = [...seen];
  if (!paths.some((p) => p.endsWith('.wasm'))) throw new Error(`no wasm among ${paths}`);
  results.add('first_load_brotli_kb', (await brotliBytes(base, paths)) / 1024, 'KB', '<= 300');
  return paths;
}

/** `app_total_brotli_kb`: every file in the service worker's precache list. */
async function appTotal(base, results) {
  const sw = await (await fetch(`${base}/sw.js`)).text();
  const list = sw.match(/const PRECACHE = (\[[\s\S]*?\]);/);
  if (!list) throw new Error('sw.js has no PRECACHE list');
  const paths = JSON.parse(list[1]).filter((p) => p !== '/');
  results.add('app_total_brotli_kb', (await brotliBytes(base, [...paths, '/sw.js'])) / 1024, 'KB', '<= 650');
  // Per chunk (src/lazy.rs): the first chunk is the main module, `split_<name>` a lazy
  // chunk; the `chunk_<n>` files (code two or more lazy chunks share) are summed.
  let shared = 0;
  let files = 0;
  for (const p of paths.filter((q) => q.endsWith('.wasm')).sort()) {
    const name = p.match(/^\/(?:reses-app-[0-9a-f]+_bg|(split_[a-z0-9_]+|chunk)_?[0-9]*-[0-9a-f]+)\.wasm$/);
    if (!name) throw new Error(`${p}: not a chunk name this benchmark knows`);
    const kb = (await brotliBytes(base, [p])) / 1024;
    if (name[1] === 'chunk') {
      shared += kb;
      files += 1;
    } else {
      results.add(`wasm_${name[1] ?? 'first_chunk'}_brotli_kb`, kb, 'KB');
    }
  }
  results.add('wasm_shared_chunks_brotli_kb', shared, 'KB', `${files} files`);
}

/**
 * `cold_start_slow4g_cpu4x_ms`: a fresh profile each run (no HTTP cache, no service
 * worker) at Slow 4G and 4x CPU, navigation start to the sign-in form taking input.
 */
async function coldStart(browser, base, results) {
  const times = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${base}/`, { waitUntil: 'commit', timeout: 120000 });
    times.push(await signInInteractive(page));
    await context.close();
  }
  results.add('cold_start_slow4g_cpu4x_ms', median(times), 'ms', '<= 4000');
}

export async function firstLoadBenchmarks(base, results) {
  await appTotal(base, results);
  await withBrowser(async (browser) => {
    await firstLoad(browser, base, results);
    await coldStart(browser, base, results);
  });
}
