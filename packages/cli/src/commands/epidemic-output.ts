/** Text and JSON output of `masec epidemic`. */
import type { EpidemicAnalysis, Estimate, ImmunisationStrategy } from '@masec/sim';
import type { CliIo } from '../io.js';

/** Everything the command prints: the scenario it came from and the analysis. */
/** Where β and γ came from: an option, the scenario's population block, or the placeholders. */
export type ParameterSource = 'option' | 'scenario' | 'default';

export interface EpidemicReport {
  scenario: string;
  name: string;
  topology: string;
  seed: number;
  /** Where β and γ came from: an option, or the command's placeholder default. */
  parameterSource: { transmission: ParameterSource; recovery: ParameterSource };
  analysis: EpidemicAnalysis;
}

const STRATEGY_TEXT: Record<ImmunisationStrategy, string> = {
  targeted: 'targeted (highest degree first)',
  random: 'random agents',
  acquaintance: 'acquaintance (a random neighbour of a random agent)',
  edges: 'edges (cut edges with the largest endpoint-degree product first)',
};

/** One JSON document; infinite values (no threshold) become null. */
export function toJson(report: EpidemicReport): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
}

/** Four significant digits, ∞ for Infinity. */
export function num(x: number): string {
  if (x === Infinity) return '∞';
  if (x === 0 || Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e6) return String(Number(x.toPrecision(4)));
  return x.toExponential(2);
}

function interval(e: Estimate): string {
  return `${num(e.mean)} [${num(e.lo)}, ${num(e.hi)}]`;
}

function percent(x: number): string {
  return `${Number((100 * x).toPrecision(3))}%`;
}

export function printEpidemic(io: CliIo, report: EpidemicReport): void {
  const a = report.analysis;
  const lines: string[] = [];
  const row = (label: string, value: string): void => void lines.push(`  ${label.padEnd(30)}${value}`);
  lines.push('', `${report.name}: ${report.topology} contact graph, seed ${report.seed}`, '');

  lines.push('Contact graph');
  row('agents', String(a.graph.n));
  row(a.graph.directed ? 'arcs (directed)' : 'edges', String(a.graph.edges));
  row('mean degree ⟨k⟩', num(a.graph.meanDegree));
  row('⟨k²⟩', num(a.graph.meanSquareDegree));
  row('largest degree', String(a.graph.maxDegree));
  const s = a.spectral;
  const iterative = s.method === 'power-iteration' || s.method === 'lanczos';
  const how = iterative
    ? `${s.method === 'lanczos' ? 'Lanczos' : 'power iteration'}: ${s.iterations} matrix-vector products, residual ${s.residual.toExponential(1)}${s.converged ? '' : ', NOT converged'}`
    : `exact: ${s.method} graph`;
  row('λ_max (adjacency)', `${num(s.lambda)}   (${how})`);
  lines.push('');

  lines.push('Thresholds');
  row('SIS, quenched mean field', `dies out if β/γ < 1/λ_max = ${num(a.thresholds.sis)}   (Wang et al. 2003)`);
  row('SIR, configuration model', `large outbreaks if T > T_c = ⟨k⟩/(⟨k²⟩−⟨k⟩) = ${num(a.thresholds.sir)}   (Newman 2002)`);
  lines.push('');

  const p = a.parameters;
  const source = (which: ParameterSource): string => (which === 'default' ? 'default placeholder' : which === 'scenario' ? 'scenario population block' : 'option');
  lines.push(
    `Spread with β = ${p.transmission} per contact per round (${source(report.parameterSource.transmission)}), γ = ${p.recovery} per round (${source(report.parameterSource.recovery)})`,
  );
  row('β/γ', `${num(p.ratio)}   ${p.aboveSis ? 'above' : 'below'} the SIS threshold (β·λ_max/γ = ${num(p.sisStrength)})`);
  row('transmissibility T', `${num(p.transmissibility)}   ${p.aboveSir ? 'above' : 'below'} T_c   (T = β/(β+γ−βγ))`);
  row('final size S, theory', `${num(a.theory.finalSize)}   (configuration model: size and probability of a large outbreak)`);
  const sim = a.simulation;
  row('largest cluster, simulated', `${interval(sim.largestCluster)}   (${sim.samples} percolation samples; compare with S)`);
  row('expected outbreak, one seed', `${interval(sim.meanOutbreak)}   (simulated; theory S² = ${num(a.theory.expectedOutbreak)})`);
  lines.push('');

  const im = a.immunisation;
  const unit = im.unit === 'nodes' ? 'agents' : 'edges';
  lines.push(`Immunisation: ${STRATEGY_TEXT[im.strategy]}, for an expected outbreak ≤ ${num(im.target)}`);
  if (im.budget === null) {
    row('budget', `not reachable: ${im.unit === 'nodes' ? 'immunising every agent' : 'cutting every edge'} leaves ${interval(im.outbreak)}`);
  } else {
    row('budget', `${im.budget} ${unit} (${percent(im.cost ?? 0)} of ${unit})`);
    row('expected outbreak there', `${interval(im.outbreak)}   (${num(im.baseline.mean)} with none)`);
    row('largest cluster there', num(im.largestCluster));
  }
  if (a.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of a.notes) lines.push(`  - ${note}`);
  }
  lines.push('');
  io.stdout(lines.join('\n') + '\n');
}
