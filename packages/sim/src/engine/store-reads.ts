/**
 * Shared-store reads while policies act. Every retrieved item passes the shield's `memory-read` hook as an
 * envelope from its writer to the reader (labels and partition intact), so label-, partition- and
 * content-aware guards decide what the reader sees. Reads run concurrently (policies are async): their
 * events are buffered per agent and their quarantines deferred, then both are applied in agent order, so
 * the log never depends on which read finished first.
 */
import { DEFAULT_LABELS, type Envelope, type MasecEvent, type MemoryItem, type SharedStoreView } from '@masec/spec';
import type { QuarantineNote } from '@masec/defenses';
import type { AgentState } from './agents.js';
import { type RunContext, recordOutcome } from './run-context.js';
import type { SharedStore } from './shared-store.js';

/** What one agent's reads produced this round, kept until the policies are done. */
export interface ReadBuffer {
  events: MasecEvent[];
  quarantines: QuarantineNote[];
}

const NO_STORES: Readonly<Record<string, SharedStoreView>> = Object.freeze({});

export function storeViews(ctx: RunContext, reader: AgentState, round: number, buffer: ReadBuffer): Readonly<Record<string, SharedStoreView>> {
  if (ctx.setup.stores.size === 0) return NO_STORES;
  const views: Record<string, SharedStoreView> = {};
  let reads = 0;
  for (const store of ctx.setup.stores.values()) {
    views[store.name] = {
      name: store.name,
      get size() {
        return store.memory.size;
      },
      retrieve: (query, k) => read(ctx, store, reader, round, query, k, `${reader.view.id}.r${round}.${reads++}`, buffer),
    };
  }
  return views;
}

async function read(ctx: RunContext, store: SharedStore, reader: AgentState, round: number, query: string, k: number, readId: string, buffer: ReadBuffer): Promise<MemoryItem[]> {
  const retrieved = store.memory.retrieve(query, k);
  const oracle = ctx.setup.oracle;
  const malicious = oracle.empty ? 0 : retrieved.filter((item) => oracle.find(item.text) !== undefined).length;
  let delivered: MemoryItem[] = retrieved;
  if (ctx.pipeline.handles('memory-read')) {
    delivered = [];
    for (const [i, item] of retrieved.entries()) {
      const envelope: Envelope = {
        id: `${readId}.${i}`,
        from: item.from,
        to: reader.view.id,
        channel: 'memory',
        parts: [{ kind: 'text', text: item.text, ref: item.id }],
        labels: item.labels ?? DEFAULT_LABELS,
        provenance: { origin: { kind: 'memory', id: store.name }, hops: [item.from] },
        time: round,
      };
      const outcome = await ctx.pipeline.process(envelope, 'memory-read', { deferQuarantine: true });
      recordOutcome(buffer.events, envelope.id, round, outcome, false);
      buffer.quarantines.push(...outcome.quarantined);
      if (outcome.verdict.action !== 'deliver') continue;
      const part = outcome.verdict.envelope.parts[0];
      delivered.push(part !== undefined && part.kind === 'text' && part.text !== item.text ? { ...item, text: part.text } : item);
    }
  }
  // An adversary that reads a store takes what it reads (unless the store declares it a reader: then every
  // write was already counted as reaching it).
  if (reader.view.role === 'adversary' && !store.readers.has(reader.view.id)) {
    for (const item of delivered) {
      const original = retrieved.find((r) => r.id === item.id) ?? item;
      ctx.leaks.scan(original.text, { round, to: reader.view.id, id: item.id, channel: 'memory', sink: 'memory', external: true }, buffer.events);
    }
  }
  buffer.events.push({
    type: 'memory-read',
    round,
    agent: reader.view.id,
    store: store.name,
    retrieved: retrieved.map((item) => item.id),
    delivered: delivered.map((item) => item.id),
    malicious,
  });
  return delivered;
}

/** After the policies acted: the buffered read events and deferred quarantines, in agent order. */
export function flushReads(ctx: RunContext, buffers: readonly ReadBuffer[], round: number): void {
  for (const buffer of buffers) {
    for (const event of buffer.events) ctx.events.push(event);
    for (const q of ctx.pipeline.applyQuarantines(buffer.quarantines)) {
      ctx.events.push({ type: 'agent-quarantine', round, agent: q.agent, guard: q.guard, reason: q.reason });
    }
  }
}
