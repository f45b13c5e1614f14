import { request as playwrightRequest } from '@playwright/test';

import { expect, test } from './fixtures/test.mjs';

import { AppShell } from './fixtures/app-shell.mjs';
import { apiAs } from './fixtures/server-api.mjs';

test('an admin creates an account, resets its password and revokes a device', async ({ page, baseURL }) => {
  const app = new AppShell(page);
  await app.signIn('admin');
  await app.nav.getByRole('link', { name: 'Admin' }).click();
  await expect(app.heading).toHaveText('Admin');
  const users = page.getByTestId('users');
  await expect(users).toContainText('pendamping1');

  // Bad input is explained, and nothing is created.
  await page.getByLabel('Peran', { exact: true }).selectOption('pendamping');
  // A companion account is for a companion on the list: one without an account yet.
  const person = page.getByLabel('Pendamping yang memakai akun ini');
  const free = await person.locator('option:not([disabled]):not([value=""])').first().getAttribute('value');
  await person.selectOption(free);
  await page.getByLabel('Nama pengguna', { exact: true }).fill('pendamping9');
  await page.getByLabel('Nama lengkap').fill('Rahmat Hidayat');
  await page.getByLabel('Kata sandi awal (minimal 8 karakter)').fill('pendek');
  await page.getByRole('button', { name: 'Buat akun' }).click();
  await expect(page.getByText('Kata sandi minimal 8 karakter.')).toBeVisible();

  await page.getByLabel('Kata sandi awal (minimal 8 karakter)').fill('kataSandiBaru1');
  await page.getByRole('button', { name: 'Buat akun' }).click();
  await expect(page.getByTestId('admin-notice')).toHaveText('Akun pendamping9 dibuat.');
  const row = users.locator('tr[data-username="pendamping9"]');
  await expect(row).toContainText('Pendamping Reses');

  // A duplicate gets the server's message.
  await page.getByLabel('Peran', { exact: true }).selectOption('staf_setwan');
  await page.getByLabel('Nama pengguna', { exact: true }).fill('PENDAMPING9');
  await page.getByLabel('Nama lengkap').fill('Orang Lain');
  await page.getByLabel('Kata sandi awal (minimal 8 karakter)').fill('kataSandiBaru1');
  await page.getByRole('button', { name: 'Buat akun' }).click();
  await expect(page.getByText('Nama pengguna PENDAMPING9 sudah dipakai.')).toBeVisible();

  // Reset the password: the new one works, the old one no longer does.
  await row.getByPlaceholder('Kata sandi baru').fill('gantiSandi2026');
  await row.getByRole('button', { name: 'Atur ulang' }).click();
  await expect(page.getByTestId('admin-notice')).toContainText('Kata sandi pendamping9 diganti');
  const api = await playwrightRequest.newContext({ baseURL });
  const login = (password) => api.post('/api/auth/login', {
    data: { username: 'pendamping9', password, device_id: crypto.randomUUID() },
  });
  expect((await login('kataSandiBaru1')).status()).toBe(400);
  expect((await login('gantiSandi2026')).status()).toBe(200);

  // Revoke a companion's device from the list.
  const companion = await apiAs(baseURL, 'pendamping2');
  await page.reload();
  await expect(app.heading).toHaveText('Admin');
  const deviceRow = page.getByTestId('devices').locator('tr', { hasText: 'pendamping2' }).first();
  await deviceRow.getByRole('button', { name: 'Cabut perangkat' }).click();
  await expect(page.getByTestId('admin-notice')).toContainText('Perangkat dicabut');
  const res = await companion.api.get('/api/sync/pull?since=0');
  expect(res.status()).toBe(401);
  expect((await res.json()).code).toBe('device_revoked');
});

test('other roles see no Admin area, and the server refuses them anyway', async ({ page }) => {
  const app = new AppShell(page);
  await app.signIn('staf');
  await expect(app.nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto('/admin');
  await expect(app.heading).toHaveText('Admin');
  await expect(page.getByText('Peran Staf Setwan tidak berwenang untuk tindakan ini.').first()).toBeVisible();
});
