/**
 * The objectives of a trade-off: how strong the attack was, how much benign work got done, and what the
 * defense cost. Each is a metric the runs stored, or one of the runs' measured costs; defaults are chosen
 * from the scenario and every choice can be overridden (`--attack`, `--utility`, `--cost`, or `none`).
 */
import { MasecError, type MetricUnit, type PluginRegistries, type Scenario } from '@masec/spec';
import { createRegistries } from '@masec/sim';
import type { Direction } from '../stats/pareto.js';
import type { RunRecord } from '../store/types.js';

export type ObjectiveRole = 'attack' | 'utility' | 'cost';
export const OBJECTIVE_ROLES: readonly ObjectiveRole[] = ['attack', 'utility', 'cost'];

export interface Objective {
  role: ObjectiveRole;
  /** A metric id, or a run cost (`cost:guard-micros`, `cost:chars-added`). */
  id: string;
  label: string;
  unit: MetricUnit;
  better: Direction;
  /** Why this one: the default rule that picked it, or the option that named it. */
  reason: string;
}

interface RunCostMeasure {
  id: string;
  label: string;
  description: string;
  value(run: RunRecord): number;
}

/** Costs every run records besides its metrics. Wall-clock ones vary between runs and machines. */
export const RUN_COST_MEASURES: readonly RunCostMeasure[] = [
  {
    id: 'cost:guard-micros',
    label: 'guard µs/envelope',
    description: 'wall-clock microseconds all guards spent per envelope (not deterministic)',
    value: (run) => Object.values(run.costs.guardMicros).reduce((a, b) => a + b, 0),
  },
  {
    id: 'cost:chars-added',
    label: 'chars added',
    description: 'characters the shield added to delivered content per run (e.g. datamarking)',
    value: (run) => run.costs.charsAdded,
  },
];

/** Defaults, in order of preference, when the option is not given. */
const UTILITY_DEFAULTS = ['benign-task-completion'];
const COST_DEFAULTS = ['benign-blocked', 'quarantined-agents'];

export type ObjectiveChoice = Partial<Record<ObjectiveRole, string>>;

/** The value of an objective in one run (null when the metric was undefined for it). */
export function objectiveValue(objective: Objective, run: RunRecord): number | null {
  const cost = RUN_COST_MEASURES.find((c) => c.id === objective.id);
  if (cost !== undefined) return cost.value(run);
  const v = run.metrics[objective.id];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The objectives for runs that stored `metricIds`: `attack` defaults to the first threat's primary metric
 * (the first it declares), `utility` to benign task completion, `cost` to benign mail blocked (or agents
 * quarantined). `none` drops a role. USAGE errors name the option and list what is available. Threats
 * and metrics are looked up in `registries` (the sweep's plugins with the built-ins).
 */
export function resolveObjectives(
  scenario: Scenario,
  metricIds: readonly string[],
  choice: ObjectiveChoice = {},
  registries: Pick<PluginRegistries, 'threats' | 'metrics'> = createRegistries(),
): Objective[] {
  const available = [...metricIds, ...RUN_COST_MEASURES.map((c) => c.id)];
  const describe = (role: ObjectiveRole, id: string, reason: string): Objective => {
    const cost = RUN_COST_MEASURES.find((c) => c.id === id);
    if (cost !== undefined) return { role, id, label: cost.label, unit: 'count', better: 'lower', reason };
    const metric = registries.metrics.get(id);
    return { role, id, label: metric.label, unit: metric.unit, better: metric.better, reason };
  };
  const defaults: Record<ObjectiveRole, () => { id: string; reason: string } | undefined> = {
    attack: () => {
      for (const ref of scenario.threats) {
        const primary = registries.threats.get(ref.id).metrics[0];
        if (primary !== undefined && metricIds.includes(primary)) return { id: primary, reason: `primary metric of threat '${ref.id}'` };
      }
      return undefined;
    },
    utility: () => pickFirst(UTILITY_DEFAULTS, metricIds, 'benign utility'),
    cost: () => pickFirst(COST_DEFAULTS, metricIds, 'cost to benign traffic'),
  };

  const objectives: Objective[] = [];
  for (const role of OBJECTIVE_ROLES) {
    const given = choice[role];
    if (given === 'none') continue;
    if (given !== undefined) {
      if (!available.includes(given)) {
        throw new MasecError(
          'USAGE',
          `--${role} ${given}: not a metric these runs store; available: ${available.join(', ')} ` +
            "(add a registered metric to the scenario with --set 'metrics=[...]')",
        );
      }
      objectives.push(describe(role, given, `--${role}`));
      continue;
    }
    const picked = defaults[role]();
    if (picked !== undefined) objectives.push(describe(role, picked.id, picked.reason));
    else if (role === 'attack') {
      throw new MasecError('USAGE', `no threat metric to use as the attack objective; name one with --attack (available: ${available.join(', ')})`);
    }
  }
  const ids = objectives.map((o) => o.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new MasecError('USAGE', `metric '${twice}' is chosen for two objectives; each of --attack, --utility, --cost needs its own`);
  if (objectives.length < 2) {
    throw new MasecError('USAGE', `a trade-off needs at least two objectives, got ${objectives.map((o) => `${o.role}=${o.id}`).join(', ') || 'none'}; name another with --utility or --cost`);
  }
  return objectives;
}

function pickFirst(preference: readonly string[], metricIds: readonly string[], what: string): { id: string; reason: string } | undefined {
  const id = preference.find((p) => metricIds.includes(p));
  return id === undefined ? undefined : { id, reason: `default ${what} metric` };
}
