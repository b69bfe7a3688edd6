/**
 * How services talk (the `service` policy and the `cascading-failure` threat), and which way dependencies
 * point in the topology.
 *
 * **Calls and replies.** Every message that reaches a service and is not a reply is a call it must serve.
 * A reply carries a data part `{ status: 'ok' | 'error', re, req?, reason? }`: `re` is the id of the call
 * envelope it answers, `req` the caller's own request id (echoed), `reason` why it failed. This is also the
 * protocol the `circuit-breaker` defense reads on the `deliver` hook: a delivered envelope whose data part
 * says `status: 'error'` is a failure of the edge from its recipient (the caller) to its sender (the callee).
 *
 * An `ok` reply answers the caller's task: its `inReplyTo` is the first attempt's envelope id, so the
 * engine logs `task-complete` when it arrives. An `error` reply has no `inReplyTo` (an error does not
 * complete a task); a retry carries the task id in its data, so that the reply to a successful retry
 * completes the original task.
 *
 * **Dependencies.** The message engine names benign agents `a0` … `a<n-1>` in index order. A service
 * depends on its neighbours with a lower index (its *providers*) and serves those with a higher index (its
 * *dependants*). In a tree that is the parent; in a Barabási–Albert graph, the `m` older nodes a node
 * attached to, which preferential attachment makes hubs. `a0` depends on nothing.
 */
import type { AgentId, Envelope } from '@masec/spec';

export type ReplyStatus = 'ok' | 'error';
export type FailureReason = 'overloaded' | 'down' | 'dependency';

export interface ReplyData {
  status: ReplyStatus;
  /** Envelope id of the call answered. */
  re: string;
  /** The caller's request id, echoed (absent when the call carried none). */
  req?: string;
  reason?: FailureReason;
}

/** What a caller puts in a call's data part. */
export interface CallData {
  /** The caller's request id (one per task; a retry reuses it). */
  req: string;
  /** 0 for the first attempt, 1 for the first retry... */
  attempt: number;
  /** Envelope id of the first attempt (the task), on retries. */
  task?: string;
}

function dataOf(envelope: Pick<Envelope, 'parts'>): Record<string, unknown> | undefined {
  for (const part of envelope.parts) if (part.kind === 'data') return part.data;
  return undefined;
}

/** The reply status an envelope carries, or undefined when it is not a reply (a call). */
export function replyOf(envelope: Pick<Envelope, 'parts'>): ReplyData | undefined {
  const data = dataOf(envelope);
  if (data === undefined || (data.status !== 'ok' && data.status !== 'error') || typeof data.re !== 'string') return undefined;
  return data as unknown as ReplyData;
}

export function callOf(envelope: Pick<Envelope, 'parts'>): CallData | undefined {
  const data = dataOf(envelope);
  if (data === undefined || typeof data.req !== 'string' || typeof data.attempt !== 'number') return undefined;
  return data as unknown as CallData;
}

/** The index of a benign agent id `a<n>`; undefined for any other id (adversaries added by threats). */
export function agentIndex(id: AgentId): number | undefined {
  const match = /^a(\d+)$/.exec(id);
  return match === null ? undefined : Number(match[1]);
}

/** A service's providers (contacts with a lower index) and dependants (a higher index). */
export function dependencies(self: number, contacts: readonly AgentId[]): { providers: AgentId[]; dependants: AgentId[] } {
  const providers: AgentId[] = [];
  const dependants: AgentId[] = [];
  for (const id of contacts) {
    const index = agentIndex(id);
    if (index === undefined || index === self) continue;
    (index < self ? providers : dependants).push(id);
  }
  return { providers, dependants };
}
