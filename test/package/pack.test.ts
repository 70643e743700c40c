/**
 * A real package: `npm pack` makes a tarball whose command-line tool and typed exports work from
 * another project. The test packs the project, installs the tarball into a temporary project
 * (dependencies from the npm registry, the local cache first), runs the CLI there on a trace, runs a
 * plain-JavaScript script that imports the library, and type-checks a TypeScript consumer against
 * the package's declarations.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../../oracle/vectors/generate.ts';

const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });

describe('npm pack', () => {
  test('the packed package\'s CLI and typed exports work from another project', () => {
    const dir = mkdtempSync(join(tmpdir(), 'async-backing-pack-'));
    run('npm', ['pack', '--pack-destination', dir, '--silent'], ROOT);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^async-backing-spec-\d+\.\d+\.\d+\.tgz$/);
    const app = join(dir, 'app');
    run('mkdir', ['-p', app], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(dir, tarball)], app);

    // The command-line tool: check a trace (exit 0) and refuse bad input (exit 2).
    const out = run('npx', ['--no-install', 'async-backing', 'check', '--preset', 'polkadot', join(ROOT, 'oracle', 'quint', 'relayChain.itf.json')], app);
    expect(out).toMatch(/conforms: 16 steps replayed/);
    writeFileSync(join(app, 'bad.jsonl'), '{"format":"async-backing-trace","version":1,"preset":"polkadot"}\n{"event":{"type":"nope"}}\n');
    let status = 0;
    let stderr = '';
    try {
      run('npx', ['--no-install', 'async-backing', 'check', 'bad.jsonl'], app);
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/bad\.jsonl, line 2, step 0, field \/event\/type: unknown event type "nope"/);

    // The library from plain JavaScript (the compiled dist/, no TypeScript loader).
    writeFileSync(
      join(app, 'use.mjs'),
      `import { Oracle, presetParams, genesisOf, simulate, toJsonl, parseTraceText, checkTrace, TraceError } from 'async-backing-spec';
const params = presetParams('polkadot');
const oracle = new Oracle(params);
const r = oracle.apply({ type: 'relayBlock', hash: '00000000000000a1', parent: genesisOf(params).relayGenesis, storageRoot: '00000000000000b1' });
const t = simulate(params, { source: 'network', seed: 1, run: 0, blocks: 5 });
let bad = null;
try { oracle.apply({ type: 'nope' }); } catch (e) { bad = e instanceof TraceError; }
console.log(JSON.stringify({ type: r.verdict.type, number: r.state.relay.number, conforms: checkTrace(parseTraceText(toJsonl(t), 't.jsonl')).divergence === null, bad }));
`,
    );
    expect(JSON.parse(run('node', ['use.mjs'], app))).toEqual({ type: 'relayBlock', number: 1, conforms: true, bad: true });

    // The declarations: a TypeScript consumer type-checks (and a type error is caught).
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['use.ts'] }));
    writeFileSync(join(app, 'use.ts'), `import { Oracle, presetParams, type Projection, type Verdict } from 'async-backing-spec';\nconst p: Projection = new Oracle(presetParams('sync')).state;\nconst n: number = p.relay.number;\nconst v: Verdict | null = null;\nconsole.log(n, v);\n`);
    run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
    writeFileSync(join(app, 'use.ts'), `import { Oracle, presetParams } from 'async-backing-spec';\nconst s: string = new Oracle(presetParams('sync')).state.relay.number;\nconsole.log(s);\n`);
    let tscOut = '';
    try {
      run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
    } catch (e) {
      tscOut = String((e as { stdout: string }).stdout);
    }
    expect(tscOut).toMatch(/use\.ts.*Type 'number' is not assignable to type 'string'/);
  }, 300_000);
});
