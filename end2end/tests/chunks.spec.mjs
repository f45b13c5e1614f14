// The app in chunks (src/lazy.rs): after the first install every lazy screen opens
// offline, the first time too, with nothing fetched from the network; a chunk that cannot
// be loaded says so in Indonesian and loads on "Coba lagi" once it can.
import { readdirSync, renameSync } from 'node:fs';

import { TMP } from '../playwright.config.mjs';
import { AppShell } from './fixtures/app-shell.mjs';
import { expect, setNetwork, test } from './fixtures/test.mjs';

const DIST = `${TMP}dist`;
const CHUNK = /^\/(split|chunk)_[a-z0-9_]+-[0-9a-f]{16}\.wasm$/;

/** Signs in online and waits until the service worker holds every chunk of the build. */
async function install(page, username) {
  const app = new AppShell(page);
  await app.signIn(username);
  await app.waitForServiceWorker();
  const chunks = readdirSync(DIST).filter((n) => CHUNK.test(`/${n}`)).map((n) => `/${n}`);
  // The screens' chunk and the sync engine's (src/lazy.rs), and what they share.
  expect(chunks.filter((c) => /^\/split_(layar|data)-/.test(c)), 'the lazy chunks').toHaveLength(2);
  await expect.poll(async () => {
    const cached = Object.values(await app.cachedUrls()).flat();
    return chunks.filter((c) => !cached.includes(c));
  }, { timeout: 30_000 }).toEqual([]);
  return app;
}

/** Records every request of the page that did not come from the service worker. */
function watchNetwork(page) {
  const leaked = [];
  page.on('requestfinished', async (req) => {
    const res = await req.response();
    if (res && !res.fromServiceWorker()) leaked.push(`${req.method()} ${req.url()}`);
  });
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText;
    // The app may try the API (a sync attempt); that is expected to fail offline. A
    // request the page cancelled itself (the sync engine's chunk loading in the
    // background when the test navigates on) was answered by nothing.
    if (!new URL(req.url()).pathname.startsWith('/api/') && error !== 'net::ERR_ABORTED') {
      leaked.push(`failed ${req.url()} (${error})`);
    }
  });
  return leaked;
}

/** Opens `path` offline and waits until its screen is there, loaded. */
async function openOffline(page, path, heading) {
  await page.goto(path);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 }).first(), path).toHaveText(heading);
  await expect(main.getByText(/^Memuat/), path).toHaveCount(0);
  await expect(main.getByText('Layar ini belum bisa dibuka'), path).toHaveCount(0);
}

test.describe.configure({ timeout: 180_000 });

test('a companion opens every lazy screen offline for the first time', async ({ page, context }) => {
  const app = await install(page, 'pendamping1');
  await app.goToArea({ label: 'Reses', path: '/reses', heading: 'Reses saya' });
  const event = await page.getByRole('main').locator('a[href^="/reses/"]').first().getAttribute('href');
  expect(event).toMatch(/^\/reses\/[^/]+$/);

  await setNetwork(context, false);
  const leaked = watchNetwork(page);
  for (const [path, heading] of [
    [`${event}/pindai`, 'Pindai undangan'],
    // The lists are headed by the event's name.
    [`${event}/tambahan`, /\S/],
    [`${event}/tambahan/baru`, 'Catat tamu tanpa undangan'],
    [`${event}/aspirasi`, /\S/],
    [`${event}/aspirasi/baru`, 'Catat aspirasi'],
    [`${event}/dokumentasi`, 'Dokumentasi & penutupan'],
    ['/info', 'Info Layanan'],
    ['/sinkronisasi', 'Sinkronisasi'],
    ['/akun/pin', 'PIN dan kunci otomatis'],
    ['/akun/kata-sandi', 'Ganti kata sandi'],
  ]) {
    await openOffline(page, path, heading);
  }
  expect(leaked).toEqual([]);
});

test('the office, permits, complaints and admin screens open offline too', async ({ browser }) => {
  for (const [username, screens] of [
    ['staf', [['/kantor', 'Kantor reses'], ['/kantor/laporan', 'Laporan reses per anggota'],
      ['/pengaturan', 'Pengaturan dokumen']]],
    ['kesra', [['/izin', 'Izin Kegiatan'], ['/izin/baru', 'Permohonan izin kegiatan'],
      ['/pengaduan', 'Pengaduan'], ['/pengaduan/baru', 'Catat pengaduan']]],
    ['admin', [['/admin', 'Admin']]],
  ]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await install(page, username);
      await setNetwork(context, false);
      const leaked = watchNetwork(page);
      for (const [path, heading] of screens) await openOffline(page, path, heading);
      expect(leaked, username).toEqual([]);
    } finally {
      await setNetwork(context, true);
      await context.close();
    }
  }
});

/** Takes the lazy screens' chunk (and its compressed copies) off the server; returns
 * the function that puts it back. The service worker cannot install this build either,
 * so the page asks the server, which answers 404. */
function hideScreensChunk() {
  const [name] = readdirSync(DIST).filter((n) => /^split_layar-[0-9a-f]{16}\.wasm$/.test(n));
  expect(name, 'the lazy screens\' chunk').toBeTruthy();
  const moved = readdirSync(DIST).filter((f) => f.startsWith(name));
  for (const n of moved) renameSync(`${DIST}/${n}`, `${TMP}${n}`);
  return () => {
    for (const n of moved.splice(0)) renameSync(`${TMP}${n}`, `${DIST}/${n}`);
  };
}

/** Signs staf in and opens the office, whose chunk is missing: the screen says so. */
async function officeWithoutItsChunk(page) {
  const app = new AppShell(page);
  await app.signIn('staf');
  await app.nav.getByRole('link', { name: 'Kantor Reses', exact: true }).click();
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('Layar ini belum bisa dibuka');
  await expect(alert).toContainText('Data di perangkat ini tetap aman');
  return { app, alert };
}

test('a chunk that cannot be loaded says so and loads on "Coba lagi"', async ({ page }) => {
  const restore = hideScreensChunk();
  try {
    const { app, alert } = await officeWithoutItsChunk(page);
    // The rest of the app still works.
    await app.goToArea({ label: 'Beranda', path: '/', heading: 'Selamat datang' });
    await app.nav.getByRole('link', { name: 'Kantor Reses', exact: true }).click();
    await expect(alert).toBeVisible();

    restore();
    await alert.getByRole('button', { name: 'Coba lagi' }).click();
    await expect(app.heading).toHaveText('Kantor reses');
    await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  } finally {
    restore();
  }
});

test('after a chunk failed to load, opening another of its screens tries again', async ({ page }) => {
  const restore = hideScreensChunk();
  try {
    const { app, alert } = await officeWithoutItsChunk(page);
    // Still missing: the next screen of the chunk says so too.
    await app.nav.getByRole('link', { name: 'Sinkronisasi', exact: true }).click();
    await expect(page).toHaveURL(/\/sinkronisasi$/);
    await expect(alert).toContainText('Layar ini belum bisa dibuka');

    restore();
    await app.nav.getByRole('link', { name: 'Info Layanan', exact: true }).click();
    await expect(app.heading).toHaveText('Info Layanan');
    await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  } finally {
    restore();
  }
});
