/**
 * `masec blast-radius` end to end on the worm star fixture: JSON with ranked agents and edges, the text
 * tables, resuming from the store, and exit 2 for bad options.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MetricSummary, copyFixture, masec, masecInProcess, parseJson, readStore, tempDir } from './helpers.js';

interface BlastJson {
  scenario: string;
  arm: string;
  threats: string[];
  seeds: number[];
  selection: string;
  agents: { rank: number; agent: string; experimentId: string; runs: number; compromised: MetricSummary; records: MetricSummary; executed: number }[];
  edges: { rank: number; a: string; b: string; reach: number; infections: number; runs: number; perRun: number }[];
  runs: number;
  attributed: number;
  executed: number;
  skipped: number;
  failed: number;
}

const ARGS = ['--agents', 'a3,a0', '--seeds', '2', '--workers', '0', '--store', 's.sqlite'];

describe('masec blast-radius', () => {
  let dir: string;
  let scenario: string;
  let first: BlastJson;

  beforeAll(async () => {
    dir = tempDir('blast');
    scenario = copyFixture('blast-star.yaml', dir);
    const result = await masec(['blast-radius', scenario, ...ARGS, '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    first = parseJson<BlastJson>(result.stdout);
  });

  it('--json: the listed patient zeros ranked by mean reach with CIs, one experiment each, edges ranked by reach', () => {
    expect({ scenario: first.scenario, arm: first.arm, threats: first.threats, seeds: first.seeds, selection: first.selection }).toEqual({
      scenario: 'blast-star',
      arm: 'none',
      threats: ['worm'],
      seeds: [1, 2],
      selection: 'list',
    });
    expect(first.agents.map((a) => a.agent).sort()).toEqual(['a0', 'a3']);
    expect(first.agents.map((a) => a.rank)).toEqual([1, 2]);
    const means = first.agents.map((a) => a.compromised.mean ?? 0);
    expect(means[0]).toBeGreaterThanOrEqual(means[1]!);
    for (const a of first.agents) expect(a).toMatchObject({ runs: 2, compromised: { total: 2 }, records: { total: 2 } });
    expect(new Set(first.agents.map((a) => a.experimentId)).size).toBe(2);
    expect(readStore(join(dir, 's.sqlite')).runs).toHaveLength(4);
    expect({ runs: first.runs, executed: first.executed, skipped: first.skipped, failed: first.failed }).toEqual({ runs: 4, executed: 4, skipped: 0, failed: 0 });
    expect(first.edges.map((e) => e.rank)).toEqual(first.edges.map((_, i) => i + 1));
    for (const [i, e] of first.edges.entries()) {
      expect(e.a).toBe('a0'); // a star's edges all touch the hub
      if (i > 0) expect(e.reach).toBeLessThanOrEqual(first.edges[i - 1]!.reach);
    }
    expect(first.edges.reduce((n, e) => n + e.infections, 0)).toBe(first.attributed);
  });

  it('prints the two tables; a rerun takes every run from the store', async () => {
    const again = await masecInProcess(['blast-radius', scenario, ...ARGS, '--top', '1'], dir);
    expect(again.status).toBe(0);
    const out = again.stdout;
    expect(out).toContain('Blast radius of worm in blast-star: 2 patient zeros (as listed), 2 seeds each, arm none, 8 rounds');
    expect(out).toMatch(new RegExp(`\\n1\\s+${first.agents[0]!.agent}\\s+\\d+\\.\\d`));
    expect(out).toContain('… 1 more (--top, --json)');
    if (first.edges.length > 0) expect(out).toMatch(new RegExp(`\\n1\\s+${first.edges[0]!.a} — ${first.edges[0]!.b}\\s+${first.edges[0]!.reach}\\s`));
    expect(out).toContain('0 run(s) executed, 4 already in the store; 2 experiment(s) in');
  });

  it('--help explains reach and the options', async () => {
    const help = await masecInProcess(['blast-radius', '--help'], dir);
    expect(help.status).toBe(0);
    for (const text of ['--agents <all|n|ids>', '--seeds <n>', '--arm <name>', '--top <n>', '--max-points <n>', '--json', 'reach through an edge']) expect(help.stdout, text).toContain(text);
  });
});

describe('masec blast-radius: usage errors exit 2 before anything runs', () => {
  const cases: { name: string; args: string[]; stderr: RegExp }[] = [
    { name: 'an agent that does not exist', args: ['--agents', 'a8'], stderr: /no agent 'a8': agents are a0 to a7/ },
    { name: 'an unknown arm', args: ['--arm', 'firewall'], stderr: /no arm 'firewall' in scenario 'blast-star'; arms: none, tagging/ },
    { name: 'more patient zeros than allowed', args: ['--max-points', '3'], stderr: /8 patient zeros \(one experiment each\) exceed the limit of 3/ },
    { name: 'no threat to seed', args: ['--set', 'threats=[]'], stderr: /has no threat that can start at a chosen agent/ },
  ];
  it.each(cases)('$name', async ({ args, stderr }) => {
    const dir = tempDir('blast-usage');
    const scenario = copyFixture('blast-star.yaml', dir);
    const result = await masecInProcess(['blast-radius', scenario, ...args, '--store', 's.sqlite', '--workers', '0'], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
    expect(existsSync(join(dir, 's.sqlite'))).toBe(false);
  });
});
