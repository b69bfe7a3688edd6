/**
 * Proof of work as an identity cost (Hashcash, Back 2002; the "identity cost" against Sybil attacks of Douceur
 * 2002): an identity proves it spent about 2^bits hash evaluations by showing a nonce whose hash with its own
 * id starts with `bits` zero bits. Checking costs one evaluation; finding one costs 2^bits on average, and the
 * proof is bound to the id, so it cannot be reused by another identity.
 *
 * The hash is 32-bit FNV-1a followed by MurmurHash3's finaliser: cheap, deterministic and well mixed, which is
 * what a simulated budget needs. It is not a cryptographic hash: a gateway facing real attackers would use
 * SHA-256 (ADR 0080).
 */
import { fmix32, fnv1a } from '../propagation-monitor/minhash.js';

/** The most bits a rule may ask for (2^24 evaluations on average). */
export const MAX_WORK_BITS = 24;

/** Leading zero bits of the work hash of `identity` with `nonce`. */
export function workBits(identity: string, nonce: number): number {
  return Math.clz32(fmix32(fnv1a(`${identity}:${nonce}`)));
}

/** Whether `nonce` proves `bits` bits of work for `identity` (0 bits: any nonce, or none at all). */
export function meetsWork(identity: string, nonce: unknown, bits: number): boolean {
  if (bits <= 0) return true;
  return typeof nonce === 'number' && Number.isSafeInteger(nonce) && nonce >= 0 && workBits(identity, nonce) >= bits;
}

export interface WorkResult {
  /** The first nonce (from 0) that meets the rule; absent when `limit` evaluations found none. */
  nonce?: number;
  /** Hash evaluations spent: the identity cost actually paid. */
  evaluations: number;
}

/** Searches nonces 0, 1, 2, … for `identity` until one meets `bits`, spending at most `limit` evaluations. */
export function solveWork(identity: string, bits: number, limit: number): WorkResult {
  if (bits <= 0) return { nonce: 0, evaluations: 0 };
  for (let nonce = 0; nonce < limit; nonce++) if (workBits(identity, nonce) >= bits) return { nonce, evaluations: nonce + 1 };
  return { evaluations: Math.max(0, limit) };
}
