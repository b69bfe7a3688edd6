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
