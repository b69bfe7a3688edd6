/**
 * The `stealth` attacker: an evolutionary search over payload genomes (`genome.ts`) against whatever guards
 * are deployed, with no knowledge of them beyond what a real sender learns — which of its mails were refused
 * (`Observation.refusals`). It holds `senders` identities and works in generations of two rounds:
 *  - round 2g: every genome of the population goes out `copies` times, each copy to a different benign
 *    agent (no two probes of a generation share a recipient), from identities the genome's `senders` gene
 *    picks;
 *  - round 2g+1: each identity reads its refusals; a copy nobody refused counts as delivered;
 *  - round 2g+2, before anything is sent: the genomes are ranked by delivered copies (ties keep population
 *    order), the better half is kept and the other half replaced by mutants of the kept ones (one gene
 *    changed). Without `adaptive`, every generation is drawn afresh at random: the baseline of an attacker
 *    that does not learn.
 * Every identity's feedback of round 2g+1 is complete before round 2g+2 starts, and the next generation is
 * computed once from it with the attacker's own random stream, so the order in which the engine calls the
 * identities never matters.
 */
import type { Action, AgentId, Observation, Policy, Rng } from '@masec/spec';
import { type Genome, genomeKey, mutate, randomGenome, renderGenome } from './genome.js';

export interface AttackerOptions {
  identities: readonly AgentId[];
  /** Benign agents the probes may go to. */
  targets: readonly AgentId[];
  drop: string;
  population: number;
  copies: number;
  adaptive: boolean;
  /** The attacker's own stream (setup-time fork of the threat's). */
  rng: Rng;
}

interface Probe {
  from: AgentId;
  to: AgentId;
  slot: number;
}

export class StealthAttacker {
  readonly #o: AttackerOptions;
  #population: Genome[];
  #generation = -1;
  /** Probes of the current generation, by sender then recipient; `refused` marks the ones a refusal named. */
  #probes: Probe[] = [];
  #refused = new Set<string>();
  /** Delivered fraction of each generation, as the attacker saw it (for tests and the summary). */
  readonly seen: number[] = [];

  constructor(options: AttackerOptions) {
    this.#o = options;
    this.#population = Array.from({ length: options.population }, () => randomGenome(options.rng));
  }

  policyFor(id: AgentId): Policy {
    return { specVersion: 'v1', act: (obs) => this.#act(id, obs) };
  }

  /** The current population's genome keys (for tests). */
  get keys(): string[] {
    return this.#population.map(genomeKey);
  }

  #act(id: AgentId, obs: Observation): Action[] {
    const generation = Math.floor(obs.round / 2);
    if (obs.round % 2 === 1) {
      for (const r of obs.refusals ?? []) this.#refused.add(`${id}>${r.to}`);
      return [];
    }
    this.#advance(generation);
    const actions: Action[] = [];
    for (const probe of this.#probes) {
      if (probe.from !== id) continue;
      const genome = this.#population[probe.slot] as Genome;
      const text = renderGenome(genome, this.#o.drop, obs.rng);
      actions.push({ kind: 'send', to: probe.to, subject: 'Quick note', text });
    }
    return actions;
  }

  /** Once per generation: score the last one from the refusals, breed the next, plan its probes. */
  #advance(generation: number): void {
    if (generation === this.#generation) return;
    if (this.#generation >= 0) this.#breed();
    this.#generation = generation;
    this.#refused = new Set();
    const { rng, targets, identities, copies } = this.#o;
    const order = [...targets];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j] as AgentId, order[i] as AgentId];
    }
    this.#probes = [];
    let next = 0;
    this.#population.forEach((genome, slot) => {
      const home = identities[rng.int(identities.length)] as AgentId;
      for (let c = 0; c < copies && next < order.length; c++) {
        const from = genome.senders === 1 ? home : (identities[(slot * copies + c + generation) % identities.length] as AgentId);
        this.#probes.push({ from, to: order[next++] as AgentId, slot });
      }
    });
  }

  #breed(): void {
    const delivered = new Array<number>(this.#population.length).fill(0);
    for (const p of this.#probes) if (!this.#refused.has(`${p.from}>${p.to}`)) delivered[p.slot] = (delivered[p.slot] ?? 0) + 1;
    this.seen.push(this.#probes.length === 0 ? 0 : delivered.reduce((a, b) => a + b, 0) / this.#probes.length);
    const { rng, adaptive, population } = this.#o;
    if (!adaptive) {
      this.#population = Array.from({ length: population }, () => randomGenome(rng));
      return;
    }
    const ranked = this.#population.map((g, i) => ({ g, i, d: delivered[i] ?? 0 })).sort((a, b) => b.d - a.d || a.i - b.i);
    const kept = ranked.slice(0, Math.ceil(population / 2)).map((r) => r.g);
    const children = Array.from({ length: population - kept.length }, () => mutate(kept[rng.int(kept.length)] as Genome, rng));
    this.#population = [...kept, ...children];
  }
}
