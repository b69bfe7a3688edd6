export { renderHtmlReport } from './html.js';
export { describeFindings } from './findings.js';
export { comparedOver, describeCoverage, experimentCoverage } from './coverage.js';
export type { CoverageOptions } from './coverage.js';
export { renderTextTable } from './table.js';
export type { TextTableOptions } from './table.js';
export { formatSeeds, formatSummary, formatValue, NULL_CELL, NULL_EXPLANATION } from './format.js';
export { lineChartWithBands, scatterWithErrorBars, barChart } from './svg.js';
export type {
  BarChartOptions,
  BarDatum,
  Estimate,
  LineChartOptions,
  LineSeries,
  NullableSeries,
  ScatterAxis,
  ScatterOptions,
  ScatterPoint,
} from './svg.js';
export { PALETTE } from './svg-util.js';
export type { JudgeRunView } from './model-judge.js';
export type { ArmReport, ArmSeeds, ReportCoverage, ReportData, ReportMetric, SeriesSummary, Summary } from './types.js';
