/**
 * Long runs (more than MAX_KEPT_ROUNDS rounds) stream their event log to the encoder and never hold it: their
 * metrics and judges read it back, and everything — digest, metrics, series, judges — is what the same run
 * gives with its log kept in memory.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ROUNDS, ScenarioSchema } from '@masec/spec';
import { createRegistries, runScenario } from '@masec/sim';
import { encodeEventLog } from '../store/event-codec.js';
import { MAX_KEPT_ROUNDS, executeRun } from './execute.js';

describe('long runs', () => {
  it(`a run of more than ${MAX_KEPT_ROUNDS.toLocaleString('en-US')} rounds streams its log, and is measured and judged exactly as if kept`, async () => {
    const scenario = ScenarioSchema.parse({
      id: 'long',
      engine: 'population',
      rounds: MAX_KEPT_ROUNDS + 5_000,
      agents: { count: 300 },
      topology: { kind: 'ring', k: 2 },
      population: { transmission: 0.05, recovery: 0.01, reinfection: true },
      threats: [{ id: 'worm', config: {} }],
    });
    const streamed = await executeRun({ scenario, arm: 'default', seed: 3, baseDir: '.', helperThread: false });
    expect(streamed.status).toBe('done');
    expect(streamed.eventCount).toBe(scenario.rounds + 3);
    const kept = await runScenario(scenario, { seed: 3, registries: createRegistries() });
    expect(kept.events).toHaveLength(scenario.rounds + 3);
    expect(streamed.digest).toBe(encodeEventLog(kept.events).digest);
    expect(streamed.metrics).toEqual(kept.metrics);
    expect(streamed.series).toEqual(kept.series);
    expect(streamed.judges).toEqual(kept.judges);
    expect(streamed.judges.worm?.success).toBe(true);
  });

  it('scenarios may ask for up to MAX_ROUNDS rounds', () => {
    expect(MAX_ROUNDS).toBe(10_000_000);
    expect(ScenarioSchema.safeParse({ id: 'x', rounds: MAX_ROUNDS, agents: { count: 2 }, topology: { kind: 'ring' } }).success).toBe(true);
    expect(ScenarioSchema.safeParse({ id: 'x', rounds: MAX_ROUNDS + 1, agents: { count: 2 }, topology: { kind: 'ring' } }).success).toBe(false);
  });
});
