// `make bench`: every benchmark, one table, target/bench/results.json.
// Benchmarks measure; they never fail on a target (timed assertions are flaky on a
// shared 2-core machine). Targets are printed beside the figures.
import { execFileSync } from 'node:child_process';

import { fieldBenchmarks } from './field.mjs';
import { firstLoadBenchmarks } from './firstload.mjs';
import { kantorBenchmarks } from './kantor.mjs';
import { Results } from './lib/results.mjs';
import { startServer } from './lib/server.mjs';
import { offlineReload } from './shell.mjs';
import { syncBenchmarks } from './sync.mjs';
import { updateDownload } from './update.mjs';

const results = new Results();
// `make bench-app` (BENCH_ONLY=app): only the app's download, start-up and field figures
// (issue 14's), a few minutes instead of the whole hour; they merge into the same file.
const appOnly = process.env.BENCH_ONLY === 'app';

if (!appOnly) {
  // Server ingest (Rust, in-process server over HTTP): prints one JSON object.
  const ingest = JSON.parse(execFileSync('cargo', ['bench', '-q', '-p', 'reses-server', '--bench', 'ingest'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop());
  for (const [name, m] of Object.entries(ingest)) results.add(name, m.value, m.unit, m.target);
  // PostgreSQL ingest (real server processes over HTTP, a throwaway durable cluster that
  // scripts/with-pg.sh starts and always stops): one and two processes, raw reference.
  const pgIngest = JSON.parse(execFileSync('scripts/with-pg.sh', ['cargo', 'bench', '-q', '-p', 'reses-server', '--bench', 'pg_ingest'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PG_DURABLE: '1' },
  }).trim().split('\n').pop());
  for (const [name, m] of Object.entries(pgIngest)) results.add(name, m.value, m.unit, m.target);
  // Guest-list import (Rust, in-process server over HTTP): a 5,000-row XLSX.
  const impor = JSON.parse(execFileSync('cargo', ['bench', '-q', '-p', 'reses-server', '--bench', 'impor'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop());
  for (const [name, m] of Object.entries(impor)) results.add(name, m.value, m.unit, m.target);
}

const server = await startServer();
try {
  await firstLoadBenchmarks(server.base, results);
  await offlineReload(server.base, results);
  if (!appOnly) await syncBenchmarks(server.base, results);
  await fieldBenchmarks(server.base, results);
  if (!appOnly) await kantorBenchmarks(server.base, results);
} finally {
  await server.stop();
}
// Last: it builds a changed copy of the app (a few minutes), which needs no server.
updateDownload(results);
results.write();
