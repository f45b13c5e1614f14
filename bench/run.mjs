// `make bench`: every benchmark, one table, target/bench/results.json.
// Benchmarks measure; they never fail on a target (timed assertions are flaky on a
// shared 2-core machine). Targets are printed beside the figures.
import { Results } from './lib/results.mjs';
import { startServer } from './lib/server.mjs';
import { offlineReload, shellTransfer } from './shell.mjs';

const results = new Results();
const server = await startServer();
try {
  await shellTransfer(server.base, results);
  await offlineReload(server.base, results);
} finally {
  await server.stop();
}
results.write();
