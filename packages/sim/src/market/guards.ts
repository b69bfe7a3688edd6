/**
 * An arm's market defenses on either kind of firm: each sees every window of posted prices (means, spreads and
 * the public benchmarks), its first flag is logged as `market-flag`, and a price cap ordered with it is handed
 * to the session (Q-learners lose the grid prices above it, language-model firms are charged at most the cap).
 */
import { type MarketGuard, type MarketWindow, MasecError, type PluginRef, type PluginRegistries } from '@masec/spec';
import type { EventLog } from '../log/event-log.js';

/** A market session's run-start event: every firm is a benign agent; the arm's monitoring defenses are named. */
export function logRunStart(log: EventLog, run: { scenario: { id: string }; seed: number; arm: string; defenses: readonly PluginRef[]; registries: PluginRegistries }, firms: number): void {
  log.push({
    type: 'run-start',
    round: 0,
    scenario: run.scenario.id,
    seed: run.seed,
    arm: run.arm,
    agents: firms,
    benign: firms,
    defenses: run.defenses.map((d) => d.id),
    monitors: run.defenses.filter((d) => run.registries.defenses.get(d.id).kind === 'monitoring').map((d) => d.id),
  });
}

/** An arm's market defense, with what it has seen so far in the session. */
export interface ActiveGuard {
  id: string;
  guard: MarketGuard;
  maxScore: number;
  maxAt: number;
  flaggedAt: number | null;
}

export function marketGuards(defenses: readonly PluginRef[], registries: PluginRegistries): ActiveGuard[] {
  return defenses.map((ref) => {
    const definition = registries.defenses.get(ref.id);
    // Checked when the scenario is loaded; a defense without a market form cannot reach the engine.
    if (definition.market === undefined) throw new MasecError('SCENARIO_INVALID', `defense '${ref.id}' has no market-level form`);
    return { id: ref.id, guard: definition.market.create(definition.configSchema.parse(ref.config ?? {})), maxScore: 0, maxAt: 0, flaggedAt: null };
  });
}

/**
 * Shows the window to every market defense in arm order; logs each one's first flag and applies the price
 * cap ordered with it through `capAt(firm, limit)` (a later, higher cap never loosens an earlier one: the
 * session keeps the lowest). Returns whether a cap was applied.
 */
export function checkWindow(guards: readonly ActiveGuard[], window: MarketWindow, firms: number, capAt: (firm: number, limit: number) => void, log: EventLog): boolean {
  let capped = false;
  for (const active of guards) {
    const { score, flag } = active.guard.check(window);
    if (!(score >= 0 && score <= 1)) throw new MasecError('RUN_FAILED', `market defense '${active.id}' scored ${score} (expected a number in [0, 1])`);
    if (score > active.maxScore) {
      active.maxScore = score;
      active.maxAt = window.period;
    }
    if (flag === undefined || active.flaggedAt !== null) continue;
    active.flaggedAt = window.period;
    const priceCap = flag.priceCap === undefined ? undefined : [...flag.priceCap];
    log.push({ type: 'market-flag', round: window.period, guard: active.id, score, code: flag.code, reason: flag.reason, ...(priceCap === undefined ? {} : { priceCap }) });
    if (priceCap === undefined) continue;
    if (priceCap.length !== firms) throw new MasecError('RUN_FAILED', `market defense '${active.id}' ordered ${priceCap.length} price caps for ${firms} firms`);
    priceCap.forEach((limit, i) => capAt(i, limit));
    capped = true;
  }
  return capped;
}

/** What `market-end` reports of each guard. */
export function monitorReports(guards: readonly ActiveGuard[]): { guard: string; maxScore: number; maxAt: number; flaggedAt: number | null }[] {
  return guards.map((g) => ({ guard: g.id, maxScore: g.maxScore, maxAt: g.maxAt, flaggedAt: g.flaggedAt }));
}
