/**
 * Card verification on discovery: what the gateway checks before it serves an agent's card to a caller.
 * A route's `card` policy names the signers it trusts and, once the card was reviewed, the digest it
 * approved: an unsigned card or one no trusted key signed is `CARD_INVALID`, any other card than the approved
 * one `CARD_DRIFT` (re-approve with `masec keys verify-card`, which prints the digest).
 */
import { z } from 'zod';
import { checkCardDrift, verifyCard } from './agent-card.js';

export const CardPolicySchema = z.strictObject({
  trusted: z
    .array(z.string().regex(/^did:key:z[1-9A-HJ-NP-Za-km-z]+$/, 'an Ed25519 did:key'))
    .min(1)
    .optional()
    .describe('signers whose card signatures are accepted; absent: any valid did:key signature'),
  approved: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'sha256: and 64 hex digits')
    .optional()
    .describe('the digest of the approved card (masec keys verify-card prints it); any other card is CARD_DRIFT'),
});
export type CardPolicy = z.infer<typeof CardPolicySchema>;

/** Throws a ShieldRejection (CARD_INVALID, CARD_DRIFT) unless `card` passes `policy`. */
export async function checkCard(card: unknown, policy: CardPolicy): Promise<void> {
  const trusted = policy.trusted === undefined ? undefined : new Set(policy.trusted);
  await verifyCard(card, trusted === undefined ? {} : { trusted: (did) => trusted.has(did) });
  if (policy.approved !== undefined) await checkCardDrift(card, policy.approved);
}
