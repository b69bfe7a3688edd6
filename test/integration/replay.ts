/** What every model-backed scenario test checks after its first experiment against the stub. */
import { expect } from 'vitest';
import { type ExperimentOptions, type ExperimentResult, runExperiment } from '@masec/runner';
import type { StubServer } from '@masec/models/stub';

/**
 * Every request the stub served is in the experiment's model spend, and the same experiment replayed from the
 * response cache requests nothing and gives the same digests. Returns the replayed experiment.
 */
export async function expectFreeReplay(stub: StubServer, first: ExperimentResult, options: ExperimentOptions): Promise<ExperimentResult> {
  const requests = stub.stats().requests;
  expect(requests).toBeGreaterThan(0);
  expect(requests).toBe(first.modelSpend?.requests);
  const again = await runExperiment({ ...options, force: true, models: { cache: 'replay' } });
  expect(again.runs.map((r) => r.digest)).toEqual(first.runs.map((r) => r.digest));
  expect(stub.stats().requests).toBe(requests);
  return again;
}
