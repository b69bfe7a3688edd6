// The model calls of a monitor calibration: guards' calls (shield:…, overseer:…) apart from the agents',
// tokens and list cost summed per run and over runs.
import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '@masec/models';
import { addRunCalls, emptyCalls, isMonitorCall, runCalls } from './model-calls.js';

const entry = (agent: string | null, inputTokens: number, outputTokens: number, costUsd = 0): TranscriptEntry => ({
  agent,
  round: 1,
  call: 0,
  model: 'm',
  key: 'k',
  messages: [],
  tools: [],
  response: { text: '', toolCalls: [], usage: { inputTokens, outputTokens }, finishReason: 'stop', cached: false },
  latencyMs: 5,
  attempts: 1,
  costUsd,
});

describe('calibration model calls', () => {
  it('tells the monitors\u2019 calls (shield:, overseer:) from the agents\u2019', () => {
    expect(isMonitorCall('overseer:a1')).toBe(true);
    expect(isMonitorCall('shield:a1')).toBe(true);
    expect(isMonitorCall('a1')).toBe(false);
    expect(isMonitorCall('did:key:z6Mk')).toBe(false);
    expect(isMonitorCall(null)).toBe(false);
  });

  it('sums calls, tokens and list cost per run, then over runs', () => {
    const run = runCalls([entry('overseer:a1', 100, 10, 0.5), entry('a1', 40, 4, 0.25), entry('overseer:a2', 60, 6, 0.5)]);
    expect(run).toEqual({ monitors: { calls: 2, inputTokens: 160, outputTokens: 16, costUsd: 1 }, agents: { calls: 1, inputTokens: 40, outputTokens: 4, costUsd: 0.25 } });
    const total = emptyCalls();
    addRunCalls(total.attack, run);
    addRunCalls(total.attack, run);
    expect(total.attack.monitors).toEqual({ calls: 4, inputTokens: 320, outputTokens: 32, costUsd: 2 });
    expect(total.honest.monitors.calls).toBe(0);
  });
});
