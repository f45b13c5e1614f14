// Trunk post-build hook (runs in Trunk's staging folder, TRUNK_STAGING_DIR):
// 1. moves the inline module script Trunk writes into index.html to a hashed file of its
//    own, so the app runs under a Content-Security-Policy without 'unsafe-inline';
// 2. writes the service worker's precache list and a content-derived version into sw.js;
// 3. writes .br (quality 11) and .gz (level 9) siblings of every compressible file, which
//    the server sends as they are (no compression work per request).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}

// 1. No inline script: the loader Trunk inlines becomes /boot-<hash>.js.
const indexPath = join(dir, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/g;
const scripts = [...html.matchAll(inline)];
if (scripts.length !== 1) {
  console.error(`postbuild: expected one inline module script in index.html, found ${scripts.length}`);
  process.exit(1);
}
const boot = scripts[0][1].trim() + '\n';
const bootName = `boot-${createHash('sha256').update(boot).digest('hex').slice(0, 16)}.js`;
writeFileSync(join(dir, bootName), boot);
writeFileSync(indexPath, html.replace(scripts[0][0], `<script type="module" src="/${bootName}"></script>`));
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(readFileSync(indexPath, 'utf8'))) {
  console.error('postbuild: index.html still has an inline script');
  process.exit(1);
}

const walk = (d) => readdirSync(d).flatMap((name) => {
  const p = join(d, name);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
const url = (p) => '/' + relative(dir, p).split(sep).join('/');
const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|webmanifest|json|svg|txt)$/;

const files = walk(dir).filter((p) => !/\.(br|gz)$/.test(p) && !p.endsWith(`${sep}sw.js`)).sort();
const hash = createHash('sha256');
for (const p of files) {
  hash.update(url(p));
  hash.update(readFileSync(p));
}
const version = hash.digest('hex').slice(0, 16);
const swPath = join(dir, 'sw.js');
const sw = readFileSync(swPath, 'utf8')
  .replace('__SW_VERSION__', version)
  .replace('__SW_PRECACHE__', JSON.stringify(files.map(url), null, 2));
writeFileSync(swPath, sw);

let raw = 0;
let br = 0;
for (const p of [...files, swPath].filter((f) => COMPRESSIBLE.test(f))) {
  const data = readFileSync(p);
  const b = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  writeFileSync(`${p}.br`, b);
  writeFileSync(`${p}.gz`, gzipSync(data, { level: 9 }));
  raw += data.length;
  br += b.length;
}
console.log(`postbuild: sw version ${version}, ${files.length} files precached, ` +
  `${(raw / 1024).toFixed(0)} KB -> ${(br / 1024).toFixed(0)} KB brotli`);
