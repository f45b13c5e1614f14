// Ready for a real season: a companion created from scratch gets an event and works
// offline; a tablet is unlocked offline with a PIN, locks itself, and is shared by two
// companions who each see only their own data. Offline here is really offline: the
// relay between the browser and the server is switched off (service worker included).
import { expect, setNetwork, test } from './fixtures/test.mjs';

import { AppShell } from './fixtures/app-shell.mjs';
import { checkInGuest } from './fixtures/field.mjs';
import { apiAs } from './fixtures/server-api.mjs';

async function openUserMenu(page) {
  await page.getByTestId('user-menu').click();
}

async function setPin(page, pin) {
  await page.goto('/akun/pin');
  await page.getByLabel('PIN baru (minimal 6 angka)').fill(pin);
  await page.getByLabel('Ulangi PIN').fill(pin);
  await page.getByRole('button', { name: 'Simpan PIN' }).click();
  await expect(page.getByTestId('pin-notice')).toContainText('PIN disimpan');
}

test('a companion made from scratch gets an event, works offline, and the office sees it', async ({ browser, page, baseURL }) => {
  test.setTimeout(180_000);
  const admin = new AppShell(page);
  await admin.signIn('admin');
  // The person first, in Kantor Reses → Pendamping.
  await page.goto('/kantor/data/pendamping');
  await page.getByTestId('tabel-baru').click();
  await page.getByRole('textbox', { name: 'Nama', exact: true }).fill('Sri Wahyuni');
  await page.getByLabel('Telepon').fill('0812 3333 4444');
  await page.getByRole('button', { name: 'Simpan' }).click();
  const row = page.getByTestId('tabel-row').filter({ hasText: 'Sri Wahyuni' });
  await expect(row).toBeVisible();
  // Then the account, from the person's row: the form arrives with the person chosen.
  // (Once the server has the person: the badge may not yet count a save just made.)
  const office = await apiAs(baseURL, 'staf');
  await expect.poll(async () => (await office.pullAll())
    .some((r) => r.kind === 'pendamping' && r.data.nama === 'Sri Wahyuni'), { timeout: 20_000 }).toBe(true);
  await expect(admin.unsent).toHaveText('0', { timeout: 20_000 });
  await row.getByRole('link', { name: 'Akun untuk Sri Wahyuni' }).click();
  await expect(admin.heading).toHaveText('Admin');
  await expect(page.getByLabel('Pendamping yang memakai akun ini')).toHaveValue(/.+/);
  await expect(page.getByLabel('Nama lengkap')).toHaveValue('Sri Wahyuni');
  await page.getByLabel('Nama pengguna', { exact: true }).fill('sri.wahyuni');
  await page.getByLabel('Kata sandi awal (minimal 8 karakter)').fill('awalDariAdmin1');
  await page.getByRole('button', { name: 'Buat akun' }).click();
  await expect(page.getByTestId('admin-notice')).toHaveText('Akun sri.wahyuni dibuat.');
  await expect(page.getByTestId('users').locator('tr[data-username="sri.wahyuni"]').getByTestId('user-person'))
    .toContainText('Sri Wahyuni');
  // A companion account without a person is refused with a sentence.
  await page.getByLabel('Peran', { exact: true }).selectOption('pendamping');
  await page.getByLabel('Nama pengguna', { exact: true }).fill('tanpa.orang');
  await page.getByLabel('Nama lengkap').fill('Tanpa Orang');
  await page.getByLabel('Kata sandi awal (minimal 8 karakter)').fill('awalDariAdmin1');
  await page.getByRole('button', { name: 'Buat akun' }).click();
  await expect(page.getByText('Pilih pendamping yang memakai akun ini.')).toBeVisible();

  // Staff, in the app, set up her event and its guest list.
  const stafCtx = await browser.newContext({ baseURL });
  const sp = await stafCtx.newPage();
  const stafApp = new AppShell(sp);
  await stafApp.signIn('staf');
  await sp.goto('/kantor/data/kegiatan');
  await sp.getByTestId('tabel-baru').click();
  const form = sp.getByTestId('tabel-form');
  await form.locator('#f-tanggal').fill('2026-12-21');
  await form.locator('#f-jam_mulai').fill('19:30');
  await form.locator('#f-anggota_id').selectOption({ index: 1 });
  await form.locator('#f-masa_sidang_id').selectOption({ index: 1 });
  await form.locator('#f-tempat').fill('Mushola Al-Ikhlas Kuripan');
  await form.locator('#f-alamat').fill('Jl. Kuripan Lor 12');
  await form.locator('#f-kecamatan').selectOption('Pekalongan Barat');
  await form.locator('#f-kelurahan').selectOption('Medono');
  await form.getByRole('group', { name: 'Pendamping' }).getByLabel('Sri Wahyuni').check();
  await form.getByTestId('tabel-simpan').click();
  await expect(sp.getByTestId('tabel-notice')).toHaveText('Kegiatan reses tersimpan.');
  await sp.getByTestId('tabel-row').filter({ hasText: 'Mushola Al-Ikhlas Kuripan' }).getByRole('link', { name: 'Buka' }).click();
  await expect(stafApp.heading).toHaveText('Kegiatan reses');
  await sp.getByTestId('tabel-baru').first().click();
  await sp.getByTestId('tabel-form').locator('#f-nama').fill('Bapak Warsono');
  await sp.getByTestId('tabel-form').locator('#f-telepon').fill('0812-2222-3333');
  await sp.getByTestId('tabel-form').getByTestId('tabel-simpan').click();
  await expect(sp.getByTestId('tabel-row').filter({ hasText: 'Bapak Warsono' })).toBeVisible();
  const staf = await apiAs(baseURL, 'staf');
  await expect.poll(async () => (await staf.pullAll())
    .some((r) => r.kind === 'tamu' && r.data.nama === 'Bapak Warsono'), { timeout: 20_000 }).toBe(true);
  await expect(stafApp.unsent).toHaveText('0', { timeout: 20_000 });
  const all = await staf.pullAll();
  const sri = all.find((r) => r.kind === 'pendamping' && r.data.nama === 'Sri Wahyuni');
  const event = all.find((r) => r.kind === 'reses_event' && r.data.tempat === 'Mushola Al-Ikhlas Kuripan');
  expect(event.data.pendamping_ids).toEqual([sri.id]);

  // Sri signs in on a fresh tablet, chooses her password, syncs, checks a guest in offline.
  const tablet = await browser.newContext({ baseURL });
  const tp = await tablet.newPage();
  const sriApp = new AppShell(tp);
  await sriApp.signIn('sri.wahyuni', 'awalDariAdmin1');
  await expect(sriApp.heading).toHaveText('Ganti kata sandi');
  await tp.getByLabel('Kata sandi saat ini').fill('awalDariAdmin1');
  await tp.getByLabel('Kata sandi baru (minimal 8 karakter)').fill('milikSri-2026');
  await tp.getByLabel('Ulangi kata sandi baru').fill('milikSri-2026');
  await tp.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(sriApp.heading).toHaveText('Selamat datang');
  await sriApp.waitForServiceWorker();
  await tp.goto(`/reses/${event.id}`);
  await expect(tp.getByTestId('event-counts')).toBeVisible();
  await setNetwork(tablet, false);
  await tp.getByRole('link', { name: /Daftar hadir/ }).click();
  await checkInGuest(tp, { name: 'Warsono', seed: 4 });
  // The search is empty for the next guest.
  await expect(tp.getByTestId('guest-search')).toHaveValue('');
  await expect(sriApp.unsent).toHaveText('1');
  // The header and the event agree on what is waiting.
  await tp.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Reses', exact: true }).click();
  await expect(tp.getByTestId('count-pending')).toHaveText('1');
  await setNetwork(tablet, true);
  await expect(sriApp.unsent).toHaveText('0', { timeout: 20_000 });
  await expect(tp.getByTestId('count-pending')).toHaveText('0');
  // The last success is the device's: a reload still knows it.
  await tp.reload();
  await tp.goto('/sinkronisasi');
  await expect(tp.getByTestId('last-sync')).toContainText(/pukul \d/);

  const hadir = (await staf.pullAll()).filter((r) => r.kind === 'kehadiran' && r.data.event_id === event.id);
  const mine = hadir.find((k) => k.data.nama_pencatat === 'Sri Wahyuni');
  expect(mine, 'the office sees her check-in, recorded by her').toBeTruthy();
  // And in the office's app, the guest is present.
  await stafApp.diag('diagSinkronkan');
  await sp.goto(`/kantor/kegiatan/${event.id}/cetak/daftar-hadir`);
  const line = sp.getByTestId('daftar-hadir').locator('tr', { hasText: 'Bapak Warsono' });
  await expect(line).toHaveAttribute('data-hadir', 'true', { timeout: 20_000 });
  await expect(line.locator('.ttd-cell img, .ttd-cell svg')).toHaveCount(1);
  await tablet.close();
  await stafCtx.close();
});

test('a shared tablet: PIN unlock offline, automatic lock, two companions, nothing lost', async ({ page, context, baseURL }) => {
  test.setTimeout(240_000);
  const app = new AppShell(page);
  // Both companions sign in once online and set their PINs.
  await app.signIn('pendamping1');
  await app.waitForServiceWorker();
  await expect(page.getByTestId('pin-prompt')).toBeVisible();
  // Their events arrive with the first sync.
  await page.goto('/reses');
  await expect(page.getByTestId('event-card').first()).toBeVisible({ timeout: 30_000 });
  await setPin(page, '246810');
  await openUserMenu(page);
  await page.getByRole('menuitem', { name: 'Ganti pengguna' }).click();
  await expect(app.heading).toHaveText('Masuk');
  await page.getByTestId('masuk-sandi').getByLabel('Nama pengguna').fill('pendamping2');
  await page.getByTestId('masuk-sandi').getByLabel('Kata sandi').fill('reses2026');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(app.heading).toHaveText('Selamat datang');
  await page.goto('/reses');
  await expect(page.getByTestId('event-card').first()).toBeVisible({ timeout: 30_000 });
  await setPin(page, '135799');
  const me2 = await page.evaluate(() => JSON.parse(localStorage.getItem('reses.profile')));
  const staf = await apiAs(baseURL, 'staf');
  const p1 = await apiAs(baseURL, 'pendamping1');
  const events1 = await staf.eventsOf(p1.profile.subject_id);
  const events2 = await staf.eventsOf(me2.subject_id);

  // Offline for real, and signed out.
  await setNetwork(context, false);
  await page.reload();
  await openUserMenu(page);
  await page.getByTestId('sign-out').click();
  await expect(app.heading).toHaveText('Masuk');
  await expect(page.getByTestId('masuk-luring')).toContainText('Buka akun Anda dengan PIN');
  const pinBox = page.getByTestId('buka-pin');

  // A wrong PIN is counted; the right one opens pendamping1's own data, offline.
  const name1 = p1.profile.display_name;
  await pinBox.getByRole('button', { name: new RegExp(name1) }).click();
  await page.getByTestId('pin-form').getByLabel('PIN').fill('000000');
  await page.getByRole('button', { name: 'Buka' }).click();
  await expect(page.getByTestId('pin-form').getByRole('alert')).toContainText('PIN salah. Sisa 4 percobaan');
  await page.getByTestId('pin-form').getByLabel('PIN').fill('246810');
  await page.getByRole('button', { name: 'Buka' }).click();
  await expect(app.heading).toHaveText('Selamat datang');
  await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Reses', exact: true }).click();
  const list = page.getByTestId('event-list');
  await expect(list.locator(`a[href="/reses/${events1[0]}"]`)).toBeVisible();
  await expect(list.locator(`a[href="/reses/${events2[0]}"]`)).toHaveCount(0);
  // A check-in waits in the queue through the locks and switches below.
  await page.goto(`/reses/${events1[0]}/hadir`);
  await checkInGuest(page, { seed: 9 });
  await expect(app.unsent).toHaveText('1');

  // Locked by hand: personal data is hidden until the PIN.
  await openUserMenu(page);
  await page.getByRole('menuitem', { name: 'Kunci sekarang' }).click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(page.getByTestId('guest-search')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Navigasi utama' })).toHaveCount(0);
  await page.getByTestId('pin-form').getByLabel('PIN').fill('246810');
  await page.getByRole('button', { name: 'Buka' }).click();
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);

  // Left alone longer than the timeout, the app opens locked (a restart counts too).
  await page.evaluate(() => localStorage.setItem('reses.aktif', String(Date.now() - 16 * 60_000)));
  await page.reload();
  await expect(page.getByTestId('lock-screen')).toBeVisible();

  // Handed to pendamping2: only their own events.
  await page.getByRole('button', { name: 'Ganti pengguna' }).click();
  await pinBox.getByRole('button', { name: new RegExp(me2.display_name) }).click();
  await page.getByTestId('pin-form').getByLabel('PIN').fill('135799');
  await page.getByRole('button', { name: 'Buka' }).click();
  await expect(app.heading).toHaveText('Selamat datang');
  await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Reses', exact: true }).click();
  await expect(list.locator(`a[href="/reses/${events2[0]}"]`)).toBeVisible();
  await expect(list.locator(`a[href="/reses/${events1[0]}"]`)).toHaveCount(0);
  await expect(app.unsent).toHaveText('0');

  // Too many wrong PINs wipe pendamping2's offline unlock (waits shortened by the test).
  await openUserMenu(page);
  await page.getByRole('menuitem', { name: 'Ganti pengguna' }).click();
  await pinBox.getByRole('button', { name: new RegExp(me2.display_name) }).click();
  for (let i = 1; i <= 5; i++) {
    await page.evaluate(() => {
      const all = JSON.parse(localStorage.getItem('reses.kunci'));
      for (const k of Object.values(all)) k.wait_until = 0;
      localStorage.setItem('reses.kunci', JSON.stringify(all));
    });
    await page.getByTestId('pin-form').getByLabel('PIN').fill('999999');
    await page.getByRole('button', { name: 'Buka' }).click();
    const msg = page.getByTestId('pin-form').getByRole('alert');
    if (i < 5) await expect(msg).toContainText(`Sisa ${5 - i} percobaan`);
    else await expect(msg).toContainText('sudah dihapus');
  }
  await page.reload();
  await expect(pinBox.getByRole('button', { name: new RegExp(me2.display_name) })).toHaveCount(0);

  // Back to pendamping1, back online: the PIN's secret gets a session of their own and
  // the queued check-in is sent, recorded by pendamping1.
  await pinBox.getByRole('button', { name: new RegExp(name1) }).click();
  await page.getByTestId('pin-form').getByLabel('PIN').fill('246810');
  await page.getByRole('button', { name: 'Buka' }).click();
  await expect(app.unsent).toHaveText('1');
  await setNetwork(context, true);
  await expect(app.unsent).toHaveText('0', { timeout: 30_000 });
  const hadir = (await staf.pullAll()).filter((r) => r.kind === 'kehadiran' && r.data.event_id === events1[0]);
  expect(hadir.some((k) => k.data.dicatat_oleh === p1.profile.user_id)).toBe(true);
  expect(hadir.every((k) => k.data.dicatat_oleh !== me2.user_id)).toBe(true);
});
