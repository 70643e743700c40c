// Counts the distinct states in Quint ITF traces (one file per trace): node countItf.mjs DIR
// Prints "<distinct> distinct states in <traces> traces". A state is its variables, canonically ordered.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
if (!dir) throw new Error('usage: node countItf.mjs DIR');
const norm = (v) => (v && typeof v === 'object' && '#bigint' in v ? Number(v['#bigint']) : v);
const seen = new Set();
let traces = 0;
for (const f of readdirSync(dir).filter((x) => x.endsWith('.itf.json'))) {
  traces++;
  for (const s of JSON.parse(readFileSync(join(dir, f), 'utf8')).states) {
    const vars = Object.keys(s).filter((k) => !k.startsWith('#') && !k.startsWith('mbt::')).sort();
    seen.add(JSON.stringify(vars.map((k) => [k, norm(s[k])])));
  }
}
console.log(`${seen.size} distinct states in ${traces} traces`);
