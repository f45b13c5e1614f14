// The server process killed in the middle of a push, then restarted on the same
// database: after recovery every record is on the server exactly once and nothing is
// missing on the device.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, setNetwork, test } from './fixtures/test.mjs';

import { TMP } from '../playwright.config.mjs';
import { AREAS, AppShell } from './fixtures/app-shell.mjs';
import { apiAs } from './fixtures/server-api.mjs';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port, dir) {
  const child = spawn('../target/release/reses-server', [
    '--port', String(port), '--dist', `${TMP}dist`,
    '--database-url', `sqlite://${join(dir, 'mati.db')}`, '--log', 'warn', '--demo',
  ], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  await expect.poll(() => fetch(`${base}/api/health`).then((r) => r.status, () => 0), { timeout: 20_000 })
    .toBe(200);
  return { child, base };
}

test('a server killed mid-push and restarted ends with every record exactly once', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'reses-mati-'));
  const port = await freePort();
  let server = await startServer(port, dir);
  try {
    const app = new AppShell(page);
    await app.signIn('pendamping1', undefined, `${server.base}/`);
    await app.goToArea(AREAS[5]);
    await expect(page.getByTestId('last-sync')).toContainText(/pukul \d/);
    const staf = await apiAs(server.base, 'staf');
    const me = await page.evaluate(() => JSON.parse(localStorage.getItem('reses.profile')));
    const eventId = await staf.firstEventOf(me.subject_id);
    await staf.api.dispose();

    await setNetwork(page.context(), false); // queue without the app syncing on its own
    expect(await app.diag('diagTambahTamu', eventId, 5000, 'Mati', 1000)).toBe(5000); // ten pushes
    await setNetwork(page.context(), true);

    let pushes = 0;
    page.on('request', (r) => { if (r.url().endsWith('/api/sync/push')) pushes += 1; });
    const interrupted = app.diag('diagSinkronkan').then(() => 'selesai', (e) => String(e));
    await expect.poll(() => pushes, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    server.child.kill('SIGKILL');
    expect(await interrupted).toContain('Tidak dapat terhubung');
    const left = await app.diag('diagAntrean');
    expect(left).toBeGreaterThan(0); // some batches never got an answer
    expect(left).toBeLessThan(5000);

    server = await startServer(port, dir); // same database file
    await app.diag('diagSinkronkan');
    expect(await app.diag('diagAntrean')).toBe(0);
    const check = await apiAs(server.base, 'staf');
    const stored = await check.guestsNamed('Mati ');
    expect(stored.length).toBe(5000);
    expect(new Set(stored.map((r) => r.data.nama)).size).toBe(5000);
    await check.api.dispose();
  } finally {
    server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
