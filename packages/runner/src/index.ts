export { runExperiment, experimentId, seedRange, selectArms } from './experiment/run-experiment.js';
export type { ExperimentOptions, ExperimentProgress, ExperimentResult } from './experiment/run-experiment.js';
export { MAX_KEPT_ROUNDS, executeRun, fileBytesReader, fileReader } from './experiment/execute.js';
export type { RunTask, RunTaskResult } from './experiment/execute.js';
export { HELPER_MIN_AGENTS, installGraphHelpers, nodeHelperThreads } from './experiment/helper-threads.js';
export type { HelperMode } from './experiment/helper-threads.js';
export { builtinScenarioDir, listBuiltinScenarios, loadScenario, loadScenarioFile, loadScenarioPlugins, machineMemory, resolveScenarioPath } from './experiment/scenario-file.js';
export { builtinPluginSet, experimentPlugins, loadPlugins, pluginRegistries, resolvePluginUrl } from './plugins/load-plugins.js';
export type { LoadedPlugin, PluginSet, PluginSource, PluginWhere } from './plugins/load-plugins.js';
export type { LoadScenarioOptions, LoadedScenario } from './experiment/scenario-file.js';
export { codeFingerprint, gitSha, packageVersions, scenarioHash } from './experiment/manifest.js';
export { createExecutor, workerEntry } from './pool/pool.js';
export { experimentModelHost, storeCache } from './models/experiment-models.js';
export type { ExperimentModelOptions } from './models/experiment-models.js';
export { portModels, serveModels } from './models/port-models.js';
export { estimateExperiment } from './models/dry-run.js';
export type { DryRunEstimate, DryRunOptions, ModelEstimate } from './models/dry-run.js';
export { messageEngineProblem, runCalibration } from './calibration/run-calibration.js';
export type { CalibrationOptions, CalibrationResult } from './calibration/run-calibration.js';
export type { RunExecutor } from './pool/pool.js';
export { clampSummary, summarize, summarizeSeries, unitDomain } from './stats/summary.js';
export type { Summary } from './stats/summary.js';
export {
  InMemoryResultsStore,
  SqliteResultsStore,
  StreamingLogEncoder,
  canonicalJson,
  canonicalNdjson,
  decodeEventLog,
  encodeEventLog,
  runId,
} from './store/index.js';
export type { EventLogBlob, ExperimentRecord, ResultsStore, RoundSeries, RunCosts, RunManifest, RunRecord, StoredRun } from './store/index.js';
export { buildReportData } from './report/build.js';
export { DEFAULT_FPRS, calibrateMonitors, calibrateOne, monitorsOf } from './monitors/calibrate.js';
export type { MonitorCalibrateOptions, MonitorCalibrationResult, MonitorCalibration, OperatingPoint } from './monitors/calibrate.js';
export { MONITOR_CALL_PREFIXES, isMonitorCall } from './monitors/model-calls.js';
export type { CalibrationModelCalls, ModelCallTotals, RunKindCalls } from './monitors/model-calls.js';
export { auroc, rateAbove, thresholdAtFpr } from './monitors/roc.js';
export type { OperatingThreshold } from './monitors/roc.js';
export { firstDetection, runScores } from './monitors/scores.js';
export type { Detection, RunScores, ScoredEnvelope } from './monitors/scores.js';
export { comparedOver, describeCoverage, describeFindings, renderHtmlReport, renderTextTable, formatSeeds, formatSummary } from './report/index.js';
export type { ArmReport, ArmSeeds, ReportCoverage, ReportData, ReportMetric, SeriesSummary } from './report/index.js';
export type { ReportDataOptions } from './report/build.js';
export { DEFAULT_MAX_POINTS, expandGrid, gridSize, parseGrid, parseGridOption, splitValues } from './sweep/grid.js';
export type { GridAxis, GridPoint } from './sweep/grid.js';
export { describeAssignment, planSweep, runSweep } from './sweep/run-sweep.js';
export type { PlannedPoint, RunSweepOptions, SweepCell, SweepCellResult, SweepOptions, SweepPlan, SweepResult } from './sweep/run-sweep.js';
export { OBJECTIVE_ROLES, RUN_COST_MEASURES, objectiveValue, resolveObjectives } from './sweep/objectives.js';
export type { Objective, ObjectiveChoice, ObjectiveRole } from './sweep/objectives.js';
export { dominates, paretoFront } from './stats/pareto.js';
export type { Direction, ParetoResult } from './stats/pareto.js';
export { axisLabels, buildSweepReport, sweepMetricIds } from './report/sweep-data.js';
export type { SweepPointReport, SweepReportData } from './report/sweep-data.js';
export { renderSweepTable } from './report/sweep-table.js';
export { renderSweepHtml } from './report/sweep-html.js';
export { paretoScatter } from './report/svg-pareto.js';
export type { ParetoScatterOptions, ParetoScatterPoint } from './report/svg-pareto.js';
export { DEFAULT_MAX_PATIENT_ZEROS, planBlastRadius, runBlastRadius, seededScenario, selectPatientZeros } from './blast-radius/run-blast-radius.js';
export type { AgentReach, BlastRadiusOptions, BlastRadiusPlan, BlastRadiusResult, EdgeReach, RunBlastRadiusOptions } from './blast-radius/run-blast-radius.js';
export { runReach } from './blast-radius/infection-tree.js';
export type { InfectionEdge, RunReach } from './blast-radius/infection-tree.js';
