/**
 * The command-line tool. `verify` runs the property suite (the main job); `rulebook` prints or
 * regenerates the rule book; `simulate`, `check` and `vectors` are the reference oracle (cli/oracle.ts). Bad input gets a message naming what is wrong and exit status 2.
 */
import { Command, InvalidArgumentError } from 'commander';
import { ParamsError } from '../spec/params.ts';
import { PRESET_NAMES, resolveParams, OVERRIDABLE_KEYS } from './params.ts';
import { verify } from './verify.ts';
import { renderRuleBook, writeRuleBook } from './rulebook.ts';
import { RULES_BY_ID } from '../spec/ruleBook.ts';
import { registerReviewCommands } from './report.ts';
import { registerFiguresCommand } from './figures.ts';
import { registerExploreCommand } from './explore.ts';
import { registerOracleCommands } from './oracle.ts';
import { TraceError } from '../oracle/errors.ts';

function positiveInt(name: string, max: number) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new InvalidArgumentError(`${name} must be an integer from 1 to ${max}, got "${v}"`);
    return Number(v);
  };
}

const program = new Command();
program.name('async-backing').description('Executable specification of Polkadot asynchronous backing').showHelpAfterError('(run with --help for the options)');
program.exitOverride();

program
  .command('verify')
  .description('run every invariant, witness and liveness property over random relay-chain schedules')
  .option('-p, --preset <names...>', `presets to check (${PRESET_NAMES.join(', ')})`, ['sync', 'polkadot', 'elastic'])
  .option('-r, --runs <n>', 'schedules per preset', positiveInt('--runs', 10_000_000), 1000)
  .option('-b, --blocks <n>', 'relay blocks per schedule', positiveInt('--blocks', 100_000), 50)
  .option('-s, --seed <n>', 'fast-check seed (default: random, printed)', (v) => {
    if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`--seed must be an integer, got "${v}"`);
    return Number(v) | 0;
  })
  .option('--property <ids...>', 'only these properties (e.g. INV-03 W-01 L-01)')
  .option('--path <path>', 'replay one counterexample: the fast-check path printed with it')
  .option('--param <key=value...>', `override a parameter of every selected preset (${OVERRIDABLE_KEYS.join(', ')})`, [])
  .option('--full', 'print whole counterexample traces', false)
  .option('--json <file>', 'also write the results as JSON')
  .option('--no-progress', 'no progress output')
  .option('--rules-off <ids...>', 'switch rules off by ID, to see which property catches each', [])
  .action((opts) => {
    for (const id of opts.rulesOff as string[]) if (!RULES_BY_ID.has(id)) throw new ParamsError('--rules-off', `unknown rule "${id}" (see async-backing rulebook)`);
    const presets = (opts.preset as string[]).map((name) => ({ name, params: resolveParams(name, opts.param as string[]) }));
    if (opts.path && (!opts.property || opts.property.length !== 1)) throw new ParamsError('--path', 'replaying a path needs exactly one --property');
    const seedWasGiven = opts.seed !== undefined;
    const seed = seedWasGiven ? (opts.seed as number) : (Math.random() * 2 ** 31) | 0;
    process.exitCode = verify({
      presets,
      runs: opts.runs,
      blocks: opts.blocks,
      seed,
      seedWasGiven,
      ...(opts.property ? { only: opts.property } : {}),
      ...(opts.path ? { path: opts.path } : {}),
      full: opts.full,
      progress: opts.progress,
      ...(opts.json ? { json: opts.json } : {}),
      overrides: opts.param,
      rulesOff: opts.rulesOff,
    });
  });

program
  .command('rulebook')
  .description('print the rule book (every rule with its source and tests), or regenerate docs/RULEBOOK.md')
  .option('--write', 'write docs/RULEBOOK.md instead of printing')
  .option('--check', 'exit 1 if docs/RULEBOOK.md is not what would be generated')
  .action((opts) => {
    if (opts.write) writeRuleBook();
    else if (opts.check) process.exitCode = writeRuleBook(true) ? 0 : 1;
    else process.stdout.write(renderRuleBook());
  });

registerReviewCommands(program);
registerFiguresCommand(program);
registerExploreCommand(program);
registerOracleCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ParamsError || e instanceof TraceError) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exitCode = 2;
  } else if (e && typeof e === 'object' && 'exitCode' in e && 'code' in e) {
    // commander already printed its message (unknown option, bad value, help).
    const code = (e as { code: string }).code;
    process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version' ? 0 : 2;
  } else throw e;
}
