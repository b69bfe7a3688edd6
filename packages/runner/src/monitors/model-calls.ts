/**
 * What the model calls of a monitor calibration cost: calls, tokens and USD at the models' prices, summed
 * over the honest and over the attack runs, those of model-backed monitors apart from the agents'. A call is
 * a monitor's when the transcript attributes it to a guard: `shield:<sender>` (`llm-classifier`) or
 * `overseer:<agent>` (`llm-overseer`). Only what does not depend on the cache or the endpoint's speed is
 * counted (no latency, no cache hits), so a calibration answered from the cache reports the same.
 */
import type { TranscriptEntry } from '@masec/models';

/** Transcript agents of calls made by guards rather than by agents. */
export const MONITOR_CALL_PREFIXES: readonly string[] = ['shield:', 'overseer:'];

export interface ModelCallTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD at the models' declared prices (0 for models without a price). */
  costUsd: number;
}

export interface RunKindCalls {
  /** Calls of model-backed monitors. */
  monitors: ModelCallTotals;
  /** Calls of the agents (their policies). */
  agents: ModelCallTotals;
}

export interface CalibrationModelCalls {
  honest: RunKindCalls;
  attack: RunKindCalls;
}

const zero = (): ModelCallTotals => ({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });

export function emptyCalls(): CalibrationModelCalls {
  return { honest: { monitors: zero(), agents: zero() }, attack: { monitors: zero(), agents: zero() } };
}

export function isMonitorCall(agent: string | null): boolean {
  return agent !== null && MONITOR_CALL_PREFIXES.some((prefix) => agent.startsWith(prefix));
}

/** One run's calls, from its transcript. */
export function runCalls(transcript: readonly TranscriptEntry[]): RunKindCalls {
  const out: RunKindCalls = { monitors: zero(), agents: zero() };
  for (const entry of transcript) {
    const totals = isMonitorCall(entry.agent) ? out.monitors : out.agents;
    totals.calls += 1;
    totals.inputTokens += entry.response.usage.inputTokens;
    totals.outputTokens += entry.response.usage.outputTokens;
    totals.costUsd += entry.costUsd;
  }
  return out;
}

/** Adds one run's calls to the totals of its kind (in task order, so sums of prices come out the same every time). */
export function addRunCalls(into: RunKindCalls, run: RunKindCalls): void {
  for (const part of ['monitors', 'agents'] as const) {
    into[part].calls += run[part].calls;
    into[part].inputTokens += run[part].inputTokens;
    into[part].outputTokens += run[part].outputTokens;
    into[part].costUsd += run[part].costUsd;
  }
}
