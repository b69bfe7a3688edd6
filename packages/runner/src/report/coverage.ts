/**
 * What a stored experiment holds against what it planned: per arm the seeds done, failed and missing, and
 * the seeds arms are compared over. A report built from an interrupted or partly failed experiment says so
 * and, by default, compares arms only over the seeds every arm has done, so that no difference between arms
 * comes from their having run different worlds.
 */
import type { ExperimentRecord, RunRecord } from '../store/types.js';
import { formatSeeds } from './format.js';
import type { ArmSeeds, ReportCoverage, ReportData } from './types.js';

export interface CoverageOptions {
  /** Summarise each arm over all its done runs instead of the seeds every arm shares. */
  allSeeds?: boolean;
}

const ascending = (seeds: Iterable<number>): number[] => [...seeds].sort((a, b) => a - b);

/** The coverage of `experiment` by `runs` (its stored runs), and each arm's seeds, in experiment arm order. */
export function experimentCoverage(
  experiment: Pick<ExperimentRecord, 'arms' | 'seeds'>,
  runs: readonly Pick<RunRecord, 'arm' | 'seed' | 'status'>[],
  options: CoverageOptions = {},
): { coverage: ReportCoverage; arms: Map<string, ArmSeeds> } {
  const planned = new Set(experiment.seeds);
  const byArm = new Map<string, { done: Set<number>; failed: Set<number> }>();
  for (const arm of experiment.arms) byArm.set(arm, { done: new Set(), failed: new Set() });
  for (const run of runs) {
    const arm = byArm.get(run.arm);
    if (arm === undefined) continue;
    (run.status === 'done' ? arm.done : arm.failed).add(run.seed);
  }
  const doneSets = [...byArm.values()].map((a) => a.done);
  const shared = ascending([...(doneSets[0] ?? [])].filter((seed) => doneSets.every((done) => done.has(seed))));
  const sharedSet = new Set(shared);
  const arms = new Map<string, ArmSeeds>();
  let done = 0;
  let failed = 0;
  let missing = 0;
  for (const [name, arm] of byArm) {
    const missingSeeds = ascending([...planned].filter((seed) => !arm.done.has(seed) && !arm.failed.has(seed)));
    const compared = options.allSeeds === true ? ascending(arm.done) : ascending([...arm.done].filter((seed) => sharedSet.has(seed)));
    arms.set(name, { done: ascending(arm.done), failed: ascending(arm.failed), missing: missingSeeds, compared });
    done += arm.done.size;
    failed += arm.failed.size;
    missing += missingSeeds.length;
  }
  const plannedRuns = experiment.arms.length * experiment.seeds.length;
  return {
    coverage: {
      complete: done === plannedRuns && failed === 0,
      basis: options.allSeeds === true ? 'all' : 'shared',
      planned: { arms: experiment.arms.length, seeds: ascending(planned), runs: plannedRuns },
      runs: { done, failed, missing },
      sharedSeeds: shared,
    },
    arms,
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `5, 5 and 2` */
function listed(values: readonly (string | number)[]): string {
  const parts = values.map(String);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

/** Whether the arms' summaries rest on different seeds (only possible with `basis: 'all'`). */
function differentSeeds(data: Pick<ReportData, 'arms'>): boolean {
  const [first, ...rest] = data.arms.map((a) => a.seeds.compared.join(','));
  return rest.some((seeds) => seeds !== first);
}

/**
 * What the summaries are over, for "mean [95% CI] over …": `20 seeds` for a complete experiment, otherwise
 * `the 4 seeds done in every arm` or `each arm's done runs`.
 */
export function comparedOver(data: Pick<ReportData, 'coverage' | 'arms'>): string {
  const { coverage } = data;
  if (coverage.basis === 'all' && differentSeeds(data)) return "each arm's done runs";
  if (coverage.complete) return plural(coverage.planned.seeds.length, 'seed');
  return `the ${plural(coverage.sharedSeeds.length, 'seed')} done in every arm`;
}

/**
 * Lines saying what a report holds when that is not every planned run, or when arms are summarised over
 * different seeds; none for a complete experiment. The text report prints each after `! `.
 */
export function describeCoverage(data: Pick<ReportData, 'coverage' | 'arms'>): string[] {
  const { coverage } = data;
  const lines: string[] = [];
  const perArm = coverage.planned.seeds.length;
  if (!coverage.complete) {
    const { done, failed, missing } = coverage.runs;
    lines.push(`incomplete: ${done} of ${coverage.planned.runs} runs done, ${missing} missing, ${failed} failed`);
    for (const arm of data.arms) {
      const { seeds } = arm;
      const parts = [`  ${arm.name}: ${seeds.done.length} of ${plural(perArm, 'seed')} done (${formatSeeds(seeds.done)})`];
      if (seeds.missing.length > 0) parts.push(`missing ${formatSeeds(seeds.missing)}`);
      if (seeds.failed.length > 0) parts.push(`failed ${formatSeeds(seeds.failed)}`);
      lines.push(parts.join('; '));
    }
  }
  if (data.arms.length < 2) return lines;
  if (coverage.basis === 'all') {
    if (differentSeeds(data)) {
      const counts = listed(data.arms.map((a) => a.seeds.compared.length));
      lines.push(`--all-seeds: each arm is summarised over all its done runs (${counts} seeds), so arms are compared over different seeds`);
    }
  } else if (!coverage.complete) {
    const shared = coverage.sharedSeeds;
    lines.push(
      shared.length === 0
        ? 'no seed is done in every arm, so the arms cannot be compared; --all-seeds summarises each arm over all its runs'
        : `arms are compared over the ${plural(shared.length, 'seed')} done in every arm (${formatSeeds(shared)}); --all-seeds summarises each arm over all its runs`,
    );
  }
  return lines;
}
