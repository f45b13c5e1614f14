// Issue 14: what an update costs a companion's device. A copy of this tree with one line
// of an office screen changed is built into its own dist; the service worker of that
// build downloads every file of its precache list that the installed build's cache does
// not already hold under the same content-hashed name (sw.js reuses those), plus the
// files without a hash in their name (index.html, the manifest, icons) and sw.js itself.
import { execFileSync } from 'node:child_process';
import {
  cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const ROOT = new URL('..', import.meta.url).pathname;
// Outside the project: Cargo reads the .cargo/config.toml of every folder above the
// tree, and the project's would be read twice (its rustflags doubled, every
// dependency rebuilt).
const WORK = join(tmpdir(), 'reses-bench-update');
/** The office screen whose one line changes, and the line. */
const SCREEN = 'src/pages/kantor/laporan.rs';
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;

function precache(dist) {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const list = sw.match(/const PRECACHE = (\[[\s\S]*?\]);/);
  if (!list) throw new Error(`${dist}/sw.js has no PRECACHE list`);
  return JSON.parse(list[1]).filter((p) => p !== '/');
}

function brotliKb(file) {
  const data = readFileSync(file);
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  return br.length / 1024;
}

/** Builds a copy of the tracked tree with `SCREEN` changed by one line into `WORK/dist`. */
function buildChanged() {
  rmSync(WORK, { recursive: true, force: true });
  const tree = join(WORK, 'tree');
  mkdirSync(tree, { recursive: true });
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f)) || statSync(join(ROOT, f)).isDirectory()) continue;
    cpSync(join(ROOT, f), join(tree, f), { recursive: true });
  }
  // The build's own tools (wasm-opt, terser for scripts/postbuild.mjs) are the project's.
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  const screen = join(tree, SCREEN);
  const src = readFileSync(screen, 'utf8');
  const changed = src.replace('"Laporan', '"Laporan (diperbarui)', 1);
  if (changed === src) throw new Error(`${SCREEN}: no "Laporan string to change`);
  writeFileSync(screen, changed);
  execFileSync('trunk', ['build', '--release', '--offline', '--dist', join(WORK, 'dist')], {
    cwd: tree,
    stdio: ['ignore', 'ignore', 'inherit'],
    // The dependencies are shared with the main build; only the app is compiled again.
    env: { ...process.env, CARGO_TARGET_DIR: join(ROOT, 'target') },
  });
  return join(WORK, 'dist');
}

export function updateDownload(results) {
  const before = new Set(precache(join(ROOT, 'dist')));
  try {
    const dist = buildChanged();
    const fetched = [...precache(dist), '/sw.js'].filter((p) => !HASHED.test(p) || !before.has(p));
    const kb = fetched.reduce((n, p) => n + brotliKb(join(dist, p)), 0);
    console.log(`update: ${fetched.length} files downloaded: ${fetched.join(' ')}`);
    results.add('update_download_kb', kb, 'KB', 'only changed chunks');
  } finally {
    rmSync(WORK, { recursive: true, force: true });
    // The copy is the same package as the project, so Cargo keeps one build of both in
    // the shared target, and the project's sources are older than the copy's build: the
    // project's next build would be "fresh" and ship the changed module. Without the
    // app's fingerprints it compiles the project's own sources again.
    const fingerprints = join(ROOT, 'target', 'wasm32-unknown-unknown', 'wasm-release', '.fingerprint');
    for (const d of readdirSync(fingerprints).filter((n) => n.startsWith('reses-app-'))) {
      rmSync(join(fingerprints, d), { recursive: true, force: true });
    }
  }
}
