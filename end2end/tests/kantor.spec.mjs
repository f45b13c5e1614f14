// Reses at the office, in the real app against the real server: staff set up an event
// and assign a companion, whose device gets it at its next sync (and loses it when
// unassigned); a guest list is imported from a file, bad files are refused whole; the
// invitations print with QR codes that the server agrees with; budget, readiness, the
// deadline dashboard and the report render from the device.
import { expect, setNetwork, test } from './fixtures/test.mjs';

import { AppShell } from './fixtures/app-shell.mjs';
import { apiAs } from './fixtures/server-api.mjs';

// One full sync pass of the device's store (outside the app's own loop, so screens
// already open are reloaded where a test needs what it brought).
async function synced(app) {
  await app.diag('diagSinkronkan');
}

const GOOD_CSV = [
  'No;Nama;Alamat;RT/RW;Kelurahan;L/P;Keterangan',
  '1;Warga Impor Satu;Jl. Kurinci 1;001/002;Medono;P;Kader posyandu',
  '2;Warga Impor Dua;Jl. Kurinci 2;3/4;Medono;L;Ketua RT 03',
  '3;Warga Impor Tiga;Jl. Kurinci 3;5/6;Tirto;L;',
].join('\n');

test('staff set up an event, import its guests, the companion gets it at sync and loses it when unassigned', async ({ browser, page, baseURL }) => {
  const staf = await apiAs(baseURL, 'staf');
  const p2 = await apiAs(baseURL, 'pendamping2');
  const app = new AppShell(page);
  await app.signIn('staf');
  await synced(app);
  await app.nav.getByRole('link', { name: 'Kantor Reses' }).click();
  await expect(app.heading).toHaveText('Kantor reses');
  await expect(page.getByTestId('tenggat')).toBeVisible();
  await expect(page.getByTestId('permintaan-terlambat')).toContainText('lewat batas');

  // A new event with pendamping2 assigned.
  await page.getByRole('link', { name: 'Kegiatan reses' }).click();
  await expect(app.heading).toHaveText('Kegiatan reses');
  await page.getByTestId('tabel-baru').click();
  const form = page.getByTestId('tabel-form');
  await form.getByTestId('tabel-simpan').click();
  await expect(form.getByTestId('form-error')).toBeVisible(); // nothing chosen yet
  await form.locator('#f-tanggal').fill('2026-12-14');
  await form.locator('#f-jam_mulai').fill('09:30');
  await form.locator('#f-anggota_id').selectOption({ index: 1 });
  await form.locator('#f-masa_sidang_id').selectOption({ index: 1 });
  await form.locator('#f-tempat').fill('Balai Warga Uji Kantor');
  await form.locator('#f-alamat').fill('Jl. Kurinci No. 9');
  await form.locator('#f-kecamatan').selectOption('Pekalongan Barat');
  await form.locator('#f-kelurahan').selectOption('Medono');
  await form.locator(`#f-pendamping_ids input[value="${p2.profile.subject_id}"]`).check();
  await form.getByTestId('tabel-simpan').click();
  await expect(page.getByTestId('tabel-notice')).toHaveText('Kegiatan reses tersimpan.');
  const row = page.getByTestId('tabel-row').filter({ hasText: 'Balai Warga Uji Kantor' });
  await expect(row).toContainText('14 Desember 2026');
  await synced(app);
  const event = (await staf.pullAll()).find((r) => r.kind === 'reses_event' && r.data.tempat === 'Balai Warga Uji Kantor');
  expect(event.data.pendamping_ids).toEqual([p2.profile.subject_id]);
  expect(event.data.kunci_undangan).toMatch(/^[0-9a-f]{32}$/);

  // The companion's device gets it at its next sync.
  const companionCtx = await browser.newContext();
  const companion = await companionCtx.newPage();
  const capp = new AppShell(companion);
  await capp.signIn('pendamping2');
  await synced(capp);
  await capp.nav.getByRole('link', { name: 'Reses', exact: true }).click();
  await expect(companion.getByText('Balai Warga Uji Kantor')).toBeVisible();

  // Import: a file that is not a spreadsheet, one with a bad row, then a good one.
  await row.getByRole('link', { name: 'Buka' }).click();
  await expect(app.heading).toHaveText('Kegiatan reses');
  await page.getByRole('link', { name: 'Impor daftar tamu' }).click();
  await expect(app.heading).toHaveText('Impor daftar tamu');
  const file = page.getByTestId('berkas-impor');
  await file.setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'binary') });
  await expect(page.getByTestId('impor-galat')).toContainText('tidak dapat dibaca sebagai CSV atau XLSX');
  await file.setInputFiles({ name: 'tamu.csv', mimeType: 'text/csv', buffer: Buffer.from(`${GOOD_CSV}\n4;=1+1;;;;;\n`) });
  await expect(page.getByTestId('impor-tolak')).toContainText('Impor dibatalkan: 1 baris bermasalah (baris 5:');
  await expect(page.getByTestId('impor-simpan')).toBeDisabled();
  await expect(page.locator('tr[data-state="galat"]')).toHaveCount(1);
  await file.setInputFiles({ name: 'tamu.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_CSV) });
  await expect(page.getByTestId('impor-ringkasan')).toHaveText('3 baris: 3 siap diimpor, 0 bermasalah, 0 duplikat (dilewati).');
  // The mapping can be changed: ignoring the name column is refused.
  await page.getByTestId('kolom-1').selectOption('');
  await expect(page.getByTestId('pemetaan-galat')).toHaveText('Pilih kolom yang berisi nama tamu.');
  await page.getByTestId('kolom-1').selectOption('nama');
  await expect(page.getByTestId('impor-simpan')).toBeEnabled();
  await page.getByTestId('impor-simpan').click();
  await expect(page.getByTestId('impor-selesai')).toContainText('3 tamu diimpor');
  const imported = (await staf.guestsNamed('Warga Impor')).filter((g) => g.data.event_id === event.id);
  expect(imported.map((g) => g.data.nama).sort()).toEqual(['Warga Impor Dua', 'Warga Impor Satu', 'Warga Impor Tiga']);
  expect(imported.find((g) => g.data.nama === 'Warga Impor Satu').data).toMatchObject({ rt: '1', rw: '2', jenis_kelamin: 'P' });

  // The guests show on the event page once this device has synced them.
  await page.getByRole('link', { name: 'Lihat daftar tamu' }).click();
  await synced(app);
  await page.reload();
  await expect(page.getByTestId('tabel-tamu').getByTestId('tabel-row')).toHaveCount(3);

  // Print: one invitation per guest, each QR the code the server gives for that guest.
  await page.getByRole('link', { name: 'Undangan per tamu (dengan kode QR)' }).click();
  const invitations = page.getByTestId('undangan');
  await expect(invitations).toHaveCount(3);
  await expect(invitations.first()).toContainText('Kepada Yth.');
  await expect(invitations.first()).toContainText('Senin, 14 Desember 2026');
  const satu = imported.find((g) => g.data.nama === 'Warga Impor Satu');
  const kode = (await (await staf.api.get(`/api/undangan/${satu.id}`)).json()).kode;
  await expect(invitations.filter({ hasText: 'Warga Impor Satu' }).locator('svg.qr')).toHaveAttribute('data-qr', kode);
  // Printing works offline, from what is on the device.
  await setNetwork(page.context(), false);
  await page.getByRole('link', { name: 'Daftar tamu undangan' }).click();
  await expect(page.getByTestId('daftar-undangan')).toContainText('Warga Impor Tiga');
  await page.getByRole('link', { name: 'Daftar hadir (dengan tanda tangan)' }).click();
  await expect(page.getByTestId('jumlah-hadir')).toHaveText('Hadir: 0 orang (0 undangan, 0 tanpa undangan) dari 3 undangan.');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-nav')).toBeHidden();
  await expect(page.getByTestId('cetak')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await setNetwork(page.context(), true);

  // The companion syncs and has the imported guests.
  await synced(capp);
  await companion.getByText('Balai Warga Uji Kantor').click();
  await companion.getByRole('link', { name: /Daftar hadir/ }).first().click();
  await expect(companion.getByText('Warga Impor Dua')).toBeVisible();

  // Unassigned: the event leaves the companion's device at the next sync.
  await page.goto('/kantor/data/kegiatan');
  await page.getByTestId('tabel-row').filter({ hasText: 'Balai Warga Uji Kantor' }).getByRole('button', { name: /^Ubah/ }).click();
  await page.locator(`#f-pendamping_ids input[value="${p2.profile.subject_id}"]`).uncheck();
  await page.getByTestId('tabel-simpan').click();
  await expect(page.getByTestId('tabel-notice')).toHaveText('Kegiatan reses tersimpan.');
  await synced(app);
  await synced(capp);
  await capp.nav.getByRole('link', { name: 'Reses', exact: true }).click();
  await expect(capp.heading).toHaveText('Reses saya');
  await expect(companion.getByText('Balai Warga Uji Kantor')).toHaveCount(0);
  await companionCtx.close();
});

test('budget, readiness and the report of an event render from the device', async ({ page, baseURL }) => {
  const p1 = await apiAs(baseURL, 'pendamping1');
  const eventId = await p1.firstEventOf(p1.profile.subject_id);
  const app = new AppShell(page);
  await app.signIn('staf');
  await synced(app);
  await page.goto(`/kantor/kegiatan/${eventId}`);
  await expect(app.heading).toHaveText('Kegiatan reses');
  // 60 × 15.000 + 1.500.000 + 250.000 + 120 × 500
  await expect(page.getByTestId('tabel-total')).toContainText('Jumlah anggaran: Rp 2.710.000');

  // A budget line typed the Indonesian way; a bad amount is explained.
  await page.getByTestId('tabel-baru').nth(1).click();
  const form = page.getByTestId('tabel-form');
  await form.locator('#f-barang').fill('Air mineral');
  await form.locator('#f-volume').fill('2,5');
  await form.locator('#f-satuan').selectOption('paket');
  await form.locator('#f-harga_satuan').fill('dua ribu');
  await form.getByTestId('tabel-simpan').click();
  await expect(form.getByTestId('form-error')).toContainText('Harga satuan: Tulis jumlah sebagai angka');
  await form.locator('#f-harga_satuan').fill('Rp 40.000');
  await form.getByTestId('tabel-simpan').click();
  await expect(page.getByTestId('tabel-total')).toContainText('Jumlah anggaran: Rp 2.810.000');

  // Readiness: who ticked it and when.
  const venue = page.getByTestId('kesiapan-dokumen_dicetak');
  await venue.check();
  await expect(page.getByTestId('kesiapan')).toContainText('Rini Astuti');

  // Budget print and the report.
  await page.getByRole('link', { name: 'Rincian anggaran' }).click();
  await expect(page.getByTestId('anggaran-total')).toHaveText('Rp 2.810.000');
  await page.goto(`/kantor/kegiatan/${eventId}/laporan`);
  const report = page.getByTestId('laporan');
  await expect(report).toContainText('I. Waktu dan tempat');
  await expect(report.getByTestId('laporan-peserta')).toContainText(/dari \d+ undangan/);
  await expect(report.getByTestId('grafik-gender').locator('svg')).toBeVisible();
  await expect(report).toContainText('V. Dokumentasi kegiatan');
});

test('a kelurahan added at the office reaches the field form; a complaint from the field shows in the member report', async ({ browser, page, baseURL }) => {
  const staf = await apiAs(baseURL, 'staf');
  const p1 = await apiAs(baseURL, 'pendamping1');
  const eventId = await p1.firstEventOf(p1.profile.subject_id);
  const event = (await staf.pullAll()).find((r) => r.id === eventId);
  const app = new AppShell(page);
  await app.signIn('staf');
  await synced(app);

  // The office adds a kelurahan (wilayah is editable data).
  await page.goto('/kantor/data/wilayah');
  await expect(app.heading).toHaveText('Wilayah');
  await page.getByTestId('tabel-baru').click();
  const form = page.getByTestId('tabel-form');
  await form.locator('#f-kecamatan').fill('Pekalongan Barat');
  await form.locator('#f-nama').fill('Kelurahan Uji Baru');
  await form.getByTestId('tabel-simpan').click();
  await expect(page.getByTestId('tabel-notice')).toHaveText('Kelurahan tersimpan.');
  await synced(app);

  // The companion's aspiration form offers it after their next sync; they record a
  // complaint there.
  const ctx = await browser.newContext();
  const field = await ctx.newPage();
  const fapp = new AppShell(field);
  await fapp.signIn('pendamping1');
  await synced(fapp);
  await field.goto(`/reses/${eventId}/aspirasi/baru`);
  await field.getByTestId('kecamatan').selectOption('Pekalongan Barat');
  await expect(field.getByTestId('kelurahan').locator('option', { hasText: 'Kelurahan Uji Baru' })).toHaveCount(1);
  await field.getByTestId('kelurahan').selectOption('Kelurahan Uji Baru');
  await field.getByTestId('jenis-pengaduan').check();
  await field.getByTestId('pengusul').fill('Warga Pengadu');
  await field.getByTestId('bidang').selectOption('Kesehatan');
  await field.getByTestId('masalah').fill('Antrean puskesmas terlalu lama');
  await field.getByTestId('permintaan').fill('Tambah loket pendaftaran');
  await field.getByTestId('prioritas-sedang').check();
  await field.getByTestId('aspirasi-save').click();
  await expect(field.getByTestId('aspirasi-list')).toContainText('Tambah loket pendaftaran');
  await expect(field.getByTestId('aspirasi-list')).toContainText('Pengaduan');
  await synced(fapp);
  const stored = (await staf.pullAll()).find((r) => r.kind === 'aspirasi' && r.data.pengusul.nama === 'Warga Pengadu');
  expect(stored.data).toMatchObject({ jenis: 'pengaduan', kelurahan: 'Kelurahan Uji Baru', kecamatan: 'Pekalongan Barat' });
  await ctx.close();

  // The report per member and period counts it as a complaint, with its place.
  await synced(app);
  await page.goto('/kantor/laporan');
  await page.getByTestId('laporan-anggota').selectOption(event.data.anggota_id);
  await page.getByTestId('laporan-masa').selectOption(event.data.masa_sidang_id);
  const report = page.getByTestId('laporan');
  await expect(report.getByTestId('laporan-aspirasi')).toContainText(/1 pengaduan/);
  const row = report.locator('tr[data-jenis="pengaduan"]');
  await expect(row).toContainText('Tambah loket pendaftaran');
  await expect(row).toContainText('Kelurahan Uji Baru, Pekalongan Barat');
  await expect(report.getByTestId('grafik-lokasi')).toContainText('Kelurahan Uji Baru');
  await expect(report).toContainText('I. Waktu dan tempat');
  // The report also leaves as a workbook, made by the server.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Ekspor laporan (XLSX)' }).click(),
  ]);
  // Named for the member and the period it covers.
  expect(download.suggestedFilename()).toMatch(/^laporan-reses-[a-z0-9-]+-masa-sidang-[a-z0-9-]+\.xlsx$/);
  const fs = await import('node:fs/promises');
  const bytes = await fs.readFile(await download.path());
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  // Printing hides the controls and keeps the report.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('laporan-anggota')).toBeHidden();
  await expect(report).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
});

test('the policy analyst writes data requests; every other office list is read-only for them', async ({ page, baseURL }) => {
  const staf = await apiAs(baseURL, 'staf');
  const app = new AppShell(page);
  await app.signIn('analis');
  await synced(app);
  await app.nav.getByRole('link', { name: 'Kantor Reses' }).click();
  await expect(app.heading).toHaveText('Kantor reses');

  await page.goto('/kantor/data/anggota');
  await expect(page.getByTestId('tabel-anggota').getByTestId('tabel-row').first()).toBeVisible();
  await expect(page.getByTestId('tabel-hanya-baca')).toBeVisible();
  await expect(page.getByTestId('tabel-baru')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Ubah/ })).toHaveCount(0);

  await page.goto('/kantor/data/permintaan');
  await expect(page.getByTestId('tabel-hanya-baca')).toHaveCount(0);
  await page.getByTestId('tabel-baru').click();
  const form = page.getByTestId('tabel-form');
  await form.locator('#f-anggota_id').selectOption({ index: 1 });
  await form.locator('#f-perihal').fill('Usulan lokasi reses dari analis');
  await form.getByTestId('tabel-simpan').click();
  await expect(page.getByTestId('tabel-notice')).toHaveText('Permintaan data tersimpan.');
  await synced(app);
  const req = (await staf.pullAll()).find((r) => r.kind === 'permintaan_data' && r.data.perihal === 'Usulan lokasi reses dari analis');
  expect(req, 'the server accepted the analyst\'s request').toBeTruthy();
  await expect(app.unsent).toHaveText('0');
});

test('a council member reads the report of their own reses, without the staff exports', async ({ page, baseURL }) => {
  const anggota = await apiAs(baseURL, 'anggota');
  const own = (await anggota.pullAll()).filter((r) => r.kind === 'reses_event');
  expect(own.length).toBeGreaterThan(0);
  expect(own.every((e) => e.data.anggota_id === anggota.profile.subject_id)).toBe(true);
  const app = new AppShell(page);
  await app.signIn('anggota');
  await synced(app);
  await expect(app.nav.getByRole('link', { name: 'Kantor Reses' })).toHaveCount(0);
  await page.goto(`/reses/${own[0].id}`);
  await page.getByRole('link', { name: /Laporan reses/ }).click();
  const report = page.getByTestId('laporan');
  await expect(report).toContainText('II. Peserta');
  await expect(report.getByTestId('laporan-peserta')).toContainText(/dari \d+ undangan/);
  await expect(page.getByRole('button', { name: 'Cetak laporan' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Ekspor/ })).toHaveCount(0);
  await page.getByRole('link', { name: '‹ Kegiatan' }).click();
  await expect(page).toHaveURL(new RegExp(`/reses/${own[0].id}$`));
});

test('a published holiday deleted from a kept year is named, counted as a working day, and can be put back', async ({ page, baseURL }) => {
  const staf = await apiAs(baseURL, 'staf');
  const app = new AppShell(page);
  await app.signIn('staf');
  await synced(app);
  await page.goto('/kantor/data/hari-libur');
  await expect(app.heading).toHaveText('Hari libur');
  await expect(page.getByTestId('tabel-hari_libur').getByTestId('tabel-row')).toHaveCount(24);
  await expect(page.getByTestId('libur-terlewat-2026')).toHaveCount(0);

  // Deleting Hari Lahir Pancasila from 2026.
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('tabel-cari').fill('Pancasila');
  await page.getByRole('button', { name: /^Ubah/ }).click();
  await page.getByRole('button', { name: 'Hapus' }).click();
  await expect(page.getByTestId('tabel-notice')).toHaveText('Hari libur dihapus.');
  const missing = page.getByTestId('libur-terlewat-2026');
  await expect(missing).toContainText('1 hari libur resmi 2026 tidak ada di daftar ini dan dihitung sebagai hari kerja: Hari Lahir Pancasila');
  await synced(app);
  const gone = (await staf.pullAll()).find((r) => r.kind === 'hari_libur' && r.data.nama === 'Hari Lahir Pancasila');
  expect(gone.deleted).toBe(true);

  // Put back in one go, with its outbox entry, and it reaches the server.
  await missing.getByRole('button', { name: 'Tambahkan yang belum ada' }).click();
  await expect(page.getByTestId('libur-notice')).toHaveText('1 hari libur resmi ditambahkan.');
  await expect(missing).toHaveCount(0);
  await page.getByTestId('tabel-cari').fill('');
  await expect(page.getByTestId('tabel-hari_libur').getByTestId('tabel-row')).toHaveCount(24);
  await synced(app);
  const back = (await staf.pullAll()).find((r) => r.kind === 'hari_libur' && r.data.nama === 'Hari Lahir Pancasila');
  expect(back.deleted).toBe(false);
});

test('every office form submitted empty lists its errors in Indonesian and focuses the first field', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppShell(page);
  await app.signIn('staf');
  await page.goto('/kantor');
  await expect(app.heading).toHaveText('Kantor reses');
  const lists = await page.getByRole('main').locator('a[href^="/kantor/data/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  expect(lists.length).toBeGreaterThanOrEqual(8);
  const decoderWords = /serde|uuid|parsing|invalid|expected|unknown variant|missing field|at line|column \d/i;
  let checked = 0;
  for (const href of lists) {
    await page.goto(href);
    await expect(app.heading).toBeVisible();
    const add = page.getByTestId('tabel-baru');
    if (await add.count() === 0) continue; // read-only for staff
    await add.first().click();
    const form = page.getByTestId('tabel-form');
    // Empty every text field the new record starts with (defaults included).
    for (const input of await form.locator('input[type="text"], input:not([type]), textarea').all()) {
      await input.fill('');
    }
    await form.getByTestId('tabel-simpan').click();
    const error = form.getByTestId('form-error');
    await expect(error, href).toBeVisible();
    const text = await error.innerText();
    expect(text, href).toMatch(/^Periksa (\d+ )?isian berikut:/);
    expect(text, href).not.toMatch(decoderWords);
    // The first field named is the one with the cursor, and it is marked.
    const focused = await page.evaluate(() => document.activeElement?.id ?? '');
    expect(focused, `${href}: the first field to fix has the focus`).toMatch(/^f-/);
    await expect(form.locator(`#${focused}`)).toHaveAttribute('aria-invalid', 'true');
    checked += 1;
  }
  expect(checked).toBeGreaterThanOrEqual(6);
});
