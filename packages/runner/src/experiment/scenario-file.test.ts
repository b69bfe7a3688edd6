// Files a scenario's topology names are read as bytes and checked at load, with file/line-located errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MasecError } from '@masec/spec';
import { describe, expect, it } from 'vitest';
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
  const dir = mkdtempSync(join(tmpdir(), 'masec-scenario-file-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function loadError(dir: string): MasecError {
  try {
    loadScenarioFile(join(dir, 'cm.yaml'));
  } catch (error) {
    expect(error).toBeInstanceOf(MasecError);
    return error as MasecError;
  }
  throw new Error('expected loadScenarioFile to throw');
}

describe('loadScenarioFile with a degree file', () => {
  it('loads a valid degree file', () => {
    const dir = dirWith({ 'cm.yaml': SCENARIO, 'degrees.txt': '1\n1\n2\n0\n' });
    expect(loadScenarioFile(join(dir, 'cm.yaml')).scenario.topology).toEqual({
      kind: 'configuration-model',
      degrees: { kind: 'file', file: 'degrees.txt' },
    });
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
});
