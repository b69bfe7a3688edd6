/**
 * A realistic, deterministic `ReportData` for tests and for previewing the renderers: a prompt-infection worm
 * on 24 agents over 40 rounds, 10 seeds, three arms (no defense, provenance tagging, detector + quarantine).
 */
import { createHash } from 'node:crypto';
import type { ArmReport, ReportData, ReportMetric, SeriesSummary, Summary } from './types.js';

const ROUNDS = 40;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const WITHOUT_7 = SEEDS.filter((seed) => seed !== 7);

function s(mean: number | null, lo: number | null, hi: number | null, n: number, total: number): Summary {
  return { mean, lo, hi, sd: mean === null ? null : Math.abs((hi ?? mean) - (lo ?? mean)) / 1.4, n, total };
}

const none = (total: number): Summary => s(null, null, null, 0, total);

/** A logistic outbreak curve with a CI band that is widest while the outbreak grows. */
function outbreak(ceiling: number, midpoint: number, scale: number): SeriesSummary {
  const mean: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const m = ceiling / (1 + Math.exp(-(r - midpoint) / scale));
    const p = m / ceiling;
    const half = 0.012 + 0.5 * ceiling * p * (1 - p);
    const round3 = (v: number): number => Math.round(v * 1000) / 1000;
    mean.push(round3(m));
    lo.push(round3(Math.max(0, m - half)));
    hi.push(round3(Math.min(1, m + half)));
  }
  return { mean, lo, hi };
}

function digests(arm: string, n: number): string[] {
  return SEEDS.slice(0, n).map((seed) => createHash('sha256').update(`${arm}/${seed}`).digest('hex'));
}

export const FIXTURE_METRICS: ReportMetric[] = [
  { id: 'infected-fraction', label: 'Infected fraction', unit: 'fraction', better: 'lower' },
  { id: 'time-to-50', label: 'Time to 50%', unit: 'rounds', better: 'higher' },
  { id: 'records-exfiltrated', label: 'Records exfiltrated', unit: 'count', better: 'lower' },
  { id: 'benign-task-completion', label: 'Benign task completion', unit: 'fraction', better: 'higher' },
  { id: 'detector-tpr', label: 'Detector TPR', unit: 'fraction', better: 'higher' },
  { id: 'detector-fpr', label: 'Detector FPR', unit: 'fraction', better: 'lower' },
  { id: 'benign-blocked', label: 'Benign messages blocked', unit: 'count', better: 'lower' },
];

function arms(): ArmReport[] {
  return [
    {
      name: 'none',
      defenses: [],
      runs: 10,
      seeds: { done: SEEDS, failed: [], missing: [], compared: SEEDS },
      errors: [],
      summary: {
        'infected-fraction': s(0.874, 0.842, 0.906, 10, 10),
        'time-to-50': s(12.4, 11.2, 13.6, 10, 10),
        'records-exfiltrated': s(37.2, 31.5, 42.9, 10, 10),
        'benign-task-completion': s(0.912, 0.897, 0.927, 10, 10),
        'detector-tpr': none(10),
        'detector-fpr': none(10),
        'benign-blocked': s(0, 0, 0, 10, 10),
      },
      series: { 'infected-fraction': outbreak(0.88, 10, 2.5) },
      costs: { guardMicros: {}, envelopesPerSecond: 182_340, charsAdded: 0 },
      digests: digests('none', 10),
    },
    {
      name: 'tagging',
      defenses: ['provenance-tagging'],
      runs: 10,
      seeds: { done: WITHOUT_7, failed: [7], missing: [], compared: WITHOUT_7 },
      errors: ['seed 7: worker exited with code 137 (out of memory)'],
      summary: {
        'infected-fraction': s(0.563, 0.512, 0.614, 9, 9),
        'time-to-50': s(21.7, 18.9, 24.5, 6, 9),
        'records-exfiltrated': s(18.6, 14.2, 23.0, 9, 9),
        'benign-task-completion': s(0.874, 0.851, 0.897, 9, 9),
        'detector-tpr': none(9),
        'detector-fpr': none(9),
        'benign-blocked': s(0.4, 0.1, 0.7, 9, 9),
      },
      series: { 'infected-fraction': outbreak(0.57, 18, 3.5) },
      costs: { guardMicros: { 'provenance-tagging': 3.2 }, envelopesPerSecond: 151_020, charsAdded: 48_210 },
      digests: digests('tagging', 9),
    },
    {
      name: 'detector-quarantine',
      defenses: ['content-detector', 'quarantine'],
      runs: 10,
      seeds: { done: SEEDS, failed: [], missing: [], compared: SEEDS },
      errors: [],
      summary: {
        'infected-fraction': s(0.187, 0.152, 0.222, 10, 10),
        'time-to-50': none(10),
        'records-exfiltrated': s(3.1, 1.8, 4.4, 10, 10),
        'benign-task-completion': s(0.803, 0.771, 0.835, 10, 10),
        'detector-tpr': s(0.78, 0.71, 0.85, 10, 10),
        'detector-fpr': s(0.012, 0.006, 0.018, 10, 10),
        'benign-blocked': s(6.3, 4.9, 7.7, 10, 10),
      },
      series: { 'infected-fraction': outbreak(0.19, 6, 1.5) },
      costs: { guardMicros: { 'content-detector': 41.7, quarantine: 0.4 }, envelopesPerSecond: 64_880, charsAdded: 0 },
      digests: digests('detector-quarantine', 10),
    },
  ];
}

/**
 * The fixture; `description` can be overridden, e.g. to check escaping. Its `tagging` arm failed on seed 7,
 * and each arm is summarised over all its done runs (`basis: 'all'`).
 */
export function reportFixture(overrides: { description?: string } = {}): ReportData {
  return {
    title: 'masec report: prompt-infection worm',
    generatedAt: '2025-01-15T12:00:00.000Z',
    experiment: {
      id: 'exp-20250115-120000-a1b2c3',
      scenarioId: 'prompt-infection-mail',
      scenarioName: 'Prompt infection over shared mail',
      description:
        overrides.description ??
        'A self-replicating prompt injection spreads through an e-mail assistant network; infected agents forward the payload and exfiltrate contact records.',
      agents: 24,
      rounds: ROUNDS,
      topology: 'small-world (k=4, p=0.1)',
      seeds: SEEDS,
      createdAt: '2025-01-15T11:58:02.000Z',
    },
    coverage: {
      complete: false,
      basis: 'all',
      planned: { arms: 3, seeds: SEEDS, runs: 30 },
      runs: { done: 29, failed: 1, missing: 0 },
      sharedSeeds: WITHOUT_7,
    },
    metrics: FIXTURE_METRICS,
    arms: arms(),
    securityMetric: 'infected-fraction',
    utilityMetric: 'benign-task-completion',
    curveMetric: 'infected-fraction',
    manifest: {
      versions: { '@masec/spec': '0.1.0', '@masec/sim': '0.1.0', '@masec/defenses': '0.1.0', '@masec/runner': '0.1.0' },
      node: 'v20.19.0',
      gitSha: '3f9c2e1d4b5a69788a7b6c5d4e3f2a1b0c9d8e7f',
      scenarioHash: createHash('sha256').update('prompt-infection-mail').digest('hex'),
    },
  };
}
