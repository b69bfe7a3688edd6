/**
 * `masec epidemic` end to end: the text report, `--json`, determinism, edge-list graphs (including infinite
 * thresholds and directed input), and exit 2 for random pairing and bad options.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, masec, masecInProcess, parseJson, tempDir } from './helpers.js';

interface EstimateJson {
  mean: number;
  lo: number;
  hi: number;
  sd: number;
  samples: number;
}

interface EpidemicJson {
  scenario: string;
  topology: string;
  seed: number;
  parameterSource: { transmission: string; recovery: string };
  analysis: {
    graph: { n: number; directed: boolean; edges: number; meanDegree: number; meanSquareDegree: number; maxDegree: number };
    spectral: { lambda: number; iterations: number; residual: number; converged: boolean; method: string };
    thresholds: { sis: number | null; sir: number | null };
    parameters: { transmission: number; recovery: number; ratio: number; transmissibility: number; aboveSis: boolean; aboveSir: boolean };
    theory: { finalSize: number; expectedOutbreak: number };
    simulation: { samples: number; largestCluster: EstimateJson; meanOutbreak: EstimateJson };
    immunisation: { strategy: string; unit: string; target: number; budget: number | null; cost: number | null; outbreak: EstimateJson; baseline: EstimateJson };
    notes: string[];
  };
}

async function epidemicJson(args: readonly string[], cwd: string): Promise<EpidemicJson> {
  const result = await masecInProcess(['epidemic', ...args, '--json'], cwd);
  if (result.status !== 0) throw new Error(`masec epidemic ${args.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
  expect(result.stderr).toBe('');
  return parseJson<EpidemicJson>(result.stdout);
}

describe('masec epidemic', () => {
  it('--help lists the options, the placeholder β and γ, and examples', async () => {
    const result = await masecInProcess(['epidemic', '--help'], tempDir('epi'));
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('Usage: masec epidemic [options] <scenario>')).toBe(true);
    for (const text of ['--set <path=value>', '--transmission <β>', '--recovery <γ>', '--target <fraction>', '--strategy <name>', '--samples <n>', '--seed <s>', '--json', 'immunisation strategy: targeted, random, acquaintance', 'β = 0.05 and γ = 0.1', 'β ≤ 2γ', 'Examples:']) {
      expect(result.stdout, `mentions ${text}`).toContain(text);
    }
  });

  it('prints the text report of a scenario with the built binary', async () => {
    const dir = tempDir('epi');
    const scenario = copyFixture('small-worm.yaml', dir);
    const result = await masec(['epidemic', scenario, '--transmission', '0.1', '--recovery', '0.2', '--samples', '40'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe('Small email worm: barabasi-albert contact graph, seed 1');
    for (const heading of ['Contact graph', 'Thresholds', 'Immunisation: targeted (highest degree first), for an expected outbreak ≤ 0.05']) {
      expect(lines).toContain(heading);
    }
    expect(lines).toContain('Spread with β = 0.1 per contact per round (option), γ = 0.2 per round (option)');
    expect(result.stdout).toMatch(/\n {2}agents {24}60\n/);
    expect(result.stdout).toMatch(/\n {2}λ_max \(adjacency\) +\d+\.\d+ +\(Lanczos: \d+ matrix-vector products, residual \d\.\de-\d+\)\n/);
    expect(result.stdout).toMatch(/\n {2}budget +\d+ agents \([\d.]+% of agents\)\n/);
    expect(result.stdout).toContain('n = 60 is small');

    // The JSON of the same command carries the same numbers.
    const json = await epidemicJson([join(dir, scenario), '--transmission', '0.1', '--recovery', '0.2', '--samples', '40'], dir);
    const budgetLine = lines.find((l) => l.startsWith('  budget'))!;
    expect(budgetLine).toContain(`${json.analysis.immunisation.budget} agents`);
    expect(result.stdout).toContain(`${json.analysis.spectral.iterations} matrix-vector products`);
  });

  it('--json prints one consistent, deterministic object', async () => {
    const dir = tempDir('epi');
    const scenario = join(dir, copyFixture('small-worm.yaml', dir));
    const args = [scenario, '--transmission', '0.05', '--target', '0.1', '--strategy', 'acquaintance', '--samples', '50'];
    const a = await epidemicJson(args, dir);
    expect(await epidemicJson(args, dir)).toEqual(a);
    expect(a).toMatchObject({ scenario: 'small-worm', topology: 'barabasi-albert', seed: 1, parameterSource: { transmission: 'option', recovery: 'default' } });
    const { graph, spectral, thresholds, parameters, immunisation, simulation } = a.analysis;
    expect(graph).toMatchObject({ n: 60, directed: false, edges: 6 + 56 * 3 }); // BA: K_4 core, then 3 edges per node
    expect(spectral).toMatchObject({ method: 'lanczos', converged: true });
    expect(thresholds.sis).toBeCloseTo(1 / spectral.lambda, 12);
    expect(thresholds.sir).toBeCloseTo(graph.meanDegree / (graph.meanSquareDegree - graph.meanDegree), 12);
    expect(parameters).toMatchObject({ transmission: 0.05, recovery: 0.1, ratio: 0.5 });
    expect(parameters.transmissibility).toBeCloseTo(0.05 / (0.05 + 0.1 - 0.005), 12);
    expect(simulation.samples).toBe(50);
    expect(immunisation).toMatchObject({ strategy: 'acquaintance', unit: 'nodes', target: 0.1 });
    expect(immunisation.outbreak.mean).toBeLessThanOrEqual(0.1);
    expect(immunisation.cost).toBeCloseTo(immunisation.budget! / 60, 12);
    // Another seed is another graph.
    const other = await epidemicJson([...args, '--seed', '2'], dir);
    expect(other.seed).toBe(2);
    expect(other.analysis.spectral.lambda).not.toBe(spectral.lambda);
  });

  it('analyses edge-list graphs: no threshold is null in JSON and ∞ in text; directed input is noted', async () => {
    const dir = tempDir('epi');
    const scenario = join(dir, copyFixture('small-worm.yaml', dir));
    writeFileSync(join(dir, 'matching.txt'), '0 1\n2 3\n4 5\n');
    const matching = ['--set', 'agents.count=6', '--set', 'topology={kind: edge-list, file: matching.txt}', '--samples', '5'];
    const json = await epidemicJson([scenario, ...matching], dir);
    expect(json.analysis.thresholds).toEqual({ sis: 1, sir: null });
    expect(json.analysis.parameters.aboveSir).toBe(false);
    const text = await masecInProcess(['epidemic', scenario, ...matching], dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('T_c = ⟨k⟩/(⟨k²⟩−⟨k⟩) = ∞');

    writeFileSync(join(dir, 'cycle.txt'), '0 1\n1 2\n2 0\n2 3\n');
    const directed = await epidemicJson([scenario, '--set', 'agents.count=4', '--set', 'topology={kind: edge-list, file: cycle.txt, directed: true}', '--samples', '5'], dir);
    expect(directed.analysis.graph).toMatchObject({ directed: true, edges: 4 });
    expect(directed.analysis.spectral.lambda).toBeCloseTo(1, 5);
    expect(directed.analysis.notes[0]).toContain('directed graph');
  });

  it('exits 2 for random pairing, saying which threshold applies instead', async () => {
    const dir = tempDir('epi');
    const scenario = copyFixture('small-worm.yaml', dir);
    const result = await masec(['epidemic', scenario, '--set', 'topology={kind: random-pairing}', '--transmission', '0.3', '--recovery', '0.1'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("masec: scenario 'small-worm' uses a random-pairing topology");
    expect(result.stderr).toContain('the infection is contained when β ≤ 2γ. Here β = 0.3, γ = 0.1');
    expect(result.stderr).toContain('0.3 > 0.2: spreads.');
  });

  it.each([
    [['--transmission', '1.5'], "masec: option --transmission: expected a number from 0 to 1, got '1.5'\n"],
    [['--recovery', 'fast'], "masec: option --recovery: expected a number from 0 to 1, got 'fast'\n"],
    [['--target', '-0.1'], "masec: option --target: expected a number from 0 to 1, got '-0.1'\n"],
    [['--samples', '0'], "masec: option --samples: expected an integer from 1 to 100000, got '0'\n"],
    [['--strategy', 'vaccinate'], "masec: option --strategy: unknown strategy 'vaccinate'; valid strategies: targeted, random, acquaintance, edges\n"],
  ])('exits 2 for bad options: %j', async (args, message) => {
    const dir = tempDir('epi');
    const scenario = join(dir, copyFixture('small-worm.yaml', dir));
    const result = await masecInProcess(['epidemic', scenario, ...args], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(message);
  });

  it('exits 2 for a scenario that does not exist or is invalid', async () => {
    const dir = tempDir('epi');
    const missing = await masecInProcess(['epidemic', 'no-such-scenario'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('masec: FILE_NOT_FOUND');
    const scenario = join(dir, copyFixture('small-worm.yaml', dir));
    const invalid = await masecInProcess(['epidemic', scenario, '--set', 'topology.m=100'], dir);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('SCENARIO_INVALID');
  });
});
