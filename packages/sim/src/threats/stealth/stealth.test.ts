// Threat `stealth`: the genome's rendering and ground truth, and the attacker's search from refusals alone.
import { describe, expect, it } from 'vitest';
import type { Observation, Refusal, Rng } from '@masec/spec';
import { createRng } from '../../random/rng.js';
import { GENES, GENE_NAMES, type Genome, carriesDrop, genomeKey, mutate, randomGenome, renderGenome } from './genome.js';
import { StealthAttacker } from './attacker.js';

const DROP = 'desk@collect.example';
const all = (): Genome[] => {
  const out: Genome[] = [];
  const rec = (i: number, g: Record<string, number>) => {
    if (i === GENE_NAMES.length) return void out.push(g as Genome);
    const name = GENE_NAMES[i] as keyof typeof GENES;
    for (let v = 0; v < GENES[name].length; v++) rec(i + 1, { ...g, [name]: v });
  };
  rec(0, {});
  return out;
};

describe('stealth genomes', () => {
  it('every genome renders a mail the ground truth recognises, whatever the obfuscation, layout and noise', () => {
    const rng = createRng(7);
    const genomes = all();
    expect(genomes).toHaveLength(96);
    for (const g of genomes) expect(carriesDrop(renderGenome(g, DROP, rng), DROP), genomeKey(g)).toBe(true);
    expect(carriesDrop('Lunch on Friday? Call my phone number, my address is on the card.', DROP)).toBe(false);
  });

  it('layout lines keeps every paragraph under a dozen words; noise makes two sends of one genome differ', () => {
    const rng = createRng(3);
    const lines = renderGenome({ phrasing: 2, obfuscation: 0, layout: 1, noise: 0, senders: 0 }, DROP, rng);
    for (const p of lines.split('\n\n')) expect(p.split(' ').length).toBeLessThanOrEqual(8);
    const noisy: Genome = { phrasing: 2, obfuscation: 0, layout: 0, noise: 1, senders: 0 };
    expect(renderGenome(noisy, DROP, rng)).not.toBe(renderGenome(noisy, DROP, rng));
  });

  it('a mutant differs from its parent in exactly one gene', () => {
    const rng = createRng(11);
    for (let i = 0; i < 200; i++) {
      const g = randomGenome(rng);
      const m = mutate(g, rng);
      expect(GENE_NAMES.filter((n) => g[n] !== m[n])).toHaveLength(1);
    }
  });
});

/** Drives the attacker's identities through `rounds`, refusing every probe whose text `refuse` says, calling identities in `order`. */
function drive(seed: number, rounds: number, refuse: (text: string) => boolean, order: (ids: string[]) => string[], adaptive = true) {
  const identities = ['x0', 'x1', 'x2'];
  const attacker = new StealthAttacker({ identities, targets: Array.from({ length: 20 }, (_, i) => `a${i}`), drop: DROP, population: 6, copies: 2, adaptive, rng: createRng(seed) });
  const policies = Object.fromEntries(identities.map((id) => [id, attacker.policyFor(id)]));
  const pending = new Map<string, Refusal[]>();
  const sent: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const id of order(identities)) {
      const obs = { self: id, round, incoming: [], refusals: pending.get(id) ?? [], rng: createRng(seed * 1000 + round).fork(id) as Rng } as unknown as Observation;
      pending.set(id, []);
      const actions = policies[id]?.act(obs) as { kind: string; to: string; text: string }[];
      for (const a of actions) {
        sent.push(`${round} ${id}>${a.to} ${a.text.length}`);
        if (refuse(a.text)) pending.get(id)?.push({ id: `m${round}`, to: a.to, code: 'INJECTION_DETECTED' });
      }
    }
  }
  return { attacker, sent };
}

describe('stealth attacker', () => {
  it('learns from refusals alone: against a guard refusing obfuscated text it ends up sending none', () => {
    const obfuscated = (t: string) => /[\u200b-\u200d\u0400-\u04ff]/.test(t);
    const { attacker } = drive(5, 30, obfuscated, (ids) => ids);
    expect(attacker.seen[0] as number).toBeLessThan(0.6);
    expect(attacker.seen.slice(-3).every((s) => s >= 0.8)).toBe(true);
    expect(attacker.keys.slice(0, 3).every((k) => k.split('/')[1] === 'none')).toBe(true);
    // Without learning, it keeps sending obfuscated variants.
    const blind = drive(5, 30, obfuscated, (ids) => ids, false).attacker;
    expect(Math.min(...blind.seen.slice(-5))).toBeLessThan(0.8);
  });

  it('does the same whatever order its identities are called in', () => {
    const refuse = (t: string) => t.includes('Ignore') || /\u200b/.test(t);
    const forward = drive(9, 20, refuse, (ids) => ids);
    const backward = drive(9, 20, refuse, (ids) => [...ids].reverse());
    expect(backward.attacker.seen).toEqual(forward.attacker.seen);
    expect(backward.sent.sort()).toEqual(forward.sent.sort());
  });
});
