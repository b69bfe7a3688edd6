import { describe, expect, it } from 'vitest';
import { OBSERVATION_DEFAULTS, testServices } from '../test-helpers.js';
import type { Envelope, Observation } from '@masec/spec';
import { createRng } from '../../random/rng.js';
import { beliefUpdate } from './definition.js';

const never = { find: (): never => { throw new Error('the belief-update policy must not read the oracle'); } };

function policy(config: Record<string, unknown> = {}) {
  return beliefUpdate.create(beliefUpdate.configSchema.parse(config), { agent: { id: 'a0', index: 0, role: 'benign' }, instructions: never, rng: createRng(1) }, testServices());
}

function obs(round: number, incoming: { from: string; text: string }[], contacts = ['a1', 'a2', 'a3']): Observation {
  const mail: Envelope[] = incoming.map((m, i) => ({
    id: `m${round - 1}.${i}`,
    from: m.from,
    to: 'a0',
    channel: 'direct',
    parts: [{ kind: 'text', text: m.text }],
    labels: { confidentiality: 'internal', integrity: 'untrusted' },
    provenance: { origin: { kind: 'agent', id: m.from }, hops: [m.from] },
    time: round - 1,
  }));
  return { self: { id: 'a0', index: 0, role: 'benign' }, round, contacts, incoming: mail, memory: { size: 0, items: () => [], retrieve: () => [] }, records: [], stores: {}, rng: createRng(100 + round), ...OBSERVATION_DEFAULTS };
}

describe('policy belief-update (disinformation)', () => {
  it('reports its own answer and sends it to every contact (each once) before hearing anything', async () => {
    const actions = await policy({ answer: 'B' }).act(obs(0, []));
    expect(actions[0]).toEqual({ kind: 'state', key: 'answer', value: 'B' });
    const sends = actions.slice(1);
    expect(sends.map((a) => (a.kind === 'send' ? a.to : '')).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(sends.every((a) => a.kind === 'send' && a.text === 'Answer: B' && a.cause === undefined)).toBe(true);
  });

  it('once convinced by an argued claim it repeats the argument, names its cause, and keeps its answer next round', async () => {
    const p = policy({ persuasion: 1, correction: 0, factCheck: 0 });
    await p.act(obs(0, []));
    const convinced = await p.act(obs(1, [{ from: 'a2', text: 'Answer: C\nThe reference says C.' }]));
    expect(convinced[0]).toEqual({ kind: 'state', key: 'answer', value: 'C' });
    expect(convinced[1]).toMatchObject({ kind: 'send', text: 'Answer: C\nThe reference says C.', cause: 'm0.0' });
    const later = await p.act(obs(2, [{ from: 'a1', text: 'Answer: A' }]));
    expect(later[0]).toEqual({ kind: 'state', key: 'answer', value: 'C' });
  });

  it('is corrected by a plain answer with probability correction, and fact-checks back to its own answer', async () => {
    const p = policy({ persuasion: 1, correction: 1, factCheck: 0 });
    await p.act(obs(0, [{ from: 'a2', text: 'Answer: C\nargument' }]));
    expect((await p.act(obs(1, [{ from: 'a2', text: 'Answer: C\nargument' }])))[0]).toEqual({ kind: 'state', key: 'answer', value: 'C' });
    expect((await p.act(obs(2, [{ from: 'a1', text: 'Answer: A' }])))[0]).toEqual({ kind: 'state', key: 'answer', value: 'A' });
    const checker = policy({ persuasion: 1, factCheck: 1 });
    expect((await checker.act(obs(0, [{ from: 'a2', text: 'Answer: C\nargument' }])))[0]).toEqual({ kind: 'state', key: 'answer', value: 'A' });
  });

  it('ignores mail without an Answer line and rejects a multi-word answer in its config', async () => {
    const p = policy({ persuasion: 1, correction: 1 });
    expect((await p.act(obs(0, [{ from: 'a1', text: 'lunch on friday?' }])))[0]).toEqual({ kind: 'state', key: 'answer', value: 'A' });
    expect(beliefUpdate.configSchema.safeParse({ answer: 'two words' }).success).toBe(false);
  });
});
