/**
 * `memory-partition`: per-principal partitions of shared memory. On the `memory-read` hook, an item a
 * reader retrieved from a shared store is withheld unless it belongs to the reader's own partition
 * (`ctx.world.principal`), to a partition every principal may read (`shared`), or to one the reader holds a
 * capability for (`grants`). The item's partition is its writer's principal (the message engine files
 * every shared-store write under the writer's principal). Writes are not restricted: the store still
 * holds everything, each principal sees only its part. Cost: knowledge one agent wrote for the team is
 * lost to the others (items hidden, tasks that needed them answered later or not at all).
 */
import { z } from 'zod';
import { type DefenseDefinition, block } from '@masec/spec';

export const MemoryPartitionConfigSchema = z.strictObject({
  stores: z.array(z.string().min(1)).default([]).describe('stores to partition (empty: every shared store)'),
  shared: z.array(z.string().min(1)).default([]).describe('partitions every principal may read'),
  grants: z
    .record(z.string(), z.array(z.string().min(1)))
    .default({})
    .describe('capabilities: principal → the other partitions it may read'),
});
export type MemoryPartitionConfig = z.infer<typeof MemoryPartitionConfigSchema>;

export const memoryPartition: DefenseDefinition<MemoryPartitionConfig> = {
  id: 'memory-partition',
  specVersion: 'v1',
  description: 'Shared-memory reads return only the reader’s own partition (plus shared and granted ones)',
  kind: 'environment',
  targets: ['privacy-leak', 'memory-poisoning'],
  hooks: ['memory-read'],
  configSchema: MemoryPartitionConfigSchema,
  cost: {
    utility: 'items other principals wrote to shared memory are hidden: cross-agent knowledge is lost (store-items-hidden, task completion)',
    rewritesContent: false,
  },
  create(config) {
    const stores = new Set(config.stores);
    const shared = new Set(config.shared);
    return {
      id: 'memory-partition',
      hooks: ['memory-read'],
      async handle(envelope, ctx, next) {
        const store = envelope.provenance.origin.kind === 'memory' ? envelope.provenance.origin.id : undefined;
        if (stores.size > 0 && (store === undefined || !stores.has(store))) return next(envelope);
        const partition = ctx.world.principal(envelope.from);
        const reader = ctx.world.principal(envelope.to);
        if (partition === reader || shared.has(partition) || (config.grants[reader] ?? []).includes(partition)) return next(envelope);
        return block('memory-partition', 'PARTITION_DENIED', `item of partition '${partition}' read by '${reader}'`);
      },
    };
  },
};
