import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type DefenseDefinition,
  type IssueLocation,
  type MasecError,
  type MetricDefinition,
  type PolicyDefinition,
  Registry,
  type ThreatDefinition,
  isMasecError,
} from '@masec/spec';
import { type ScenarioRegistries, parseScenario } from './index.js';

// ---- in-test registries (concretely typed, to check they fit ScenarioRegistries) ----

interface FakeWorld {
  agents: number;
}

const wormSchema = z.strictObject({
  susceptibility: z.number().min(0).max(1).default(0.9),
  variants: z.array(z.enum(['classic', 'stealth'])).default(['classic']),
});

function threat<C>(id: string, configSchema: z.ZodType<C>): ThreatDefinition<C, FakeWorld> {
  return {
    ...{ id, specVersion: 'v1', description: `fake threat ${id}` },
    ...{ family: 'propagation', configSchema, metrics: ['infected-fraction'], engines: ['message'], judgeMetric: 'infected-fraction' },
    create: () => ({ setup: () => undefined, judge: () => ({ success: false, score: 0, summary: '' }) }),
  };
}

function defense<C>(id: string, configSchema: z.ZodType<C>): DefenseDefinition<C> {
  return {
    ...{ id, specVersion: 'v1', description: `fake defense ${id}` },
    ...{ targets: ['worm'], hooks: ['deliver'], kind: 'monitoring', configSchema },
    cost: { utility: 'none', rewritesContent: false },
    create: () => ({ id, hooks: ['deliver'], handle: (envelope, _ctx, next) => next(envelope) }),
  };
}

const policy: PolicyDefinition<{ obeyRate: number }> = {
  ...{ id: 'email-assistant', specVersion: 'v1', description: 'fake policy' },
  configSchema: z.strictObject({ obeyRate: z.number().min(0).max(1).default(0.5) }),
  create: () => ({ specVersion: 'v1', act: () => [] }),
};

const metric: MetricDefinition = {
  ...{ id: 'infected-fraction', specVersion: 'v1', description: 'fake metric' },
  ...{ unit: 'fraction', better: 'higher', label: 'infected', reduce: () => 0 },
};

const registries: ScenarioRegistries = {
  threats: new Registry('threat', [threat('worm', wormSchema), threat('prompt-infection', z.strictObject({}))]),
  defenses: new Registry('defense', [
    defense('content-detector', z.strictObject({ threshold: z.number().min(0).max(1).default(0.5) })),
    defense('quarantine', z.strictObject({ rounds: z.number().int().min(1).default(3) })),
  ]),
  policies: new Registry('policy', [policy]),
  metrics: new Registry('metric', [metric]),
};

// ---- helpers ----

/** A valid scenario; line numbers in the tests refer to this text. */
const BASE = `id: worm-email
rounds: 20
agents:
  count: 50
  policy:
    id: email-assistant
topology:
  kind: barabasi-albert
  m: 2
threats:
  - id: worm
defenses:
  - id: content-detector
    config:
      threshold: 0.6
  - id: quarantine
metrics: [infected-fraction]
`;

/** BASE with line `line` (1-based) replaced by `text` (which may span several lines). */
function edit(line: number, text: string, base = BASE): string {
  const lines = base.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

function parse(text: string, sets?: string[]) {
  return parseScenario(text, { file: 'worm.yaml', sets, registries });
}

function failure(text: string, sets?: string[]): MasecError {
  try {
    parse(text, sets);
  } catch (error) {
    if (isMasecError(error)) return error;
    throw error;
  }
  throw new Error('expected parseScenario to throw');
}

function only(error: MasecError): IssueLocation {
  expect(error.issues).toHaveLength(1);
  return error.issues[0]!;
}

const ARMS = `arms:
  - name: none
    defenses: []
  - name: detector
    defenses:
      - id: content-detektor
`;

// ---- tests ----

describe('parseScenario: valid input', () => {
  it('returns the scenario with schema and plugin defaults applied', () => {
    const s = parse(BASE);
    expect(s.id).toBe('worm-email');
    expect(s.seed).toBe(1);
    expect(s.seeds).toBe(10);
    expect(s.channel.kind).toBe('inbox');
    expect(s.concurrency).toBe(32);
    expect(s.agents.records).toBe(3);
    expect(s.agents.policy?.config).toEqual({ obeyRate: 0.5 });
    expect(s.threats).toEqual([{ id: 'worm', config: { susceptibility: 0.9, variants: ['classic'] } }]);
    expect(s.defenses).toEqual([
      { id: 'content-detector', config: { threshold: 0.6 } },
      { id: 'quarantine', config: { rounds: 3 } },
    ]);
    expect(s.metrics).toEqual(['infected-fraction']);
  });

  it('accepts JSON, which is YAML', () => {
    const json = JSON.stringify({
      id: 'json-one',
      rounds: 5,
      agents: { count: 10, policy: { id: 'email-assistant' } },
      topology: { kind: 'ring', k: 2 },
      arms: [{ name: 'base', defenses: [{ id: 'content-detector' }] }],
    });
    const s = parseScenario(json, { file: 'x.json', registries });
    expect(s.arms?.[0]?.defenses[0]?.config).toEqual({ threshold: 0.5 });
  });
});

describe('parseScenario: located errors', () => {
  it('reports a YAML syntax error with its line and column', () => {
    const err = failure('id: x\nagents: {count: 3\nrounds: 2\n');
    expect(err.code).toBe('SCENARIO_INVALID');
    const issue = only(err);
    expect(issue).toMatchObject({ file: 'worm.yaml', line: 3, column: 1, path: '' });
    expect(issue.message).toContain('Flow map');
    expect(issue.message).not.toContain('at line');
    expect(err.message).toContain('worm.yaml: YAML syntax error (1 problem)');
    expect(err.message).toContain('worm.yaml:3:1: Flow map');
  });

  it('reports a duplicate key as a YAML error', () => {
    const issue = only(failure(edit(2, 'rounds: 20\nrounds: 30')));
    expect(issue).toMatchObject({ line: 3, column: 1, path: '' });
    expect(issue.message).toContain('unique');
  });

  it('names an unknown top-level field at its key', () => {
    const issue = only(failure(`${BASE}colour: red\n`));
    expect(issue).toMatchObject({ file: 'worm.yaml', line: 18, column: 1, path: 'colour' });
    expect(issue.message).toMatch(/^unknown field 'colour'; valid fields: \$schema, id, /);
  });

  it('names an unknown nested field with the fields of the selected topology kind', () => {
    const issue = only(failure(edit(9, '  m: 2\n  q: 1')));
    expect(issue).toMatchObject({ line: 10, column: 3, path: 'topology.q', message: "unknown field 'q'; valid fields: kind, m" });
  });

  it('reports a wrong type at the value', () => {
    const issue = only(failure(edit(4, '  count: many')));
    expect(issue).toMatchObject({ line: 4, column: 10, path: 'agents.count' });
    expect(issue.message).toContain('expected number, received string');
  });

  it('reports out-of-range values, each with the value given', () => {
    const err = failure(edit(2, 'rounds: 0', edit(4, '  count: 1')));
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(err.issues).toEqual([
      { file: 'worm.yaml', line: 2, column: 9, path: 'rounds', message: 'Too small: expected number to be >=1 (got 0)' },
      { file: 'worm.yaml', line: 4, column: 10, path: 'agents.count', message: 'Too small: expected number to be >=2 (got 1)' },
    ]);
    expect(err.message).toBe(
      [
        'worm.yaml: invalid scenario (2 problems)',
        '  worm.yaml:2:9: rounds: Too small: expected number to be >=1 (got 0)',
        '  worm.yaml:4:10: agents.count: Too small: expected number to be >=2 (got 1)',
      ].join('\n'),
    );
  });

  it('reports a missing required field at its parent key', () => {
    const issue = only(failure(edit(4, '  records: 2')));
    expect(issue).toMatchObject({ line: 3, column: 1, path: 'agents.count', message: "missing required field 'count' (expected number)" });
  });

  it('lists the valid kinds for an unknown topology kind', () => {
    const issue = only(failure(edit(8, '  kind: hypercube', edit(9, ''))));
    expect(issue).toMatchObject({ line: 8, column: 9, path: 'topology.kind' });
    expect(issue.message).toMatch(/^unknown kind 'hypercube'; valid kinds: complete, ring, star, /);
  });

  it('lists the valid ids for an unknown threat id', () => {
    const err = failure(edit(11, '  - id: wurm'));
    expect(err.code).toBe('UNKNOWN_PLUGIN');
    expect(only(err)).toEqual({
      file: 'worm.yaml',
      line: 11,
      column: 9,
      path: 'threats[0].id',
      message: "unknown threat 'wurm'; valid threat ids: prompt-infection, worm",
    });
  });

  it('finds an unknown defense id inside arms[1]', () => {
    const text = edit(12, ARMS, edit(13, '', edit(14, '', edit(15, '', edit(16, '')))));
    const err = failure(text);
    expect(err.code).toBe('UNKNOWN_PLUGIN');
    expect(only(err)).toMatchObject({ line: 17, column: 13, path: 'arms[1].defenses[0].id' });
    expect(err.message).toBe(
      [
        'worm.yaml: unknown plugin (1 problem)',
        "  worm.yaml:17:13: arms[1].defenses[0].id: unknown defense 'content-detektor'; valid defense ids: content-detector, quarantine",
      ].join('\n'),
    );
  });

  it('reports unknown metric ids', () => {
    const issue = only(failure(edit(17, 'metrics: [infected-fraction, spread]')));
    expect(issue).toMatchObject({ line: 17, column: 30, path: 'metrics[1]' });
    expect(issue.message).toBe("unknown metric 'spread'; valid metric ids: infected-fraction");
  });

  it('validates plugin config against the plugin schema, with line numbers', () => {
    const err = failure(edit(15, '      threshold: 1.5'));
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(only(err)).toEqual({
      file: 'worm.yaml',
      line: 15,
      column: 18,
      path: 'defenses[0].config.threshold',
      message: 'Too big: expected number to be <=1 (got 1.5)',
    });
  });

  it('reports unknown plugin config fields with the valid ones', () => {
    const issue = only(failure(edit(11, '  - id: worm\n    config: {speed: 3}')));
    expect(issue).toMatchObject({ line: 12, column: 14, path: 'threats[0].config.speed' });
    expect(issue.message).toBe("unknown field 'speed'; valid fields: susceptibility, variants");
  });

  it('reports every schema problem at once, sorted by line', () => {
    const text = `colour: red\n${edit(2, 'rounds: 0', edit(9, '  m: 2\n  q: 1'))}`;
    const err = failure(text);
    expect(err.issues.map((i) => [i.line, i.path])).toEqual([
      [1, 'colour'],
      [3, 'rounds'],
      [11, 'topology.q'],
    ]);
  });

  it('reports plugin, config and cross-field problems together (SCENARIO_INVALID when mixed)', () => {
    const text = edit(9, '  m: 50', edit(11, '  - id: wurm', edit(15, '      threshold: -1')));
    const err = failure(text);
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(err.issues.map((i) => [i.line, i.column, i.path])).toEqual([
      [9, 6, 'topology.m'],
      [11, 9, 'threats[0].id'],
      [15, 18, 'defenses[0].config.threshold'],
    ]);
    expect(err.message.split('\n')).toHaveLength(4);
  });

  it('skips plugin checks when the schema fails', () => {
    const err = failure(edit(2, 'rounds: 0', edit(11, '  - id: wurm')));
    expect(err.issues.map((i) => i.path)).toEqual(['rounds']);
  });
});

describe('parseScenario: --set overrides', () => {
  it('sets a number', () => {
    expect(parse(BASE, ['agents.count=200']).agents.count).toBe(200);
  });

  it('sets a nested plugin config, parsed by the plugin schema', () => {
    const s = parse(BASE, ['defenses[1].config.rounds=7', 'defenses[0].config.threshold=0.7']);
    expect(s.defenses).toEqual([
      { id: 'content-detector', config: { threshold: 0.7 } },
      { id: 'quarantine', config: { rounds: 7 } },
    ]);
  });

  it('sets a list and appends a list item', () => {
    const s = parse(BASE, ['threats[0].config.variants=[classic, stealth]', 'defenses[2].id=content-detector', 'seeds=3']);
    expect(s.threats[0]?.config).toEqual({ susceptibility: 0.9, variants: ['classic', 'stealth'] });
    expect(s.defenses[2]).toEqual({ id: 'content-detector', config: { threshold: 0.5 } });
    expect(s.seeds).toBe(3);
  });

  it('sets into an empty mapping (an empty file is refused: limits.test.ts)', () => {
    const sets = ['id=from-sets', 'rounds=3', 'agents={count: 4, policy: {id: email-assistant}}', 'topology.kind=complete'];
    expect(parseScenario('{}\n', { file: 'empty.yaml', sets, registries }).agents.count).toBe(4);
  });

  it.each([
    ['agents.count', 'agents.count', "no '='"],
    ['=5', '', 'empty path'],
    ['agents..count=3', 'agents..count', "expected a field name at '.count'"],
    ['[0].id=x', '[0].id', 'must start with a field name'],
    ['agents.count[0]=1', 'agents.count[0]', 'cannot index [0] into agents.count'],
    ['threats.id=x', 'threats.id', "cannot set field 'id' in threats: it is a list"],
    ['threats[5].id=x', 'threats[5].id', 'index [5] is out of range: threats has 1 item'],
    ['rounds=[1', 'rounds', 'value is not valid YAML'],
  ])('rejects the malformed --set %s', (set, path, fragment) => {
    const err = failure(BASE, [set]);
    expect(err.code).toBe('USAGE');
    const issue = only(err);
    expect(issue).toMatchObject({ file: '--set', path });
    expect(issue.line).toBeUndefined();
    expect(issue.message).toContain(fragment);
    expect(err.message).toContain(`invalid --set '${set}'`);
  });

  it('attributes validation errors of set values to --set', () => {
    const err = failure(BASE, ['agents.count=1']);
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(only(err)).toEqual({
      file: '--set',
      path: 'agents.count',
      message: 'Too small: expected number to be >=2 (got 1) (from --set agents.count=1)',
    });
    expect(err.message).toContain('--set: agents.count: Too small');
  });

  it('attributes plugin config errors and unknown fields created by --set to --set', () => {
    const err = failure(BASE, ['defenses[0].config.threshold=2', 'agents.colour=red', 'defenses[2].config.rounds=2']);
    expect(err.issues.map((i) => [i.file, i.path])).toEqual([
      ['--set', 'agents.colour'],
      ['--set', 'defenses[2].id'],
    ]);
    const err2 = failure(BASE, ['defenses[0].config.threshold=2']);
    expect(only(err2)).toMatchObject({ file: '--set', path: 'defenses[0].config.threshold' });
  });

  it('keeps file locations for problems the overrides did not touch', () => {
    const err = failure(edit(2, 'rounds: 0'), ['agents.count=1']);
    expect(err.issues.map((i) => [i.file, i.line, i.path])).toEqual([
      ['worm.yaml', 2, 'rounds'],
      ['--set', undefined, 'agents.count'],
    ]);
  });
});

describe('parseScenario: cross-field checks', () => {
  it('rejects duplicate arm names', () => {
    const arms = 'arms:\n  - name: base\n    defenses: []\n  - name: base\n    defenses: [{id: quarantine}]';
    const err = failure(edit(17, arms));
    expect(only(err)).toEqual({
      file: 'worm.yaml',
      line: 20,
      column: 11,
      path: 'arms[1].name',
      message: "duplicate arm name 'base' (also used by arms[0])",
    });
  });

  it('rejects barabasi-albert m >= agents.count', () => {
    const issue = only(failure(edit(9, '  m: 50')));
    expect(issue).toEqual({
      file: 'worm.yaml',
      line: 9,
      column: 6,
      path: 'topology.m',
      message: 'barabasi-albert m must be less than agents.count (m=50, agents.count=50)',
    });
  });

  it('checks watts-strogatz k parity and ring k against the agent count', () => {
    const ws = failure(edit(8, '  kind: watts-strogatz', edit(9, '  k: 51\n  beta: 0.1')));
    expect(ws.issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [9, 'topology.k', 'watts-strogatz k must be even (k=51)'],
      [9, 'topology.k', 'watts-strogatz k must be less than agents.count (k=51, agents.count=50)'],
    ]);
    const ring = only(failure(edit(8, '  kind: ring', edit(9, '  k: 25'))));
    expect(ring).toMatchObject({ line: 9, column: 6, path: 'topology.k' });
    expect(ring.message).toContain('ring k must be less than agents.count / 2');
  });

  it('points a defaulted field that fails a cross-field check at the nearest key', () => {
    const issue = only(failure(edit(8, '  kind: ring', edit(9, '')), ['agents.count=2']));
    // k defaults to 1, and 2 * 1 >= 2; the topology key is the nearest place in the file.
    expect(issue).toMatchObject({ file: 'worm.yaml', line: 7, column: 1, path: 'topology.k' });
  });
});
