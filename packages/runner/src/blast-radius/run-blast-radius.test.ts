// Planning a blast-radius analysis of the worm threat: which agents, which arm, and what is refused up front.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dirs.js';
import { planBlastRadius, seededScenario, selectPatientZeros } from './run-blast-radius.js';
import { usageMessage } from '../testing/usage-error.js';

const SCENARIO = `id: br
seeds: 3
rounds: 4
agents: { count: 10, policy: { id: email-assistant } }
topology: { kind: ring }
threats:
  - id: worm
    config: { patientZeros: 2, variant: polite }
arms:
  - { name: none, defenses: [] }
  - name: tagging
    defenses: [{ id: provenance-tagging }]
`;

function file(text = SCENARIO): { cwd: string; scenario: string } {
  const cwd = tempDir('masec-br-');
  writeFileSync(join(cwd, 'br.yaml'), text);
  return { cwd, scenario: 'br.yaml' };
}


describe('blast radius: patient zeros', () => {
  it('all, a deterministic sample in agent order, or a list of ids', () => {
    expect(selectPatientZeros(4, 'all', 1)).toEqual({ agents: ['a0', 'a1', 'a2', 'a3'], selection: 'all' });
    const sample = selectPatientZeros(50, '5', 7);
    expect(sample.selection).toBe('sample');
    expect(sample.agents).toHaveLength(5);
    expect(sample.agents).toEqual([...sample.agents].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))));
    expect(selectPatientZeros(50, '5', 7)).toEqual(sample);
    expect(selectPatientZeros(50, '5', 8).agents).not.toEqual(sample.agents);
    expect(selectPatientZeros(4, '4', 1).selection).toBe('all');
    expect(selectPatientZeros(10, 'a7, a2,a7', 1)).toEqual({ agents: ['a2', 'a7'], selection: 'list' });
  });

  it('refuses a sample out of range and ids that are not agents', () => {
    expect(usageMessage(() => selectPatientZeros(10, '0', 1))).toBe('--agents 0: a sample needs 1 to 10 agents (the scenario has 10)');
    expect(usageMessage(() => selectPatientZeros(10, '11', 1))).toBe('--agents 11: a sample needs 1 to 10 agents (the scenario has 10)');
    expect(usageMessage(() => selectPatientZeros(10, 'a10', 1))).toBe("--agents: no agent 'a10': agents are a0 to a9");
    expect(usageMessage(() => selectPatientZeros(10, 'hub', 1))).toBe("--agents: 'hub' is not 'all', a number, or an agent id (a0 … a9)");
  });
});

describe('blast radius: plan', () => {
  it('seeds the worm at each agent alone, on the first arm unless one is named', () => {
    const plan = planBlastRadius({ ...file(), agents: 'a1,a4', seeds: 2 });
    expect({ agents: plan.agents, arm: plan.arm.name, seeds: plan.seeds, threats: plan.threats, directed: plan.directed }).toEqual({
      agents: ['a1', 'a4'],
      arm: 'none',
      seeds: [1, 2],
      threats: ['worm'],
      directed: false,
    });
    const seeded = seededScenario(plan.scenario, 'a4');
    expect(seeded.threats[0]?.config).toEqual({ attacker: 'attacker', variant: 'polite', variants: expect.any(Array), entry: 'memory', patientZeroIds: ['a4'] });
    expect(plan.scenario.threats[0]?.config).toMatchObject({ patientZeros: 2 });
    expect(planBlastRadius({ ...file(), arm: 'tagging' }).arm.name).toBe('tagging');
  });

  it('refuses a scenario without a seedable threat, the population engine, an unknown arm, and too many agents', () => {
    expect(usageMessage(() => planBlastRadius(file(SCENARIO.replace(/threats:\n {2}- id: worm\n {4}config: \{[^}]*\}\n/, ''))))).toBe(
      "scenario 'br' has no threat that can start at a chosen agent (threats: none); blast-radius needs one that implements seedAgents, such as worm",
    );
    expect(usageMessage(() => planBlastRadius({ ...file(), sets: ['engine=population', 'population={transmission: 0.1}'] }))).toMatch(/runs on the population engine/);
    expect(usageMessage(() => planBlastRadius({ ...file(), arm: 'nope' }))).toBe("no arm 'nope' in scenario 'br'; arms: none, tagging");
    expect(usageMessage(() => planBlastRadius({ ...file(), maxAgents: 9 }))).toBe('10 patient zeros (one experiment each) exceed the limit of 9; sample with --agents N or raise --max-points');
  });
});
