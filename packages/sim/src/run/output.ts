/** What one run gives back, whichever engine ran it: the log, what it measures, the judges' verdicts, costs. */
import type { JudgeResult, MasecEvent, ModelJudgeReport, RunEndStatus } from '@masec/spec';
import type { EngineCosts } from '../engine/message-engine.js';

export type RunCostsSim = EngineCosts;

export interface RunOutput {
  /** The log, when it was kept in memory (always, unless the caller streamed it to a sink with `keepLog: false`). */
  events: MasecEvent[];
  /** How many events the log holds (kept or not). */
  eventCount: number;
  metrics: Record<string, number | null>;
  series: Record<string, number[]>;
  judges: Record<string, JudgeResult>;
  costs: EngineCosts;
  /** How the run ended; when not `ok`, the log is what was recorded up to the failure and `error` says why. */
  status: RunEndStatus;
  /** Why it did not end `ok`: the error's code, its message, and the round it ended in. */
  error?: { code: string; message: string; round: number };
  /** Ids of the models the run used (the run manifest records them), sorted. */
  models: string[];
  /** The model judge's verdicts against the rule judges', when the scenario asks for one (ADR 0094). */
  modelJudge?: ModelJudgeReport;
}
