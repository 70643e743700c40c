/**
 * Relay-runtime rules at edges the unit tests leave open, found by mutation testing: bitfields from
 * a negative validator index or naming one core out of range among valid ones (RT-21), and a block
 * without a session change draining nothing (RT-19).
 */
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { finalizeBlock, sanitizeBitfields } from '../../spec/relay/parasInherent.ts';
import { building, pendingCandidate, withPara } from './builders.ts';

const P = presetParams('polkadot');

describe('RT-21 sanitize_bitfields at the edges', () => {
  const occupied = new Map([
    [0, pendingCandidate({ label: 'a', core: 0 })],
    [1, pendingCandidate({ label: 'b', core: 1 })],
  ]);

  test('a negative validator index is ValidatorIndexOutOfBounds', () => {
    const r = sanitizeBitfields([{ validator: -1, cores: [0] }, { validator: 0, cores: [0] }], P, occupied);
    expect(r.dropped).toEqual([{ validator: -1, rule: 'RT-21', reason: 'ValidatorIndexOutOfBounds' }]);
    expect(r.kept).toEqual([{ validator: 0, cores: [0] }]);
  });

  test('one bit out of range among valid ones makes the whole bitfield WrongBitfieldSize, a negative core too', () => {
    const r = sanitizeBitfields([{ validator: 0, cores: [0, 2] }, { validator: 1, cores: [-1, 1] }, { validator: 2, cores: [0, 1] }], P, occupied);
    expect(r.dropped).toEqual([
      { validator: 0, rule: 'RT-21', reason: 'WrongBitfieldSize' },
      { validator: 1, rule: 'RT-21', reason: 'WrongBitfieldSize' },
    ]);
    expect(r.kept).toEqual([{ validator: 2, cores: [0, 1] }]);
  });
});

describe('RT-19 a block without a session change', () => {
  test('drains nothing and leaves the state as it was', () => {
    const s = withPara(building(P, 10), 1000, { pending: [pendingCandidate({ label: 'p', paraId: 1000, core: 0 })] });
    const f = finalizeBlock(s, false);
    expect(f.dropped).toEqual([]);
    expect(f.state).toBe(s);
  });
});
