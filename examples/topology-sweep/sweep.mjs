// Helpers shared by the topology-sweep and isolation-tradeoff examples: run one scenario's arms over the
// same seeds on each of NetSafe's topologies and summarise each metric with a 95% confidence interval.
import { buildTopology, createRegistries, createRng, runScenario, spectralRadius } from '@masec/sim';
import { clampSummary, formatSummary, loadScenarioFile, summarize, unitDomain } from '@masec/runner';

/** NetSafe's six topologies, as `--set topology=...` values (the random graph has mean degree 4). */
export const TOPOLOGIES = {
  chain: '{kind: chain}',
  cycle: '{kind: ring, k: 1}',
  tree: '{kind: tree, branching: 2}',
  star: '{kind: star}',
  random: '{kind: erdos-renyi, meanDegree: 4}',
  complete: '{kind: complete}',
};

export function pickTopologies(csv) {
  const names = csv === undefined ? Object.keys(TOPOLOGIES) : csv.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!(name in TOPOLOGIES)) throw new Error(`unknown topology '${name}'; choose from ${Object.keys(TOPOLOGIES).join(', ')}`);
  return names;
}

/** Mean degree and λ_max (largest adjacency eigenvalue) of the contact graph each seed builds, averaged over seeds. */
function graphStats(scenario, seeds) {
  let degree = 0;
  let lambda = 0;
  for (const seed of seeds) {
    // The engine builds the graph from the run's root stream forked with 'topology': the same graph here.
    const built = buildTopology(scenario.topology, scenario.agents.count, createRng(seed).fork('topology'), () => '');
    if (built.kind !== 'static') return { degree: null, lambda: null };
    degree += built.graph.offsets[built.graph.n] / built.graph.n;
    lambda += spectralRadius(built.graph).lambda;
  }
  return { degree: degree / seeds.length, lambda: lambda / seeds.length };
}

/**
 * Runs `arms` (objects {name, defenses}, or names of the scenario's own arms) of a built-in scenario on each
 * topology over seeds 1..seeds. Returns rows {topology, degree, lambda, cells: {[arm]: {[metric]: text}},
 * summaries: {[arm]: {[metric]: Summary}}}.
 */
export async function sweep({ scenario: name, overrides = [], arms, topologies, seeds, metrics }) {
  const registries = createRegistries();
  const rows = [];
  for (const topology of topologies) {
    const { scenario } = loadScenarioFile(name, [...overrides, `topology=${TOPOLOGIES[topology]}`]);
    const chosen = arms.map((arm) => (typeof arm === 'string' ? scenario.arms?.find((a) => a.name === arm) : arm));
    if (chosen.some((a) => a === undefined)) throw new Error(`scenario ${name} lacks one of the arms ${arms.join(', ')}`);
    const withArms = { ...scenario, arms: chosen, metrics };
    const seedList = Array.from({ length: seeds }, (_, i) => scenario.seed + i);
    const row = { topology, ...graphStats(scenario, seedList), cells: {}, summaries: {} };
    for (const arm of chosen) {
      const values = Object.fromEntries(metrics.map((m) => [m, []]));
      for (const seed of seedList) {
        const out = await runScenario(withArms, { seed, arm: arm.name, registries });
        for (const m of metrics) values[m].push(out.metrics[m]);
      }
      row.cells[arm.name] = {};
      row.summaries[arm.name] = {};
      for (const m of metrics) {
        const unit = registries.metrics.get(m).unit;
        const summary = clampSummary(summarize(values[m]), unitDomain(unit));
        row.summaries[arm.name][m] = summary;
        row.cells[arm.name][m] = formatSummary(summary, unit);
      }
    }
    rows.push(row);
  }
  return rows;
}

/** A plain-text table: one row per entry of `rows` (arrays of cells), columns padded to fit. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
