// The companion's day at a reses meeting, offline, against the real server: check-in
// with signatures, walk-ins, aspirations with photos, closing; QR check-in through a fake
// camera; two tablets checking in one guest; bad input.
import { mkdirSync } from 'node:fs';

import { chromium } from '@playwright/test';

import { expect, setNetwork, test } from './fixtures/test.mjs';

import { chromiumArgs, TMP } from '../playwright.config.mjs';
import { AREAS, AppShell } from './fixtures/app-shell.mjs';
import { apiAs } from './fixtures/server-api.mjs';
import {
  checkInGuest, guestsOf, makeJpeg, qrPng, recordsOf, sign, writeQrVideo,
} from './fixtures/field.mjs';

const SYNC = AREAS[5];

/**
 * Signs in as a companion, syncs, and returns an event assigned to them (`which`: 0 for
 * the first, 1 for the second; the full-meeting test closes its event, so it takes the
 * second and leaves the first to the others).
 */
async function companionWithEvent(page, baseURL, username = 'pendamping1', which = 0) {
  const app = new AppShell(page);
  await app.signIn(username);
  await app.goToArea(SYNC);
  await expect(page.getByTestId('last-sync')).toContainText(/pukul \d/);
  const staf = await apiAs(baseURL, 'staf');
  const me = await page.evaluate(() => JSON.parse(localStorage.getItem('reses.profile')));
  const eventId = (await staf.eventsOf(me.subject_id))[which];
  return { app, staf, eventId };
}

async function openEvent(page, eventId) {
  await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Reses', exact: true }).click();
  await expect(page.getByTestId('event-list')).toBeVisible();
  await page.locator(`a[href="/reses/${eventId}"]`).click();
  await expect(page.getByTestId('event-counts')).toBeVisible();
}

async function addWalkIn(page, eventId, nama, i) {
  await page.goto(`/reses/${eventId}/tambahan/baru`);
  await page.getByTestId('nama').fill(nama);
  await page.getByTestId('alamat').fill(`Jl. Hayam Wuruk No. ${i}`);
  await page.getByTestId('rt').fill(String(i));
  await page.getByTestId('rw').fill('2');
  await page.getByTestId(i % 2 ? 'jk-l' : 'jk-p').check();
  await sign(page, i);
  await page.getByTestId('walkin-save').click();
  await expect(page.getByTestId('walkin-list')).toContainText(nama);
}

async function addAspiration(page, eventId, i, photo) {
  await page.goto(`/reses/${eventId}/aspirasi/baru`);
  await page.getByTestId('pengusul').fill(`Pengusul ${i}`);
  await page.getByTestId('bidang').selectOption({ index: 1 + (i % 5) });
  await page.getByTestId('masalah').fill(`Masalah nomor ${i}: saluran air tersumbat`);
  await page.getByTestId('permintaan').fill(`Normalisasi saluran ${i}`);
  await page.getByTestId('rt').fill('3');
  await page.getByTestId('rw').fill('5');
  await page.getByTestId('volume').fill(String(100 + i));
  await page.getByTestId('satuan').fill('meter');
  await page.getByTestId('prioritas-tinggi').check();
  await page.getByTestId('photo-file').setInputFiles({ name: `foto-${i}.jpg`, mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByTestId('photo-thumb')).toHaveCount(1);
  await page.getByTestId('aspirasi-save').click();
  await expect(page.getByTestId('aspirasi-list')).toContainText(`Normalisasi saluran ${i}`);
}

test('a full meeting offline: 30 check-ins, 3 walk-ins, 5 aspirations with photos, a reload, closing; all reaches the server once', async ({ page, context, baseURL }) => {
  test.setTimeout(300_000);
  const { app, staf, eventId } = await companionWithEvent(page, baseURL, 'pendamping1', 1);
  const invited = (await guestsOf(staf, eventId)).length;
  await app.waitForServiceWorker();
  await openEvent(page, eventId);
  await expect(page.getByTestId('count-diundang')).toHaveText(String(invited));
  const photo = await makeJpeg(page, 2400, 1800);

  await setNetwork(context, false);
  await page.getByRole('link', { name: /Daftar hadir/ }).click();
  for (let i = 0; i < 30; i++) {
    await checkInGuest(page, { seed: i, returned: i % 3 !== 0 });
    if (i === 14) {
      // Halfway, the tablet reloads (a crash, a rotation gone wrong): nothing is lost.
      await page.reload();
      await expect(page.getByTestId('hadir-summary')).toContainText(`15 hadir dari ${invited}`);
    }
  }
  await expect(page.getByTestId('hadir-summary')).toContainText(`30 hadir dari ${invited}`);

  for (let i = 1; i <= 3; i++) await addWalkIn(page, eventId, `Warga Tambahan ${i}`, i);

  // A draft survives a reload: type half an aspiration, reload, it is still there.
  await page.goto(`/reses/${eventId}/aspirasi/baru`);
  await page.getByTestId('masalah').fill('Jalan berlubang di depan musala');
  await page.reload();
  await expect(page.getByTestId('masalah')).toHaveValue('Jalan berlubang di depan musala');
  await page.getByTestId('masalah').fill('');

  for (let i = 1; i <= 5; i++) await addAspiration(page, eventId, i, photo);

  await page.goto(`/reses/${eventId}/dokumentasi`);
  await page.getByTestId('catatan').fill('Reses berjalan tertib, dihadiri lurah dan ketua RW.');
  await page.getByTestId('close-start').click();
  await page.getByTestId('close-confirm').click();
  await expect(page.getByTestId('closed-notice')).toBeVisible();
  // Closed: the field screens no longer offer changes.
  await page.goto(`/reses/${eventId}/tambahan`);
  await expect(page.getByTestId('closed-notice')).toBeVisible();
  await expect(page.getByRole('link', { name: /Catat tamu tanpa undangan/ })).toBeHidden();

  await page.goto(`/reses/${eventId}`);
  await expect(page.getByTestId('count-hadir')).toHaveText('30');
  await expect(page.getByTestId('count-tambahan')).toHaveText('3');
  await expect(page.getByTestId('count-aspirasi')).toHaveText('5');
  await expect(page.getByTestId('count-pending')).toHaveText('39');
  await expect(app.unsent).toHaveText('39');

  await setNetwork(context, true);
  await expect(app.unsent).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('count-pending')).toHaveText('0');

  const hadir = await recordsOf(staf, 'kehadiran', eventId);
  expect(hadir.length).toBe(30);
  expect(hadir.every((k) => k.data.hadir && k.data.tanda_tangan.jalur.startsWith('M'))).toBe(true);
  expect(hadir.filter((k) => k.data.undangan_kembali).length).toBe(20);
  expect((await recordsOf(staf, 'tamu_tambahan', eventId)).length).toBe(3);
  const aspirasi = await recordsOf(staf, 'aspirasi', eventId);
  expect(aspirasi.length).toBe(5);
  for (const a of aspirasi) {
    expect(a.data.foto.length).toBe(1);
    const res = await staf.api.get(`/api/attachments/${a.data.foto[0]}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/jpeg');
    expect((await res.body()).length).toBeLessThan(400 * 1024);
  }
  const dok = await recordsOf(staf, 'dokumentasi_reses', eventId);
  expect(dok.length).toBe(1);
  expect(dok[0].data.ditutup_pada).toBeGreaterThan(0);
  // Syncing again sends nothing twice.
  await app.diag('diagSinkronkan');
  expect((await recordsOf(staf, 'kehadiran', eventId)).length).toBe(30);
  expect((await recordsOf(staf, 'aspirasi', eventId)).length).toBe(5);

  // The report lists the 33 who came, each with the strokes of their signature.
  await page.goto(`/kantor/kegiatan/${eventId}/laporan`);
  const daftar = page.getByTestId('laporan-daftar-hadir');
  await expect(daftar.locator('tbody tr')).toHaveCount(33);
  await expect(daftar.getByText('(tanpa undangan)')).toHaveCount(3);
  const strokes = daftar.locator('svg.signature-image path');
  await expect(strokes).toHaveCount(33);
  expect(await strokes.first().getAttribute('d')).toBe(hadir.sort((a, b) => a.data.waktu - b.data.waktu)[0].data.tanda_tangan.jalur);
  await expect(page.getByTestId('laporan-peserta')).toContainText('Hadir 33 orang');
});

test('scanning an invitation QR with the camera opens that guest; other codes get clear messages', async ({ baseURL, page }) => {
  test.setTimeout(120_000);
  const staf = await apiAs(baseURL, 'staf');
  const p1 = await apiAs(baseURL, 'pendamping1');
  const p2 = await apiAs(baseURL, 'pendamping2');
  const eventId = await staf.firstEventOf(p1.profile.subject_id);
  const guest = (await guestsOf(staf, eventId))[3];
  const { kode } = await (await staf.api.get(`/api/undangan/${guest.id}`)).json();
  mkdirSync(TMP, { recursive: true });
  const video = `${TMP}qr-${guest.id}.y4m`;
  writeQrVideo(video, kode);

  const browser = await chromium.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await browser.newContext({ baseURL, permissions: ['camera'] });
    const cam = await context.newPage();
    const app = new AppShell(cam);
    await app.signIn('pendamping1');
    await app.goToArea(SYNC);
    await expect(cam.getByTestId('last-sync')).toContainText(/pukul \d/);
    await cam.goto(`/reses/${eventId}/pindai`);
    await expect(cam).toHaveURL(new RegExp(`/reses/${eventId}/hadir/${guest.id}$`), { timeout: 20_000 });
    await expect(cam.getByTestId('checkin-name')).toHaveText(guest.data.nama);
  } finally {
    await browser.close();
  }

  // Codes read from a picture: another event's invitation, and a QR that is no invitation.
  const app = new AppShell(page);
  await app.signIn('pendamping1');
  await app.goToArea(SYNC);
  await expect(page.getByTestId('last-sync')).toContainText(/pukul \d/);
  const otherEvent = await staf.firstEventOf(p2.profile.subject_id);
  const otherGuest = (await guestsOf(staf, otherEvent))[0];
  const other = await (await staf.api.get(`/api/undangan/${otherGuest.id}`)).json();
  await page.goto(`/reses/${eventId}/pindai`);
  const file = page.getByTestId('scanner-file');
  await file.setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await qrPng(other.kode) });
  await expect(page.getByTestId('scanner-error')).toHaveText(/kegiatan reses lain/);
  await file.setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await qrPng('https://pekalongankota.go.id') });
  await expect(page.getByTestId('scanner-error')).toHaveText('Kode QR ini bukan undangan reses.');
  // A forged code: the right event and guest, a made-up MAC.
  const forged = kode.slice(0, -6) + (kode.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
  await file.setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await qrPng(forged) });
  await expect(page.getByTestId('scanner-error')).toHaveText(/tidak sah/);
  // And the right code from a picture opens the guest.
  await file.setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await qrPng(kode) });
  await expect(page).toHaveURL(new RegExp(`/hadir/${guest.id}$`));
});

test('two tablets checking in the same guest offline give one attendance after sync', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const staf = await apiAs(baseURL, 'staf');
  const tablets = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const app = new AppShell(page);
    await app.signIn('pendamping1');
    await app.waitForServiceWorker();
    await app.goToArea(SYNC);
    await expect(page.getByTestId('last-sync')).toContainText(/pukul \d/);
    tablets.push({ context, page, app });
  }
  const p1 = await apiAs(baseURL, 'pendamping1');
  const eventId = await staf.firstEventOf(p1.profile.subject_id);
  const guest = (await guestsOf(staf, eventId)).at(-1);
  for (const [i, t] of tablets.entries()) {
    await setNetwork(t.context, false);
    await t.page.goto(`/reses/${eventId}/hadir`);
    await checkInGuest(t.page, { name: guest.data.nama, seed: i });
    // The same device cannot check the guest in twice.
    await t.page.getByTestId('guest-row').filter({ hasText: guest.data.nama }).first().click();
    await expect(t.page.getByTestId('already-present')).toBeVisible();
    await expect(t.page.getByTestId('checkin-save')).toHaveCount(0);
  }
  for (const t of tablets) {
    await setNetwork(t.context, true);
    await expect(t.app.unsent).toHaveText('0', { timeout: 20_000 });
  }
  const hadir = (await recordsOf(staf, 'kehadiran', eventId)).filter((k) => k.data.tamu_id === guest.id);
  expect(hadir.length).toBe(1);
  expect(hadir[0].data.jejak.length).toBe(2);
  expect(new Set(hadir[0].data.jejak.map((j) => j.perangkat)).size).toBe(2);
  // The first tablet pulls the joined record: one attendance, both recorders in its history.
  await tablets[0].app.diag('diagSinkronkan');
  await tablets[0].page.goto(`/reses/${eventId}/hadir/${guest.id}`);
  await expect(tablets[0].page.getByTestId('already-present').locator('.audit li')).toHaveCount(2);
  for (const t of tablets) await t.context.close();
});

test('bad input gets clear messages and stores nothing', async ({ page, baseURL }) => {
  const { app, eventId } = await companionWithEvent(page, baseURL, 'pendamping2');
  await page.goto(`/reses/${eventId}/tambahan/baru`);
  await page.getByTestId('walkin-save').click();
  await expect(page.getByTestId('form-error')).toHaveText('Pilih jenis kelamin.');
  await page.getByTestId('jk-p').check();
  await sign(page);
  await page.getByTestId('nama').fill('   ');
  await page.getByTestId('walkin-save').click();
  await expect(page.getByTestId('form-error')).toHaveText('Nama wajib diisi.');
  await page.getByTestId('nama').fill('Sri');
  await page.getByTestId('alamat').fill('Jl. Dr. Cipto');
  await page.getByTestId('telepon').fill('12ab');
  await page.getByTestId('walkin-save').click();
  await expect(page.getByTestId('form-error')).toContainText('Nomor telepon');

  await page.goto(`/reses/${eventId}/aspirasi/baru`);
  await page.getByTestId('pengusul').fill('Pak Slamet');
  await page.getByTestId('bidang').selectOption({ index: 1 });
  await page.getByTestId('masalah').fill('Lampu jalan mati');
  await page.getByTestId('permintaan').fill('Pemasangan lampu');
  await page.getByTestId('prioritas-sedang').check();
  await page.getByTestId('volume').fill('99999999');
  await page.getByTestId('satuan').fill('titik');
  await page.getByTestId('aspirasi-save').click();
  await expect(page.getByTestId('form-error')).toContainText('Volume terlalu besar');
  await page.getByTestId('volume').fill('banyak');
  await page.getByTestId('aspirasi-save').click();
  await expect(page.getByTestId('form-error')).toContainText('bukan angka');
  await page.getByTestId('photo-file').setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('bukan foto') });
  await expect(page.getByTestId('photo-error')).toContainText('bukan gambar');
  await page.getByTestId('photo-file').setInputFiles({ name: 'rusak.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('bukan jpeg sungguhan') });
  await expect(page.getByTestId('photo-error')).toContainText('bukan gambar');
  await expect(page.getByTestId('photo-thumb')).toHaveCount(0);

  await page.goto(`/reses/${eventId}/hadir`);
  await page.getByTestId('guest-row').first().click();
  await page.getByTestId('undangan-ya').check();
  await page.getByTestId('checkin-save').click();
  await expect(page.getByTestId('form-error')).toContainText('Tanda tangan belum dibuat');

  expect(await app.diag('diagAntrean')).toBe(0);
});

test('on a phone, in portrait and landscape, every control of the check-in flow is a 44 px target', async ({ browser, baseURL }) => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 844, height: 390 }]) {
    const context = await browser.newContext({ baseURL, viewport, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const { eventId } = await companionWithEvent(page, baseURL, 'pendamping2');
    const small = async () => page.evaluate(() => [...document.querySelectorAll(
      'main a, main button, main input:not([type=radio]):not([type=file]), main select, main textarea, main label:not([for]), main summary',
    )].filter((el) => el.offsetParent !== null && !el.closest('.sr-only'))
      .map((el) => [el.tagName, el.textContent.trim().slice(0, 30), Math.round(el.getBoundingClientRect().height)])
      .filter(([, , h]) => h < 44));
    for (const path of [`/reses/${eventId}`, `/reses/${eventId}/hadir`, `/reses/${eventId}/tambahan/baru`, `/reses/${eventId}/aspirasi/baru`]) {
      await page.goto(path);
      await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
      expect(await small(), `${path} at ${viewport.width}x${viewport.height}`).toEqual([]);
    }
    await page.goto(`/reses/${eventId}/hadir`);
    await page.getByTestId('guest-row').first().tap();
    await expect(page.getByTestId('signature-pad')).toBeVisible();
    expect(await small(), `check-in at ${viewport.width}x${viewport.height}`).toEqual([]);
    // Signed: the save button is on screen without scrolling.
    await sign(page, 3);
    await expect(page.getByTestId('checkin-save')).toBeInViewport({ ratio: 1 });
    await context.close();
  }
});

test('every documentation save is confirmed, not only the first', async ({ page, baseURL }) => {
  const { eventId } = await companionWithEvent(page, baseURL, 'pendamping2', 1);
  await page.goto(`/reses/${eventId}/dokumentasi`);
  const notes = page.getByTestId('catatan');
  const notice = page.getByTestId('dok-notice');
  for (let i = 1; i <= 4; i++) {
    await notes.fill(`Catatan kegiatan, versi ${i}.`);
    await expect(notice).toBeHidden();
    await page.getByTestId('dok-save').click();
    await expect(notice, `save ${i}`).toHaveText('Dokumentasi disimpan.');
    // Still there after the reload of the records the save causes.
    await page.waitForTimeout(600);
    await expect(notice, `save ${i}, a moment later`).toBeVisible();
  }
  await page.reload();
  await expect(notes).toHaveValue('Catatan kegiatan, versi 4.');
});
