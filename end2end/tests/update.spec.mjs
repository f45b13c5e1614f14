// A new version of the app: offered, not forced; taken only when accepted; IndexedDB
// data (where records and the outbox live) survives it.
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

import { expect, test } from './fixtures/test.mjs';

import { TMP } from '../playwright.config.mjs';
import { AppShell } from './fixtures/app-shell.mjs';

const SW = `${TMP}dist/sw.js`;

async function putPendingRecord(page) {
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('uji-pembaruan', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('outbox', { keyPath: 'id' });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').put({ id: 1, catatan: 'menunggu sinkronisasi' });
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

async function readPendingRecord(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('uji-pembaruan', 1);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('outbox').objectStore('outbox').get(1);
      req.onsuccess = () => { open.result.close(); resolve(req.result?.catatan ?? null); };
      req.onerror = () => reject(req.error);
    };
  }));
}

test('a new version is offered, waits until accepted, and keeps data on the device', async ({ page }) => {
  const original = readFileSync(SW, 'utf8');
  try {
    const app = new AppShell(page);
    await app.signIn('staf');
    await app.waitForServiceWorker();
    const [oldCache] = Object.keys(await app.cachedUrls());
    await putPendingRecord(page);
    await expect(app.updateBanner).toBeHidden();

    // Deploy a "new version": same shell, new service worker version.
    writeFileSync(SW, original.replace(/const VERSION = '[^']+'/, "const VERSION = 'e2e-versi-baru'"));
    rmSync(`${SW}.br`, { force: true });
    rmSync(`${SW}.gz`, { force: true });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

    await expect(app.updateBanner).toBeVisible();
    await expect(app.updateBanner).toContainText('Versi baru aplikasi tersedia');
    // Installed but waiting: the old version still serves, its cache is intact.
    await expect.poll(async () => Object.keys(await app.cachedUrls()).sort())
      .toEqual([oldCache, 'shell-e2e-versi-baru'].sort());

    // "Nanti saja" hides the offer; a reload does not activate the new version either.
    await app.updateBanner.getByRole('button', { name: 'Nanti saja' }).click();
    await expect(app.updateBanner).toBeHidden();
    await page.reload();
    await expect(app.updateBanner).toBeVisible();
    expect(Object.keys(await app.cachedUrls())).toContain(oldCache);

    // Accepting activates it and reloads once it controls the page.
    await Promise.all([
      page.waitForEvent('load'),
      app.updateBanner.getByRole('button', { name: 'Muat versi baru' }).click(),
    ]);
    await expect.poll(async () => Object.keys(await app.cachedUrls()))
      .toEqual(['shell-e2e-versi-baru']);
    await expect(app.updateBanner).toBeHidden();
    await expect(app.heading).toHaveText('Selamat datang');

    expect(await readPendingRecord(page)).toBe('menunggu sinkronisasi');
  } finally {
    writeFileSync(SW, original);
  }
});

test('an update downloads only what changed: unchanged hashed files come from the installed cache', async ({ page, context }) => {
  const original = readFileSync(SW, 'utf8');
  // The app's module, gone from the server: a new version can only have it from the
  // cache of the installed one.
  const wasm = readdirSync(`${TMP}dist`).filter((f) => /\.wasm(\.br|\.gz)?$/.test(f));
  expect(wasm.length).toBeGreaterThan(0);
  try {
    const app = new AppShell(page);
    await app.signIn('staf');
    await app.waitForServiceWorker();
    for (const f of wasm) renameSync(`${TMP}dist/${f}`, `${TMP}dist/${f}.pindah`);
    // Nor from the browser's HTTP cache.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');

    writeFileSync(SW, original.replace(/const VERSION = '[^']+'/, "const VERSION = 'e2e-hemat'"));
    rmSync(`${SW}.br`, { force: true });
    rmSync(`${SW}.gz`, { force: true });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

    await expect(app.updateBanner).toBeVisible();
    const caches = await app.cachedUrls();
    const module = wasm.find((f) => f.endsWith('.wasm'));
    expect(caches['shell-e2e-hemat']).toContain(`/${module}`);
    expect(caches['shell-e2e-hemat']).toContain('/index.html');
  } finally {
    for (const f of wasm) {
      try { renameSync(`${TMP}dist/${f}.pindah`, `${TMP}dist/${f}`); } catch { /* not moved */ }
    }
    writeFileSync(SW, original);
  }
});
