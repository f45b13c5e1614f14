// Trunk post-build hook (runs in Trunk's staging folder, TRUNK_STAGING_DIR):
// -. minifies the styles;
// 0. cuts the app into its first chunk and the lazy chunks (src/lazy.rs): wasm-split-cli
//    on Cargo's module (linked with relocations, build.rs), wasm-bindgen, wasm-opt on
//    every part, short names for the first chunk's imports, the JavaScript glue and chunk
//    loader minified (terser), content-hashed names; Trunk's unsplit module and glue are
//    replaced;
// 1. moves the inline module script Trunk writes into index.html to a hashed file of its
//    own, so the app runs under a Content-Security-Policy without 'unsafe-inline';
// 2. writes the service worker's precache list and a content-derived version into sw.js;
// 3. writes .br (quality 11) and .gz (level 9) siblings of every compressible file, which
//    the server sends as they are (no compression work per request).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { transform as transformCss } from 'lightningcss';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}

// Styles minified (lightningcss, pinned in package.json): Trunk's own minification would
// also rewrite index.html, which the steps below edit. The name keeps Trunk's hash of the
// source, whose minified form is fixed by it; step 0 recomputes the link's integrity.
for (const name of readdirSync(dir).filter((n) => n.endsWith('.css'))) {
  const path = join(dir, name);
  const { code } = transformCss({ filename: name, code: readFileSync(path), minify: true });
  writeFileSync(path, code);
}

// 0. Split. Trunk has built the unsplit module as /reses-app-<hash>.js and _bg.wasm; the
// split parts take their place under names hashed from their own content.
const sha = (data, n = 16) => createHash('sha256').update(data).digest('hex').slice(0, n);
const WASM_OPT = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
  '--enable-multivalue'];
{
  const profile = process.env.TRUNK_PROFILE === 'release' ? 'wasm-release' : 'debug';
  const target = process.env.CARGO_TARGET_DIR ?? join(process.env.TRUNK_SOURCE_DIR ?? '.', 'target');
  const cargoWasm = join(target, 'wasm32-unknown-unknown', profile, 'reses-app.wasm');
  const glues = readdirSync(dir).filter((n) => /^reses-app-[0-9a-f]+\.js$/.test(n));
  if (glues.length !== 1) {
    console.error(`postbuild: expected one reses-app-<hash>.js from Trunk, found ${glues.length}`);
    process.exit(1);
  }
  const base = glues[0].slice(0, -3);
  const tmp = mkdtempSync(join(tmpdir(), 'reses-split-'));
  try {
    const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    // Built under a fixed stem: wasm-bindgen names the module's imports after it
    // (`./reses-app_bg.js`), so the final, hashed file names can be given afterwards.
    const stem = 'reses-app';
    run('wasm-split-cli', [cargoWasm, join(tmp, 'split'), '--target', 'web', '--out-name', stem]);
    run('wasm-bindgen', [join(tmp, 'split', `${stem}.wasm`), '--target', 'web',
      '--keep-lld-exports', '--no-typescript', '--out-dir', join(tmp, 'bg'), '--out-name', stem]);
    const opt = (from, to) => run('wasm-opt', [...WASM_OPT, from, '-o', to]);
    let loader = readFileSync(join(tmp, 'split', '__wasm_split.js'), 'utf8');
    for (const name of readdirSync(join(tmp, 'split')).filter((n) => /^(split|chunk)_.*\.wasm$/.test(n))) {
      opt(join(tmp, 'split', name), join(tmp, name));
      const data = readFileSync(join(tmp, name));
      const hashed = `${name.slice(0, -5)}-${sha(data)}.wasm`;
      writeFileSync(join(dir, hashed), data);
      if (!loader.includes(`"./${name}"`)) {
        console.error(`postbuild: __wasm_split.js does not load ${name}`);
        process.exit(1);
      }
      loader = loader.replaceAll(`"./${name}"`, `"./${hashed}"`);
    }
    opt(join(tmp, 'bg', `${stem}_bg.wasm`), join(tmp, 'main.wasm'));
    // Short names for the module's imports from its glue (see shortImportNames).
    const short = shortImportNames(readFileSync(join(tmp, 'main.wasm')),
      readFileSync(join(tmp, 'bg', `${stem}.js`), 'utf8'), `./${stem}_bg.js`);
    const wasm = short.wasm;
    let glue = short.glue;
    if (readdirSync(join(tmp, 'bg')).some((n) => n === 'snippets')) {
      console.error('postbuild: wasm-bindgen wrote snippets, which this step does not copy');
      process.exit(1);
    }
    const name = `reses-app-${sha(Buffer.concat([wasm, Buffer.from(glue), Buffer.from(loader)]))}`;
    const loaderName = `split-${name.slice('reses-app-'.length)}.js`;
    if (!glue.includes(' from "./__wasm_split.js"')) {
      console.error('postbuild: the glue does not import __wasm_split.js (was the module split?)');
      process.exit(1);
    }
    // Only the import statements: the module's import name stays "./__wasm_split.js".
    glue = glue.replaceAll(' from "./__wasm_split.js"', ` from "./${loaderName}"`)
      .replaceAll(`${stem}_bg.wasm`, `${name}_bg.wasm`);
    if (!loader.includes(`"./${stem}.js"`)) {
      console.error(`postbuild: __wasm_split.js does not import ./${stem}.js`);
      process.exit(1);
    }
    loader = loader.replaceAll(`"./${stem}.js"`, `"./${name}.js"`);
    // Minified: the glue is part of the first load (98 KB as wasm-bindgen writes it).
    // Names of exports and of the module's imports (object keys) are kept as they are.
    const small = async (code) => (await minify(code, { module: true, ecma: 2020 })).code;
    glue = await small(glue);
    loader = await small(loader);
    unlinkSync(join(dir, `${base}.js`));
    unlinkSync(join(dir, `${base}_bg.wasm`));
    writeFileSync(join(dir, `${name}.js`), glue);
    writeFileSync(join(dir, `${name}_bg.wasm`), wasm);
    writeFileSync(join(dir, loaderName), loader);
    // index.html: the new names, their integrity again, and the loader preloaded with the glue.
    const indexPath = join(dir, 'index.html');
    let html = readFileSync(indexPath, 'utf8').replaceAll(base, name);
    html = html.replace(/<link\b[^>]*>/g, (tag) => {
      const href = tag.match(/href="\/([^"]+)"/)?.[1];
      if (!href || !/integrity="/.test(tag)) return tag;
      const digest = createHash('sha384').update(readFileSync(join(dir, href))).digest('base64');
      return tag.replace(/integrity="[^"]*"/, `integrity="sha384-${digest}"`);
    });
    html = html.replace(/(<link rel="modulepreload"[^>]*>)/,
      `$1\n<link rel="modulepreload" href="/${loaderName}">`);
    writeFileSync(indexPath, html);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Gives the main module's imports from its glue short names ("a", "b", …, in module
 * "a"), in the module and in the glue's import object alike. wasm-bindgen names each
 * import after the JS function and a hash (`__wbg_body_5f971cbc6950ca4f`, 380 of them),
 * and those names are in both files of the first load: 7 KB of brotli in the wasm and
 * 4 KB in the glue. Only function imports of `module` are renamed; the build fails if a
 * name is not exactly once a key of the glue's import object.
 */
function shortImportNames(wasm, glue, module) {
  const leb = (buf, at) => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = buf[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return [value, at];
    }
  };
  const uleb = (n) => {
    const out = [];
    do {
      let byte = n & 0x7f;
      n = Math.floor(n / 128);
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return Buffer.from(out);
  };
  const name = (text) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([uleb(bytes.length), bytes]);
  };
  const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
  const shortName = (n) => {
    let text = '';
    do {
      text = ALPHABET[n % ALPHABET.length] + text;
      n = Math.floor(n / ALPHABET.length);
    } while (n);
    return text;
  };
  const fail = (why) => {
    console.error(`postbuild: short import names: ${why}`);
    process.exit(1);
  };
  const parts = [wasm.subarray(0, 8)];
  const renamed = new Map();
  for (let at = 8; at < wasm.length;) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 2) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    const [count, first] = leb(wasm, start);
    const entries = [uleb(count)];
    let p = first;
    for (let k = 0; k < count; k += 1) {
      const [moduleLength, m] = leb(wasm, p);
      const from = wasm.subarray(m, m + moduleLength).toString('utf8');
      const [fieldLength, f] = leb(wasm, m + moduleLength);
      const field = wasm.subarray(f, f + fieldLength).toString('utf8');
      p = f + fieldLength;
      if (wasm[p] !== 0) fail(`import ${from} ${field} is not a function`);
      const descEnd = leb(wasm, p + 1)[1];
      const desc = wasm.subarray(p, descEnd);
      p = descEnd;
      if (from === module) {
        const to = shortName(renamed.size);
        renamed.set(field, to);
        entries.push(name('a'), name(to), desc);
      } else {
        entries.push(name(from), name(field), desc);
      }
    }
    if (p !== end) fail('the import section has bytes after its entries');
    const body = Buffer.concat(entries);
    parts.push(Buffer.from([2]), uleb(body.length), body);
    at = end;
  }
  if (renamed.size === 0) fail(`no imports from ${module}`);
  for (const [from, to] of renamed) {
    const pieces = glue.split(`\n        ${from}: function(`);
    if (pieces.length !== 2) fail(`${from} is ${pieces.length - 1} times a key of the glue`);
    glue = pieces.join(`\n        ${to}: function(`);
  }
  const key = `\n        "${module}": import0,`;
  if (glue.split(key).length !== 2) fail(`the glue's import object has no key "${module}"`);
  return { wasm: Buffer.concat(parts), glue: glue.replace(key, '\n        a: import0,') };
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
