// The topology sweep of the built-in `disinformation` scenario (NetSafe's chain, cycle, tree, star, random,
// complete): vulnerability per topology with 95% confidence intervals, next to each graph's mean degree and
// λ_max. Run after `npm run build`:
//   node examples/topology-sweep/run.mjs [--seeds 20] [--arm none] [--topologies chain,star] [--set path=value]...
// --set overrides apply to every topology, e.g. --set agents.policy.config.rule=majority.
import { parseArgs } from 'node:util';
import { createRegistries } from '@masec/sim';
import { pickTopologies, sweep, table } from './sweep.mjs';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'disinformation' },
    seeds: { type: 'string', default: '20' },
    arm: { type: 'string', multiple: true, default: ['none'] },
    topologies: { type: 'string' },
    metrics: { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const defaults = createRegistries().threats.get('disinformation').metrics.slice(0, 4);
const metrics = values.metrics === undefined ? defaults : values.metrics.split(',');
const rows = await sweep({
  scenario: values.scenario,
  overrides: values.set,
  arms: values.arm,
  topologies: pickTopologies(values.topologies),
  seeds: Number(values.seeds),
  metrics,
});
const fmt = (x) => (x === null ? '—' : x.toFixed(2));
for (const arm of values.arm) {
  console.log(`\narm ${arm}: mean [95% CI] over ${values.seeds} seeds${values.set.length > 0 ? ` with ${values.set.join(' ')}` : ''}`);
  console.log(table(['topology', 'degree', 'λ_max', ...metrics], rows.map((r) => [r.topology, fmt(r.degree), fmt(r.lambda), ...metrics.map((m) => r.cells[arm][m])])));
}
