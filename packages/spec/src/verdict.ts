/**
 * What guards decide, with stable codes. A block carries a code callers branch on (the text of `reason` is
 * for people); the gateway turns a block into a `WireError` for the peer, with an HTTP status chosen from the
 * code. Codes are upper snake case; the built-in ones are listed here, and plugins may add their own.
 */
import type { Envelope } from './envelope.js';

/** The built-in verdict codes, with the HTTP status a gateway answers a blocked request with. */
export const VERDICT_CODES = {
  BLOCKED: { status: 403, description: 'blocked by a guard (no more specific code)' },
  QUARANTINED: { status: 403, description: 'the sender is quarantined' },
  INJECTION_DETECTED: { status: 422, description: 'content carries an instruction aimed at the reading model' },
  SECRET_DETECTED: { status: 422, description: 'content carries a secret or personal data' },
  SPREAD_DETECTED: { status: 422, description: 'content is spreading from agent to agent' },
  COVERT_CHANNEL: { status: 422, description: 'content appears to carry a hidden (steganographic) message' },
  COORDINATION_DETECTED: { status: 429, description: 'near-identical content from many senders at once (a swarm)' },
  COMPOSITE_DETECTED: { status: 422, description: 'requests that together reveal the parts of a harmful whole' },
  LABEL_FLOW_DENIED: { status: 403, description: 'the content\u2019s labels may not flow to this recipient or drive this action' },
  PARTITION_DENIED: { status: 403, description: 'a read across memory partitions without a capability' },
  CHANNEL_DENIED: { status: 403, description: 'the sender may not address this recipient' },
  FANOUT_EXCEEDED: { status: 429, description: 'the sender addressed more recipients than allowed' },
  BANDWIDTH_EXCEEDED: { status: 429, description: 'the sender sent more than allowed' },
  RATE_LIMITED: { status: 429, description: 'over a rate limit' },
  EDGE_PRUNED: { status: 403, description: 'the edge between sender and recipient was cut' },
  CIRCUIT_OPEN: { status: 503, description: 'the circuit breaker of this edge is open' },
  UNKNOWN_RECIPIENT: { status: 404, description: 'no such recipient' },
  TOOL_NOT_OFFERED: { status: 404, description: 'the tool is not offered to this agent' },
  TOOL_CHANGED: { status: 409, description: 'the tool definition changed since it was approved' },
  SIGNATURE_INVALID: { status: 401, description: 'a missing or invalid signature' },
  REPLAY_DETECTED: { status: 401, description: 'a message seen before (same nonce)' },
  CLOCK_SKEW: { status: 401, description: 'a timestamp outside the allowed skew' },
  TOKEN_INVALID: { status: 401, description: 'a missing, malformed, expired or foreign capability token' },
  WEBHOOK_REFUSED: { status: 403, description: 'a push-notification webhook URL the gateway does not allow (loopback, private, or not listed)' },
  TOKEN_REVOKED: { status: 401, description: 'a capability token one of whose links was revoked before it expired' },
  TOKEN_SCOPE: { status: 403, description: 'the capability token does not cover this call' },
  IDENTITY_UNKNOWN: { status: 401, description: 'the sender\u2019s identity is not registered' },
  CARD_INVALID: { status: 401, description: 'an agent card whose signature does not verify' },
  CARD_DRIFT: { status: 409, description: 'an agent card that changed since it was approved' },
  COLLUSION_SUSPECTED: { status: 403, description: 'prices that look collusive (sustained, stable and far above the competitive level)' },
  IDENTITY_COST_UNPAID: { status: 402, description: 'a new identity without the proof of work (identity cost) the registry asks for' },
  VOUCHES_MISSING: { status: 403, description: 'a new identity without enough vouches from established members' },
  VOUCH_REFUSED: { status: 403, description: 'a vouch from an identity that may not vouch (not established, or its vouch budget spent)' },
} as const satisfies Record<string, { status: number; description: string }>;

export type BuiltinVerdictCode = keyof typeof VERDICT_CODES;
/** A verdict code: a built-in one, or a plugin's own in the same form. */
export type VerdictCode = BuiltinVerdictCode | (string & {});

/** Upper snake case: `RATE_LIMITED`, `MY_PLUGIN_DENIED`. */
export const VERDICT_CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

export function isVerdictCode(value: string): boolean {
  return VERDICT_CODE_PATTERN.test(value);
}

/** A non-terminal signal: the envelope looks suspicious with some score in [0, 1]. */
export interface Flag {
  guard: string;
  score: number;
  reason: string;
  /** What the guard suspects, as a verdict code (`INJECTION_DETECTED`...). */
  code?: VerdictCode;
}

export interface DeliverVerdict {
  action: 'deliver';
  envelope: Envelope;
}

export interface BlockVerdict {
  action: 'block';
  guard: string;
  code: VerdictCode;
  reason: string;
}

/** The outcome for one envelope after the whole pipeline ran. */
export type Verdict = DeliverVerdict | BlockVerdict;

/** A block verdict from `guard` with `code`. */
export function block(guard: string, code: VerdictCode, reason: string): BlockVerdict {
  return { action: 'block', guard, code, reason };
}

/**
 * What the gateway returns to a peer when a guard blocked its request, whatever the protocol: the shield
 * maps it onto A2A's and MCP's own error shapes, keeping `code` in the error's data.
 */
export interface WireError {
  /** The verdict code (stable; peers may branch on it). */
  code: VerdictCode;
  /** HTTP status for an HTTP binding. */
  status: number;
  message: string;
  /** The guard that decided. */
  guard: string;
}

/** The wire error for a block: status from the code's table (403 for codes it does not list). */
export function wireErrorOf(verdict: BlockVerdict): WireError {
  const known = (VERDICT_CODES as Record<string, { status: number } | undefined>)[verdict.code];
  return { code: verdict.code, status: known?.status ?? 403, message: verdict.reason, guard: verdict.guard };
}
