// Files a scenario's topology names are read as bytes and checked at load, with file/line-located errors.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MasecError } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dirs.js';
import { fileBytesReader } from './execute.js';
import { loadScenarioFile } from './scenario-file.js';

const SCENARIO = `id: cm
rounds: 2
agents:
  count: 4
  policy:
    id: email-assistant
topology:
  kind: configuration-model
  degrees:
    kind: file
    file: degrees.txt
`;

function dirWith(files: Record<string, string>): string {
  const dir = tempDir('masec-scenario-file-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The error loading `dir/name` (relative paths against `dir`) throws. */
function loadFailure(dir: string, name: string): MasecError {
  try {
    loadScenarioFile(join(dir, name), [], { cwd: dir });
  } catch (error) {
    expect(error).toBeInstanceOf(MasecError);
    return error as MasecError;
  }
  throw new Error('expected loadScenarioFile to throw');
}

const loadError = (dir: string): MasecError => loadFailure(dir, 'cm.yaml');

describe('loadScenarioFile with a degree file', () => {
  it('loads a valid degree file', () => {
    const dir = dirWith({ 'cm.yaml': SCENARIO, 'degrees.txt': '1\n1\n2\n0\n' });
    expect(loadScenarioFile(join(dir, 'cm.yaml')).scenario.topology).toEqual({
      kind: 'configuration-model',
      degrees: { kind: 'file', file: 'degrees.txt' },
    });
  });

  it('estimates the memory a run needs from the degrees the file gives, and refuses a run over the budget', () => {
    const dir = dirWith({ 'cm.yaml': SCENARIO, 'degrees.txt': '1\n1\n2\n0\n' });
    expect(loadScenarioFile(join(dir, 'cm.yaml')).memory.arcs).toBe(4);
    let error: MasecError | undefined;
    try {
      loadScenarioFile(join(dir, 'cm.yaml'), [], { memoryBudget: 2 ** 20 });
    } catch (e) {
      error = e as MasecError;
    }
    expect(error?.code).toBe('SCENARIO_INVALID');
    expect(error?.issues).toEqual([
      {
        file: join(dir, 'cm.yaml'),
        path: 'agents.count',
        message: expect.stringMatching(/^one run needs at least 96 MiB of memory \(the process: 96 MiB; .*\), more than the 1 MiB this machine has; use fewer agents or a sparser topology$/),
      },
    ]);
  });

  it('reports a missing degree file at its field', () => {
    const error = loadError(dirWith({ 'cm.yaml': SCENARIO }));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.issues[0]).toMatchObject({ path: 'topology.degrees.file' });
    expect(error.message).toContain("degree file 'degrees.txt' not found");
  });

  it('reports a malformed degree at its file and line', () => {
    const error = loadError(dirWith({ 'cm.yaml': SCENARIO, 'degrees.txt': '1\n1\nthree\n1\n' }));
    expect(error.message).toBe('degrees.txt:3: topology.degrees.file: "three" is not an integer degree');
  });
});

describe('fileBytesReader', () => {
  it('reads a file relative to the base directory as bytes, and names a missing one', () => {
    const dir = dirWith({ 'g.txt': '0 1\n' });
    const read = fileBytesReader(dir);
    expect(Array.from(read('g.txt'))).toEqual([48, 32, 49, 10]);
    expect(() => read('nope.txt')).toThrow(/cannot read '.*nope\.txt'/);
  });

  it('refuses a FIFO or a directory by its kind, without waiting for a writer', () => {
    const dir = dirWith({});
    execFileSync('mkfifo', [join(dir, 'edges.fifo')]);
    const read = fileBytesReader(dir);
    expect(() => read('edges.fifo')).toThrow(`cannot read '${join(dir, 'edges.fifo')}': it is a FIFO, not a file`);
    expect(() => read('.')).toThrow(`cannot read '${dir}': it is a directory, not a file`);
  });
});

const POPULATION = `id: pop
rounds: 3
agents:
  count: 1000
topology:
  kind: ring
  k: 2
population:
  calibration: cal.json
threats:
  - id: worm
arms:
  - name: none
    defenses: []
  - name: tagging
    defenses:
      - id: provenance-tagging
`;

const estimate = { estimate: 0.1, low: 0.05, high: 0.2, events: 10, trials: 100 };
const arm = { transmission: estimate, recovery: estimate, detection: estimate, falsePositive: estimate, runs: 2 };
const calibration = (arms: Record<string, unknown>): string =>
  JSON.stringify({ kind: 'masec-calibration', version: 1, scenario: 'm', scenarioHash: 'h', agents: 50, seeds: [1, 2], arms });

const calibrationError = (files: Record<string, string>): MasecError => loadFailure(dirWith({ 'pop.yaml': POPULATION, ...files }), 'pop.yaml');

describe('loadScenarioFile with a calibration file', () => {
  it('loads a population scenario whose calibration has every arm', () => {
    const dir = dirWith({ 'pop.yaml': POPULATION, 'cal.json': calibration({ none: arm, tagging: arm, extra: arm }) });
    expect(loadScenarioFile(join(dir, 'pop.yaml')).scenario.population?.calibration).toBe('cal.json');
  });

  it('reports a missing calibration file at population.calibration', () => {
    const error = calibrationError({});
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'population.calibration' });
    expect(error.issues[0]?.message).toMatch(/^calibration file 'cal\.json' not found \(looked for .*cal\.json\); `masec calibrate` writes one$/);
  });

  it('reports a malformed calibration file at its field, after the scenario field that names it', () => {
    const broken = JSON.parse(calibration({ none: arm, tagging: arm })) as { arms: { tagging: { recovery: { high: number } } } };
    broken.arms.tagging.recovery.high = 2;
    const error = calibrationError({ 'cal.json': JSON.stringify(broken) });
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.issues.map((i) => [i.file, i.path])).toEqual([
      [expect.stringMatching(/pop\.yaml$/), 'population.calibration'],
      ['cal.json', 'arms.tagging.recovery.high'],
    ]);
    expect(error.issues[0]?.message).toBe("'cal.json' is not a valid calibration file");
    expect(calibrationError({ 'cal.json': '{ "kind": ' }).issues[1]?.message).toMatch(/^not valid JSON or YAML/);
    expect(calibrationError({ 'cal.json': '{ "kind": "something-else" }' }).issues[1]).toMatchObject({ file: 'cal.json', path: 'kind' });
  });

  it('refuses a calibration file that is not UTF-8 text or not a regular file, at the file, after the scenario field', () => {
    const dir = dirWith({ 'pop.yaml': POPULATION });
    writeFileSync(join(dir, 'cal.json'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    const bytes = loadFailure(dir, 'pop.yaml');
    expect(bytes.issues[0]).toMatchObject({ path: 'population.calibration', message: "'cal.json' is not a valid calibration file" });
    expect(bytes.issues[1]).toMatchObject({ file: 'cal.json', line: 1, column: 3, message: expect.stringContaining('the file is not UTF-8 text: byte 0xE9') });
    const fifo = dirWith({ 'pop.yaml': POPULATION });
    execFileSync('mkfifo', [join(fifo, 'cal.json')]);
    const error = loadFailure(fifo, 'pop.yaml');
    expect(error.issues[1]).toEqual({ file: 'cal.json', path: '', message: 'is a FIFO, not a calibration file' });
  });

  it('reports the arms a calibration file lacks', () => {
    const error = calibrationError({ 'cal.json': calibration({ none: arm }) });
    expect(error.issues).toEqual([
      {
        file: expect.stringMatching(/pop\.yaml$/),
        path: 'population.calibration',
        message: "calibration file 'cal.json' has no arm 'tagging' (it has 'none'); calibrate a scenario with the same arm names",
      },
    ]);
  });

  it('does not read it for a scenario that runs on the message engine', () => {
    const message = POPULATION.replace('  count: 1000\n', '  count: 50\n  policy:\n    id: contagion\n');
    const dir = dirWith({ 'msg.yaml': message });
    expect(loadScenarioFile(join(dir, 'msg.yaml')).scenario.agents.count).toBe(50);
  });
});
