// Issue 3 benchmarks in the real app in headless Chromium against the real server:
// - idb_write_10k_vs_raw_js_ratio: 10,000 guests through the storage layer (record +
//   outbox entry, 100 per strict transaction) vs the same objects written with plain
//   JavaScript IndexedDB (the same two writes per guest, same batching and durability);
// - sync_10k_records_s: those 10,000 queued records from going online until the app's
//   own sync loop has them acknowledged and cleared from the outbox.
import { withAppPage } from './lib/browser.mjs';

const N = 10_000;
const PER_TX = 100;

async function rawJsWrite(page, n, perTx, dbName) {
  return page.evaluate(async ([n, perTx, dbName]) => {
    const db = await new Promise((res, rej) => {
      const o = indexedDB.open(dbName, 1);
      o.onupgradeneeded = () => {
        o.result.createObjectStore('tamu', { keyPath: 'id' }).createIndex('by_event', 'event_id');
        const ob = o.result.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        ob.createIndex('by_record', 'record_id');
        ob.createIndex('by_status', 'status');
      };
      o.onsuccess = () => res(o.result);
      o.onerror = () => rej(o.error);
    });
    const t0 = performance.now();
    for (let done = 0; done < n; done += perTx) {
      await new Promise((res, rej) => {
        const tx = db.transaction(['tamu', 'outbox'], 'readwrite', { durability: 'strict' });
        const tamu = tx.objectStore('tamu');
        const outbox = tx.objectStore('outbox');
        for (let i = done; i < Math.min(n, done + perTx); i += 1) {
          const id = crypto.randomUUID();
          const data = {
            id, event_id: 'bench', nama: `Raw ${i}`, alamat: 'Jl. Kurinci No. 7', rt: '003',
            rw: '005', kelurahan: 'Medono', jenis_kelamin: 'P', keterangan: '',
          };
          const now = Date.now();
          tamu.put({ id, kind: 'tamu', rev: 0, data, deleted: false, updated_at: now, sync: 'pending', event_id: 'bench' });
          outbox.add({
            record_id: id, kind: 'tamu', status: 'pending', created_at: now,
            mutation: { mutation_id: crypto.randomUUID(), kind: 'tamu', record_id: id, base_rev: 0, op: { type: 'put', data, changed: Object.keys(data) }, client_time: now },
          });
        }
        tx.oncomplete = res;
        tx.onerror = () => rej(tx.error);
      });
    }
    const ms = performance.now() - t0;
    db.close();
    return ms;
  }, [n, perTx, dbName]);
}

async function layerWrite(page, eventId, n, perTx, prefix) {
  return page.evaluate(async ([eventId, n, perTx, prefix]) => {
    const t0 = performance.now();
    await window.wasmBindings.diagTambahTamu(eventId, n, prefix, perTx);
    return performance.now() - t0;
  }, [eventId, n, perTx, prefix]);
}

export async function syncBenchmarks(base, results) {
  await withAppPage(base, async (page, context) => {
    await page.getByLabel('Nama pengguna').fill('pendamping1');
    await page.getByLabel('Kata sandi').fill('reses2026');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForFunction(() => window.wasmBindings !== undefined && localStorage.getItem('reses.profile'));
    const pull = await (await page.request.get(`${base}/api/sync/pull?since=0&limit=2000`)).json();
    const eventId = pull.changes.find((r) => r.kind === 'reses_event').id;
    // Installed first (every chunk precached), as a device is before it goes offline.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true); // queue without the app syncing meanwhile

    // Warm-up (JIT, wasm compile, database open), then the measured runs.
    await rawJsWrite(page, 500, PER_TX, 'bench-raw-warm');
    await layerWrite(page, eventId, 500, PER_TX, 'Pemanasan');
    const raw = await rawJsWrite(page, N, PER_TX, 'bench-raw');
    const layer = await layerWrite(page, eventId, N, PER_TX, 'Bench');
    results.add('idb_write_10k_layer_ms', layer, 'ms');
    results.add('idb_write_10k_raw_js_ms', raw, 'ms');
    results.add('idb_write_10k_vs_raw_js_ratio', layer / raw, 'x', '<= 2');

    const queued = await page.evaluate(() => window.wasmBindings.diagAntrean());
    if (queued !== N + 500) throw new Error(`expected ${N + 500} queued, found ${queued}`);
    const t0 = Date.now();
    await context.setOffline(false); // the app's own loop syncs on the online event
    for (;;) {
      const left = await page.evaluate(() => window.wasmBindings.diagAntrean());
      if (left === 0) break;
      if (Date.now() - t0 > 120_000) throw new Error(`sync stalled with ${left} left`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // The 500 warm-up records ride along; scale to 10,000.
    results.add('sync_10k_records_s', ((Date.now() - t0) / 1000) * (N / (N + 500)), 's', '<= 5');
  });
}
