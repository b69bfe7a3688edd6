// Child process of the `scenario-input` suite: loads one scenario file as `masec validate` does and prints
// one JSON line: { ms, ok, code, problems, maxRssKiB } (peak resident memory of this whole process).
import { performance } from 'node:perf_hooks';
import { loadScenarioFile } from '@masec/runner';

const file = process.argv[2];
const started = performance.now();
let result;
try {
  loadScenarioFile(file);
  result = { ok: true, code: null, problems: 0 };
} catch (error) {
  result = { ok: false, code: error?.code ?? String(error), problems: error?.issues?.length ?? 0, first: error?.issues?.[0]?.message ?? String(error?.message ?? error) };
}
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ...result, ms, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
