// Collects metrics, prints a table and merges them into target/bench/results.json
// (metric name -> { value, unit, target? }).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const OUT_DIR = new URL('../../target/bench/', import.meta.url).pathname;
const OUT = `${OUT_DIR}results.json`;

export class Results {
  constructor() { this.rows = []; }

  add(name, value, unit, target) {
    this.rows.push({ name, value: Number(value.toFixed(2)), unit, target });
  }

  write() {
    mkdirSync(OUT_DIR, { recursive: true });
    const all = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : {};
    for (const r of this.rows) {
      all[r.name] = { value: r.value, unit: r.unit, ...(r.target ? { target: r.target } : {}) };
    }
    writeFileSync(OUT, `${JSON.stringify(all, null, 2)}\n`);
    const w = Math.max(...this.rows.map((r) => r.name.length));
    console.log(`\n${'metric'.padEnd(w)}  ${'value'.padStart(10)}  unit   target`);
    console.log('-'.repeat(w + 32));
    for (const r of this.rows) {
      console.log(`${r.name.padEnd(w)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(5)}  ${r.target ?? ''}`);
    }
    console.log(`\nwritten to ${OUT}`);
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
