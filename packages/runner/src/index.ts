export { runExperiment, experimentId, seedRange, selectArms } from './experiment/run-experiment.js';
export type { ExperimentOptions, ExperimentProgress, ExperimentResult } from './experiment/run-experiment.js';
export { executeRun, fileBytesReader, fileReader } from './experiment/execute.js';
export type { RunTask, RunTaskResult } from './experiment/execute.js';
export { builtinScenarioDir, listBuiltinScenarios, loadScenarioFile, resolveScenarioPath } from './experiment/scenario-file.js';
export type { LoadScenarioOptions, LoadedScenario } from './experiment/scenario-file.js';
export { codeFingerprint, gitSha, packageVersions, scenarioHash } from './experiment/manifest.js';
export { createExecutor, workerEntry } from './pool/pool.js';
export { messageEngineProblem, runCalibration } from './calibration/run-calibration.js';
export type { CalibrationOptions, CalibrationResult } from './calibration/run-calibration.js';
export type { RunExecutor } from './pool/pool.js';
export { clampSummary, summarize, summarizeSeries, unitDomain } from './stats/summary.js';
export type { Summary } from './stats/summary.js';
export {
  InMemoryResultsStore,
  SqliteResultsStore,
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
export { auroc, rateAbove, thresholdAtFpr } from './monitors/roc.js';
export type { OperatingThreshold } from './monitors/roc.js';
export { firstDetection, runScores } from './monitors/scores.js';
export type { Detection, RunScores, ScoredEnvelope } from './monitors/scores.js';
export { describeFindings, renderHtmlReport, renderTextTable, formatSummary } from './report/index.js';
export type { ArmReport, ReportData, ReportMetric, SeriesSummary } from './report/index.js';
