/**
 * `circuit-breaker`: one breaker per directed edge (caller → callee), as a service mesh runs them (Nygard,
 * *Release It!*; Envoy's outlier detection). After `failures` failed calls within `window` the breaker
 * *opens*: calls on that edge are blocked for `cooldown`. Then it *half-opens*: `probes` calls go through; an
 * `ok` reply closes it, a failure opens it again. Times are in the clock's unit (rounds in the lab,
 * milliseconds in the shield).
 *
 * What counts as a failure, seen on the `deliver` hook:
 *  - a reply whose data part says `status: 'error'` (the reply-status protocol below), from the callee to
 *    the caller;
 *  - with `timeout` > 0, a call that got no reply within that time (matched by the reply's `re`, or its
 *    `inReplyTo`);
 *  - with `flagScore` set, a reply that an earlier `deliver` guard flagged at that score or more (a
 *    monitor's overload signal).
 * A reply with `status: 'ok'`, or without a status (an answer came), is a success; another status is neither. Calls are every envelope that is not a reply
 * (no `status` in its data part and no `inReplyTo`); replies are never blocked.
 *
 * Reply-status protocol: a reply carries a data part `{ status: 'ok' | 'error', re: <id of the call
 * envelope> }`. The `service` policy speaks it; any agent framework can. The shield maps an agent's 5xx
 * answer, and an agent it cannot reach in time, to `error`.
 *
 * With `tools`, tool calls have breakers too: a `tool-call` is a call on the edge caller → tool server (as
 * on `send`), and a `tool-result` a reply to it (as on `deliver`). The shield's MCP routes report a
 * server's 5xx answer to a `tools/call`, or a server it cannot reach, as an `error` reply.
 *
 * Cost: benign calls refused while a breaker is open or half-open (`benign-blocked`), and the tasks they
 * belonged to (`benign-task-completion`).
 *
 * State: a breaker per edge that has failed (`circuit-breaker:breakers`, at most `maxEdges`; a breaker that
 * closes again is dropped) and, with a timeout, the calls awaiting a reply (`circuit-breaker:calls`, at most
 * `maxCalls`; a call is dropped when answered or when it times out, which counts as a failure).
 */
import { z } from 'zod';
import { type AgentId, type DefenseDefinition, type Envelope, type Flag, block } from '@masec/spec';
import { CLOCK_UNIT_NOTE, maxEntriesField, instant } from '../state/bounds.js';

export const CircuitBreakerConfigSchema = z.strictObject({
  failures: z.number().int().min(1).default(3).describe('failed calls within the window that open the breaker of an edge'),
  window: z.number().int().min(1).default(3).describe(`time over which failures are counted, ${CLOCK_UNIT_NOTE}`),
  cooldown: z.number().int().min(1).default(2).describe(`time an open breaker blocks calls before it half-opens, ${CLOCK_UNIT_NOTE}`),
  probes: z.number().int().min(1).default(1).describe('calls a half-open breaker lets through to test the callee'),
  timeout: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(`a call with no reply after this long is a failure, ${CLOCK_UNIT_NOTE} (0: timeouts are not tracked)`),
  flagScore: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('when set, a reply an earlier deliver guard flagged at this score or more counts as a failure'),
  tools: z.boolean().default(false).describe('also break tool calls: tool-call as a call, tool-result as its reply (the shield: MCP tools/call)'),
  maxEdges: maxEntriesField('edges with a breaker', 1_000_000),
  maxCalls: maxEntriesField('calls awaiting a reply (with a timeout)', 1_000_000),
});
export type CircuitBreakerConfig = z.infer<typeof CircuitBreakerConfigSchema>;

type BreakerState = 'closed' | 'open' | 'half-open';

/** A breaker that is not plainly closed (plain data, written back whole, so a shared store sees each change). */
interface Breaker {
  state: BreakerState;
  /** Times of recent failures (closed state); fewer than `failures` of them. */
  failures: number[];
  openedAt: number;
  probesSent: number;
  /** When the last probe went. */
  probeAt: number;
}

interface Outstanding {
  edge: string;
  at: number;
}

const CLOSED: Breaker = { state: 'closed', failures: [], openedAt: 0, probesSent: 0, probeAt: 0 };

function statusOf(envelope: Envelope): string | undefined {
  for (const part of envelope.parts) if (part.kind === 'data' && typeof part.data.status === 'string') return part.data.status;
  return undefined;
}

function answered(envelope: Envelope): string | undefined {
  for (const part of envelope.parts) if (part.kind === 'data' && typeof part.data.re === 'string') return part.data.re;
  return envelope.inReplyTo;
}

const edgeKey = (caller: AgentId, callee: AgentId): string => `${caller}\u2192${callee}`;

export const circuitBreaker: DefenseDefinition<CircuitBreakerConfig> = {
  id: 'circuit-breaker',
  specVersion: 'v1',
  description: 'Per-edge circuit breakers: after repeated failed calls from one agent to another, block its calls for a cool-down, then probe',
  kind: 'containment',
  targets: ['cascading-failure'],
  hooks: ['send', 'deliver', 'tool-call', 'tool-result'],
  configSchema: CircuitBreakerConfigSchema,
  cost: { utility: 'benign calls refused while a breaker is open or half-open, and the tasks they belonged to', rewritesContent: false },
  create(config, services) {
    const breakers = services.state.map<Breaker>('circuit-breaker:breakers', { maxEntries: config.maxEdges });
    const outstanding = services.state.map<Outstanding>('circuit-breaker:calls', { maxEntries: config.maxCalls });
    const opened = (b: Breaker, now: number): Breaker => ({ ...b, state: 'open', openedAt: now, failures: [], probesSent: 0 });
    const fail = (edge: string, now: number): void => {
      const b = breakers.get(edge) ?? CLOSED;
      if (b.state === 'half-open') return breakers.set(edge, opened(b, now));
      if (b.state === 'open') return;
      const failures = [...b.failures.filter((t) => t > now - config.window), now];
      breakers.set(edge, failures.length >= config.failures ? opened(b, now) : { ...b, failures });
    };
    // A breaker that closes is as good as none.
    const succeed = (edge: string): void => {
      if (breakers.get(edge)?.state === 'half-open') breakers.delete(edge);
    };
    /** Calls older than the timeout with no reply fail (they were recorded in time order, oldest first). */
    const expire = (now: number): void => {
      if (config.timeout === 0) return;
      for (const [id, call] of outstanding.entries()) {
        if (now - call.at < config.timeout) break;
        outstanding.delete(id);
        fail(call.edge, now);
      }
    };
    const strongFlag = (flags: readonly Flag[]): boolean => config.flagScore !== undefined && flags.some((f) => f.score >= (config.flagScore as number));

    return {
      id: 'circuit-breaker',
      hooks: config.tools ? ['send', 'deliver', 'tool-call', 'tool-result'] : ['send', 'deliver'],
      async handle(envelope, ctx, next) {
        const now = ctx.now;
        expire(now);
        const status = statusOf(envelope);
        const isReply = status !== undefined || envelope.inReplyTo !== undefined;
        if (ctx.hook === 'deliver' || ctx.hook === 'tool-result') {
          if (!isReply) return next(envelope);
          const edge = edgeKey(envelope.to, envelope.from);
          const re = answered(envelope);
          if (re !== undefined) outstanding.delete(re);
          if (status === 'error' || strongFlag(ctx.flags)) fail(edge, now);
          else if (status === undefined || status === 'ok') succeed(edge);
          return next(envelope);
        }
        if (isReply) return next(envelope);
        const edge = edgeKey(envelope.from, envelope.to);
        const stored = breakers.get(edge);
        if (stored !== undefined && stored.state !== 'closed') {
          const b = { ...stored };
          if (b.state === 'open' && now - b.openedAt >= config.cooldown) [b.state, b.probesSent] = ['half-open', 0];
          if (b.state === 'open') return block('circuit-breaker', 'CIRCUIT_OPEN', `circuit open: ${edge} since ${instant(b.openedAt, ctx.clock.unit)}`);
          // Half-open. A probe whose answer never came (lost, or not tracked) is replaced after another cool-down.
          if (b.probesSent >= config.probes && now - b.probeAt >= config.cooldown) b.probesSent = 0;
          const probe = b.probesSent < config.probes;
          if (probe) [b.probesSent, b.probeAt] = [b.probesSent + 1, now];
          breakers.set(edge, b);
          if (!probe) return block('circuit-breaker', 'CIRCUIT_OPEN', `circuit half-open: ${edge} (probe in flight)`);
        }
        const verdict = await next(envelope);
        if (verdict.action === 'deliver' && config.timeout > 0) outstanding.set(envelope.id, { edge, at: now });
        return verdict;
      },
    };
  },
};
