// Safe to deploy, seen from the browser: the app runs, installs and works offline under
// the server's Content-Security-Policy with no violation; an account made in Admin
// chooses its own password at first sign-in; a disabled account cannot sign in.
import { expect, setNetwork, test } from './fixtures/test.mjs';

import { AREAS, AppShell, areasFor } from './fixtures/app-shell.mjs';
import { checkInGuest } from './fixtures/field.mjs';

/** Collects CSP violations and page errors from the moment the page opens. */
async function watchViolations(page) {
  const seen = [];
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return async () => [...seen, ...(await page.evaluate(() => window.__csp))];
}

test('the app runs, installs and works offline under the CSP without a violation', async ({ page, context }) => {
  const violations = await watchViolations(page);
  const app = new AppShell(page);
  const res = await page.goto('/');
  const csp = res.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  // No inline script in the page the server sends.
  const html = await res.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

  await app.signIn('pendamping1');
  await app.waitForServiceWorker();
  for (const area of areasFor('pendamping')) await app.goToArea(area);
  // A check-in with a signature (inline SVG, canvas), offline, under the CSP.
  await app.goToArea(AREAS[1]);
  await page.getByTestId('event-list').locator('a').first().click();
  await expect(page.getByTestId('event-counts')).toBeVisible();
  await page.getByRole('link', { name: /Daftar hadir/ }).click();
  await setNetwork(context, false);
  await page.reload();
  await checkInGuest(page, { seed: 7 });
  await app.goToArea(AREAS[0]);
  expect(await violations()).toEqual([]);
  await setNetwork(context, true);
});

test('an account made in Admin chooses its own password first; a disabled one cannot sign in', async ({ browser, page }) => {
  const admin = new AppShell(page);
  await admin.signIn('admin');
  await admin.nav.getByRole('link', { name: 'Admin' }).click();
  await page.getByLabel('Nama pengguna', { exact: true }).fill('staf.baru');
  await page.getByLabel('Nama lengkap').fill('Dewi Lestari');
  await page.getByLabel('Peran', { exact: true }).selectOption('staf_setwan');
  await page.getByLabel('Kata sandi awal (minimal 8 karakter)').fill('dariAdmin-2026');
  await page.getByRole('button', { name: 'Buat akun' }).click();
  await expect(page.getByTestId('admin-notice')).toHaveText('Akun staf.baru dibuat.');
  const row = page.getByTestId('users').locator('tr[data-username="staf.baru"]');
  await expect(row.getByTestId('user-status')).toContainText('harus mengganti kata sandi');

  // The new colleague, on their own browser.
  const theirs = await browser.newContext();
  const other = await theirs.newPage();
  const them = new AppShell(other);
  await them.signIn('staf.baru', 'dariAdmin-2026');
  await expect(them.heading).toHaveText('Ganti kata sandi');
  await other.getByLabel('Kata sandi saat ini').fill('dariAdmin-2026');
  await other.getByLabel('Kata sandi baru (minimal 8 karakter)').fill('pendek');
  await other.getByLabel('Ulangi kata sandi baru').fill('pendek');
  await other.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'minimal 8' })).toBeVisible();
  await other.getByLabel('Kata sandi baru (minimal 8 karakter)').fill('pilihanDewi-77');
  await other.getByLabel('Ulangi kata sandi baru').fill('pilihanDewi-77');
  await other.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(them.heading).toHaveText('Selamat datang');
  await expect(them.nav.getByRole('link', { name: 'Kantor Reses' })).toBeVisible();

  // The admin disables the account: the session ends and signing in is refused.
  await page.reload();
  await expect(row.getByTestId('user-status')).toHaveText('Aktif');
  await row.getByRole('button', { name: 'Nonaktifkan' }).click();
  await expect(page.getByTestId('admin-notice')).toContainText('staf.baru dinonaktifkan');
  await expect(row.getByTestId('user-status')).toHaveText('Nonaktif');
  const me = await other.evaluate(() => fetch('/api/auth/me').then((r) => r.status));
  expect(me).toBe(401);
  await other.goto('/sinkronisasi');
  await other.getByRole('button', { name: 'Keluar' }).click();
  await expect(them.heading).toHaveText('Masuk');
  await other.getByLabel('Nama pengguna').fill('staf.baru');
  await other.getByLabel('Kata sandi').fill('pilihanDewi-77');
  await other.getByRole('button', { name: 'Masuk' }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'dinonaktifkan' })).toBeVisible();

  // Enabled again, the password they chose works.
  await row.getByRole('button', { name: 'Aktifkan kembali' }).click();
  await expect(row.getByTestId('user-status')).toHaveText('Aktif');
  await other.getByRole('button', { name: 'Masuk' }).click();
  await expect(them.heading).toHaveText('Sinkronisasi');
  await theirs.close();
});
