/** What one run gives back, whichever engine ran it: the log, what it measures, the judges' verdicts, costs. */
import type { JudgeResult, MasecEvent } from '@masec/spec';
import type { EngineCosts } from '../engine/message-engine.js';

export type RunCostsSim = EngineCosts;

export interface RunOutput {
  events: MasecEvent[];
  metrics: Record<string, number | null>;
  series: Record<string, number[]>;
  judges: Record<string, JudgeResult>;
  costs: EngineCosts;
}
