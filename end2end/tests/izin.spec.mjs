// Permits through every role in the real app against the real server, with the server
// refusing anyone out of turn; bad input; complaints; the service standards offline.
import { expect, setNetwork, test } from './fixtures/test.mjs';

import { AREAS, AppShell } from './fixtures/app-shell.mjs';
import { makeJpeg } from './fixtures/field.mjs';

const SYNC = AREAS[5];

/** A fresh browser context signed in as `username`, synced. */
async function as(browser, baseURL, username) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const app = new AppShell(page);
  await app.signIn(username);
  await app.goToArea(SYNC);
  await expect(page.getByTestId('last-sync')).toContainText(/pukul \d/);
  return { context, page, app };
}

async function fillApplication(page, { nik = '3375011708850001', mulai = '2026-12-19T19:00', selesai = '2026-12-19T22:00' } = {}) {
  await page.getByTestId('nama').fill('Ahmad Fauzi');
  await page.getByTestId('nik').fill(nik);
  await page.getByTestId('alamat').fill('Jl. Hayam Wuruk No. 5, Pekalongan');
  await page.getByTestId('telepon').fill('0812 2345 6789');
  await page.getByTestId('organisasi').fill('Karang Taruna Medono');
  await page.getByTestId('nama_kegiatan').fill('Pengajian Akbar Akhir Tahun');
  await page.getByTestId('jenis').selectOption('Keagamaan');
  await page.getByTestId('mulai').fill(mulai);
  await page.getByTestId('selesai').fill(selesai);
  await page.getByTestId('tempat').fill('Lapangan Mataram');
  await page.getByTestId('perkiraan_peserta').fill('350');
  await page.getByTestId('protokol-0').check();
  await page.getByTestId('protokol-1').check();
}

async function attach(page) {
  const scan = await makeJpeg(page, 900, 1200);
  await page.getByTestId('lampiran-surat').getByTestId('photo-file').setInputFiles({ name: 'surat.jpg', mimeType: 'image/jpeg', buffer: scan });
  await expect(page.getByTestId('lampiran-surat').getByTestId('photo-thumb')).toHaveCount(1);
  await page.getByTestId('lampiran-identitas').getByTestId('photo-file').setInputFiles({ name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: scan });
  await expect(page.getByTestId('lampiran-identitas').getByTestId('photo-thumb')).toHaveCount(1);
}

/** Opens the application as `who` and takes the current step's main action. */
async function step(browser, baseURL, who, id, expected) {
  const t = await as(browser, baseURL, who);
  await t.page.goto(`/izin/${id}`);
  await expect(t.page.getByTestId('izin-actions')).toBeVisible();
  await t.page.getByTestId('izin-lanjut').click();
  await expect(t.page.getByTestId('izin-status')).toHaveText(expected);
  return t;
}

test('a permit goes through every role in the app; out of turn the server says 403', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const kesra = await as(browser, baseURL, 'kesra');
  await kesra.page.goto('/izin');
  await kesra.page.getByRole('link', { name: '+ Permohonan baru' }).click();
  await fillApplication(kesra.page);
  await attach(kesra.page);
  await kesra.page.getByTestId('izin-submit').click();
  await expect(kesra.page).toHaveURL(/\/izin\/[0-9a-f-]{36}$/);
  const id = kesra.page.url().split('/').pop();
  // Provisional until the server numbers it, then the registration number.
  await expect(kesra.page.getByTestId('izin-nomor')).toHaveText(/^IZN\/\d{4}\/\d{4}$/, { timeout: 20_000 });
  const nomor = await kesra.page.getByTestId('izin-nomor').textContent();
  await expect(kesra.page.getByTestId('izin-status')).toHaveText('Diterima');
  // The NIK is masked until asked for.
  await expect(kesra.page.getByTestId('nik')).toHaveText('3375••••••••0001');

  // The Walikota cannot act now: no buttons, and the server refuses a forced request.
  const walikota = await as(browser, baseURL, 'walikota');
  await walikota.page.goto(`/izin/${id}`);
  await expect(walikota.page.getByTestId('izin-status')).toHaveText('Diterima');
  await expect(walikota.page.getByTestId('izin-actions')).toHaveCount(0);
  const forced = await walikota.page.request.post(`/api/izin/${id}/tindakan`, { data: { aksi: 'lanjut', catatan: '' } });
  expect(forced.status()).toBe(403);
  expect((await forced.json()).code).toBe('forbidden');

  await step(browser, baseURL, 'sekda', id, 'Didisposisikan ke Kesra');
  await kesra.app.diag('diagSinkronkan');
  await kesra.page.goto(`/izin/${id}`);
  await kesra.page.getByTestId('izin-lanjut').click();
  await expect(kesra.page.getByTestId('izin-status')).toHaveText('Diterima petugas');
  await kesra.page.getByTestId('izin-lanjut').click();
  await expect(kesra.page.getByTestId('izin-status')).toHaveText('Draf surat izin dibuat');

  // The PPTK returns it: first without a reason (refused), then with one.
  const pptk = await as(browser, baseURL, 'pptk');
  // The PPTK's inbox: the demo application waiting longer comes first; each shows its time.
  await pptk.page.goto('/izin');
  const rows = pptk.page.getByTestId('inbox-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Pentas seni pelajar');
  await expect(rows.nth(1)).toContainText('Pengajian Akbar Akhir Tahun');
  await expect(rows.first().getByTestId('sla')).toHaveText(/^(Sisa|Terlambat) \d/);
  await pptk.page.goto(`/izin/${id}`);
  await pptk.page.getByTestId('izin-kembalikan').click();
  await expect(pptk.page.getByTestId('izin-error')).toHaveText('Tuliskan alasannya pada catatan.');
  await pptk.page.getByTestId('izin-catatan').fill('Jam selesai melewati pukul 22.00, mohon disesuaikan.');
  await pptk.page.getByTestId('izin-kembalikan').click();
  await expect(pptk.page.getByTestId('izin-status')).toHaveText('Dikembalikan untuk perbaikan');
  // The officer corrects the application and sends it on again.
  await kesra.app.diag('diagSinkronkan');
  await kesra.page.goto(`/izin/${id}/ubah`);
  await kesra.page.getByTestId('selesai').fill('2026-12-19T21:30');
  await kesra.page.getByTestId('izin-submit').click();
  await expect(kesra.page).toHaveURL(new RegExp(`/izin/${id}$`));
  await kesra.page.getByTestId('izin-lanjut').click();
  await expect(kesra.page.getByTestId('izin-status')).toHaveText('Draf surat izin dibuat');
  await pptk.app.diag('diagSinkronkan');
  await pptk.page.goto(`/izin/${id}`);
  await pptk.page.getByTestId('izin-lanjut').click();
  await expect(pptk.page.getByTestId('izin-status')).toHaveText('Diteliti PPTK');

  await step(browser, baseURL, 'kabag', id, 'Diverifikasi Kabag Kesra');
  await step(browser, baseURL, 'sekda', id, 'Diteruskan Sekda / Asisten');
  await walikota.app.diag('diagSinkronkan');
  await walikota.page.goto(`/izin/${id}`);
  await walikota.page.getByTestId('izin-lanjut').click();
  await expect(walikota.page.getByTestId('izin-status')).toHaveText('Disetujui Walikota, siap diambil');
  // Each stage's time against the published one, the pickup still running.
  const stages = walikota.page.getByTestId('izin-waktu-tahap').locator('tbody tr');
  await expect(stages.first()).toContainText('Disposisi ke Bagian Kesra');
  await expect(stages.first()).toContainText('5 menit');
  await expect(stages.first()).toContainText(/Tepat waktu|Melewati standar/);
  await expect(stages.last()).toContainText('Pengambilan surat izin');
  await expect(stages.last()).toContainText('Berjalan');

  // The front desk: the letter, printable, with its number; then the pickup.
  const info = await as(browser, baseURL, 'informasi');
  await info.page.goto(`/izin/${id}/surat`);
  const surat = info.page.getByTestId('surat-izin');
  await expect(surat).toContainText(/Nomor: 300\.1\/\d{4}\/Kesra\//);
  await expect(surat).toContainText('Pengajian Akbar Akhir Tahun');
  await expect(surat).toContainText('Peserta wajib memakai masker');
  await expect(surat).not.toHaveClass(/\bdraf\b/);
  await info.page.emulateMedia({ media: 'print' });
  await expect(info.page.getByRole('navigation', { name: 'Navigasi utama' })).toBeHidden();
  await expect(surat).toBeVisible();
  await info.page.emulateMedia({ media: 'screen' });
  await info.page.goto(`/izin/${id}`);
  await info.page.getByTestId('izin-lanjut').click();
  await expect(info.page.getByTestId('izin-status')).toHaveText('Sudah diambil');
  // Received, disposition, received by the officer, drafted, returned, drafted again,
  // reviewed, verified, forwarded, approved, picked up.
  await expect(info.page.getByTestId('izin-timeline').locator('li')).toHaveCount(11);
  // And the status lookup by registration number.
  await info.page.goto('/izin');
  await info.page.getByLabel('Cek status permohonan').fill(nomor.toLowerCase());
  await info.page.getByRole('button', { name: 'Cek', exact: true }).click();
  await expect(info.page.getByTestId('lookup-result')).toContainText('Sudah diambil');
  await info.page.getByLabel('Cek status permohonan').fill('IZN/2026/9999');
  await info.page.getByRole('button', { name: 'Cek', exact: true }).click();
  await expect(info.page.getByTestId('lookup-error')).toHaveText('Nomor registrasi IZN/2026/9999 tidak ditemukan.');
  for (const t of [kesra, walikota, pptk, info]) await t.context.close();
});

test('bad applications get clear messages and nothing is stored', async ({ browser, baseURL }) => {
  const kesra = await as(browser, baseURL, 'kesra');
  await kesra.page.goto('/izin/baru');
  await fillApplication(kesra.page, { nik: '3375013102850001' });
  await kesra.page.getByTestId('izin-submit').click();
  await expect(kesra.page.getByTestId('form-error')).toContainText('Tanggal lahir pada NIK');
  await kesra.page.getByTestId('nik').fill('12345');
  await kesra.page.getByTestId('izin-draft').click();
  await expect(kesra.page.getByTestId('form-error')).toHaveText('NIK harus 16 angka.');
  await kesra.page.getByTestId('nik').fill('3375011708850001');
  await kesra.page.getByTestId('selesai').fill('2026-12-19T18:00');
  await kesra.page.getByTestId('izin-submit').click();
  await expect(kesra.page.getByTestId('form-error')).toHaveText('Waktu selesai harus sesudah waktu mulai kegiatan.');
  await kesra.page.getByTestId('selesai').fill('2026-12-19T22:00');
  await kesra.page.getByTestId('izin-submit').click();
  await expect(kesra.page.getByTestId('form-error')).toHaveText('Lampirkan pindaian surat permohonan sebelum mengajukan.');
  expect(await kesra.app.diag('diagAntrean')).toBe(0);
  // What was typed is a draft: a reload keeps it.
  await kesra.page.reload();
  await expect(kesra.page.getByTestId('nama_kegiatan')).toHaveValue('Pengajian Akbar Akhir Tahun');
  await kesra.context.close();
});

test('a complaint is logged, answered, passed to the official and closed', async ({ browser, baseURL }) => {
  const staf = await as(browser, baseURL, 'staf');
  await staf.page.goto('/pengaduan');
  const before = await staf.page.getByTestId('pengaduan-counts').locator('tr[data-layanan="reses"] td').first().textContent();
  await staf.page.getByRole('link', { name: '+ Catat pengaduan' }).click();
  await staf.page.getByTestId('saluran-lapor').check();
  await staf.page.getByTestId('p-simpan').click();
  await expect(staf.page.getByTestId('form-error')).toHaveText('Nama pengadu wajib diisi.');
  await staf.page.getByTestId('p-nama').fill('Warsini');
  await staf.page.getByTestId('p-kontak').fill('warsini@example.id');
  await staf.page.getByTestId('p-isi').fill('Konsumsi reses di Kelurahan Baros tidak dibagikan.');
  await staf.page.getByTestId('p-simpan').click();
  await expect(staf.page.getByTestId('pengaduan-status')).toHaveText('Baru');
  await staf.page.getByTestId('p-tanggapi').click();
  await expect(staf.page.getByTestId('p-error')).toHaveText('Tuliskan tanggapannya.');
  await staf.page.getByTestId('p-tindak-isi').fill('Dicek ke pendamping kegiatan.');
  await staf.page.getByTestId('p-tanggapi').click();
  await expect(staf.page.getByTestId('pengaduan-status')).toHaveText('Ditanggapi');
  await staf.page.getByTestId('p-tindak-isi').fill('Perlu keputusan pejabat.');
  await staf.page.getByTestId('p-eskalasi').click();
  await expect(staf.page.getByTestId('pengaduan-status')).toHaveText('Diteruskan ke pejabat');
  await staf.page.getByTestId('p-tindak-isi').fill('Konsumsi diganti pada reses berikutnya.');
  await staf.page.getByTestId('p-selesai').click();
  await expect(staf.page.getByTestId('pengaduan-status')).toHaveText('Selesai');
  await expect(staf.page.getByTestId('pengaduan-timeline').locator('li')).toHaveCount(4);
  await expect(staf.app.unsent).toHaveText('0', { timeout: 20_000 });
  // The Kesra side sees it too (complaints are shared), with its whole timeline.
  const kesra = await as(browser, baseURL, 'kesra');
  await kesra.page.goto('/pengaduan');
  await kesra.page.getByTestId('pengaduan-row').filter({ hasText: 'Warsini' }).click();
  await expect(kesra.page.getByTestId('pengaduan-timeline').locator('li')).toHaveCount(4);
  await staf.page.goto('/pengaduan');
  await expect(staf.page.getByTestId('pengaduan-counts').locator('tr[data-layanan="reses"] td').first()).toHaveText(before);
  await expect(staf.page.getByTestId('pengaduan-counts').locator('tr[data-layanan="reses"] td').last()).not.toHaveText('0');
  await staf.context.close();
  await kesra.context.close();
});

test('both published service standards are readable offline', async ({ page, context }) => {
  const app = new AppShell(page);
  await app.signIn('informasi');
  await app.waitForServiceWorker();
  await setNetwork(context, false);
  await page.reload();
  await app.goToArea(AREAS[4]);
  await expect(page.getByTestId('standar-reses')).toContainText('21 hari kerja');
  await expect(page.getByTestId('standar-izin')).toContainText('0856 4077 3010');
  await expect(page.getByTestId('standar-izin')).toContainText('Tidak dipungut biaya');
});
