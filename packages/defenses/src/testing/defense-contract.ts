/**
 * The contract every defense must meet, as a reusable vitest suite: `runDefenseContract(definition, cases)`.
 * Built-in defenses run it from their own test files; third-party defenses can run it too.
 *
 * Besides its shape it checks what a guard must do to run behind the shield for weeks: blocks carry
 * well-formed verdict codes, a monitor's flags carry codes, verdicts depend only on the envelopes and the
 * clock's readings (on a round clock and on a millisecond clock alike), and memory stays flat under a flood of
 * a million envelopes. Every check runs on cases that make it bite: a defense that never flags or blocks
 * says why in `suspicious`, instead of passing the code checks on nothing.
 */
import { describe, expect, it } from 'vitest';
import { type DefenseDefinition, type Envelope, HOOKS, type MarketWindow, isVerdictCode } from '@masec/spec';
import { describeEnvelopeChecks, describeRoundEndChecks } from './contract-checks.js';
import { type SuspiciousCases, benignSteps, runSteps } from './contract-steps.js';
import { floodDefense } from './flood.js';
import { servicesFor } from './services.js';

export type { ContractStep, SuspiciousCases } from './contract-steps.js';

export interface FloodCase {
  /**
   * Config for the flood (default: the contract's). Give bounds small enough (a thousand entries) to fill in
   * the first quarter of the envelopes: growth is measured over the last three quarters.
   */
  config?: unknown;
  /** Envelopes fed (default 10^6). */
  envelopes?: number;
  /** Most heap growth allowed over the last three quarters, in bytes (default 4 MiB: 5 bytes an envelope). */
  slack?: number;
}

export interface DefenseContractCases {
  /** Envelopes the defense should deliver (possibly rewritten) with the contract's config; at least one. */
  benign: Envelope[];
  /**
   * Steps on which it flags or blocks (so that the checks on codes bite), or, for a defense that never
   * does, the reason why (it only rewrites, it acts at round end...).
   */
  suspicious: SuspiciousCases | string;
  /**
   * For benign envelopes whose content pins a time in rounds (a signed send time): why the millisecond-clock
   * comparison cannot apply to them, and where the defense is tested on other units instead. The suspicious
   * steps are still compared.
   */
  benignTimesInRounds?: string;
  /** Config used for the contract (default: `{}`, i.e. the schema defaults). */
  config?: unknown;
  /** How to flood it (default: the contract's config, 10^6 envelopes). */
  flood?: FloodCase;
  /**
   * For a defense on `round-end`: texts of memory items, some of which it acts on (purges, or quarantines
   * their holders) under the contract's config with every item of every agent in view.
   */
  memories?: string[];
}

export function runDefenseContract(definition: DefenseDefinition<unknown>, cases: DefenseContractCases): void {
  describe(`defense contract: ${definition.id}`, () => {
    const config = definition.configSchema.parse(cases.config ?? {});
    const hooks = definition.create(config, servicesFor(definition)).hooks;
    const envelopeHooks = hooks.filter((h) => h !== 'round-end');

    it('is plain registry data with a kebab-case id, v1 spec, targets and known hooks', () => {
      expect(definition.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(definition.specVersion).toBe('v1');
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.targets.length).toBeGreaterThan(0);
      // Only a defense that acts at setup (a fleet facet) or on the market engine may have no hook at all.
      if (definition.fleet === undefined && definition.market === undefined) expect(definition.hooks.length).toBeGreaterThan(0);
      for (const hook of definition.hooks) expect(HOOKS).toContain(hook);
      expect(new Set(definition.hooks).size).toBe(definition.hooks.length);
      expect(definition.cost.utility.length).toBeGreaterThan(0);
    });

    it('creates a guard with the same id, on hooks the definition declares (its config may choose fewer)', () => {
      const guard = definition.create(config, servicesFor(definition));
      expect(guard.id).toBe(definition.id);
      expect(new Set(guard.hooks).size).toBe(guard.hooks.length);
      for (const hook of guard.hooks) expect(definition.hooks).toContain(hook);
      expect(guard.hooks.length > 0).toBe(definition.hooks.length > 0);
      expect(guard.hooks.includes('round-end')).toBe(guard.endRound !== undefined);
    });

    it('rejects configs its schema does not allow', () => {
      expect(definition.configSchema.safeParse({ notAField: 1 }).success).toBe(false);
    });

    if (definition.fleet !== undefined) {
      it('a fleet facet gives named variants to fractions in [0, 1] that sum to at most 1', () => {
        const shares = definition.fleet?.variants(config) ?? [];
        expect(shares.length).toBeGreaterThan(0);
        for (const share of shares) {
          expect(share.variant).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
          expect(share.variant).not.toBe('default');
          expect(share.fraction).toBeGreaterThanOrEqual(0);
          expect(share.fraction).toBeLessThanOrEqual(1);
        }
        expect(shares.reduce((sum, s) => sum + s.fraction, 0)).toBeLessThanOrEqual(1);
      });
    }

    if (definition.market !== undefined) describeMarketChecks(definition, config);

    if (hooks.length === 0) {
      // A defense that acts only at setup or on the market engine has nothing for the envelope checks to run on; say so, checked.
      it('has no hook: no envelope ever reaches its guard, so it keeps no state and decides nothing', () => {
        expect(definition.fleet !== undefined || definition.market !== undefined).toBe(true);
        expect(definition.hooks).toEqual([]);
      });
      return;
    }

    if (envelopeHooks.length > 0) describeEnvelopeChecks(definition, cases, config, envelopeHooks);
    if (hooks.includes('round-end')) describeRoundEndChecks(definition, cases, config);

    const suspicious = cases.suspicious;
    if (typeof suspicious === 'string') {
      // A defense on round-end only is checked by what it does at round end instead.
      if (envelopeHooks.length > 0) {
        it(`never flags or blocks (${suspicious}): benign traffic gets no flag and no block from it`, async () => {
          expect(suspicious.length, 'say why it never flags or blocks').toBeGreaterThan(10);
          const outcomes = await runSteps(definition, config, benignSteps(envelopeHooks, cases.benign));
          for (const o of outcomes) {
            expect(o.verdict.action).toBe('deliver');
            expect(o.flags.filter((f) => f.guard === definition.id)).toEqual([]);
          }
        });
      }
    } else {
      it('on its suspicious steps it flags or blocks, blocks carry a verdict code, and a monitor\u2019s flags carry one', async () => {
        const suspiciousConfig = definition.configSchema.parse(suspicious.config ?? cases.config ?? {});
        const outcomes = await runSteps(definition, suspiciousConfig, suspicious.steps, suspicious);
        const blocks = outcomes.map((o) => o.verdict).filter((v) => v.action === 'block' && v.guard === definition.id);
        const flags = outcomes.flatMap((o) => o.flags.filter((f) => f.guard === definition.id));
        expect(blocks.length + flags.length, 'the suspicious steps must make it flag or block').toBeGreaterThan(0);
        for (const b of blocks) expect(b.action === 'block' && isVerdictCode(b.code), JSON.stringify(b)).toBe(true);
        for (const f of flags) {
          expect(f.score).toBeGreaterThan(0);
          expect(f.score).toBeLessThanOrEqual(1);
          if (definition.kind === 'monitoring') expect(f.code !== undefined && isVerdictCode(f.code), `monitor flag without a code: ${JSON.stringify(f)}`).toBe(true);
        }
        expect(await runSteps(definition, suspiciousConfig, suspicious.steps, suspicious)).toEqual(outcomes);
      });
    }

    // Only monitors have a scoring form; a defense without one has nothing to check here (not a skipped case).
    const scoreAll = definition.scoreAll;
    if (scoreAll !== undefined) {
      it('its scoreAll config is valid for its schema, is a monitor\u2019s, never blocks, and flags what it scores', async () => {
        expect(definition.kind).toBe('monitoring');
        const scoring = definition.configSchema.parse(scoreAll(config));
        const outcomes = await runSteps(definition, scoring, benignSteps(envelopeHooks, cases.benign));
        for (const o of outcomes) {
          expect(o.verdict.action).toBe('deliver');
          for (const flag of o.flags) expect(flag.score).toBeGreaterThan(0);
        }
        if (typeof suspicious !== 'string') {
          const flagged = await runSteps(definition, definition.configSchema.parse(scoreAll(definition.configSchema.parse(suspicious.config ?? cases.config ?? {}))), suspicious.steps, suspicious);
          expect(flagged.every((o) => o.verdict.action === 'deliver' || o.verdict.guard !== definition.id)).toBe(true);
          expect(flagged.some((o) => o.flags.some((f) => f.guard === definition.id))).toBe(true);
        }
      });
    }

    it('keeps its state bounded: heap stays flat while a million envelopes flood it', async () => {
      const flood = cases.flood ?? {};
      const report = await floodDefense(definition, flood.config ?? cases.config ?? {}, flood.envelopes === undefined ? {} : { envelopes: flood.envelopes });
      const slack = flood.slack ?? 4 * 1024 * 1024;
      expect(report.growth, `heap grew ${(report.growth / 1e6).toFixed(1)} MB over the last ${(0.75 * report.envelopes).toLocaleString('en')} envelopes`).toBeLessThan(slack);
    }, 300_000);
  });
}

/** Windows of a two-firm market (Nash 1.47, monopoly 1.93): competitive, exploring, and steady at monopoly. */
function marketWindows(): Record<'competitive' | 'exploring' | 'collusive', MarketWindow> {
  const benchmarks = { period: 100_000, periods: 100_000, nashPrices: [1.47, 1.47], monopolyPrices: [1.93, 1.93] };
  return {
    competitive: { ...benchmarks, mean: [1.47, 1.48], sd: [0, 0.01] },
    exploring: { ...benchmarks, mean: [1.7, 1.7], sd: [0.17, 0.17] },
    collusive: { ...benchmarks, mean: [1.93, 1.93], sd: [0, 0] },
  };
}

/** A defense's market form: scores in [0, 1], decided the same by fresh guards, and a monitor's flags. */
function describeMarketChecks(definition: DefenseDefinition<unknown>, config: unknown): void {
  const facet = definition.market as NonNullable<DefenseDefinition<unknown>['market']>;
  const windows = marketWindows();
  it('its market form scores every window in [0, 1], the same for a fresh guard, with price caps one per firm', () => {
    const run = () => Object.values(windows).map((w) => facet.create(config).check(w));
    const checks = run();
    expect(run()).toEqual(checks);
    for (const check of checks) {
      expect(check.score).toBeGreaterThanOrEqual(0);
      expect(check.score).toBeLessThanOrEqual(1);
      if (check.flag !== undefined) expect(isVerdictCode(check.flag.code), JSON.stringify(check.flag)).toBe(true);
      const cap = check.flag?.priceCap;
      if (cap !== undefined) {
        expect(cap).toHaveLength(2);
        for (const p of cap) expect(Number.isFinite(p)).toBe(true);
      }
    }
  });
  if (definition.kind === 'monitoring') {
    it('as a monitor on the market engine it flags steady monopoly prices with a code, scoring them above competitive ones', () => {
      const guard = facet.create(config);
      const collusive = guard.check(windows.collusive);
      const competitive = facet.create(config).check(windows.competitive);
      expect(collusive.flag, 'steady monopoly prices must be flagged').toBeDefined();
      expect(collusive.score).toBeGreaterThan(competitive.score);
      expect(competitive.flag).toBeUndefined();
    });
  }
}
