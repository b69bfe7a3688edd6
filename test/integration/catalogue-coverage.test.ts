// Catalogue coverage, by structure rather than by the id appearing somewhere in a test file:
// - every registered defense has a unit test next to it that runs the defense contract on it, with its own
//   benign and suspicious cases (a run here would only repeat it, with weaker cases, and the 10^6-envelope
//   flood in it takes seconds per defense);
// - every registered threat is the threat of a built-in scenario with a no-defense arm and an arm whose
//   defenses target it, and every registered defense is used by a built-in scenario (or is listed below
//   with the reason it is not). (Policies are left to the policy contract.) The built-in scenario library is run, every arm, by
//   scenario-library.test.ts and pinned by golden-runs.test.ts, so an id leaves those tests only by
//   leaving the scenarios, which fails here;
// - the catalogue's propagation family is registered.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { listBuiltinScenarios, loadScenarioFile } from '@masec/runner';
import { armsOf, createRegistries } from '@masec/sim';

const registries = createRegistries();
const scenarios: { name: string; scenario: Scenario }[] = listBuiltinScenarios().map(({ name, path }) => ({ name, scenario: loadScenarioFile(path).scenario }));

/** Registered defenses no built-in scenario uses, each with where it is exercised end to end instead. */
const NOT_IN_A_SCENARIO: Record<string, string> = {
};

/**
 * Registered threats without a matched defense yet, each with why: they are covered by a built-in scenario
 * without defenses here, and must gain a defended arm (then leave this list) before their issue is done.
 */
const NO_DEFENSE_YET: Record<string, string> = {
};

const DEFENSES_SRC = fileURLToPath(new URL('../../packages/defenses/src/', import.meta.url));

describe('defense contract next to every registered defense', () => {
  for (const defense of registries.defenses.list()) {
    it(`defense '${defense.id}' runs the defense contract in packages/defenses/src/${defense.id}/definition.test.ts`, () => {
      const file = `${DEFENSES_SRC}${defense.id}/definition.test.ts`;
      expect(existsSync(file), `${file} is missing`).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/\brunDefenseContract\(\s*\w+/);
    });
  }
});

describe('catalogue coverage', () => {
  for (const threat of registries.threats.list()) {
    it(`threat '${threat.id}' is run by a built-in scenario without defenses and against a defense that targets it`, () => {
      const covering = scenarios.filter(({ scenario }) => {
        if (!scenario.threats.some((t) => t.id === threat.id)) return false;
        const arms = armsOf(scenario);
        const undefended = arms.some((arm) => arm.defenses.length === 0);
        const defended = arms.some((arm) => arm.defenses.some((d) => registries.defenses.get(d.id).targets.includes(threat.id)));
        return undefended && (defended || NO_DEFENSE_YET[threat.id] !== undefined);
      });
      expect(covering.map((s) => s.name), `built-in scenarios covering ${threat.id}`).not.toEqual([]);
    });
  }

  for (const defense of registries.defenses.list()) {
    it(`defense '${defense.id}' is used by an arm of a built-in scenario, or says where it is run instead`, () => {
      const using = scenarios.filter(({ scenario }) => armsOf(scenario).some((arm) => arm.defenses.some((d) => d.id === defense.id)));
      expect(using.length > 0 || NOT_IN_A_SCENARIO[defense.id] !== undefined, `${defense.id}: no built-in scenario uses it and no reason is given`).toBe(true);
    });
  }

  it('exempts no threat that has a defended arm now, or is not registered', () => {
    for (const id of Object.keys(NO_DEFENSE_YET)) {
      expect(registries.threats.has(id), id).toBe(true);
      const defended = scenarios.some(({ scenario }) => armsOf(scenario).some((arm) => arm.defenses.some((d) => registries.defenses.get(d.id).targets.includes(id))));
      expect(defended, `${id} has a defended arm now: drop its exemption`).toBe(false);
    }
  });

  it('lists no exemption that is not needed, or not a registered defense', () => {
    for (const id of Object.keys(NOT_IN_A_SCENARIO)) {
      expect(registries.defenses.has(id), id).toBe(true);
      expect(scenarios.some(({ scenario }) => armsOf(scenario).some((arm) => arm.defenses.some((d) => d.id === id))), `${id} is used now: drop its exemption`).toBe(false);
    }
  });

  // The propagation family of the catalogue (docs/threats, shared/design/THREATS.md and DEFENSES.md) and the
  // defenses listed against it must all be registered, and so covered by the tests above.
  const PROPAGATION_THREATS = ['worm', 'infectious-jailbreak', 'privacy-leak', 'disinformation', 'memory-poisoning', 'cascading-failure'];
  const PROPAGATION_DEFENSES = [
    'provenance-tagging',
    'content-detector',
    'quarantine',
    'taint-labels',
    'propagation-monitor',
    'memory-partition',
    'memory-sanitize',
    'edge-pruning',
    'circuit-breaker',
    'channel-policy',
    'diversity',
  ];
  it('every listed propagation threat is registered', () => {
    for (const id of PROPAGATION_THREATS) expect(registries.threats.has(id), id).toBe(true);
  });
  it('every listed propagation defense is registered', () => {
    for (const id of PROPAGATION_DEFENSES) expect(registries.defenses.has(id), id).toBe(true);
  });

  // The coordination family so far (issue 13): threats sybil and stealth, defense sybil-resistance; stealth is
  // matched by the detectors it is run against (content-detector, propagation-monitor).
  it('the coordination threats built so far and their defenses are registered', () => {
    for (const id of ['algorithmic-collusion', 'sybil', 'stealth']) expect(registries.threats.has(id), id).toBe(true);
    expect(registries.defenses.get('sybil-resistance').targets).toContain('sybil');
    for (const id of ['content-detector', 'propagation-monitor']) expect(registries.defenses.get(id).targets, id).toContain('stealth');
  });
});
