/**
 * Two claims of docs/threats/disinformation.md, each over seeds 1-8 with 95% confidence intervals:
 *
 * 1. The topology ordering of `disinformation` depends on the belief-update rule. Under the built-in
 *    persuasion rule (simple contagion) the complete graph ends more misinformed than the chain, as NetSafe
 *    reports; under a weighted majority (argumentWeight 3, complex contagion) the ordering reverses.
 * 2. Isolation is a security–security trade-off: on the same cycle, detector + edge-pruning contains the
 *    email worm, but in a network that cross-checks (neighbours' plain answers correct a convinced agent)
 *    it leaves more agents misinformed at the end of an outside campaign than no defense, because the agents
 *    it cuts off hear no correction (their recovery from the peak drops).
 * The measured values are in the doc; the assertions compare intervals only.
 */
import { describe, expect, it } from 'vitest';
import { type Summary, loadScenarioFile, summarize } from '@masec/runner';
import { createRegistries, runScenario } from '@masec/sim';
import type { Arm } from '@masec/spec';

const SEEDS = Array.from({ length: 8 }, (_, i) => i + 1);
const registries = createRegistries();

/** Every metric of one arm of a built-in scenario (with overrides) over the seeds, summarised. */
async function measure(name: string, overrides: string[], arm: Arm | string): Promise<Record<string, Summary>> {
  const { scenario } = loadScenarioFile(name, overrides);
  const chosen = typeof arm === 'string' ? arm : arm.name;
  const withArm = typeof arm === 'string' ? scenario : { ...scenario, arms: [arm] };
  const values: Record<string, (number | null)[]> = {};
  for (const seed of SEEDS) {
    const { metrics } = await runScenario(withArm, { seed, arm: chosen, registries });
    for (const [id, value] of Object.entries(metrics)) (values[id] ??= []).push(value);
  }
  return Object.fromEntries(Object.entries(values).map(([id, v]) => [id, summarize(v)]));
}

async function metric(name: string, overrides: string[], arm: Arm | string, id: string): Promise<Summary> {
  const summary = (await measure(name, overrides, arm))[id];
  if (summary === undefined) throw new Error(`${name} reports no metric ${id}`);
  return summary;
}

describe('disinformation topology sweep: the ordering follows the belief-update rule', () => {
  const chain = 'topology={kind: chain}';
  const complete = 'topology={kind: complete}';
  const majority = ['agents.policy.config.rule=majority', 'agents.policy.config.argumentWeight=3'];

  it('persuasion (built-in): the complete graph ends more misinformed than the chain (chain.hi < complete.lo)', async () => {
    const onChain = await metric('disinformation', [chain], 'none', 'misinformed-fraction');
    const onComplete = await metric('disinformation', [complete], 'none', 'misinformed-fraction');
    expect(onChain.hi!).toBeLessThan(onComplete.lo!);
  });

  it('weighted majority: the ordering reverses, the chain ends more misinformed (complete.hi < chain.lo)', async () => {
    const onChain = await metric('disinformation', [chain, ...majority], 'none', 'misinformed-fraction');
    const onComplete = await metric('disinformation', [complete, ...majority], 'none', 'misinformed-fraction');
    expect(onComplete.hi!).toBeLessThan(onChain.lo!);
  });
});

describe('isolation trade-off on a cycle of 30: detector + edge-pruning against worm and disinformation', () => {
  const pruning = loadScenarioFile('disinformation').scenario.arms?.find((a) => a.name === 'detector-pruning') as Arm;
  const none: Arm = { name: 'none', defenses: [] };
  const cycle = 'topology={kind: ring, k: 1}';

  it('edge-pruning contains the worm: infected-fraction pruning.hi < none.lo', async () => {
    const worm = ['agents.count=30', 'rounds=30', cycle];
    const open = await metric('worm-email', worm, none, 'infected-fraction');
    const pruned = await metric('worm-email', worm, pruning, 'infected-fraction');
    expect(pruned.hi!).toBeLessThan(open.lo!);
  });

  it('in a cross-checking network edge-pruning leaves more agents misinformed and freezes recovery', async () => {
    const campaign = [
      cycle,
      'threats[0].config.entry=outside',
      'threats[0].config.reach=sample',
      'threats[0].config.targets=3',
      'threats[0].config.attackRounds=15',
      'agents.policy.config.correction=0.5',
    ];
    const open = await measure('disinformation', campaign, 'none');
    const pruned = await measure('disinformation', campaign, 'detector-pruning');
    expect(pruned['misinformed-fraction']!.lo!).toBeGreaterThan(open['misinformed-fraction']!.hi!);
    const openRecovery = open['misinformed-recovery']!;
    const prunedRecovery = pruned['misinformed-recovery']!;
    expect(prunedRecovery.hi!).toBeLessThan(openRecovery.lo!);
  });
});
