// The app's real sync code against the real server: everything recorded offline reaches
// the server exactly once, whatever happens on the way.
import { expect, setNetwork, test } from './fixtures/test.mjs';

import { AREAS, AppShell, PASSWORD } from './fixtures/app-shell.mjs';
import { apiAs } from './fixtures/server-api.mjs';

const SYNC = AREAS[5];

async function signedInCompanion(page, baseURL, username = 'pendamping1') {
  const app = new AppShell(page);
  await app.signIn(username);
  // The app is precached (every chunk) before any test takes the network away.
  await app.waitForServiceWorker();
  await app.goToArea(SYNC);
  await expect(page.getByTestId('last-sync')).toContainText(/pukul \d/);
  const staf = await apiAs(baseURL, 'staf');
  const me = await page.evaluate(() => JSON.parse(localStorage.getItem('reses.profile')));
  const eventId = await staf.firstEventOf(me.subject_id);
  return { app, staf, eventId };
}

test('changes made offline survive a reload and reach the server exactly once', async ({ page, context, baseURL }) => {
  const { app, staf, eventId } = await signedInCompanion(page, baseURL);
  await setNetwork(context, false);
  expect(await app.diag('diagTambahTamu', eventId, 30, 'Luring', 1)).toBe(30);
  await expect(app.unsent).toHaveText('30');
  await page.reload();
  await expect(app.unsent).toHaveText('30');
  await expect(page.getByTestId('outbox-table')).toContainText('Tamu undangan');

  await setNetwork(context, true); // the online event starts a sync
  await expect(app.unsent).toHaveText('0', { timeout: 20_000 });
  expect((await staf.guestsNamed('Luring ')).length).toBe(30);
  // Syncing again sends nothing twice.
  await app.diag('diagSinkronkan');
  expect((await staf.guestsNamed('Luring ')).length).toBe(30);
});

test('a response lost after the server committed is recognised on retry', async ({ page, baseURL }) => {
  const { app, staf, eventId } = await signedInCompanion(page, baseURL);
  await page.route('**/api/sync/push', async (route) => {
    await route.fetch(); // the server receives and commits the batch ...
    await route.abort('connectionreset'); // ... and the answer never arrives
  });
  await app.diag('diagTambahTamu', eventId, 250, 'Hilang', 50);
  const failed = await app.diag('diagSinkronkan').then(() => 'ok', (e) => String(e));
  expect(failed).toContain('Tidak dapat terhubung');
  expect(await app.diag('diagAntrean')).toBe(250); // nothing dropped without an answer
  await page.unroute('**/api/sync/push');
  await app.diag('diagSinkronkan');
  expect(await app.diag('diagAntrean')).toBe(0);
  expect((await staf.guestsNamed('Hilang ')).length).toBe(250);
});

test('the network dropping mid-batch loses and duplicates nothing', async ({ page, baseURL }) => {
  const { app, staf, eventId } = await signedInCompanion(page, baseURL);
  let pushes = 0;
  await page.route('**/api/sync/push', async (route) => {
    pushes += 1;
    if (pushes === 2) {
      await route.abort('internetdisconnected'); // the second batch never leaves
    } else {
      await route.continue();
    }
  });
  // Three pushes of 500, 500 and 200 (src/sync/engine.rs PUSH_BATCH).
  await app.diag('diagTambahTamu', eventId, 1200, 'Putus', 300);
  await app.diag('diagSinkronkan').catch(() => {});
  expect(await app.diag('diagAntrean')).toBe(700); // the first batch was acknowledged
  await app.diag('diagSinkronkan');
  expect(await app.diag('diagAntrean')).toBe(0);
  expect((await staf.guestsNamed('Putus ')).length).toBe(1200);
});

test('an expired login keeps the queue and asks to sign in again', async ({ page, baseURL }) => {
  const { app, staf, eventId } = await signedInCompanion(page, baseURL, 'pendamping2');
  const admin = await apiAs(baseURL, 'admin');
  const me = await page.evaluate(() => JSON.parse(localStorage.getItem('reses.profile')));
  await app.diag('diagTambahTamu', eventId, 5, 'Tertahan', 5);
  expect((await admin.api.post(`/api/admin/users/${me.user_id}/revoke`)).status()).toBe(204);

  await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
  const again = page.getByTestId('sign-in-again');
  await expect(again).toBeVisible();
  await expect(again).toContainText('tetap tersimpan');
  await expect(app.unsent).toHaveText('5');
  expect((await staf.guestsNamed('Tertahan ')).length).toBe(0);

  await again.getByLabel('Kata sandi').fill(PASSWORD);
  await again.getByRole('button', { name: 'Masuk lagi' }).click();
  await expect(again).toBeHidden();
  await expect(app.unsent).toHaveText('0', { timeout: 20_000 });
  expect((await staf.guestsNamed('Tertahan ')).length).toBe(5);
});

test('signing out with unsent changes warns, keeps them, and another user never sees them', async ({ page, context, baseURL }) => {
  const { app, staf, eventId } = await signedInCompanion(page, baseURL);
  await setNetwork(context, false);
  await app.diag('diagTambahTamu', eventId, 3, 'Titipan', 1);
  await expect(app.unsent).toHaveText('3');
  await setNetwork(context, true);
  // Sign out before it syncs: block pushes so the queue stays.
  await page.route('**/api/sync/push', (route) => route.abort('internetdisconnected'));

  await page.getByRole('button', { name: 'Keluar' }).click();
  await expect(page.getByTestId('sign-out-warning')).toContainText('Ada 3 data yang belum terkirim');
  await page.getByRole('button', { name: 'Ya, keluar' }).click();
  await expect(app.heading).toHaveText('Masuk');

  // Another companion on the same device: an empty queue, none of the first one's data.
  await page.getByLabel('Nama pengguna').fill('pendamping2');
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(app.unsent).toHaveText('0');
  expect(await app.diag('diagAntrean')).toBe(0);
  await page.getByRole('button', { name: 'Keluar' }).click();
  await expect(app.heading).toHaveText('Masuk');

  // The first companion again: the three are still there and go out.
  await page.unroute('**/api/sync/push');
  await page.getByLabel('Nama pengguna').fill('pendamping1');
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect.poll(async () => (await staf.guestsNamed('Titipan ')).length, { timeout: 20_000 }).toBe(3);
  await expect(app.unsent).toHaveText('0');
});

test('a revoked device is told so and keeps its data', async ({ page, baseURL }) => {
  const { app, eventId } = await signedInCompanion(page, baseURL, 'pendamping2');
  const admin = await apiAs(baseURL, 'admin');
  const devices = await (await admin.api.get('/api/admin/devices')).json();
  const deviceId = await page.evaluate(() => JSON.parse(localStorage.getItem('reses.device')));
  expect(devices.some((d) => d.id === deviceId)).toBe(true);
  await app.diag('diagTambahTamu', eventId, 2, 'Dicabut', 2);
  expect((await admin.api.post(`/api/admin/devices/${deviceId}/revoke`)).status()).toBe(204);
  await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
  await expect(page.getByTestId('device-revoked')).toContainText('dicabut');
  await expect(app.unsent).toHaveText('2');
});

test('a full device gets a clear message and keeps what was already stored', async ({ page, baseURL }) => {
  // A small device: room for the sign-in and the guest lists, not for much more. (The
  // DevTools quota override only takes hold before the site first stores anything.)
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(baseURL).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 4 * 1024 * 1024 });
  try {
    const app = new AppShell(page);
    await app.signIn('pendamping2');
    await app.goToArea(SYNC);
    await expect(page.getByTestId('last-sync')).toContainText(/pukul \d/);
    const staf = await apiAs(baseURL, 'staf');
    const me = await page.evaluate(() => JSON.parse(localStorage.getItem('reses.profile')));
    const eventId = await staf.firstEventOf(me.subject_id);
    await setOffline(page, true);
    await app.diag('diagTambahTamu', eventId, 3, 'Sebelum', 3);
    const before = await app.diag('diagAntrean');
    expect(before).toBe(3);

    const err = await app.diag('diagTambahTamu', eventId, 8_000, 'Penuh', 8_000)
      .then(() => 'ok', (e) => String(e));
    expect(err).toContain('Penyimpanan perangkat penuh');
    expect(err).toContain('data yang sudah tersimpan tetap aman');
    expect(await app.diag('diagAntrean')).toBe(before); // nothing half-written, nothing lost
  } finally {
    await setOffline(page, false);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  }
});

async function setOffline(page, offline) {
  await setNetwork(page.context(), !offline);
}

test('attachments are uploaded before records, verified by hash, and refused types are set aside', async ({ page, baseURL }) => {
  const { app } = await signedInCompanion(page, baseURL, 'pendamping2');
  const sha = await app.diag('diagLampiran', 'bukan foto sungguhan', 'image/jpeg');
  const bad = await app.diag('diagLampiran', '<html>', 'text/html');
  await app.diag('diagSinkronkan');
  const res = await page.request.get(`${baseURL}/api/attachments/${sha}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/jpeg');
  expect(await res.text()).toBe('bukan foto sungguhan');
  expect((await page.request.get(`${baseURL}/api/attachments/${bad}`)).status()).toBe(404);
  // A second pass uploads nothing again and does not fail on the refused one.
  expect(Array.from(await app.diag('diagSinkronkan'))).toEqual([0, 0]);
});

test('a refused change stays visible with its reason, markup shows as text, and it can be sent again', async ({ page, baseURL }) => {
  const { app, staf, eventId } = await signedInCompanion(page, baseURL, 'pendamping2');
  const me = await page.evaluate(() => JSON.parse(localStorage.getItem('reses.profile')));
  // An event that is not (or no longer) this companion's: the device may still hold it
  // from before an unassignment, and a guest saved there is valid but refused.
  const notMine = (await staf.pullAll()).find(
    (r) => r.kind === 'reses_event' && !r.data.pendamping_ids.includes(me.subject_id),
  ).id;
  const id = crypto.randomUUID();
  const payload = '<img src=x onerror="window.__diserang=1">';
  const guest = {
    id, event_id: notMine, nama: payload, alamat: 'Jl. Seruni', rt: '003', rw: '004',
    kelurahan: 'Medono', jenis_kelamin: 'L', keterangan: '',
  };
  // The device checks a record by its kind's rules before it is kept.
  const invalid = await app.diag('diagSimpan', 'tamu', JSON.stringify({ ...guest, rt: 'tiga' }))
    .then(() => 'saved', (e) => String(e));
  expect(invalid).toContain('RT harus berupa angka');
  await expect.poll(() => app.diag('diagAntrean')).toBe(0);

  await app.diag('diagSimpan', 'tamu', JSON.stringify(guest));
  await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();

  const problem = page.getByTestId('problems').locator('li');
  await expect(problem).toContainText('ditolak server: Kegiatan reses ini tidak ditugaskan kepada Anda');
  await expect(problem).toContainText(payload); // shown as text ...
  await expect(page.getByTestId('problems').locator('img')).toHaveCount(0); // ... never as markup
  expect(await page.evaluate(() => window.__diserang)).toBeUndefined();
  await expect(app.unsent).toHaveText('1'); // kept, not dropped

  // "Kirim ulang" sends it as it is, and the server refuses it again.
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/sync/push'));
  await problem.getByRole('button', { name: 'Kirim ulang' }).click();
  await answered;
  await expect(problem).toContainText('tidak ditugaskan kepada Anda');
  await expect.poll(() => app.diag('diagAntrean')).toBe(1);
  // Fixed at the source (the guest saved again on this companion's own event): the new
  // change replaces the refused one and goes out.
  await app.diag('diagSimpan', 'tamu', JSON.stringify({ ...guest, event_id: eventId }));
  await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
  await expect.poll(async () => (await staf.guestsNamed('<img')).length, { timeout: 20_000 }).toBe(1);
  await expect(app.unsent).toHaveText('0', { timeout: 20_000 });
});
