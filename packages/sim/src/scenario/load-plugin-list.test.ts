// The first phase of loading: a scenario's `plugins` list, read from the raw document (after --set) with
// the location of each entry, before the rest is checked against registries that hold the plugins' ids.
import { describe, expect, it } from 'vitest';
import { isMasecError } from '@masec/spec';
import { readScenarioPlugins } from './load.js';

const TEXT = `id: p
rounds: 2
plugins:
  - ./guard.mjs
  - masec-plugin-x
agents: { count: 2, policy: { id: not-yet-known } }
`;

describe('readScenarioPlugins', () => {
  it('returns each specifier with its file, line, column and path, whatever else is wrong', () => {
    expect(readScenarioPlugins(TEXT, { file: 's.yaml' })).toEqual([
      { specifier: './guard.mjs', where: { file: 's.yaml', line: 4, column: 5, path: 'plugins[0]' } },
      { specifier: 'masec-plugin-x', where: { file: 's.yaml', line: 5, column: 5, path: 'plugins[1]' } },
    ]);
  });

  it('applies --set first, and names --set as the place of a plugin it added', () => {
    expect(readScenarioPlugins(TEXT, { file: 's.yaml', sets: ['plugins=[./other.mjs]'] })).toEqual([
      { specifier: './other.mjs', where: { file: '--set', path: 'plugins[0]' } },
    ]);
  });

  it('names no plugin when there is no list; a document that is not a mapping is refused already here, by name', () => {
    expect(readScenarioPlugins('id: p\n', { file: 's.yaml' })).toEqual([]);
    expect(() => readScenarioPlugins('- a\n- b\n', { file: 's.yaml' })).toThrow(/^s\.yaml: not a scenario[\s\S]*s\.yaml:1:1: a scenario is a YAML mapping of fields/);
  });

  it('reports a plugins field that is not a list of non-empty strings, located, as SCENARIO_INVALID', () => {
    const error = (() => {
      try {
        readScenarioPlugins('id: p\nplugins:\n  - ""\n  - 3\n', { file: 's.yaml' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isMasecError(error) && error.code).toBe('SCENARIO_INVALID');
    expect(isMasecError(error) && error.issues.map((i) => [i.line, i.path])).toEqual([
      [3, 'plugins[0]'],
      [4, 'plugins[1]'],
    ]);
  });

  it('reports YAML syntax errors as the full load would', () => {
    expect(() => readScenarioPlugins('id: [p\n', { file: 's.yaml' })).toThrow(expect.objectContaining({ code: 'SCENARIO_INVALID' }));
  });
});
