/**
 * Plain-language findings for a report: each arm against the first (the baseline), on the security metric,
 * the utility metric and the benign mail blocked — with the confidence intervals saying whether the
 * difference is clear. Derived from the data; nothing here is hard-coded to a scenario.
 */
import { formatSummary } from './format.js';
import type { ReportData, Summary } from './types.js';

function separated(a: Summary | undefined, b: Summary | undefined): boolean {
  if (a?.lo == null || a.hi == null || b?.lo == null || b.hi == null) return false;
  return a.hi < b.lo || b.hi < a.lo;
}

export function describeFindings(data: ReportData): string[] {
  const [baseline, ...others] = data.arms;
  if (baseline === undefined) return [];
  const metric = (id: string) => data.metrics.find((m) => m.id === id);
  const security = metric(data.securityMetric);
  const utility = metric(data.utilityMetric);
  const blocked = metric('benign-blocked');
  const lines: string[] = [];
  if (security !== undefined) {
    lines.push(`${baseline.name}: ${security.label} ${formatSummary(baseline.summary[security.id], security.unit)}.`);
  }
  for (const arm of others) {
    const parts: string[] = [];
    if (security !== undefined) {
      const clear = separated(arm.summary[security.id], baseline.summary[security.id]);
      parts.push(`${security.label} ${formatSummary(arm.summary[security.id], security.unit)}${clear ? '' : ' (not clearly different from ' + baseline.name + ')'}`);
    }
    if (utility !== undefined) {
      const clear = separated(arm.summary[utility.id], baseline.summary[utility.id]);
      parts.push(`${utility.label} ${formatSummary(arm.summary[utility.id], utility.unit)}${clear ? ` vs ${formatSummary(baseline.summary[utility.id], utility.unit)}` : ' (no clear utility cost)'}`);
    }
    if (blocked !== undefined && (arm.summary[blocked.id]?.mean ?? 0) > 0) {
      parts.push(`${formatSummary(arm.summary[blocked.id], blocked.unit)} benign messages blocked per run`);
    }
    lines.push(`${arm.name} (${arm.defenses.join(' + ') || 'no defenses'}): ${parts.join('; ')}.`);
  }
  return lines;
}
