import { describe, expect, it } from 'vitest';
import { type TestPipeline, guardOf, testPipeline } from '../testing/index.js';
import type { DefenseDefinition, GuardWorld } from '@masec/spec';
import { OPEN_WORLD } from '../pipeline/pipeline.js';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { keywordMonitor } from '../testing/monitors.js';
import { edgePruning } from './definition.js';

/** Flags messages containing 'EVIL' with score 0.9 and 'meh' with 0.3. */
const monitor = keywordMonitor();

runDefenseContract(edgePruning as DefenseDefinition<unknown>, {
  benign: [textEnvelope('Answer: A')],
  suspicious: { before: () => [keywordMonitor()], steps: [{ hook: 'send', envelope: textEnvelope('EVIL claim') }, { hook: 'send', envelope: textEnvelope('Answer: A', { from: 'a2', to: 'a1' }) }] },
  flood: { config: { maxAgents: 1_000 } },
});

/** A star around a1 (a1-a2, a1-a3); a4 and 'attacker' are linked to nobody. */
const star: GuardWorld = { ...OPEN_WORLD, adjacent: (a, b) => (a === 'a1' && ['a2', 'a3'].includes(b)) || (b === 'a1' && ['a2', 'a3'].includes(a)) };

const pipelineWith = (config: unknown) => testPipeline([monitor, guardOf(edgePruning, (config))], { world: star });
const send = async (p: TestPipeline, from: string, to: string, text = 'Answer: A', round = 0) =>
  (await p.process(textEnvelope(text, { from, to }), 'send', round)).verdict;

describe('edge-pruning (worm, disinformation)', () => {
  it('cuts every edge of a flagged sender, both ways, and blocks the flagged envelope on its edge', async () => {
    const p = pipelineWith({});
    expect((await send(p, 'a1', 'a2')).action).toBe('deliver');
    expect(await send(p, 'a1', 'a2', 'EVIL claim')).toEqual({ action: 'block', guard: 'edge-pruning', code: 'EDGE_PRUNED', reason: 'edge a1\u2013a2 cut (a1 was flagged)' });
    expect((await send(p, 'a1', 'a3', 'Answer: A', 1)).action).toBe('block');
    // Its neighbours cannot reach it any more either: it hears no correction.
    expect(await send(p, 'a3', 'a1', 'Answer: A', 1)).toEqual({ action: 'block', guard: 'edge-pruning', code: 'EDGE_PRUNED', reason: 'edge a3\u2013a1 cut (a1 was flagged)' });
    // Traffic off the topology is not an edge: it passes, and unflagged senders are untouched.
    expect((await send(p, 'a1', 'a4', 'Answer: A', 1)).action).toBe('deliver');
    expect((await send(p, 'a2', 'a4', 'Answer: A', 1)).action).toBe('deliver');
  });

  it('with direction: out only the flagged agent\u2019s own sends over its edges are blocked', async () => {
    const p = pipelineWith({ direction: 'out' });
    await send(p, 'a1', 'a2', 'EVIL');
    expect((await send(p, 'a1', 'a3')).action).toBe('block');
    expect((await send(p, 'a3', 'a1')).action).toBe('deliver');
  });

  it('waits for afterFlags strong flags and ignores weak ones', async () => {
    const p = pipelineWith({ afterFlags: 2, minScore: 0.5 });
    expect((await send(p, 'a1', 'a2', 'meh')).action).toBe('deliver');
    expect((await send(p, 'a1', 'a2', 'EVIL')).action).toBe('deliver');
    expect((await send(p, 'a2', 'a1')).action).toBe('deliver');
    expect((await send(p, 'a1', 'a2', 'EVIL')).action).toBe('block');
    expect((await send(p, 'a2', 'a1')).action).toBe('block');
  });

  it('a flagged sender outside the topology (an outside attacker) has no edge to cut', async () => {
    const p = pipelineWith({});
    expect((await send(p, 'attacker', 'a2', 'EVIL')).action).toBe('deliver');
    expect((await send(p, 'attacker', 'a3', 'EVIL')).action).toBe('deliver');
  });

  it('at population level it prunes the edges of flagged agents (detection comes from the monitors)', () => {
    expect(edgePruning.population?.effect(edgePruning.configSchema.parse({}))).toEqual({ onFlag: 'prune-edges' });
  });
});

describe('edge-pruning: exact thresholds and bounded state', () => {
  const open = (score: number, config: Record<string, unknown>) => testPipeline([keywordMonitor({ X: score }), guardOf(edgePruning, config)]);
  const action = async (p: TestPipeline, from: string, text = 'hi', round = 0) => (await p.process(textEnvelope(text, { from, to: 'a9' }), 'send', round)).verdict.action;

  it('a flag exactly at minScore is a strike; one just below is ignored', async () => {
    expect(await action(open(0.5, { minScore: 0.5 }), 'a1', 'X')).toBe('block');
    expect(await action(open(0.4999, { minScore: 0.5 }), 'a1', 'X')).toBe('deliver');
  });

  it('cuts on exactly the afterFlags-th strike', async () => {
    const p = open(0.9, { afterFlags: 3 });
    expect([await action(p, 'a1', 'X'), await action(p, 'a1', 'X'), await action(p, 'a1', 'X')]).toEqual(['deliver', 'deliver', 'block']);
  });

  it('forgets a pruned agent only after maxAgents others were pruned while it stayed silent', async () => {
    const p = open(0.9, { maxAgents: 2, direction: 'out' });
    await action(p, 'a1', 'X');
    await action(p, 'a2', 'X');
    // a1 keeps trying to send: that keeps it pruned; a2 stays silent and is forgotten when a3 is pruned.
    expect(await action(p, 'a1')).toBe('block');
    await action(p, 'a3', 'X');
    expect(await action(p, 'a1')).toBe('block');
    expect(await action(p, 'a2')).toBe('deliver');
  });
});
