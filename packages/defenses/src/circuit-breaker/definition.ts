/**
 * `circuit-breaker`: one breaker per directed edge (caller → callee), as a service mesh runs them (Nygard,
 * *Release It!*; Envoy's outlier detection). After `failures` failed calls within `window` rounds the
 * breaker *opens*: calls on that edge are blocked for `cooldown` rounds. Then it *half-opens*: `probes`
 * calls go through; an `ok` reply closes it, a failure opens it again.
 *
 * What counts as a failure, seen on the `deliver` hook:
 *  - a reply whose data part says `status: 'error'` (the reply-status protocol below), from the callee to
 *    the caller;
 *  - with `timeoutRounds` > 0, a call that got no reply within that many rounds (matched by the reply's
 *    `re`, or its `inReplyTo`);
 *  - with `flagScore` set, a reply that an earlier `deliver` guard flagged at that score or more (a
 *    monitor's overload signal).
 * A reply whose data part says `status: 'ok'` is a success. Calls are every envelope that is not a reply
 * (no `status` in its data part and no `inReplyTo`); replies are never blocked.
 *
 * Reply-status protocol: a reply carries a data part `{ status: 'ok' | 'error', re: <id of the call
 * envelope> }`. The `service` policy speaks it; any agent framework can (an HTTP gateway would map 5xx to
 * `error`).
 *
 * Cost: benign calls refused while a breaker is open or half-open (`benign-blocked`), and the tasks they
 * belonged to (`benign-task-completion`).
 */
import { z } from 'zod';
import { type AgentId, type DefenseDefinition, type Envelope, type Flag, block } from '@masec/spec';

export const CircuitBreakerConfigSchema = z.strictObject({
  failures: z.number().int().min(1).default(3).describe('failed calls within the window that open the breaker of an edge'),
  window: z.number().int().min(1).default(3).describe('rounds over which failures are counted'),
  cooldown: z.number().int().min(1).default(2).describe('rounds an open breaker blocks calls before it half-opens'),
  probes: z.number().int().min(1).default(1).describe('calls a half-open breaker lets through to test the callee'),
  timeoutRounds: z.number().int().min(0).default(0).describe('a call with no reply after this many rounds is a failure (0: timeouts are not tracked)'),
  flagScore: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('when set, a reply an earlier deliver guard flagged at this score or more counts as a failure'),
});
export type CircuitBreakerConfig = z.infer<typeof CircuitBreakerConfigSchema>;

type BreakerState = 'closed' | 'open' | 'half-open';

interface Breaker {
  state: BreakerState;
  /** Rounds of recent failures (closed state). */
  failures: number[];
  openedAt: number;
  probesSent: number;
  probeRound: number;
}

interface Outstanding {
  edge: string;
  round: number;
}

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
  hooks: ['send', 'deliver'],
  configSchema: CircuitBreakerConfigSchema,
  cost: { utility: 'benign calls refused while a breaker is open or half-open, and the tasks they belonged to', rewritesContent: false },
  create(config) {
    const breakers = new Map<string, Breaker>();
    const outstanding = new Map<string, Outstanding>();
    const breakerOf = (edge: string): Breaker => {
      let b = breakers.get(edge);
      if (b === undefined) {
        b = { state: 'closed', failures: [], openedAt: 0, probesSent: 0, probeRound: 0 };
        breakers.set(edge, b);
      }
      return b;
    };
    const open = (b: Breaker, round: number): void => {
      [b.state, b.openedAt, b.failures, b.probesSent] = ['open', round, [], 0];
    };
    const fail = (edge: string, round: number): void => {
      const b = breakerOf(edge);
      if (b.state === 'half-open') return open(b, round);
      if (b.state === 'open') return;
      b.failures = b.failures.filter((r) => r > round - config.window);
      b.failures.push(round);
      if (b.failures.length >= config.failures) open(b, round);
    };
    const succeed = (edge: string): void => {
      const b = breakers.get(edge);
      if (b !== undefined && b.state === 'half-open') [b.state, b.failures] = ['closed', []];
    };
    /** Calls older than the timeout with no reply fail (they were recorded in round order). */
    const expire = (round: number): void => {
      if (config.timeoutRounds === 0) return;
      for (const [id, call] of outstanding) {
        if (round - call.round < config.timeoutRounds) break;
        outstanding.delete(id);
        fail(call.edge, round);
      }
    };
    const strongFlag = (flags: readonly Flag[]): boolean => config.flagScore !== undefined && flags.some((f) => f.score >= (config.flagScore as number));

    return {
      id: 'circuit-breaker',
      hooks: ['send', 'deliver'],
      async handle(envelope, ctx, next) {
        expire(ctx.now);
        const status = statusOf(envelope);
        const isReply = status !== undefined || envelope.inReplyTo !== undefined;
        if (ctx.hook === 'deliver') {
          if (!isReply) return next(envelope);
          const edge = edgeKey(envelope.to, envelope.from);
          const re = answered(envelope);
          if (re !== undefined) outstanding.delete(re);
          if (status === 'error' || strongFlag(ctx.flags)) fail(edge, ctx.now);
          else if (status === 'ok') succeed(edge);
          return next(envelope);
        }
        if (isReply) return next(envelope);
        const edge = edgeKey(envelope.from, envelope.to);
        const b = breakers.get(edge);
        if (b !== undefined && b.state === 'open' && ctx.now - b.openedAt >= config.cooldown) [b.state, b.probesSent] = ['half-open', 0];
        if (b !== undefined && b.state === 'half-open') {
          // A probe whose answer never came (lost, or not tracked) is replaced after another cool-down.
          if (b.probesSent >= config.probes && ctx.now - b.probeRound >= config.cooldown) b.probesSent = 0;
          if (b.probesSent < config.probes) {
            b.probesSent++;
            b.probeRound = ctx.now;
          } else return block('circuit-breaker', 'CIRCUIT_OPEN', `circuit half-open: ${edge} (probe in flight)`);
        } else if (b !== undefined && b.state === 'open') {
          return block('circuit-breaker', 'CIRCUIT_OPEN', `circuit open: ${edge} since round ${b.openedAt}`);
        }
        const verdict = await next(envelope);
        if (verdict.action === 'deliver' && config.timeoutRounds > 0) outstanding.set(envelope.id, { edge, round: ctx.now });
        return verdict;
      },
    };
  },
};
