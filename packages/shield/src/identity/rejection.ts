/**
 * What identity, signature and token checks refuse with: a verdict code the gateway answers the peer with
 * (in its protocol's error shape, ADR 0016) and a reason for people. Checks throw it; the gateway's
 * authentication step turns it into a block verdict and an audit record.
 */
import { type BlockVerdict, type VerdictCode, block } from '@masec/spec';

export class ShieldRejection extends Error {
  readonly code: VerdictCode;
  /** The check that refused: `signed-messages`, `agent-cards`, `capability-tokens`, `tool-pinning`. */
  readonly guard: string;
  constructor(guard: string, code: VerdictCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShieldRejection';
    this.code = code;
    this.guard = guard;
  }

  /** The block verdict a guard or the gateway returns for this refusal. */
  toVerdict(): BlockVerdict {
    return block(this.guard, this.code, this.message);
  }
}

export function isShieldRejection(value: unknown): value is ShieldRejection {
  return value instanceof Error && value.name === 'ShieldRejection' && typeof (value as { code?: unknown }).code === 'string';
}
