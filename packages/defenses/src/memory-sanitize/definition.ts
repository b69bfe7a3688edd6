/**
 * `memory-sanitize`: at the end of every round, scan agents' memories and purge items that look like an
 * adversarial payload ("curing": it raises the recovery rate γ of memory-borne spread). The detector is a
 * perplexity-style irregularity score (irregularity.ts); an item scoring at or above `threshold` is purged
 * when it is scanned.
 *
 * Scanning every item every round is what a deployment would rather not pay for, so each item is scanned in
 * a round with probability `scanRate`. The draw is deterministic and seed-free: a hash of the agent, the
 * item id and the round, so the same memories give the same purges in any run.
 *
 * Cost: benign items that read as irregular (file names, camera settings, hashtags, code) are purged too
 * when scanned. The engine logs every purge (`memory-purge`, with how many purged items carried an attack),
 * and the `benign-purged` metric counts the benign ones. Payloads written as fluent prose score 0 and are
 * never purged.
 *
 * State: a cache of scores by item text (`memory-sanitize:scores`, at most `cacheSize` texts), so that an
 * item that stays in memory is scored once; scores are pure, so what the cache forgets changes nothing.
 */
import { z } from 'zod';
import type { AgentId, DefenseDefinition } from '@masec/spec';
import { maxEntriesField } from '../state/bounds.js';
import { irregularity } from './irregularity.js';

const probability = z.number().min(0).max(1);

export const MemorySanitizeConfigSchema = z.strictObject({
  threshold: z.number().gt(0).max(1).default(0.5).describe('irregularity (share of irregular tokens in the worst window) at or above which a scanned item is purged'),
  window: z.number().int().min(2).max(256).default(8).describe('tokens per window of the irregularity score'),
  scanRate: probability.default(0.5).describe('probability that a given memory item is scanned in a given round'),
  cacheSize: maxEntriesField('item texts whose score is cached', 50_000),
  population: z
    .strictObject({
      recoveryBoost: probability
        .optional()
        .describe('added per-round recovery probability (default: scanRate, i.e. assuming the payload scores above the threshold and each carrier holds one copy)'),
    })
    .default({})
    .describe('population engine: sanitisation cures carriers'),
});
export type MemorySanitizeConfig = z.infer<typeof MemorySanitizeConfigSchema>;

/** Uniform in [0, 1) from a string: FNV-1a, then a murmur3 finaliser. */
export function unitHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Whether an agent's memory item is scanned in a round (the scan budget's draw). */
export function scanned(agent: AgentId, item: string, round: number, scanRate: number): boolean {
  return scanRate >= 1 || unitHash(`${agent}\u0000${item}\u0000${round}`) < scanRate;
}

export const memorySanitize: DefenseDefinition<MemorySanitizeConfig> = {
  id: 'memory-sanitize',
  specVersion: 'v1',
  description: 'Scans agents\u2019 memories every round and purges items that look like an adversarial suffix (perplexity-style score)',
  kind: 'containment',
  targets: ['infectious-jailbreak'],
  hooks: ['round-end'],
  configSchema: MemorySanitizeConfigSchema,
  cost: {
    utility: 'benign memory items that read as irregular (file names, camera settings, hashtags, code) are purged when scanned; counted by benign-purged',
    rewritesContent: false,
  },
  population: { effect: (config) => ({ recoveryBoost: config.population.recoveryBoost ?? config.scanRate }) },
  create(config, services) {
    const scores = services.state.map<number>('memory-sanitize:scores', { maxEntries: config.cacheSize });
    const score = (text: string): number => {
      let s = scores.get(text);
      if (s === undefined) {
        s = irregularity(text, config.window);
        scores.set(text, s);
      }
      return s;
    };
    return {
      id: 'memory-sanitize',
      hooks: ['round-end'],
      // Nothing to do per envelope: it acts on memories at the end of the round.
      handle: (envelope, _ctx, next) => next(envelope),
      endRound(ctx) {
        for (const agent of ctx.agents) {
          const doomed: string[] = [];
          let worst = 0;
          for (const item of ctx.memory(agent)) {
            if (!scanned(agent, item.id, ctx.now, config.scanRate)) continue;
            const s = score(item.text);
            if (s < config.threshold) continue;
            doomed.push(item.id);
            worst = Math.max(worst, s);
          }
          if (doomed.length > 0) ctx.purge(agent, doomed, `irregularity ${worst.toFixed(2)} >= ${config.threshold}`);
        }
      },
    };
  },
};
