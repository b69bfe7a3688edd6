import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '@masec/spec';
import type { RunRecord } from '../store/types.js';
import { objectiveValue, resolveObjectives } from './objectives.js';
import { usageMessage } from '../testing/usage-error.js';

const worm = ScenarioSchema.parse({
  id: 'o',
  rounds: 2,
  agents: { count: 5, policy: { id: 'email-assistant' } },
  topology: { kind: 'ring' },
  threats: [{ id: 'worm' }],
});
const WORM_METRICS = ['infected-fraction', 'time-to-50', 'records-exfiltrated', 'benign-task-completion', 'benign-blocked', 'detector-tpr', 'detector-fpr', 'quarantined-agents'];


describe('trade-off objectives', () => {
  it('defaults for the worm: its primary metric, benign task completion, benign mail blocked, with directions', () => {
    expect(resolveObjectives(worm, WORM_METRICS)).toEqual([
      { role: 'attack', id: 'infected-fraction', label: 'infected', unit: 'fraction', better: 'lower', reason: "primary metric of threat 'worm'" },
      { role: 'utility', id: 'benign-task-completion', label: 'benign tasks done', unit: 'fraction', better: 'higher', reason: 'default benign utility metric' },
      { role: 'cost', id: 'benign-blocked', label: 'benign mail blocked', unit: 'count', better: 'lower', reason: 'default cost to benign traffic metric' },
    ]);
  });

  it('overrides by option, drops a role with none, and accepts the run costs', () => {
    const chosen = resolveObjectives(worm, WORM_METRICS, { attack: 'records-exfiltrated', utility: 'none', cost: 'cost:chars-added' });
    expect(chosen.map((o) => [o.role, o.id, o.better, o.reason])).toEqual([
      ['attack', 'records-exfiltrated', 'lower', '--attack'],
      ['cost', 'cost:chars-added', 'lower', '--cost'],
    ]);
    // Without the defaults' metrics in the runs, the roles without a default fall away.
    expect(resolveObjectives(worm, ['infected-fraction', 'quarantined-agents']).map((o) => o.id)).toEqual(['infected-fraction', 'quarantined-agents']);
  });

  it('refuses unknown metrics, one metric for two roles, and fewer than two objectives', () => {
    expect(usageMessage(() => resolveObjectives(worm, WORM_METRICS, { utility: 'happiness' }))).toMatch(/^--utility happiness: not a metric these runs store; available: infected-fraction, .*cost:guard-micros, cost:chars-added/);
    expect(usageMessage(() => resolveObjectives(worm, WORM_METRICS, { cost: 'infected-fraction' }))).toBe(
      "metric 'infected-fraction' is chosen for two objectives; each of --attack, --utility, --cost needs its own",
    );
    expect(usageMessage(() => resolveObjectives(worm, WORM_METRICS, { utility: 'none', cost: 'none' }))).toBe(
      'a trade-off needs at least two objectives, got attack=infected-fraction; name another with --utility or --cost',
    );
    expect(usageMessage(() => resolveObjectives(worm, ['benign-blocked']))).toMatch(/^no threat metric to use as the attack objective; name one with --attack/);
  });

  it('reads metrics from the run, the guard cost as the sum over guards, and null for undefined values', () => {
    const run = { metrics: { 'infected-fraction': 0.25, 'time-to-50': null }, costs: { guardMicros: { a: 1.5, b: 2 }, charsAdded: 40 } } as unknown as RunRecord;
    const [attack] = resolveObjectives(worm, WORM_METRICS);
    const costs = resolveObjectives(worm, WORM_METRICS, { utility: 'cost:guard-micros', cost: 'cost:chars-added' });
    expect(objectiveValue(attack!, run)).toBe(0.25);
    expect(costs.map((o) => objectiveValue(o, run))).toEqual([0.25, 3.5, 40]);
    const time = resolveObjectives(worm, WORM_METRICS, { attack: 'time-to-50' })[0]!;
    expect(time.better).toBe('higher');
    expect(objectiveValue(time, run)).toBeNull();
  });
});
