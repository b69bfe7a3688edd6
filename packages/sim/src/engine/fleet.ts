/**
 * Defenses that change the make-up of the fleet (`diversity`) act at setup, not on a hook: before policies
 * are created, each variant share they declare goes to randomly chosen benign agents (`AgentView.variant`),
 * which the policies read. The choice comes from its own stream (`fleet`), so it does not disturb any other
 * draw, and the same seed picks the same agents whatever else the arm does (ADR 0009).
 */
import { type DefenseDefinition, MasecError, type Rng, type VariantShare } from '@masec/spec';
import { shuffle } from '../random/rng.js';
import type { AgentTable } from './agents.js';

/** The variant shares of an arm's defenses, with the defense each came from. */
export function fleetShares(definitions: readonly DefenseDefinition<unknown>[], configs: readonly unknown[]): { defense: string; share: VariantShare }[] {
  const out: { defense: string; share: VariantShare }[] = [];
  definitions.forEach((definition, i) => {
    if (definition.fleet === undefined) return;
    for (const share of definition.fleet.variants(configs[i])) out.push({ defense: definition.id, share });
  });
  return out;
}

export function assignVariants(table: AgentTable, shares: readonly { defense: string; share: VariantShare }[], rng: Rng): void {
  if (shares.length === 0) return;
  let total = 0;
  for (const { defense, share } of shares) {
    if (!(share.fraction >= 0 && share.fraction <= 1)) {
      throw new MasecError('CONFIG_INVALID', `defense '${defense}': variant '${share.variant}' has fraction ${share.fraction}, outside [0, 1]`);
    }
    total += share.fraction;
  }
  if (total > 1 + 1e-9) {
    throw new MasecError('CONFIG_INVALID', `defenses ${[...new Set(shares.map((s) => `'${s.defense}'`))].join(', ')} give variants to ${total} of the agents (more than all)`);
  }
  const benign = shuffle(
    table.states.filter((s) => s.view.role === 'benign'),
    rng,
  );
  let next = 0;
  for (const { share } of shares) {
    const count = Math.round(share.fraction * benign.length);
    for (const state of benign.slice(next, next + count)) state.view = { ...state.view, variant: share.variant };
    next += count;
  }
}
