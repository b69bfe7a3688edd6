/** What `masec run --dry-run` prints: per model, the calls the runs would make, what the cache answers, and the most they cost. */
import type { DryRunEstimate } from '@masec/runner';
import type { ModelBudget, Scenario } from '@masec/spec';
import type { CliIo } from '../io.js';

const int = (n: number): string => n.toLocaleString('en-US');
const usd = (n: number): string => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;

export function printDryRun(io: CliIo, scenario: Scenario, estimate: DryRunEstimate, budget: ModelBudget, json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify({ dryRun: true, scenario: scenario.id, ...estimate }, null, 2)}\n`);
    return;
  }
  io.stdout(`\ndry run of ${scenario.id}: ${estimate.runs} run(s) to do${estimate.skipped > 0 ? `, ${estimate.skipped} already in the store` : ''}; nothing was requested or stored\n\n`);
  const header = ['model', 'calls', 'from cache', 'requests', 'input tokens', 'output tokens ≤', 'cost ≤'];
  const rows = estimate.models.map((m) => [m.model, int(m.calls), int(m.cached), int(m.requests), int(m.inputTokens), int(m.outputTokens), m.priced ? usd(m.costUsd) : 'no price']);
  rows.push(['total', '', '', int(estimate.total.requests), int(estimate.total.inputTokens), int(estimate.total.outputTokens), usd(estimate.total.costUsd)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ').trimEnd();
  io.stdout(`${line(header)}\n${line(widths.map((w) => '─'.repeat(w)))}\n${rows.map(line).join('\n')}\n\n`);
  io.stdout('input tokens at 4 characters a token; output tokens and cost at each model\u2019s maxTokens (1024 without it), an upper bound;\nanswers after the first round are the stub\u2019s careful model\u2019s, so later calls are estimates too\n');
  const limits: string[] = [];
  const exp = budget.experiment;
  if (exp?.costUsd !== undefined) limits.push(`experiment budget ${usd(exp.costUsd)}: ${estimate.total.costUsd <= exp.costUsd ? 'fits' : 'would be reached'}`);
  if (exp?.tokens !== undefined) {
    const tokens = estimate.total.inputTokens + estimate.total.outputTokens;
    limits.push(`experiment budget ${int(exp.tokens)} tokens: ${tokens <= exp.tokens ? 'fits' : 'would be reached'}`);
  }
  for (const text of limits) io.stdout(`${text}\n`);
  for (const key of estimate.missingKeys) io.stdout(`! ${key} is not set: a real run would fail on its first request\n`);
  for (const failure of estimate.failures) io.stdout(`! dry run failed: ${failure}\n`);
}
