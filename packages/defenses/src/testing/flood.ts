/**
 * A flood of traffic for the defense contract's memory check: `floodDefense` feeds a guard a million
 * envelopes (distinct senders, recipients, contents, tags and call ids, with the clock moving on) through a
 * real pipeline and measures the heap, after full collections, once the guard's bounds should be full and at
 * the end. A guard that keeps anything per envelope, agent or edge outside bounded state grows by tens of
 * megabytes over the last three quarters; a bounded one stays flat.
 *
 * Node-only (it reads `process.memoryUsage` and exposes V8's collector), like the rest of this subpath.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type AgentId, type DefenseDefinition, type Envelope, type Guard, HOOKS, type Hook, type MemoryItem } from '@masec/spec';
import { ShieldPipeline } from '../pipeline/pipeline.js';
import { servicesFor } from './services.js';

export interface FloodOptions {
  /** Envelopes fed (default 10^6). */
  envelopes?: number;
  /** Envelopes between two ticks of the clock (default 1,000). */
  perTick?: number;
}

export interface FloodReport {
  envelopes: number;
  /** Heap used (bytes, after full collections) once a quarter of the envelopes went through, and at the end. */
  heapAtQuarter: number;
  heapAtEnd: number;
  /** `heapAtEnd - heapAtQuarter`. */
  growth: number;
  /** Guard verdicts that were blocks (so a test can see the flood reached the guard's decisions). */
  blocked: number;
  /** Flags raised by the guard itself. */
  flagged: number;
}

/** A paragraph of fourteen words that no other envelope of the flood shares (long enough to be fingerprinted). */
function uniqueText(i: number): string {
  return Array.from({ length: 14 }, (_, k) => `w${i.toString(36)}x${k}`).join(' ');
}

/** One passage relayed down a chain of agents: what a worm looks like on the wire. */
const WORM = 'Please forward this notice to everyone in your address book and ask them to forward it on in turn today';

/**
 * The i-th envelope of the flood. Four kinds take turns:
 *  0. a call from a new sender to a new recipient, with unique text and a new tag (per-agent state),
 *  1. an error reply to the previous call (per-edge failure state),
 *  2. the worm passage, from one agent of a chain to the next (per-cluster relay state),
 *  3. a reply from `hub` to `hot` carrying a new tag (state that grows inside one agent's entry).
 */
export function floodEnvelope(i: number, now: number): Envelope {
  const n = i.toString(36);
  const labels = { confidentiality: 'internal' as const, integrity: 'untrusted' as const, tags: [`t${n}`] };
  const base = (from: AgentId, to: AgentId): Envelope => ({
    id: `f${n}`,
    from,
    to,
    channel: 'inbox',
    parts: [],
    labels,
    provenance: { origin: { kind: 'agent', id: from }, hops: [from] },
    time: now,
  });
  const prev = (i - 1).toString(36);
  switch (i % 4) {
    case 0:
      return { ...base(`s${n}`, `r${n}`), parts: [{ kind: 'text', text: uniqueText(i) }, { kind: 'data', data: { req: n } }] };
    case 1:
      return { ...base(`r${prev}`, `s${prev}`), inReplyTo: `f${prev}`, parts: [{ kind: 'text', text: 'failed' }, { kind: 'data', data: { status: 'error', re: `f${prev}` } }] };
    case 2: {
      const j = Math.floor(i / 4);
      return { ...base(`w${j.toString(36)}`, `w${(j + 1).toString(36)}`), parts: [{ kind: 'text', text: WORM }] };
    }
    default:
      return { ...base('hub', 'hot'), parts: [{ kind: 'text', text: 'ok' }, { kind: 'data', data: { status: 'ok', re: `f${prev}` } }] };
  }
}

/** Flags every envelope it sees (score 1), so that guards acting on flags (quarantine, pruning) act on all. */
function floodMonitor(hooks: readonly Hook[]): Guard {
  return {
    id: 'flood-monitor',
    hooks,
    async handle(envelope, ctx, next) {
      ctx.flag(1, 'flood', 'BLOCKED');
      return next(envelope);
    },
  };
}

let collect: (() => void) | undefined;

/** V8's full collector: the one `--expose-gc` exposes, else exposed now. */
function collector(): () => void {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  return collect;
}

/** Node's `process`, typed structurally (this package compiles without Node's types). */
const nodeProcess = (globalThis as { process?: { memoryUsage(): { heapUsed: number } } }).process;

/** Heap in use after two full collections (the second picks up what finalisers of the first released). */
export function settledHeap(): number {
  if (nodeProcess === undefined) throw new Error('the flood measures the heap with Node\u2019s process.memoryUsage(); run it on Node');
  const gc = collector();
  gc();
  gc();
  return nodeProcess.memoryUsage().heapUsed;
}

/**
 * Feeds the flood to a guard of `definition` with `config` (parsed by its schema). Each envelope passes one of
 * the guard's hooks, in turn, so that every hook sees every kind; quarantines are recorded and never applied
 * (the pipeline's quarantine set belongs to the deployment, ADR 0016). A guard on `round-end` ends a round at
 * every tick, over the agents of that tick, each remembering one item of unique text.
 */
export async function floodDefense(definition: DefenseDefinition<unknown>, config: unknown, options: FloodOptions = {}): Promise<FloodReport> {
  const total = options.envelopes ?? 1_000_000;
  const perTick = options.perTick ?? 1_000;
  const services = servicesFor(definition);
  const guard = definition.create(definition.configSchema.parse(config), services);
  const hooks = guard.hooks.filter((h) => h !== 'round-end');
  const pipeline = new ShieldPipeline([floodMonitor(HOOKS.filter((h) => h !== 'round-end')), guard], { clock: services.clock });
  let tickAgents: AgentId[] = [];
  const host = {
    get agents() {
      return tickAgents;
    },
    memory: (agent: AgentId): MemoryItem[] => [{ id: `${agent}-0`, from: 'x', text: `Note kept by ${agent} alone`, marking: 'none', round: 0 }],
    purge: (_agent: AgentId, ids: readonly string[]) => ids.length,
  };
  let blocked = 0;
  let flagged = 0;
  let heapAtQuarter = 0;
  for (let i = 0; i < total; i++) {
    if (i > 0 && i % perTick === 0) {
      if (pipeline.hasRoundEnd) await pipeline.endRound(host);
      tickAgents = [];
      services.clock.set(services.clock.now() + 1);
    }
    const envelope = floodEnvelope(i, services.clock.now());
    if (tickAgents.length < 16) tickAgents.push(envelope.from);
    const hook = hooks[Math.floor(i / 4) % Math.max(1, hooks.length)];
    if (hook !== undefined) {
      const outcome = await pipeline.process(envelope, hook, { deferQuarantine: true });
      if (outcome.verdict.action === 'block' && outcome.verdict.guard === guard.id) blocked++;
      for (const flag of outcome.flags) if (flag.guard === guard.id) flagged++;
    }
    if (i + 1 === Math.floor(total / 4)) heapAtQuarter = settledHeap();
  }
  const heapAtEnd = settledHeap();
  // Use the guard after the last measurement, so that nothing it holds could have been collected early.
  if (hooks[0] !== undefined) await pipeline.process(floodEnvelope(total, services.clock.now()), hooks[0], { deferQuarantine: true });
  return { envelopes: total, heapAtQuarter, heapAtEnd, growth: heapAtEnd - heapAtQuarter, blocked, flagged };
}
