/**
 * The defense contract's checks on envelopes (delivery, determinism with the clock) and at round end, for
 * `runDefenseContract`: each is defined only for a defense that has the hooks it exercises, so none passes
 * on nothing.
 */
import { expect, it } from 'vitest';
import { type DefenseDefinition, type Envelope, type GuardContext, type Hook, type MemoryItem, type Verdict } from '@masec/spec';
import { OPEN_WORLD, type RoundEndOutcome, ShieldPipeline } from '../pipeline/pipeline.js';
import { type ContractStep, type Outcome, type SuspiciousCases, atTimes, benignSteps, runSteps } from './contract-steps.js';
import type { DefenseContractCases } from './defense-contract.js';
import { deepFreeze } from './envelopes.js';
import { servicesFor } from './services.js';

/** Delivery of benign envelopes, and determinism with the clock, on the guard's envelope hooks. */
export function describeEnvelopeChecks(definition: DefenseDefinition<unknown>, cases: DefenseContractCases, config: unknown, envelopeHooks: readonly Hook[]): void {
  it('delivers benign envelopes on every hook, never mutates them, and calls next exactly when it delivers', async () => {
    expect(cases.benign.length, 'the contract needs at least one benign envelope').toBeGreaterThan(0);
    const services = servicesFor(definition);
    const guard = definition.create(config, services);
    for (const hook of envelopeHooks) {
      for (const envelope of cases.benign) {
        const frozen = deepFreeze(JSON.parse(JSON.stringify(envelope)) as Envelope);
        let calls = 0;
        const ctx: GuardContext = {
          hook,
          world: OPEN_WORLD,
          now: services.clock.now(),
          clock: services.clock,
          flags: [],
          flag: () => undefined,
          noteTransform: () => undefined,
          isQuarantined: () => false,
          quarantine: () => undefined,
        };
        const verdict: Verdict = await guard.handle(frozen, ctx, async (e) => {
          calls++;
          return { action: 'deliver', envelope: e };
        });
        expect(verdict.action, `${hook}: a benign envelope`).toBe('deliver');
        expect(calls, `${hook}: next calls`).toBe(1);
        expect(frozen).toEqual(envelope);
      }
    }
  });

  it('is deterministic with the clock, and decides the same on a round clock and a millisecond clock', async () => {
    // The benign envelopes one clock unit apart under the contract's config, and the suspicious steps under theirs.
    const runs: { config: unknown; steps: ContractStep[]; options: SuspiciousCases | Record<string, never>; ms: boolean }[] = [
      { config, steps: benignSteps(envelopeHooks, cases.benign).map((s, i) => ({ ...s, at: i })), options: {}, ms: cases.benignTimesInRounds === undefined },
    ];
    if (cases.benignTimesInRounds !== undefined) expect(cases.benignTimesInRounds.length, 'say why, and where other units are tested').toBeGreaterThan(20);
    const suspicious = cases.suspicious;
    if (typeof suspicious !== 'string') runs.push({ config: definition.configSchema.parse(suspicious.config ?? cases.config ?? {}), steps: suspicious.steps, options: suspicious, ms: true });
    const decisions = (outcomes: Outcome[]) => outcomes.map((o) => [o.verdict.action, o.flags.map((f) => [f.guard, f.score, f.code])]);
    for (const run of runs) {
      const first = await runSteps(definition, run.config, run.steps, run.options);
      expect(await runSteps(definition, run.config, run.steps, run.options)).toEqual(first);
      // On a millisecond clock (the shield's) the same steps, as far apart, decide the same: times are relative.
      if (!run.ms) continue;
      const msSteps = atTimes(run.steps).map(({ step, at }) => ({ ...step, at: 1_700_000_000_000 + at }));
      expect(decisions(await runSteps(definition, run.config, msSteps, { ...run.options, clock: 'ms' }))).toEqual(decisions(first));
    }
  });

}

/**
 * At round end: over a few rounds on agents holding the `memories` texts, it acts (purges or quarantines), its
 * purges name items the agent held, and two fresh guards decide the same.
 */
export function describeRoundEndChecks(definition: DefenseDefinition<unknown>, cases: DefenseContractCases, config: unknown): void {
  it('at round end acts on its memories, purges only items agents hold, and decides the same twice', async () => {
    const texts = cases.memories ?? [];
    expect(texts.length, 'a round-end defense\u2019s contract needs `memories`, some of which it acts on').toBeGreaterThan(0);
    const endRounds = async (): Promise<RoundEndOutcome[]> => {
      const services = servicesFor(definition);
      const pipeline = new ShieldPipeline([definition.create(config, services)], { clock: services.clock });
      const agents = ['a1', 'a2'];
      const held = new Map<string, MemoryItem[]>(agents.map((a) => [a, texts.map((text, i) => ({ id: `${a}-${i}`, from: 'x', text, marking: 'none', round: 0 }))]));
      const host = {
        agents,
        memory: (agent: string) => held.get(agent) ?? [],
        purge: (agent: string, ids: readonly string[]) => {
          const before = held.get(agent) ?? [];
          for (const id of ids) expect(before.some((m) => m.id === id), `purged ${id}, which ${agent} does not hold`).toBe(true);
          held.set(agent, before.filter((m) => !ids.includes(m.id)));
          return before.length - (held.get(agent) ?? []).length;
        },
      };
      const outcomes: RoundEndOutcome[] = [];
      for (let round = 0; round < 8; round++) {
        services.clock.set(round);
        outcomes.push(await pipeline.endRound(host));
      }
      return outcomes;
    };
    const first = await endRounds();
    expect(first.some((o) => o.purged.length + o.quarantined.length > 0), 'it acted on none of the memories').toBe(true);
    expect(await endRounds()).toEqual(first);
  });
}
