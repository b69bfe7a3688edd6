import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { type HelperThreads, createRegistries, parseScenario, runPopulationEngine } from '@masec/sim';
import { PREFAULT_MIN_BYTES, barabasiAlbert, createRng, setGraphSpawner, setPrefaulter, sharedInt32 } from '@masec/sim';
import { HELPER_MIN_AGENTS, installGraphHelpers, nodeHelperThreads } from './helper-threads.js';
import { executeRun } from './execute.js';

const registries = createRegistries();

/** A contact-model outbreak big enough to fill many chunks of hits (β = 0.2 sparse, 0.5 dense draws). */
function scenario(beta: number, extra: Record<string, unknown> = {}, agents = 60_000) {
  return parseScenario(
    JSON.stringify({
      id: 'helper-thread-test',
      rounds: 40,
      engine: 'population',
      agents: { count: agents },
      topology: { kind: 'barabasi-albert', m: 4 },
      population: { patientZeros: 3, transmission: beta, recovery: 0.4, ...extra },
      threats: [],
      defenses: [],
    }),
    { file: 'helper-thread-test.json', registries },
  );
}

/** β = 0.2 on 150,000 agents and β = 0.5 on 60,000 both put several chunks of hits in their peak rounds. */
function run(beta: number, helperThreads: HelperThreads | undefined) {
  const s = scenario(beta, {}, beta < 0.35 ? 150_000 : 60_000);
  return runPopulationEngine({ scenario: s, seed: 7, arm: 'default', defenses: [], registries, ...(helperThreads === undefined ? {} : { helperThreads }) });
}

describe('population helper thread', () => {
  const saved = process.env.MASEC_HELPER_THREAD;
  afterEach(() => {
    if (saved === undefined) delete process.env.MASEC_HELPER_THREAD;
    else process.env.MASEC_HELPER_THREAD = saved;
  });

  for (const beta of [0.2, 0.5]) {
    it(`gives the very same run with and without it (β = ${beta})`, () => {
      const local = run(beta, undefined);
      let spawned = 0;
      const counting: HelperThreads = {
        use: () => true,
        spawn: (source, data) => {
          spawned++;
          return nodeHelperThreads(true).spawn(source, data);
        },
      };
      const helped = run(beta, counting);
      expect(spawned).toBe(1);
      const end = local.events.find((e) => e.type === 'population-end');
      // A real outbreak (thousands of chunks of hits), and every event — counts, cohorts, state hash — equal.
      expect(local.events.findLast((e) => e.type === 'population-round')).toMatchObject({ everCompromised: expect.any(Number) });
      const last = local.events.findLast((e) => e.type === 'population-round') as { everCompromised: number };
      expect(last.everCompromised).toBeGreaterThan(20_000);
      expect(helped.events).toEqual(local.events);
      expect(end).toBeDefined();
    });
  }

  it('fails the run with a clear error when the helper thread fails, instead of waiting for it', () => {
    const broken: HelperThreads = {
      use: () => true,
      // The helper's own code, given data it cannot use: it throws on its first chunk.
      spawn: (source, data) => {
        const worker = new Worker(source, { eval: true, workerData: { ...data, outs: null }, stderr: true });
        worker.unref();
        return { terminate: () => worker.terminate() };
      },
    };
    // The failure is the run's recorded outcome: status error with the cause, the rounds before it kept.
    const failed = run(0.2, broken);
    expect(failed.status).toBe('error');
    expect(failed.error?.message).toMatch(/helper thread failed/);
    const end = failed.events[failed.events.length - 1];
    expect(end).toMatchObject({ type: 'run-end', status: 'error', code: 'RUN_FAILED' });
    expect(failed.events[0]?.type).toBe('run-start');
  });

  it("'auto' uses a helper from HELPER_MIN_AGENTS agents up; MASEC_HELPER_THREAD overrides it", () => {
    delete process.env.MASEC_HELPER_THREAD;
    const auto = nodeHelperThreads('auto');
    expect(auto.use(HELPER_MIN_AGENTS - 1)).toBe(false);
    process.env.MASEC_HELPER_THREAD = '1';
    expect(auto.use(10)).toBe(true);
    process.env.MASEC_HELPER_THREAD = '0';
    expect(auto.use(10 * HELPER_MIN_AGENTS)).toBe(false);
    process.env.MASEC_HELPER_THREAD = 'yes';
    expect(() => auto.use(10)).toThrow(/MASEC_HELPER_THREAD must be 0 or 1, got 'yes'/);
    expect(nodeHelperThreads(false).use(10 * HELPER_MIN_AGENTS)).toBe(false);
    expect(nodeHelperThreads(true).use(10)).toBe(true);
  });

  it('a run task gives the same digest with and without a helper thread', async () => {
    const task = { scenario: scenario(0.3), arm: 'default', seed: 3, baseDir: process.cwd() };
    const [without, withHelper] = [await executeRun({ ...task, helperThread: false }), await executeRun({ ...task, helperThread: true })];
    expect(without.status).toBe('done');
    expect(withHelper.digest).toBe(without.digest);
  });

  it('the prefaulter leaves the contents of a buffer being written meanwhile unchanged', async () => {
    delete process.env.MASEC_HELPER_THREAD;
    installGraphHelpers();
    const words = (4 * PREFAULT_MIN_BYTES) / 4;
    const a = sharedInt32(words);
    // Written while the prefault thread adds 0 to one word per page: every write must survive.
    for (let i = 0; i < words; i++) a[i] = (i * 2654435761) | 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
    let wrong = 0;
    for (let i = 0; i < words; i++) if (a[i] !== ((i * 2654435761) | 0)) wrong++;
    expect(wrong).toBe(0);
  });

  it('graph helpers (prefault and a sorting thread) build the very same graph', () => {
    setPrefaulter(null);
    setGraphSpawner(null);
    const plain = barabasiAlbert(3_000_000, 3, createRng(4));
    delete process.env.MASEC_HELPER_THREAD;
    installGraphHelpers();
    const helped = barabasiAlbert(3_000_000, 3, createRng(4));
    expect(Buffer.from(helped.offsets.buffer).equals(Buffer.from(plain.offsets.buffer))).toBe(true);
    expect(Buffer.from(helped.neighbors.buffer).equals(Buffer.from(plain.neighbors.buffer))).toBe(true);
  });
});
