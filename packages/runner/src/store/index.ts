/** The results store: the contract, its SQLite and in-memory implementations, and the event log codec. */
export { SqliteResultsStore } from './sqlite-store.js';
export { SCHEMA_VERSION } from './sqlite-schema.js';
export { InMemoryResultsStore } from './memory-store.js';
export { EVENT_LOG_FORMAT, canonicalJson, canonicalNdjson, decodeEventLog, encodeEventLog } from './event-codec.js';
export type { EncodedEventLog } from './event-codec.js';
export { StreamingLogEncoder } from './log-encoder.js';
export type { FinishedLog } from './log-encoder.js';
export { compareRunsByArmThenSeed, runId, runKey } from './order.js';
export type {
  EventLogBlob,
  ExperimentRecord,
  ResultsStore,
  RoundSeries,
  RunCosts,
  RunManifest,
  RunRecord,
  RunStatus,
  StoredRun,
} from './types.js';
