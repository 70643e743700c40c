/**
 * Summarises Stryker's JSON reports (reports/mutation/<slug>/mutation.json, written by `npm run mutate`
 * or `MUTATE=<folder> npm run mutate`) into one table and, with --write, into docs/mutation.md: the
 * score per file and per folder, computed as Stryker computes it (killed + timed out over killed +
 * timed out + survived + no coverage; compile and runtime errors and ignored mutants left out), and
 * every surviving mutant with its line, mutator and replacement, so a reviewer sees what the
 * properties do not catch. Stryker's own HTML report is the interactive view; this file exists
 * because that report is not diffable in review and is not checked in.
 *
 * Usage: node --import tsx cli/mutation.ts [--write] [--equivalent docs/mutation-equivalent.md]
 * When several reports mutate the same file, the newest report wins for that file.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}
interface Report {
  readonly files: Record<string, { readonly mutants: readonly Mutant[] }>;
}

const ROOT = new URL('..', import.meta.url).pathname;
const DIR = join(ROOT, 'reports/mutation');

interface Counts { killed: number; timeout: number; survived: number; noCoverage: number; errors: number; ignored: number }
const zero = (): Counts => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 });
function add(c: Counts, status: string): void {
  if (status === 'Killed') c.killed++;
  else if (status === 'Timeout') c.timeout++;
  else if (status === 'Survived') c.survived++;
  else if (status === 'NoCoverage') c.noCoverage++;
  else if (status === 'Ignored') c.ignored++;
  else if (status === 'CompileError' || status === 'RuntimeError') c.errors++;
  else throw new Error(`mutation report: unknown mutant status "${status}"`);
}
const score = (c: Counts): number => {
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  return valid === 0 ? NaN : (100 * (c.killed + c.timeout)) / valid;
};
const pct = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(2)} %`);

function main(argv: readonly string[]): void {
  const write = argv.includes('--write');
  if (!existsSync(DIR)) throw new Error(`no mutation reports in ${DIR}: run \`npm run mutate\` (or MUTATE=spec/relay npm run mutate) first`);
  const reports = readdirSync(DIR)
    .map((slug) => ({ slug, file: join(DIR, slug, 'mutation.json') }))
    .filter((r) => existsSync(r.file))
    .map((r) => ({ ...r, mtime: statSync(r.file).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime);
  if (reports.length === 0) throw new Error(`no mutation.json under ${DIR}`);
  const files = new Map<string, { mutants: readonly Mutant[] }>();
  for (const r of reports) {
    let rep: Report;
    try {
      rep = JSON.parse(readFileSync(r.file, 'utf8')) as Report;
    } catch (e) {
      throw new Error(`${r.file}: not a Stryker JSON report (${(e as Error).message})`);
    }
    if (typeof rep.files !== 'object' || rep.files === null) throw new Error(`${r.file}: no "files" object`);
    for (const [path, f] of Object.entries(rep.files)) files.set(path, { mutants: f.mutants });
  }
  const paths = [...files.keys()].sort();
  const folderOf = (p: string): string => p.split('/').slice(0, -1).join('/') + '/';
  const perFile = new Map<string, Counts>();
  const perFolder = new Map<string, Counts>();
  const top = new Map<string, Counts>();
  const all = zero();
  for (const p of paths) {
    const c = zero();
    for (const m of files.get(p)!.mutants) add(c, m.status);
    perFile.set(p, c);
    for (const [map, key] of [[perFolder, folderOf(p)], [top, p.split('/')[0] + '/']] as const) {
      const acc = map.get(key) ?? zero();
      for (const k of Object.keys(c) as (keyof Counts)[]) acc[k] += c[k];
      map.set(key, acc);
    }
    for (const k of Object.keys(c) as (keyof Counts)[]) all[k] += c[k];
  }
  const row = (name: string, c: Counts): string =>
    `| ${name} | ${pct(score(c))} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.errors} |`;
  const head = '| what | score | killed | timed out | survived | no coverage | errors |\n|---|---|---|---|---|---|---|';
  const lines: string[] = [];
  lines.push(head);
  for (const [k, c] of [...top].sort()) lines.push(row(`**${k}**`, c));
  for (const [k, c] of [...perFolder].sort()) lines.push(row(k, c));
  const table = lines.join('\n');
  const fileTable = [head, ...paths.map((p) => row(p, perFile.get(p)!))].join('\n');
  console.log(table);
  console.log(`\nall mutated files: ${pct(score(all))} (${all.killed + all.timeout} detected of ${all.killed + all.timeout + all.survived + all.noCoverage})`);
  if (!write) return;

  const eqAt = argv.indexOf('--equivalent');
  const eqPath = eqAt >= 0 ? argv[eqAt + 1] : undefined;
  const survivors: string[] = [];
  for (const p of paths) {
    const ms = files.get(p)!.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
    if (ms.length === 0) continue;
    survivors.push(`\n### ${p} (${ms.length})\n`);
    for (const m of [...ms].sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column))
      survivors.push(`- ${m.location.start.line}:${m.location.start.column} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''}: \`${(m.replacement ?? '').replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 100)}\``);
  }
  // The files `npm run mutate` mutates (stryker.config.mjs) that no report here covers.
  const walk = (d: string): string[] =>
    readdirSync(join(ROOT, d), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${d}/${e.name}`) : e.name.endsWith('.ts') ? [`${d}/${e.name}`] : []));
  const missing = [...walk('spec'), ...walk('machines')].filter((f) => !/\/rules\.ts$/.test(f) && f !== 'spec/source.ts' && !files.has(f)).sort();
  const runs = reports.map((r) => `\`${r.slug}\` (${new Date(r.mtime).toISOString().slice(0, 16)}Z)`).join(', ');
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    /* not a git checkout */
  }
  const md = `<!-- Generated by \`node --import tsx cli/mutation.ts --write\` from reports/mutation/*/mutation.json. -->
# Mutation score

Stryker (\`@stryker-mutator/core\` 9.6.1, vitest runner, \`stryker.config.mjs\`) mutates the rules and
machines and runs, per mutant, the tests that cover it from the fast set of
\`vitest.mutation.config.ts\` (unit tests of every layer, machine tests, short property runs). A mutant
is *detected* when a test fails (killed) or it hangs (timed out). Score = detected / (detected +
survived + no coverage), as Stryker prints it.

Reports summarised here: ${runs}; summary written at commit ${commit}.
${eqPath && existsSync(eqPath) ? `Survivors judged equivalent (no observable behaviour changes) are listed with their reasons in [${eqPath.replace(/^docs\//, '')}](${eqPath.replace(/^docs\//, '')}).\n` : ''}
## Score

${table}
${missing.length ? `\n**Not in these reports** (not yet mutated, so not in the score): ${missing.map((f) => `\`${f}\``).join(', ')}.\n` : ''}

**All mutated files: ${pct(score(all))}** (${all.killed + all.timeout} detected of ${all.killed + all.timeout + all.survived + all.noCoverage}).

## Per file

${fileTable}

## Surviving mutants
${survivors.join('\n')}
`;
  writeFileSync(join(ROOT, 'docs/mutation.md'), md);
  console.log('wrote docs/mutation.md');
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(`mutation summary: ${(e as Error).message}`);
  process.exit(2);
}
