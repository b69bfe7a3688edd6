// The custom-defense plugin through the library API: load the scenario (which names the plugin module),
// run every arm over the seeds on a pool of worker threads, store the runs, and print a summary.
// Run after `npm run build`:  node examples/custom-defense/run.mjs [--seeds N] [--agents N] [--workers N]
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { SqliteResultsStore, buildReportData, formatSummary, loadScenario, runExperiment, seedRange } from '@masec/runner';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '4' }, agents: { type: 'string', default: '200' }, workers: { type: 'string', default: '2' } },
});

// 1. Loading imports the plugins the scenario names and validates it against them (ids, configs).
const loaded = await loadScenario(join(import.meta.dirname, 'scenario.yaml'), [`agents.count=${values.agents}`]);
const { scenario } = loaded;

// 2. Run it like any scenario: worker threads import the same plugin modules, runs go to the store.
const dir = mkdtempSync(join(tmpdir(), 'masec-custom-defense-'));
const store = SqliteResultsStore.open(join(dir, 'results.sqlite'));
try {
  const result = await runExperiment({
    scenario,
    source: loaded.source,
    baseDir: loaded.baseDir,
    seeds: seedRange(scenario.seed, Number(values.seeds)),
    store,
    workers: Number(values.workers),
    plugins: loaded.plugins.urls,
  });
  if (result.failed > 0) throw new Error(`${result.failed} run(s) failed: ${result.runs.find((r) => r.error)?.error}`);

  // 3. Summaries over seeds; the plugin's metric is reported like the built-in ones.
  const report = await buildReportData(store, result.experiment.id, { metricRegistry: loaded.plugins.registries.metrics });
  for (const arm of report.arms) {
    const cell = (id, unit) => formatSummary(arm.summary[id], unit);
    console.log(
      `${arm.name.padEnd(15)} infected ${cell('infected-fraction', 'fraction')}  benign blocked per run ${cell('benign-blocked', 'count')}` +
        `  blocked by phrase ${cell('phrase-blocked', 'count')}`,
    );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
