/**
 * Human-readable traces: a run printed relay block by relay block, so a counterexample can be read
 * by someone who has never seen the project.
 */
import type { StepView } from './projection.ts';
import type { Violation } from './harness.ts';

export const short = (h: string) => h.slice(0, 8);

function list<T>(xs: readonly T[], f: (x: T) => string): string {
  return xs.length === 0 ? '—' : xs.map(f).join('; ');
}

export function formatStep(v: StepView): string[] {
  const o = v.node.outcome;
  const lines: string[] = [];
  const fork = v.ctx.blocks[v.node.parent!] && v.parent.number !== v.node.number - 1 ? ' (fork)' : '';
  const session = v.node.endsSession ? ', ends session' : '';
  const intents = new Map(v.decoded.intents.map((i) => [i.hash, i.kind]));
  lines.push(
    `#${v.node.number} ${short(v.node.hash)} on #${v.parent.number} ${short(v.parent.hash)}${fork} · session ${v.parent.runtime.session}${session} · timeout check ${o.timeoutCheckRequired ? 'yes' : 'no'}${v.decoded.fair ? ' · fair' : ''}`,
  );
  const signers = v.node.inherent?.bitfields.length ?? 0;
  if (o.disputed.length) lines.push(`  disputes:   ${list(o.disputed, (f) => `${short(f.candidate.hash)}${f.withAncestor ? ' (descendant)' : ''}`)}`);
  lines.push(`  available:  ${signers} bitfields${o.bitfieldsDropped.length ? ` (${o.bitfieldsDropped.length} dropped: ${o.bitfieldsDropped.map((d) => d.reason).join(', ')})` : ''}; included ${list(o.enacted, (c) => `para ${c.paraId} ${short(c.hash)} → head ${short(c.headData)}`)}`);
  if (o.timedOut.length) lines.push(`  timed out:  ${list(o.timedOut, (f) => `para ${f.candidate.paraId} ${short(f.candidate.hash)}${f.withAncestor ? ' (with ancestor)' : ''}`)}`);
  if (o.verdicts.length)
    lines.push(
      `  backed:     ${list(o.verdicts, (r) => {
        const c = v.node.inherent!.backedCandidates[r.index]!.candidate;
        const rpNode = v.ctx.blocks[c.descriptor.relayParent];
        const rp = rpNode ? `rp #${rpNode.number}` : `rp ${short(c.descriptor.relayParent)}`;
        const kind = intents.get(r.hash);
        const tag = kind && kind !== 'honest' ? ` [${kind}]` : '';
        return r.accepted
          ? `para ${r.paraId} ${short(r.hash)}${tag} ${rp} core ${r.core} ✓`
          : `para ${r.paraId} ${short(r.hash)}${tag} ${rp} ✗ ${r.error} (${r.rule})${r.detail ? `: ${r.detail}` : ''}`;
      })}`,
    );
  if (o.droppedAtSessionChange.length) lines.push(`  session change drained ${o.droppedAtSessionChange.length} candidates`);
  const paras = Object.entries(v.node.runtime.paras).map(
    ([id, p]) =>
      `para ${id} head ${short(p.head)} ctx #${p.mostRecentContext} pending [${p.pending.map((c) => `${short(c.hash)} core ${c.core} rp #${c.relayParentNumber} votes ${c.availabilityVotes.length}/${v.params.validators}`).join(', ')}]`,
  );
  lines.push(`  state:      ${paras.join(' | ')}`);
  return lines;
}

export function formatTrace(steps: readonly StepView[], violation?: Violation | null, last = Infinity): string {
  const from = Math.max(0, steps.length - last);
  const out: string[] = [];
  if (from > 0) out.push(`  … ${from} earlier blocks not shown (--full shows them)`);
  for (let i = from; i < steps.length; i++) {
    out.push(...formatStep(steps[i]!).map((l) => `  ${l}`));
    if (violation && violation.step === i) out.push(`  ⚠ ${violation.property} ${violation.name}: ${violation.message}`);
  }
  return out.join('\n');
}
