/**
 * The `masec` command surface end to end: help, version, the catalogue (`list`), `schema` output files (the
 * schema itself is checked in schema.test.ts), reports of stored experiments (table, list, JSON, self-contained HTML), where the store goes, and exit 1
 * for failed runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistries } from '@masec/sim';
import {
  BUILTIN_SCENARIOS,
  REPO_ROOT,
  type SweepJson,
  WORM_ARMS,
  WORM_METRICS,
  copyFixture,
  masec,
  masecInProcess,
  parseJson,
  readStore,
  runJson,
  spawnMasec,
  tempDir,
} from './helpers.js';

const HELP: { command: string; label: string; usage: string; mentions: string[] }[] = [
  { command: '', label: 'masec --help', usage: 'Usage: masec [options] [command]', mentions: ['--version', 'run', 'demo', 'list', 'validate', 'schema', 'report', 'epidemic', 'calibrate', 'masec demo'] },
  {
    command: 'run',
    label: 'masec run --help',
    usage: 'Usage: masec run [options] <scenario>',
    mentions: ['--seeds <n>', '--seed <s>', '--set <path=value>', '--arm <name>', '--plugin <module>', '--store <file>', '--workers <n>', '--force', '--html <file>', '--json', '--quiet', 'Examples:'],
  },
  {
    command: 'demo',
    label: 'masec demo --help',
    usage: 'Usage: masec demo [options]',
    mentions: ['--seeds <n>', '--html <file>', '--store <file>', '--workers <n>', '--force', '--quiet', 'masec-report.html'],
  },
  { command: 'list', label: 'masec list --help', usage: 'Usage: masec list [options] [kind]', mentions: ['--json', '--plugin <module>', 'threats, defenses, policies, metrics, scenarios'] },
  { command: 'validate', label: 'masec validate --help', usage: 'Usage: masec validate [options] <files...>', mentions: ['--set <path=value>', '--plugin <module>', 'check scenario files without running them'] },
  { command: 'schema', label: 'masec schema --help', usage: 'Usage: masec schema [options]', mentions: ['-o, --out <file>', '--plugin <module>', 'JSON Schema'] },
  {
    command: 'report',
    label: 'masec report --help',
    usage: 'Usage: masec report [options]',
    mentions: ['--run <id>', '--last', '--html <file>', '--json', '--list', '--store <file>', '--plugin <module>'],
  },
];

describe('help and version', () => {
  it.each(HELP)('$label exits 0 and mentions its options', async ({ command, usage, mentions }) => {
    const result = await masecInProcess(command === '' ? ['--help'] : [command, '--help'], tempDir('help'));
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith(usage)).toBe(true);
    for (const text of mentions) expect(result.stdout, `mentions ${text}`).toContain(text);
  });

  it('masec help run prints the same help as masec run --help', async () => {
    const dir = tempDir('help');
    const viaHelp = await masecInProcess(['help', 'run'], dir);
    const viaFlag = await masecInProcess(['run', '--help'], dir);
    expect(viaHelp.status).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('masec --version prints the version of @masec/cli', async () => {
    const dir = tempDir('help');
    const { version } = parseJson<{ version: string }>(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8'));
    const result = await masec(['--version'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it('masec with no command is a usage error: usage on stderr, exit 2', async () => {
    const dir = tempDir('help');
    const result = await masec([], { cwd: dir });
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith('Usage: masec [options] [command]')).toBe(true);
    expect(result.status).toBe(2);
  });
});

interface Entry {
  id: string;
  description: string;
  [key: string]: unknown;
}

/** The metrics the disinformation threat added (belief metrics and the message-level edges metric). */
const DISINFORMATION_METRICS = ['edges-severed', 'misinformed-fraction', 'peak-misinformed', 'ever-misinformed', 'time-to-majority-misinformed', 'misinformed-recovery'];

describe('catalogue and schema', () => {
  it('masec list --json lists threats worm/disinformation, defenses (incl. channel-policy, edge-pruning), policies, metrics and scenario worm-email', async () => {
    const dir = tempDir('list');
    const result = await masec(['list', '--json'], { cwd: dir });
    expect(result.status).toBe(0);
    const list = parseJson<Record<string, Entry[]>>(result.stdout);
    expect(Object.keys(list)).toEqual(['threats', 'defenses', 'policies', 'metrics', 'scenarios']);
    const ids = (kind: string): string[] => list[kind]!.map((e) => e.id);
    expect(ids('threats')).toContain('worm');
    expect(ids('defenses')).toEqual(createRegistries().defenses.list().map((d) => d.id).sort());
    expect(ids('threats')).toContain('infectious-jailbreak');
    expect(ids('policies')).toContain('album-chat');
    expect(ids('scenarios')).toContain('infectious-jailbreak');
    expect(ids('policies')).toContain('email-assistant');
    expect(ids('scenarios')).toContain('worm-email');
    const registries = createRegistries();
    expect([...ids('metrics')].sort()).toEqual(registries.metrics.list().map((m) => m.id).sort());
    expect(ids('metrics')).toEqual(expect.arrayContaining([...WORM_METRICS, 'peak-compromised', 'r-eff', 'false-quarantined', 'edges-cut', 'carrier-fraction', ...DISINFORMATION_METRICS]));
    expect(ids('policies')).toContain('contagion');
    // Every defense with hooks runs on the message engine; those with a population-level form also on the population
    // engine; a market-level defense (it watches prices, no hook) only on the market engine.
    for (const d of list.defenses!) {
      const definition = registries.defenses.get(d.id);
      const expected = definition.market !== undefined ? ['market'] : definition.population === undefined ? ['message'] : ['message', 'population'];
      expect(d.engines, `${d.id} engines`).toEqual(expected);
    }
    expect(list.defenses!.find((d) => d.id === 'collusion-monitor')?.engines).toEqual(['market']);
    expect(list.defenses!.find((d) => d.id === 'circuit-breaker')?.engines).toEqual(['message']);
    expect(list.defenses!.find((d) => d.id === 'quarantine')?.engines).toEqual(['message', 'population']);
    expect(list.scenarios!.find((e) => e.id === 'worm-population')).toMatchObject({ engine: 'population', agents: 1_000_000 });
    expect(ids('scenarios')).toEqual(expect.arrayContaining(['worm-population', 'jailbreak-pairing']));
    for (const [kind, entries] of Object.entries(list)) {
      for (const e of entries) expect(e.description, `${kind} ${e.id} has a description`).not.toBe('');
    }
    // Every metric a threat reports is in the metric catalogue; every defense targets a listed threat.
    const worm = list.threats!.find((t) => t.id === 'worm')!;
    expect([...(worm.metrics as string[])].sort()).toEqual([...WORM_METRICS].sort());
    for (const t of list.threats!) for (const m of t.metrics as string[]) expect(ids('metrics'), `${t.id} metric ${m}`).toContain(m);
    for (const d of list.defenses!) expect((d.targets as string[]).some((t) => ids('threats').includes(t)), `${d.id} targets`).toBe(true);
    // diversity acts at setup: no hook, a fleet facet, and both engines can run it.
    expect(list.defenses!.find((d) => d.id === 'diversity')).toMatchObject({ hooks: [], setup: 'assigns agent variants' });
    // The built-in scenario is listed with the path of its file.
    expect(list.scenarios!.find((s) => s.id === 'worm-email')).toMatchObject({
      description: 'Email-assistant worm',
      path: join(BUILTIN_SCENARIOS, 'worm-email.yaml'),
      agents: 500,
      arms: ['none', 'tagging', 'detector-quarantine'],
    });
  });

  it('masec list <kind> narrows to one kind; an unknown kind exits 2 listing the kinds', async () => {
    const dir = tempDir('list');
    const defenses = await masecInProcess(['list', 'defenses', '--json'], dir);
    const text = await masecInProcess(['list', 'threats'], dir);
    const bad = await masecInProcess(['list', 'weapons'], dir);
    expect(defenses.status).toBe(0);
    expect(parseJson<Entry[]>(defenses.stdout).map((d) => d.id)).toEqual(createRegistries().defenses.list().map((d) => d.id).sort());
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('threats:');
    for (const threat of createRegistries().threats.list()) expect(text.stdout).toMatch(new RegExp(`\\n {2}${threat.id} +\\S`));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("masec: unknown kind 'weapons'; valid kinds: threats, defenses, policies, metrics, scenarios\n");
  });

  it('an output path that cannot be written is a usage error naming the option and the path', async () => {
    const dir = tempDir('schema');
    const missingDir = await masecInProcess(['schema', '-o', 'nowhere/out.json'], dir);
    expect(missingDir.status).toBe(2);
    expect(missingDir.stderr).toBe(`masec: option --out: cannot write '${join(dir, 'nowhere/out.json')}': the directory '${join(dir, 'nowhere')}' does not exist or is not writable\n`);
    const isDir = await masecInProcess(['schema', '-o', '.'], dir);
    expect(isDir.status).toBe(2);
    expect(isDir.stderr).toBe(`masec: option --out: '${dir}' is a directory, not a file\n`);
  });
});

describe('report of stored experiments', () => {
  let dir: string;
  let runText: string;
  let first: SweepJson;
  let second: SweepJson;

  beforeAll(async () => {
    dir = tempDir('report');
    const scenario = copyFixture('small-worm.yaml', dir);
    const run = await masec(['run', scenario, '--seeds', '2', '--workers', '0', '--store', 's.sqlite'], { cwd: dir });
    if (run.status !== 0) throw new Error(`run failed: ${run.stderr}`);
    runText = run.stdout;
    // The same sweep again (--json: all taken from the store), then a second experiment (seed 5 alone).
    // In-process (the scenario path absolute: runCli resolves it against the process cwd).
    const inProcess = async (args: string[]): Promise<SweepJson> => {
      const result = await masecInProcess(['run', join(dir, scenario), ...args, '--workers', '0', '--store', 's.sqlite', '--json'], dir);
      if (result.status !== 0) throw new Error(`run ${args.join(' ')} failed: ${result.stderr}`);
      return parseJson<SweepJson>(result.stdout);
    };
    first = await inProcess(['--seeds', '2']);
    second = await inProcess(['--seed', '5']);
  }, 60_000);

  it('run prints the table and where the experiment is stored; a rerun takes every run from the store', () => {
    const lines = runText.split('\n');
    expect(lines[1]).toBe('Small email worm: 60 agents, 12 rounds, 2 seeds per arm');
    expect(runText).toContain('\nCompared with the first arm:\n  none: infected ');
    expect(runText).toMatch(/\n6 run\(s\) in \d+\.\ds \([\d,]+ envelopes\/s\)\n/);
    expect(runText.endsWith(`experiment ${first.experiment} stored in ${join(dir, 's.sqlite')}\n`)).toBe(true);
    expect({ executed: first.executed, skipped: first.skipped }).toEqual({ executed: 0, skipped: 6 });
    expect(second.runs.map((r) => `${r.arm}/${r.seed}`)).toEqual(['none/5', 'tagging/5', 'detector-quarantine/5']);
  });

  it('report --last prints the most recent experiment as the same table run printed', async () => {
    const last = await masec(['report', '--last', '--store', 's.sqlite'], { cwd: dir });
    const byId = await masecInProcess(['report', '--run', first.experiment, '--store', 's.sqlite'], dir);
    expect(last.status).toBe(0);
    expect(last.stdout.split('\n')[0]).toMatch(new RegExp(`^experiment ${second.experiment} \\(\\d{4}-\\d\\d-\\d\\dT`));
    expect(byId.status).toBe(0);
    const [title, ...summary] = byId.stdout.split('\n');
    expect(title).toMatch(new RegExp(`^experiment ${first.experiment} \\(`));
    // The table and findings are the ones `masec run` printed for the same experiment.
    expect(runText).toContain(summary.join('\n'));
    const table = summary.slice(summary.findIndex((l) => l.startsWith('metric ')));
    for (const arm of WORM_ARMS) expect(table[0]).toContain(arm);
    for (const label of ['infected ↓', 'records exfiltrated ↓', 'benign tasks done ↑', 'benign mail blocked ↓']) {
      expect(table.some((l) => l.startsWith(label))).toBe(true);
    }
  });

  it('report --run accepts a run id inside the experiment (exp/arm/seed)', async () => {
    const result = await masecInProcess(['report', '--run', `${first.experiment}/none/1`, '--store', 's.sqlite'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(new RegExp(`^experiment ${first.experiment} \\(`));
  });

  it('report --run of a run the experiment does not hold exits 2 and says which runs it has', async () => {
    const store = join(dir, 's.sqlite');
    const holds = `experiment ${first.experiment} has arms none, tagging, detector-quarantine and seeds 1–2`;
    for (const id of [`${first.experiment}/none/9`, `${first.experiment}/nonesuch/1`, `${first.experiment}/none/01`, `${first.experiment}/none`, `${first.experiment}/none/1/x`]) {
      const result = await masecInProcess(['report', '--run', id, '--store', 's.sqlite'], dir);
      expect(result.status, id).toBe(2);
      expect(result.stdout, id).toBe('');
      expect(result.stderr, id).toBe(`masec: NOT_FOUND: no run '${id}' in ${store} (${holds})\n`);
    }
  });

  it('report --list lists both experiments, oldest first, with arms and seed counts', async () => {
    const result = await masecInProcess(['report', '--list', '--store', 's.sqlite'], dir);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const iso = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
    expect(lines[0]).toMatch(new RegExp(`^${first.experiment} {2}${iso} {2}small-worm {2}arms: none, tagging, detector-quarantine {2}seeds: 2$`));
    expect(lines[1]).toMatch(new RegExp(`^${second.experiment} {2}${iso} {2}small-worm {2}arms: none, tagging, detector-quarantine {2}seeds: 1$`));
  });

  it('report --json gives the same summaries as run --json', async () => {
    const result = await masecInProcess(['report', '--run', first.experiment, '--json', '--store', 's.sqlite'], dir);
    expect(result.status).toBe(0);
    const data = parseJson<{ experiment: { id: string; seeds: number[] }; arms: { name: string; summary: unknown }[] }>(result.stdout);
    expect(data.experiment.id).toBe(first.experiment);
    expect(data.experiment.seeds).toEqual([1, 2]);
    expect(data.arms.map((a) => a.name)).toEqual([...WORM_ARMS]);
    for (const arm of data.arms) expect(arm.summary, arm.name).toEqual(first.summary[arm.name]);
  });

  it('report --html writes a self-contained file (inline SVG charts, no external scripts, styles or images)', async () => {
    const result = await masec(['report', '--run', first.experiment, '--html', 'f.html', '--store', 's.sqlite'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`report: ${join(dir, 'f.html')}\n`);
    const html = readFileSync(join(dir, 'f.html'), 'utf8');
    expect(html.toLowerCase().startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed)\b/i);
    // The only URL is the SVG namespace.
    expect([...new Set(html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [])]).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).toContain(first.experiment);
    for (const arm of WORM_ARMS) expect(html).toContain(arm);
  });

  it('report --run of an unknown experiment exits 2 pointing at report --list; --run with --last exits 2', async () => {
    const unknown = await masecInProcess(['report', '--run', 'exp-000000000000', '--store', 's.sqlite'], dir);
    const both = await masecInProcess(['report', '--run', first.experiment, '--last', '--store', 's.sqlite'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(`masec: NOT_FOUND: no experiment 'exp-000000000000' in ${join(dir, 's.sqlite')} (see \`masec report --list\`)\n`);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('masec: use either --run or --last, not both\n');
  });
});

describe('report without results', () => {
  it('report on a missing store exits non-zero saying to run masec run or masec demo first, and creates no store', async () => {
    const dir = tempDir('report-empty');
    const result = await masec(['report', '--last', '--store', 'none.sqlite'], { cwd: dir });
    expect(result.status).not.toBe(0);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`masec: NOT_FOUND: no results store at ${join(dir, 'none.sqlite')}; run \`masec run\` or \`masec demo\` first\n`);
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
  });

  it('report on an empty store exits non-zero saying it holds no experiments yet', async () => {
    const dir = tempDir('report-empty');
    writeFileSync(join(dir, 'empty.sqlite'), '');
    const result = await masecInProcess(['report', '--store', 'empty.sqlite'], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`masec: NOT_FOUND: the store ${join(dir, 'empty.sqlite')} holds no experiments yet\n`);
  });

  it('report on a file that is not a results store exits 1 naming the file', async () => {
    const dir = tempDir('report-empty');
    writeFileSync(join(dir, 'notes.sqlite'), 'these are not the results you are looking for\n'.repeat(100));
    const result = await masecInProcess(['report', '--store', 'notes.sqlite'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("masec: STORE_ERROR: results store '");
    expect(result.stderr).toContain("notes.sqlite': is not a SQLite database");
    expect(result.stderr).not.toContain('internal error');
  });
});

describe('where results go, and failed runs', () => {
  it('the store defaults to .masec/results.sqlite under the cwd, and $MASEC_STORE overrides it', async () => {
    const dir = tempDir('store');
    const scenario = copyFixture('small-worm.yaml', dir);
    const args = ['run', scenario, '--seed', '1', '--arm', 'none', '--workers', '0'];
    const [byDefault, byEnv] = await Promise.all([runJson(args, { cwd: dir }), runJson(args, { cwd: dir, env: { MASEC_STORE: 'env-store.sqlite' } })]);
    expect(byDefault.store).toBe(join(dir, '.masec/results.sqlite'));
    expect(byDefault.executed).toBe(1);
    expect(readStore(join(dir, '.masec/results.sqlite')).runs).toHaveLength(1);
    expect(byEnv.store).toBe(join(dir, 'env-store.sqlite'));
    expect(byEnv.executed).toBe(1);
    expect(readStore(join(dir, 'env-store.sqlite')).runs).toHaveLength(1);
  });

  it('a threat config that cannot fit the scenario (more patient zeros than agents) is caught at load: exit 2, nothing stored', async () => {
    const dir = tempDir('failed');
    const scenario = copyFixture('small-worm.yaml', dir);
    const result = await masec(['run', scenario, '--seeds', '1', '--store', 's.sqlite', '--set', 'threats[0].config.patientZeros=1000'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('threats[0].config.patientZeros: 1000 patient zeros but only 60 agents');
    expect(existsSync(join(dir, 's.sqlite'))).toBe(false);
  });

  it('a missing edge-list file is a validation error (exit 2, file and field named), found before anything is stored', async () => {
    const dir = tempDir('edges');
    const scenario = copyFixture('missing-edge-list.yaml', dir);
    for (const command of [['validate', scenario], ['run', scenario, '--seeds', '1', '--store', 's.sqlite']]) {
      const result = await masec(command, { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`${scenario}: topology.file: edge-list file 'missing-edges.txt' not found`);
    }
    expect(existsSync(join(dir, 's.sqlite'))).toBe(false);
  });
});

describe('robustness of the command surface', () => {
  it('--workers above the core count runs one per core and says so', async () => {
    const dir = tempDir('workers');
    const scenario = copyFixture('small-worm.yaml', dir);
    const cores = availableParallelism();
    const asked = 32 * cores;
    const result = await masec(['run', scenario, '--set', 'agents.count=20', '--set', 'rounds=3', '--seeds', '1', '--workers', String(asked), '--store', 's.sqlite', '-q'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `masec: --workers ${asked} is more than the ${cores} cores of this machine; using ${cores} (more worker threads than cores only slow the runs down)\n`,
    );
  });

  it('output into a pipe closed early (masec schema | head -c1) ends without an unhandled EPIPE stack trace', async () => {
    const dir = tempDir('epipe');
    const child = spawnMasec(['schema'], { cwd: dir });
    // The reader goes away before masec writes.
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close': the process has exited and its stderr has been read to the end.
    const status = await new Promise<number | null>((resolveClose) => child.on('close', (code) => resolveClose(code)));
    expect(stderr).not.toContain("Unhandled 'error' event");
    expect(stderr).not.toContain('EPIPE');
    expect(status).not.toBeNull();
  });

  it('in-process runCli resolves the scenario path against io.cwd, as it does --store and --html', async () => {
    const dir = tempDir('inproc');
    const scenario = copyFixture('small-worm.yaml', dir);
    // process.cwd() is the repository root here; io.cwd is the temp dir holding the scenario.
    expect(existsSync(join(process.cwd(), scenario))).toBe(false);
    const result = await masecInProcess(['validate', scenario], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`ok   ${scenario}: small-worm — 60 agents, 12 rounds, arms: none, tagging, detector-quarantine; one run needs at least 96 MiB\n`);
  });
});
