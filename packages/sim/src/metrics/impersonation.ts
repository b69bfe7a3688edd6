/**
 * Metrics of the `impersonation` threat: of the forged, replayed and tampered envelopes the attacker put on
 * the network, the share delivered (accepted by the recipient's side), overall and per variant.
 */
import type { EventLogView, MetricDefinition } from '@masec/spec';

export const IMPERSONATION_VARIANTS = ['forged', 'replayed', 'tampered'] as const;
export type ImpersonationVariant = (typeof IMPERSONATION_VARIANTS)[number];

export interface AcceptanceTally {
  sent: Record<string, number>;
  accepted: Record<string, number>;
}

export function tallyAcceptance(log: EventLogView): AcceptanceTally {
  const variantOf = new Map<string, string>();
  const tally: AcceptanceTally = { sent: {}, accepted: {} };
  for (const event of log.events) {
    if (event.type === 'message-send' && event.threat === 'impersonation') {
      const variant = event.variant ?? 'unknown';
      variantOf.set(event.id, variant);
      tally.sent[variant] = (tally.sent[variant] ?? 0) + 1;
    } else if (event.type === 'message-deliver') {
      const variant = variantOf.get(event.id);
      if (variant !== undefined) tally.accepted[variant] = (tally.accepted[variant] ?? 0) + 1;
    }
  }
  return tally;
}

function sum(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

/** Accepted over sent, for one variant or all; null when none was sent. */
export function acceptanceRate(tally: AcceptanceTally, variant?: string): number | null {
  const sent = variant === undefined ? sum(tally.sent) : (tally.sent[variant] ?? 0);
  const accepted = variant === undefined ? sum(tally.accepted) : (tally.accepted[variant] ?? 0);
  return sent === 0 ? null : accepted / sent;
}

export const impersonationAccepted: MetricDefinition = {
  id: 'impersonation-accepted',
  specVersion: 'v1',
  label: 'spoofed accepted',
  description: 'Share of forged, replayed and tampered envelopes the recipients accepted',
  unit: 'fraction',
  better: 'lower',
  reduce: (log) => acceptanceRate(tallyAcceptance(log)),
};

const perVariant = IMPERSONATION_VARIANTS.map(
  (variant): MetricDefinition => ({
    id: `accepted-${variant}`,
    specVersion: 'v1',
    label: `${variant} accepted`,
    description: `Share of ${variant} envelopes the recipients accepted`,
    unit: 'fraction',
    better: 'lower',
    reduce: (log) => acceptanceRate(tallyAcceptance(log), variant),
  }),
);

export const IMPERSONATION_METRICS: readonly MetricDefinition[] = [impersonationAccepted, ...perVariant];
