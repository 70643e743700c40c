import fc from 'fast-check';
import { runSchedule } from './properties/harness.ts';
import { blockChoiceArb } from './properties/schedule.ts';
import { presetParams } from './spec/params.ts';
import { formatTrace } from './properties/format.ts';
const arb = fc.record({ blocks: fc.array(blockChoiceArb(presetParams('polkadot'), 'honest'), { minLength: 8, maxLength: 8 }), fairFrom: fc.constant(null), fairDelays: fc.constant([1]) });
const [s] = fc.sample(arb, { seed: 1, numRuns: 1 });
for (const p of ['sync', 'polkadot']) { const r = runSchedule(presetParams(p), s!); console.log(p, r.violation); console.log(formatTrace(r.steps)); }
