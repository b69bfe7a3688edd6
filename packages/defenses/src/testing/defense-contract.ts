/**
 * The contract every defense must meet, as a reusable vitest suite: `runDefenseContract(definition, cases)`.
 * Built-in defenses run it from their own test files; third-party defenses can run it too.
 */
import { describe, expect, it } from 'vitest';
import { type DefenseDefinition, type Envelope, HOOKS, type Verdict } from '@masec/spec';
import { servicesFor } from './services.js';
import { OPEN_WORLD, ShieldPipeline } from '../pipeline/pipeline.js';
import { deepFreeze } from './envelopes.js';

export interface DefenseContractCases {
  /** Envelopes the defense should deliver (possibly rewritten) with default config. */
  benign: Envelope[];
  /** Config used for the contract (default: `{}`, i.e. the schema defaults). */
  config?: unknown;
}

export function runDefenseContract(definition: DefenseDefinition<unknown>, cases: DefenseContractCases): void {
  describe(`defense contract: ${definition.id}`, () => {
    const config = definition.configSchema.parse(cases.config ?? {});

    it('is plain registry data with a kebab-case id, v1 spec, targets and known hooks', () => {
      expect(definition.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(definition.specVersion).toBe('v1');
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.targets.length).toBeGreaterThan(0);
      // Only a defense that acts at setup (a fleet facet) may have no hook at all.
      if (definition.fleet === undefined) expect(definition.hooks.length).toBeGreaterThan(0);
      for (const hook of definition.hooks) expect(HOOKS).toContain(hook);
      expect(definition.cost.utility.length).toBeGreaterThan(0);
    });

    it('creates a guard with the same id and hooks', () => {
      const guard = definition.create(config, servicesFor(definition) as never);
      expect(guard.id).toBe(definition.id);
      expect([...guard.hooks].sort()).toEqual([...definition.hooks].sort());
    });

    it('rejects configs its schema does not allow', () => {
      expect(definition.configSchema.safeParse({ notAField: 1 }).success).toBe(false);
    });

    it('returns a verdict for benign envelopes, never mutates them, and is deterministic', async () => {
      for (const hook of definition.hooks) {
        const verdicts: Verdict[] = [];
        for (let attempt = 0; attempt < 2; attempt++) {
          const services = servicesFor(definition);
          const pipeline = new ShieldPipeline([definition.create(config, services as never)], { clock: services.clock });
          for (const envelope of cases.benign) {
            const frozen = deepFreeze(JSON.parse(JSON.stringify(envelope)) as Envelope);
            const outcome = await pipeline.process(frozen, hook);
            expect(['deliver', 'block']).toContain(outcome.verdict.action);
            expect(frozen).toEqual(envelope);
            verdicts.push(outcome.verdict);
          }
        }
        const half = verdicts.length / 2;
        expect(verdicts.slice(half)).toEqual(verdicts.slice(0, half));
      }
    });

    if (definition.fleet !== undefined) {
      it('a fleet facet gives named variants to fractions in [0, 1] that sum to at most 1', () => {
        const shares = definition.fleet?.variants(config) ?? [];
        for (const share of shares) {
          expect(share.variant).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
          expect(share.variant).not.toBe('default');
          expect(share.fraction).toBeGreaterThanOrEqual(0);
          expect(share.fraction).toBeLessThanOrEqual(1);
        }
        expect(shares.reduce((sum, s) => sum + s.fraction, 0)).toBeLessThanOrEqual(1);
      });
    }
    // Only monitors have a scoring form; a defense without one has nothing to check here (not a skipped case).
    const scoreAll = definition.scoreAll;
    if (scoreAll !== undefined) {
      it('its scoreAll config is valid for its schema, is a monitor\'s, and never blocks benign envelopes', async () => {
        expect(definition.kind).toBe('monitoring');
        const scoring = definition.configSchema.parse(scoreAll(config));
        for (const hook of definition.hooks) {
          const services = servicesFor(definition);
          const pipeline = new ShieldPipeline([definition.create(scoring, services as never)], { clock: services.clock });
          for (const envelope of cases.benign) {
            const outcome = await pipeline.process(envelope, hook);
            expect(outcome.verdict.action).toBe('deliver');
            for (const flag of outcome.flags) expect(flag.score).toBeGreaterThan(0);
          }
        }
      });
    }

    it('calls next at most once', async () => {
      const services = servicesFor(definition);
      const guard = definition.create(config, services as never);
      for (const hook of definition.hooks) {
        for (const envelope of cases.benign) {
          let calls = 0;
          const ctx = {
            hook,
            world: OPEN_WORLD,
            now: 0,
            clock: services.clock,
            flags: [],
            flag: () => undefined,
            noteTransform: () => undefined,
            isQuarantined: () => false,
            quarantine: () => undefined,
          };
          await guard.handle(envelope, ctx, async (e) => {
            calls++;
            return { action: 'deliver', envelope: e };
          });
          expect(calls).toBeLessThanOrEqual(1);
        }
      }
    });
  });
}
