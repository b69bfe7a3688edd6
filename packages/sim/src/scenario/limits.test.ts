// Every input dimension of a scenario document has a stated limit (docs/reference/scenario-format.md#limits),
// reported with the file and, where there is one, the line; and an empty or non-mapping document says so.
import { describe, expect, it } from 'vitest';
import { type MasecError, isMasecError } from '@masec/spec';
import { createRegistries } from '../registries.js';
import { MAX_DEPTH, MAX_ITEMS, MAX_PROBLEMS, MAX_SCENARIO_BYTES, MAX_VALUES } from './limits.js';
import { parseScenario } from './index.js';

const registries = createRegistries();

const VALID = `id: lim
rounds: 3
agents: { count: 10, policy: { id: stochastic } }
topology: { kind: ring }
`;

function failure(text: string, sets: string[] = []): MasecError {
  try {
    parseScenario(text, { file: 's.yaml', sets, registries });
  } catch (error) {
    if (isMasecError(error)) return error;
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}

const messages = (error: MasecError): string[] => error.issues.map((i) => [i.file, i.line, i.column, i.path, i.message].filter((p) => p !== undefined && p !== '').join(':'));

describe('empty and non-mapping documents', () => {
  it('an empty file is refused as empty, naming the file, even with --set overrides', () => {
    for (const sets of [[], ['agents.count=5']]) {
      const error = failure('', sets);
      expect(error.code).toBe('SCENARIO_INVALID');
      expect(messages(error)).toEqual(['s.yaml:the file is empty: a scenario is a YAML mapping with at least id, rounds, agents and topology']);
    }
  });

  it('a file of comments and blank lines is refused as holding no document', () => {
    expect(messages(failure('# only a comment\n\n   \n# another\n'))).toEqual([
      's.yaml:the file holds only comments and blank lines: a scenario is a YAML mapping with at least id, rounds, agents and topology',
    ]);
  });

  it('a document that is a list or a scalar is refused as not a mapping, at its position', () => {
    expect(messages(failure('- id: x\n'))).toEqual(['s.yaml:1:1:a scenario is a YAML mapping of fields (id, rounds, agents, topology, …), not a list']);
    expect(messages(failure('\n\njust text\n'))).toEqual(['s.yaml:3:1:a scenario is a YAML mapping of fields (id, rounds, agents, topology, …), not a string']);
  });
});

describe('limits', () => {
  it(`refuses text longer than ${MAX_SCENARIO_BYTES} characters before parsing it`, () => {
    const text = `${VALID}description: ${'x'.repeat(MAX_SCENARIO_BYTES)}\n`;
    expect(messages(failure(text))).toEqual([`s.yaml:the scenario is ${text.length.toLocaleString('en-US')} characters; a scenario holds at most 1,048,576 (1 MiB)`]);
  });

  it(`nesting: ${MAX_DEPTH} levels of lists and mappings are accepted, one more is refused at the deepest one`, () => {
    const nested = (levels: number): string => `${VALID}description: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    // Within the limit the document is read, and fails only on the schema (a description is a string).
    expect(messages(failure(nested(MAX_DEPTH - 1))).join('\n')).not.toContain('nesting');
    // The root mapping is level 1 and the first list level 2, so the 32nd bracket is one too many.
    expect(messages(failure(nested(MAX_DEPTH + 1)))).toEqual([`s.yaml:5:${13 + MAX_DEPTH}:description${'[0]'.repeat(MAX_DEPTH - 1)}:nesting deeper than ${MAX_DEPTH} levels of lists and mappings`]);
  });

  it('refuses absurd nesting quickly, before the YAML parser recurses into it (no stack overflow)', () => {
    const flow = `${VALID}description: ${'['.repeat(200_000)}\n`;
    const compact = `${VALID}description: ${'- '.repeat(100_000)}x\n`;
    const maps = `${VALID}description:\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`;
    for (const text of [flow, compact, maps]) {
      const [message] = messages(failure(text));
      expect(message).toMatch(new RegExp(`^s\\.yaml:\\d+:\\d+:nesting deeper than ${MAX_DEPTH} levels of lists and mappings$`));
    }
  });

  it(`a list holds at most ${MAX_ITEMS} items, a mapping at most ${MAX_ITEMS} entries`, () => {
    const list = (n: number): string => `${VALID}metrics:\n${'  - 1\n'.repeat(n)}`;
    expect(messages(failure(list(MAX_ITEMS))).join('\n')).not.toContain('at most');
    expect(messages(failure(list(MAX_ITEMS + 1)))).toEqual([`s.yaml:6:3:metrics:a list holds at most 10,000 items; this one has 10,001`]);
    const map = `${VALID}population:\n${Array.from({ length: MAX_ITEMS + 1 }, (_, i) => `  k${i}: 1\n`).join('')}`;
    expect(messages(failure(map))).toEqual([`s.yaml:6:3:population:a mapping holds at most 10,000 entries; this one has 10,001`]);
  });

  it(`a document holds at most ${MAX_VALUES} values, counted as the YAML is read`, () => {
    const lists = Array.from({ length: 11 }, (_, i) => `l${i}: [${Array.from({ length: 9_999 }, () => '1').join(', ')}]\n`).join('');
    const [message] = messages(failure(`${VALID}${lists}`));
    expect(message).toMatch(/^s\.yaml:\d+:\d+:more than 100,000 values \(scalars, keys included\); a scenario holds at most 100,000$/);
  });

  it('counts an alias at every use, so aliases cannot multiply a list past the limit', () => {
    const items = Array.from({ length: 9_000 }, (_, i) => String(i)).join(', ');
    const text = `${VALID}x: &big [${items}]\ny: [${Array.from({ length: 12 }, () => '*big').join(', ')}]\n`;
    const [message] = messages(failure(text));
    expect(message).toBe('s.yaml:6:4:y:more than 100,000 values once aliases are expanded (each use of an alias counts its whole value); a scenario holds at most 100,000');
  });

  it(`reports at most ${MAX_PROBLEMS} problems, then says how many more there are`, () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `k${i}: 1\n`).join('');
    const error = failure(`${VALID}${keys}`);
    expect(error.issues).toHaveLength(MAX_PROBLEMS + 1);
    expect(error.issues[0]).toMatchObject({ file: 's.yaml', line: 5, column: 1, path: 'k0' });
    expect(error.issues[MAX_PROBLEMS]).toEqual({ file: 's.yaml', path: '', message: `… and ${(5_000 - MAX_PROBLEMS).toLocaleString('en-US')} more problems (only the first ${MAX_PROBLEMS} are listed)` });
    expect(error.message.split('\n')).toHaveLength(MAX_PROBLEMS + 2);
  });

  it('applies the same limits to a --set value', () => {
    const value = `[${Array.from({ length: MAX_ITEMS + 1 }, () => 'infected-fraction').join(', ')}]`;
    expect(messages(failure(VALID, [`metrics=${value}`]))).toEqual(['--set:metrics:a list holds at most 10,000 items; this one has 10,001 (from --set metrics=[infected-fraction, infected-fraction, infected-fra…)']);
  });
});
