/**
 * `masec calibrate` end to end: the table and the file it writes (JSON by default, YAML by extension), a
 * population scenario that names the file runs on its estimates, and exit 2 for scenarios and options it
 * cannot use, with nothing written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORM_ARMS, copyFixture, masec, masecInProcess, parseJson, readStore, runJson, tempDir } from './helpers.js';

interface EstimateJson {
  estimate: number;
  low: number;
  high: number;
  events: number;
  trials: number;
}

interface CalibrationJson {
  kind: string;
  version: number;
  scenario: string;
  scenarioHash: string;
  agents: number;
  seeds: number[];
  arms: Record<string, { transmission: EstimateJson; recovery: EstimateJson; detection: EstimateJson; falsePositive: EstimateJson; runs: number }>;
}

interface CalibrateJson {
  file: string;
  calibration: CalibrationJson;
  arms: Record<string, { detection: string; diagnostics: { infections: number; offGraph: number; seeded: number; meanContacts: number } }>;
  runs: number;
}

/** A population scenario with the arms of small-worm, on its calibration. */
const POPULATION = (calibration: string): string => `
id: small-worm-scaled
rounds: 20
engine: population
agents: { count: 5000 }
topology: { kind: barabasi-albert, m: 3 }
population: { calibration: ${calibration} }
threats: [{ id: worm }]
arms:
  - { name: none, defenses: [] }
  - { name: tagging, defenses: [{ id: provenance-tagging }] }
  - { name: detector-quarantine, defenses: [{ id: content-detector }, { id: quarantine }] }
`;

let dir: string;
let text: { status: number | null; stdout: string; stderr: string };
let json: CalibrateJson;

beforeAll(async () => {
  dir = tempDir('cal');
  copyFixture('small-worm.yaml', dir);
  const [a, b] = await Promise.all([
    masec(['calibrate', 'small-worm.yaml', '--seeds', '3', '--workers', '0'], { cwd: dir }),
    masec(['calibrate', 'small-worm.yaml', '--seeds', '3', '--workers', '1', '--out', 'out/cal.yaml', '--json'], { cwd: dir }),
  ]);
  text = a;
  expect(b.status, b.stderr).toBe(0);
  json = parseJson<CalibrateJson>(b.stdout, 'masec calibrate --json');
}, 120_000);

describe('masec calibrate', () => {
  it('--help lists the options, what is estimated, and examples', async () => {
    const result = await masecInProcess(['calibrate', '--help'], tempDir('cal-help'));
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('Usage: masec calibrate [options] <scenario>')).toBe(true);
    for (const mention of ['--seeds <n>', '--set <path=value>', '--out <file>', '--workers <n>', '--json', '--quiet', 'transmission β', '1 − (1 − β)^k', 'population.calibration', 'docs/guides/calibration.md', 'Examples:']) {
      expect(result.stdout, `mentions ${mention}`).toContain(mention);
    }
  });

  it('prints every arm’s four estimates with intervals and writes <id>.calibration.json (threat: worm)', () => {
    expect(text.status, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[1]).toBe('Calibration of Small email worm: 60 agents, 12 rounds, 3 seeds per arm (message engine)');
    expect(lines[3]).toMatch(/^arm\s+parameter\s+estimate\s+95% CI\s+events \/ trials$/);
    for (const arm of WORM_ARMS) expect(lines.some((l) => l.startsWith(`${arm} `) && l.includes('transmission β')), arm).toBe(true);
    expect(lines.filter((l) => /^\s+(recovery γ|detection|false positive)\s/.test(l))).toHaveLength(9);
    expect(text.stdout).toContain('detector-quarantine: detection counts quarantine (the arm isolates flagged agents).');
    expect(text.stdout).toContain('wrote small-worm.calibration.json');
    const file = parseJson<CalibrationJson>(readFileSync(join(dir, 'small-worm.calibration.json'), 'utf8'), 'the calibration file');
    expect(file).toMatchObject({ kind: 'masec-calibration', version: 1, scenario: 'small-worm', agents: 60, seeds: [1, 2, 3] });
    expect(Object.keys(file.arms)).toEqual([...WORM_ARMS]);
    for (const arm of Object.values(file.arms)) {
      expect(arm.runs).toBe(3);
      for (const e of [arm.transmission, arm.recovery, arm.detection, arm.falsePositive]) {
        expect(e.low).toBeLessThanOrEqual(e.estimate);
        expect(e.estimate).toBeLessThanOrEqual(e.high);
        expect(e.events).toBeLessThanOrEqual(e.trials);
      }
    }
    // The rows of the table are the file's numbers.
    const none = file.arms.none!.transmission;
    expect(lines.find((l) => l.startsWith('none '))).toContain(`${none.events} / ${none.trials.toLocaleString('en-US')} contacts`);
    // Nothing goes to a results store.
    expect(existsSync(join(dir, '.masec'))).toBe(false);
  });

  it('--json prints the file’s contents and diagnostics; --out *.yaml writes YAML; workers do not change it', () => {
    expect(json.file).toBe(join(dir, 'out/cal.yaml'));
    expect(json.runs).toBe(9);
    expect(json.arms['detector-quarantine']?.detection).toBe('quarantine');
    expect(json.arms.none?.detection).toBe('flag');
    expect(json.arms.none?.diagnostics.seeded).toBe(3);
    const yaml = readFileSync(join(dir, 'out/cal.yaml'), 'utf8');
    expect(yaml.startsWith('kind: masec-calibration\n')).toBe(true);
    expect(parse(yaml)).toEqual(json.calibration);
    const fromText = parseJson<CalibrationJson>(readFileSync(join(dir, 'small-worm.calibration.json'), 'utf8'));
    expect(json.calibration).toEqual(fromText);
  });

  it('a population scenario naming the file validates and runs on its estimates', async () => {
    writeFileSync(join(dir, 'scaled.yaml'), POPULATION('small-worm.calibration.json'));
    const validate = await masec(['validate', 'scaled.yaml'], { cwd: dir });
    expect(validate.status, validate.stderr).toBe(0);
    const run = await runJson(['run', 'scaled.yaml', '--seeds', '2', '--workers', '0', '--store', 's.sqlite'], { cwd: dir });
    expect(run.failed).toBe(0);
    expect(run.runs).toHaveLength(6);
    expect(Object.keys(run.summary)).toEqual([...WORM_ARMS]);
  });
});

describe('masec calibrate refuses what it cannot use (exit 2, nothing written)', () => {
  it('a population scenario: says why and what to do', async () => {
    const d = tempDir('cal-bad');
    const result = await masecInProcess(['calibrate', 'worm-population'], d);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "masec: calibrate measures message-engine runs, but scenario 'worm-population' is not one: it has no agents.policy, so it runs on the population engine\n",
    );
    expect(existsSync(join(d, 'worm-population.calibration.json'))).toBe(false);
  });

  it('an --out that is neither JSON nor YAML, and a bad --seeds', async () => {
    const d = tempDir('cal-bad');
    const scenario = copyFixture('small-worm.yaml', d);
    const out = await masecInProcess(['calibrate', join(d, scenario), '--out', 'cal.txt'], d);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe("masec: option --out: 'cal.txt' must end in .json, .yaml or .yml\n");
    const seeds = await masecInProcess(['calibrate', join(d, scenario), '--seeds', '0'], d);
    expect(seeds.status).toBe(2);
    expect(seeds.stderr).toContain('option --seeds: expected an integer from 1 to 100000');
    expect(existsSync(join(d, 'small-worm.calibration.json'))).toBe(false);
  });

  it('an invalid scenario: file, line and field, as validate reports them', async () => {
    const d = tempDir('cal-bad');
    const scenario = copyFixture('small-worm.yaml', d);
    const result = await masec(['calibrate', scenario, '--set', 'agents.count=1'], { cwd: d });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/agents\.count: .*>=2/);
  });
});

describe('a population scenario whose calibration file is missing, malformed or lacks an arm', () => {
  const cases: { what: string; file?: string; expected: RegExp }[] = [
    { what: 'missing', expected: /scaled\.yaml: population\.calibration: calibration file 'cal\.json' not found \(looked for .*cal\.json\)/ },
    { what: 'malformed', file: '{"kind": "masec-calibration", "version": 2}', expected: /cal\.json: version: Invalid input: expected 1/ },
    { what: 'without an arm', file: 'arms-none-only', expected: /population\.calibration: calibration file 'cal\.json' has no arms 'tagging', 'detector-quarantine' \(it has 'none'\)/ },
  ];

  it.each(cases)('$what: validate and run exit 2 naming the file and field; nothing is stored', async ({ file, expected }) => {
    const d = tempDir('cal-pop');
    writeFileSync(join(d, 'scaled.yaml'), POPULATION('cal.json'));
    if (file === 'arms-none-only') {
      const full = parseJson<CalibrationJson>(readFileSync(join(dir, 'small-worm.calibration.json'), 'utf8'));
      writeFileSync(join(d, 'cal.json'), JSON.stringify({ ...full, arms: { none: full.arms.none } }));
    } else if (file !== undefined) writeFileSync(join(d, 'cal.json'), file);
    const validate = await masec(['validate', 'scaled.yaml'], { cwd: d });
    expect(validate.status).toBe(2);
    expect(validate.stderr).toMatch(expected);
    expect(validate.stderr).toContain('scaled.yaml: population.calibration: ');
    const run = await masec(['run', 'scaled.yaml', '--seeds', '1', '--store', 's.sqlite'], { cwd: d });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(readStore(join(d, 's.sqlite')).exists).toBe(false);
  });
});
