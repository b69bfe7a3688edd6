/**
 * `masec monitors` on a model-backed monitor, end to end against the stub over loopback HTTP: the LLM
 * overseer of `worm-email-llm-overseer` (2 seeds) gets a threshold at each requested
 * false-positive rate, and the command reports the model calls, tokens and cost of the calibration runs,
 * the monitor's apart from the agents', in JSON and in the text report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorCalibrationResult } from '@masec/runner';
import { StubServer } from '@masec/models/stub';
import { masecInProcess, parseJson, tempDir } from './helpers.js';

let stub: StubServer;
let dir: string;
let args: string[];
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'by-model' } });
  dir = tempDir('monitors-llm');
  const url = stub.baseUrl('openai-compatible');
  args = ['monitors', 'worm-email-llm-overseer', '--set', `models[0].baseUrl=${url}`, '--set', `models[1].baseUrl=${url}`, '--seeds', '2', '--monitor', 'llm-overseer', '--fpr', '0.05,0.02', '--workers', '0', '-q'];
});
afterAll(() => stub.close());

describe('masec monitors on llm-overseer', () => {
  it('gives a threshold at each requested FPR and the monitor\u2019s model calls, tokens and cost', async () => {
    const out = await masecInProcess([...args, '--json'], dir);
    expect(out.status, out.stderr).toBe(0);
    const result = parseJson<MonitorCalibrationResult>(out.stdout);
    expect(result).toMatchObject({ scenario: 'worm-email-llm-overseer', seeds: [1, 2], honestSeeds: [3, 4], fprs: [0.05, 0.02] });
    const [monitor] = result.monitors;
    expect(monitor?.monitor).toBe('llm-overseer');
    expect(monitor?.points.map((p) => p.targetFpr)).toEqual([0.05, 0.02]);
    for (const p of monitor?.points ?? []) {
      expect(p.honestFpr).toBeLessThanOrEqual(p.targetFpr);
      expect(p.threshold).toBeGreaterThan(0);
      expect(p.tpr).toBeGreaterThan(0);
    }
    expect(monitor?.auroc).toBeGreaterThan(0.7);
    // The overseer is called once per message with text sent: at least one call per envelope it scored.
    expect(result.models?.honest.monitors.calls).toBeGreaterThanOrEqual(monitor?.honest.scored ?? Infinity);
    expect(result.models?.honest.monitors.inputTokens).toBeGreaterThan(0);
    expect(result.models?.attack.monitors.inputTokens).toBeGreaterThan(0);
    expect(result.models?.attack.agents.calls).toBeGreaterThan(0);
    expect(result.models?.attack.monitors.costUsd).toBe(0); // the scenario's models declare no price

    const text = await masecInProcess(args, dir);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('llm-overseer (hooks: send)');
    expect(text.stdout).toMatch(new RegExp(`\\n {2}5% +${monitor?.points[0]?.threshold.toFixed(3)} `));
    const calls = result.models?.honest.monitors.calls.toLocaleString('en-US');
    expect(text.stdout).toContain(`  honest: monitors ${calls} calls, `);
  }, 240_000);
});
