/**
 * Validation end to end: a malformed scenario or a bad option exits 2, the message names the file, the line,
 * the column and the field path, and nothing is written to the results store.
 *
 * The per-case matrix goes through the in-process entry point `runCli(argv, io)` (fast; scenario paths are
 * absolute because it resolves them against the process cwd); the built binary is checked on every fixture
 * at once, and for the exit status of `run`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistries } from '@masec/sim';
import { FIXTURES, copyFixture, masec, masecInProcess, readStore, tempDir } from './helpers.js';

/** The built-in scenario names, as the CLI lists them: the YAML files in scenarios/, in file-name order. */
const BUILTIN_SCENARIOS = readdirSync(resolve(import.meta.dirname, '../../scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => f.slice(0, -'.yaml'.length));
/** Catalogue ids as the registries list them (sorted), so adding a threat or defense does not break these tests. */
const registries = createRegistries();
const THREAT_IDS = registries.threats.list().map((t) => t.id).sort().join(', ');
const DEFENSE_IDS = registries.defenses.list().map((d) => d.id).sort().join(', ');

interface InvalidCase {
  /** Fixture file under test/fixtures/scenarios. */
  fixture: string;
  /** What is wrong, for the test name. */
  what: string;
  code: 'SCENARIO_INVALID' | 'UNKNOWN_PLUGIN';
  /** `line:column` of the problem in the fixture. */
  at: string;
  /** Dotted field path (empty for a syntax error: the problem is the file, not a field). */
  path: string;
  /** Fragments the message must contain. */
  message: string[];
}

const CASES: InvalidCase[] = [
  {
    fixture: 'bad-yaml-syntax.yaml',
    what: 'bad YAML syntax',
    code: 'SCENARIO_INVALID',
    at: '5:8',
    path: '',
    message: ['Nested mappings are not allowed in compact mappings'],
  },
  {
    fixture: 'unknown-top-level-field.yaml',
    what: 'unknown top-level field',
    code: 'SCENARIO_INVALID',
    at: '7:1',
    path: 'speed',
    message: ["unknown field 'speed'", 'valid fields: $schema, id, name, description, engine, seed, seeds, rounds'],
  },
  {
    fixture: 'unknown-nested-field.yaml',
    what: 'unknown nested field',
    code: 'SCENARIO_INVALID',
    at: '10:3',
    path: 'agents.colour',
    message: ["unknown field 'colour'; valid fields: count, policy, groups, records"],
  },
  {
    fixture: 'wrong-type.yaml',
    what: 'wrong type (string for a number)',
    code: 'SCENARIO_INVALID',
    at: '8:10',
    path: 'agents.count',
    message: ['expected number, received string'],
  },
  {
    fixture: 'out-of-range.yaml',
    what: 'out-of-range value',
    code: 'SCENARIO_INVALID',
    at: '25:15',
    path: 'channel.memory.capacity',
    message: ['>=1', '(got 0)'],
  },
  {
    fixture: 'unknown-threat.yaml',
    what: 'unknown threat id (lists the valid ids: cascading-failure, worm)',
    code: 'UNKNOWN_PLUGIN',
    at: '27:9',
    path: 'threats[0].id',
    message: [`unknown threat 'wurm'; valid threat ids: ${THREAT_IDS}`],
  },
  {
    fixture: 'unknown-defense-in-arm.yaml',
    what: 'unknown defense id inside an arm (lists the valid ids)',
    code: 'UNKNOWN_PLUGIN',
    at: '44:13',
    path: 'arms[2].defenses[1].id',
    message: [`unknown defense 'quarantine-all'; valid defense ids: ${DEFENSE_IDS}`],
  },
  {
    fixture: 'plugin-config-out-of-range.yaml',
    what: 'plugin config out of range (content-detector threshold: 1.5)',
    code: 'SCENARIO_INVALID',
    at: '43:22',
    path: 'arms[2].defenses[0].config.threshold',
    message: ['<=1', '(got 1.5)'],
  },
];

/** The one located problem line `  file:line:col: path: message` of stderr, or undefined. */
function issueLine(stderr: string, prefix: string): string | undefined {
  return stderr.split('\n').find((line) => line.startsWith(`  ${prefix}`));
}

function expectNothingStored(file: string): void {
  const store = readStore(file);
  expect(store.experiments, `experiments in ${file}`).toEqual([]);
  expect(store.runs, `runs in ${file}`).toEqual([]);
}

describe('malformed scenarios exit 2 naming file:line:col and the field path; nothing is stored', () => {
  describe.each(CASES)('$what ($fixture)', (c) => {
    const file = join(FIXTURES, c.fixture);

    it(`validate exits 2 with ${c.fixture}:${c.at} and path ${c.path}`, async () => {
      const result = await masecInProcess(['validate', file], tempDir('val'));
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(`fail ${file}: ${c.code}`);
      expect(lines.at(-1)).toBe('masec: 1 of 1 file(s) invalid');
      // Exactly one problem, located.
      expect(lines).toHaveLength(3);
      const line = issueLine(result.stderr, `${file}:${c.at}: ${c.path === '' ? '' : `${c.path}: `}`);
      expect(line, result.stderr).toBeDefined();
      for (const fragment of c.message) expect(line).toContain(fragment);
    });

    it(`run exits 2 with ${c.fixture}:${c.at} and path ${c.path}, and writes nothing to the store`, async () => {
      const dir = tempDir('val');
      const store = join(dir, 's.sqlite');
      const result = await masecInProcess(['run', file, '--seeds', '1', '--workers', '0', '--store', store], dir);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe(`masec: ${c.code}: 1 problem(s)`);
      const line = issueLine(result.stderr, `${file}:${c.at}: ${c.path === '' ? '' : `${c.path}: `}`);
      expect(line, result.stderr).toBeDefined();
      for (const fragment of c.message) expect(line).toContain(fragment);
      expectNothingStored(store);
    });
  });

  it('the masec binary: validate of every malformed fixture exits 2, locating each problem by file:line:col and path', async () => {
    const dir = tempDir('val');
    const files = CASES.map((c) => copyFixture(c.fixture, dir));
    const result = await masec(['validate', ...files], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    for (const c of CASES) {
      expect(result.stderr).toContain(`fail ${c.fixture}: ${c.code}\n`);
      const line = issueLine(result.stderr, `${c.fixture}:${c.at}: ${c.path === '' ? '' : `${c.path}: `}`);
      expect(line, `${c.fixture} in\n${result.stderr}`).toBeDefined();
      for (const fragment of c.message) expect(line).toContain(fragment);
    }
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`masec: ${CASES.length} of ${CASES.length} file(s) invalid`);
  });

  it('the masec binary: run of a malformed scenario (unknown defense id in an arm) exits 2 and stores nothing', async () => {
    const dir = tempDir('val');
    const file = copyFixture('unknown-defense-in-arm.yaml', dir);
    const result = await masec(['run', file, '--store', 's.sqlite'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'masec: UNKNOWN_PLUGIN: 1 problem(s)\n' +
        `  ${file}:44:13: arms[2].defenses[1].id: unknown defense 'quarantine-all'; valid defense ids: ${DEFENSE_IDS}\n`,
    );
    expectNothingStored(join(dir, 's.sqlite'));
  });

  it('every problem of a file is reported at once, in line order (two-problems.yaml: 10:3 then 26:15)', async () => {
    const dir = tempDir('val');
    const file = join(FIXTURES, 'two-problems.yaml');
    const store = join(dir, 's.sqlite');
    const validate = await masecInProcess(['validate', file], dir);
    const run = await masecInProcess(['run', file, '--store', store], dir);
    const expected = [
      `  ${file}:10:3: agents.colour: unknown field 'colour'; valid fields: count, policy, groups, records, model, variantModels`,
      `  ${file}:26:15: channel.memory.capacity: Too small: expected number to be >=1 (got 0)`,
    ];
    expect(validate.status).toBe(2);
    expect(validate.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual(expected);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`masec: SCENARIO_INVALID: 2 problem(s)\n${expected.join('\n')}\n`);
    expectNothingStored(store);
  });

  it('validate of several files reports each: ok for the valid one, fail for the invalid one, exit 2', async () => {
    const good = join(FIXTURES, 'small-worm.yaml');
    const bad = join(FIXTURES, 'unknown-threat.yaml');
    const result = await masecInProcess(['validate', good, bad], tempDir('val'));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe(`ok   ${good}: small-worm — 60 agents, 12 rounds, arms: none, tagging, detector-quarantine; one run needs at least 96 MiB\n`);
    expect(result.stderr).toContain(`fail ${bad}: UNKNOWN_PLUGIN\n`);
    expect(result.stderr).toContain('masec: 1 of 2 file(s) invalid');
  });

  it('validate of a valid scenario (and of the built-in worm-email) exits 0', async () => {
    const good = join(FIXTURES, 'small-worm.yaml');
    const result = await masecInProcess(['validate', good, 'worm-email'], tempDir('val'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `ok   ${good}: small-worm — 60 agents, 12 rounds, arms: none, tagging, detector-quarantine; one run needs at least 96 MiB\n` +
        'ok   worm-email: worm-email — 500 agents, 40 rounds, arms: none, tagging, detector-quarantine; one run needs at least 97 MiB\n',
    );
  });
});

describe('usage errors exit 2 with a message naming the culprit; nothing is stored', () => {
  const scenario = join(FIXTURES, 'small-worm.yaml');

  it('a missing scenario file exits 2 naming the file (validate and run)', async () => {
    const dir = tempDir('usage');
    const store = join(dir, 's.sqlite');
    const validate = await masecInProcess(['validate', 'no-such-scenario.yaml'], dir);
    const run = await masecInProcess(['run', 'no-such-scenario.yaml', '--store', store], dir);
    expect(validate.status).toBe(2);
    const problem = `no-such-scenario.yaml: no such file (looked for ${join(dir, 'no-such-scenario.yaml')}), and no built-in scenario of that name (built-in: ${BUILTIN_SCENARIOS.join(', ')})`;
    expect(validate.stderr).toBe(`fail no-such-scenario.yaml: FILE_NOT_FOUND\n  ${problem}\nmasec: 1 of 1 file(s) invalid\n`);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`masec: FILE_NOT_FOUND: 1 problem(s)\n  ${problem}\n`);
    expect(readStore(store).exists).toBe(false);
  });

  it.each([
    { args: ['--seeds', '0'], message: "masec: option --seeds: expected an integer from 1 to 100000, got '0'" },
    { args: ['--seeds', 'abc'], message: "masec: option --seeds: expected an integer from 1 to 100000, got 'abc'" },
    { args: ['--seeds', '2.5'], message: "masec: option --seeds: expected an integer from 1 to 100000, got '2.5'" },
    { args: ['--seed', '3', '--seeds', '2'], message: 'masec: use either --seed or --seeds, not both' },
    { args: ['--seeds', '2', '--seed', '3'], message: 'masec: use either --seed or --seeds, not both' },
    { args: ['--workers', '-1'], message: "masec: option --workers: expected an integer from 0 to 256, got '-1'" },
  ])('run $args exits 2: $message', async ({ args, message }) => {
    const dir = tempDir('usage');
    const store = join(dir, 's.sqlite');
    const result = await masecInProcess(['run', scenario, ...args, '--store', store], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${message}\n`);
    expect(readStore(store).exists).toBe(false);
  });

  it('the masec binary: --seeds 0 exits 2 before touching the store', async () => {
    const dir = tempDir('usage');
    const file = copyFixture('small-worm.yaml', dir);
    const result = await masec(['run', file, '--seeds', '0', '--store', 's.sqlite'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("masec: option --seeds: expected an integer from 1 to 100000, got '0'\n");
    expect(readStore(join(dir, 's.sqlite')).exists).toBe(false);
  });

  it('an unknown arm exits 2 listing the arms, and stores no experiment', async () => {
    const dir = tempDir('usage');
    const store = join(dir, 's.sqlite');
    const result = await masecInProcess(['run', scenario, '--arm', 'everything', '--store', store], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("masec: USAGE: no arm 'everything' in scenario 'small-worm'; arms: none, tagging, detector-quarantine\n");
    expectNothingStored(store);
  });

  it('the masec binary: an unknown command exits 2 naming it', async () => {
    const result = await masec(['frobnicate'], { cwd: tempDir('usage') });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: unknown command 'frobnicate'\n(run with --help for usage)\n");
  });

  it('an unknown option exits 2 naming it', async () => {
    const dir = tempDir('usage');
    const result = await masecInProcess(['run', scenario, '--bogus', '--store', 's.sqlite'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("error: unknown option '--bogus'\n(run with --help for usage)\n");
    expect(readStore(join(dir, 's.sqlite')).exists).toBe(false);
  });

  it.each([
    { set: 'agents.count', problem: "  --set: agents.count: expected path=value, e.g. agents.count=200 (no '=' found)", code: 'USAGE' },
    { set: '[0]=1', problem: "  --set: [0]: a path must start with a field name, not an index (at '[0]')", code: 'USAGE' },
    { set: 'rounds.x=1', problem: "  --set: rounds.x: cannot set field 'x' in rounds: it is the scalar 12", code: 'USAGE' },
    {
      set: 'agents.count=abc',
      problem: '  --set: agents.count: Invalid input: expected number, received string (from --set agents.count=abc)',
      code: 'SCENARIO_INVALID',
    },
  ])('a malformed --set $set exits 2 naming the --set (run and validate)', async ({ set, problem, code }) => {
    const dir = tempDir('usage');
    const store = join(dir, 's.sqlite');
    const run = await masecInProcess(['run', scenario, '--set', set, '--store', store], dir);
    const validate = await masecInProcess(['validate', scenario, '--set', set], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`masec: ${code}: 1 problem(s)\n${problem}\n`);
    expect(validate.status).toBe(2);
    expect(validate.stderr).toBe(`fail ${scenario}: ${code}\n${problem}\nmasec: 1 of 1 file(s) invalid\n`);
    expect(readStore(store).exists).toBe(false);
  });
});
