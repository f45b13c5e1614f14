import { expect, setNetwork, test } from './fixtures/test.mjs';

import { AREAS, AppShell, areasFor } from './fixtures/app-shell.mjs';

test('the shell works offline once the service worker controls the page', async ({ page, context }) => {
  const app = new AppShell(page);
  await app.signIn('staf');
  await expect(app.heading).toHaveText('Selamat datang');
  await expect(app.status).toHaveText('Daring');
  await app.waitForServiceWorker();

  await setNetwork(context, false);
  await expect(app.status).toHaveText('Luring');
  await page.reload();
  await expect(app.heading).toHaveText('Selamat datang');
  await expect(app.status).toHaveText('Luring');

  const areas = areasFor('staf');
  for (const area of [...areas.slice(1), areas[0]]) {
    await app.goToArea(area);
  }
  // Deep links and reloads on an area are served offline too.
  await page.goto('/pengaduan');
  await expect(app.heading).toHaveText('Pengaduan');
  await page.reload();
  await expect(app.heading).toHaveText('Pengaduan');
  // The back button walks the history.
  await app.goToArea(AREAS[1]);
  await page.goBack();
  await expect(app.heading).toHaveText('Pengaduan');

  await page.goto('/tidak-ada');
  await expect(app.heading).toHaveText('Halaman tidak ditemukan');
  await page.getByRole('link', { name: 'Kembali ke Beranda' }).click();
  await expect(app.heading).toHaveText('Selamat datang');

  // The API is never answered from a cache: offline, it fails.
  const apiOffline = await page.evaluate(() => fetch('/api/health').then(() => 'ok', () => 'failed'));
  expect(apiOffline).toBe('failed');

  await setNetwork(context, true);
  await expect(app.status).toHaveText('Daring');
});

test('API responses never enter the service worker caches', async ({ page }) => {
  const app = new AppShell(page);
  await app.signIn('pendamping1');
  await app.goToArea(AREAS[5]);
  await expect(page.getByTestId('last-sync')).toContainText(/pukul \d/);
  await app.waitForServiceWorker();
  const health = await page.evaluate(() => fetch('/api/health').then((r) => r.json()));
  expect(health.status).toBe('ok');
  const cached = await app.cachedUrls();
  const names = Object.keys(cached);
  expect(names.length).toBe(1);
  expect(names[0]).toMatch(/^shell-/);
  const urls = Object.values(cached).flat();
  expect(urls).toContain('/index.html');
  expect(urls.some((u) => u.endsWith('_bg.wasm'))).toBe(true);
  expect(urls.filter((u) => u.startsWith('/api'))).toEqual([]);
});

test('on a phone the navigation is a bottom bar with large touch targets', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await context.newPage();
  const app = new AppShell(page);
  await app.signIn('pendamping2');
  const bar = await app.nav.boundingBox();
  expect(bar.y + bar.height).toBeCloseTo(844, 0);
  for (const link of await app.nav.getByRole('link').all()) {
    const box = await link.boundingBox();
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThanOrEqual(44);
  }
  await app.nav.getByRole('link', { name: 'Info Layanan' }).tap();
  await expect(app.heading).toHaveText('Info Layanan');
  await context.close();
});
