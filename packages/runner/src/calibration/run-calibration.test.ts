// runCalibration: every arm over the seeds, the same estimates in-process and on worker threads, a file
// that reads back, and the errors for scenarios and runs it cannot calibrate from.
import { MasecError, type Scenario } from '@masec/spec';
import { createRegistries, formatCalibration, parseCalibration, parseScenario } from '@masec/sim';
import { describe, expect, it } from 'vitest';
import { scenarioHash } from '../experiment/manifest.js';
import { messageEngineProblem, runCalibration } from './run-calibration.js';

const YAML = `
id: tiny-contagion
rounds: 12
agents: { count: 120, records: 0, policy: { id: contagion, config: { transmission: 0.3, recovery: 0.2 } } }
topology: { kind: erdos-renyi, meanDegree: 4 }
channel: { kind: direct }
threats: [{ id: worm, config: { patientZeros: 2 } }]
arms:
  - { name: none, defenses: [] }
  - name: detect
    defenses: [{ id: content-detector }, { id: quarantine, config: { afterFlags: 1 } }]
`;

const parse = (yaml: string): Scenario => parseScenario(yaml, { file: 't.yaml', registries: createRegistries() });

describe('runCalibration', () => {
  it('estimates every arm from all its seeds, the same on worker threads as in-process', async () => {
    const scenario = parse(YAML);
    const seen: number[] = [];
    const [inProcess, threaded] = await Promise.all([
      runCalibration({ scenario, baseDir: '.', seeds: [1, 2, 3], workers: 0, onProgress: (p) => seen.push(p.done) }),
      runCalibration({ scenario, baseDir: '.', seeds: [1, 2, 3], workers: 2 }),
    ]);
    expect(threaded.file).toEqual(inProcess.file);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const file = inProcess.file;
    expect(file).toMatchObject({ kind: 'masec-calibration', version: 1, scenario: 'tiny-contagion', scenarioHash: scenarioHash(scenario), agents: 120, seeds: [1, 2, 3] });
    expect(Object.keys(file.arms)).toEqual(['none', 'detect']);
    expect(inProcess.detection).toEqual({ none: 'flag', detect: 'quarantine' });
    expect(inProcess.runs).toBe(6);
    const none = file.arms.none!;
    expect(none.runs).toBe(3);
    expect(none.transmission.events).toBeGreaterThan(20);
    expect(none.transmission.low).toBeLessThan(0.3);
    expect(none.transmission.high).toBeGreaterThan(0.3);
    expect(none.detection.events).toBe(0); // no monitor
    // The detector flags every payload and quarantine isolates at the first flag: caught the round it spreads.
    expect(file.arms.detect!.detection.estimate).toBe(1);
    expect(file.arms.detect!.falsePositive.events).toBe(0);
    // The file holds the estimates without the diagnostics, and reads back.
    expect(Object.keys(none).sort()).toEqual(['detection', 'falsePositive', 'recovery', 'runs', 'transmission']);
    expect(parseCalibration(formatCalibration(file, 'yaml'), 'x.yaml')).toEqual(file);
    // Two patient zeros per run; one without contacts never sends, so it is never seen compromised.
    const seeded = inProcess.arms.none!.diagnostics.seeded;
    expect(seeded).toBeGreaterThanOrEqual(4);
    expect(seeded).toBeLessThanOrEqual(6);
  });

  it('refuses a scenario the message engine does not run', async () => {
    const population = parse(`id: p\nrounds: 5\nagents: { count: 1000 }\ntopology: { kind: ring, k: 2 }\npopulation: { transmission: 0.1 }\nthreats: [{ id: worm }]`);
    expect(messageEngineProblem(population)).toBe('it has no agents.policy, so it runs on the population engine');
    const forced = parse(`${YAML}\nengine: population\npopulation: {}`);
    expect(messageEngineProblem(forced)).toMatch(/sets engine: population \(add --set engine=message/);
    expect(messageEngineProblem(parse(YAML))).toBeUndefined();
    await expect(runCalibration({ scenario: population, baseDir: '.', seeds: [1], workers: 0 })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('writes nothing when a run fails, and says which', async () => {
    const scenario = parse(YAML);
    // More patient zeros than agents: the load-time check is bypassed, so the run itself fails.
    const broken = { ...scenario, threats: [{ id: 'worm', config: { ...scenario.threats[0]!.config, patientZeros: 500 } }] };
    const error = await runCalibration({ scenario: broken, baseDir: '.', seeds: [1], workers: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasecError);
    expect(error).toMatchObject({ code: 'RUN_FAILED' });
    expect((error as Error).message).toMatch(/^2 of 2 calibration runs failed, so no estimates were written; first: detect seed 1: .*patientZeros/);
  });
});
