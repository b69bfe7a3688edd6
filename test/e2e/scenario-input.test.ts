/**
 * Scenario input that is not a scenario: every case exits 2 with the file's name and what is wrong with it,
 * in bounded time and memory. Files are checked by kind and size before they are read (a device, a FIFO or
 * a 50 GB sparse file is refused without reading it), then as UTF-8 text, then as a YAML mapping within the
 * limits of docs/reference/scenario-format.md#limits.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { masec, tempDir } from './helpers.js';

let dir: string;

beforeAll(() => {
  dir = tempDir('input');
  const write = (name: string, data: string | Uint8Array): void => writeFileSync(join(dir, name), data);
  write('empty.yaml', '');
  write('comments.yaml', '# a scenario will go here\n\n');
  write('latin1.yaml', Buffer.concat([Buffer.from('id: x\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  write('utf16.yaml', Buffer.from('\ufeffid: x\n', 'utf16le'));
  write('binary.yaml', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
  write('list.yaml', '- id: x\n');
  // One long list, as in issue 14 (there 50 MB; the kind of file that crashed with a V8 out-of-memory trace).
  write('long-list.yaml', `id: x\nmetrics: [${Array.from({ length: 1_000_000 }, () => 'x').join(', ')}]\n`);
  // Under 1 MiB, but more values than a scenario holds.
  write('many-values.yaml', `id: x\nmetrics: [${Array.from({ length: 200_000 }, () => '1').join(',')}]\n`);
  writeFileSync(join(dir, 'sparse.yaml'), '');
  truncateSync(join(dir, 'sparse.yaml'), 50 * 1024 ** 3);
  execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
  mkdirSync(join(dir, 'folder.yaml'));
});

const CASES: [string, string][] = [
  ['empty.yaml', 'empty.yaml: the file is empty: a scenario is a YAML mapping with at least id, rounds, agents and topology'],
  ['comments.yaml', 'comments.yaml: the file holds only comments and blank lines: a scenario is a YAML mapping with at least id, rounds, agents and topology'],
  ['latin1.yaml', 'latin1.yaml:2:10: the file is not UTF-8 text: byte 0xE9 starts no well-formed UTF-8 character (Latin-1 or another 8-bit encoding?); save it as UTF-8'],
  ['utf16.yaml', 'utf16.yaml: the file is UTF-16 little-endian text (it starts with a byte-order mark); save it as UTF-8'],
  ['binary.yaml', 'binary.yaml:1:8: the file holds a NUL byte: it is binary, or UTF-16 or UTF-32 text, not UTF-8 YAML'],
  ['list.yaml', 'list.yaml:1:1: a scenario is a YAML mapping of fields (id, rounds, agents, topology, …), not a list'],
  ['long-list.yaml', 'long-list.yaml: the file is 3,000,016 bytes; a scenario file holds at most 1,048,576 (1 MiB)'],
  ['many-values.yaml', 'many-values.yaml:2:200005: more than 100,000 values (scalars, keys included); a scenario holds at most 100,000'],
  ['sparse.yaml', 'sparse.yaml: the file is 53,687,091,200 bytes; a scenario file holds at most 1,048,576 (1 MiB)'],
  ['fifo.yaml', 'fifo.yaml: is a FIFO, not a scenario file'],
  ['folder.yaml', 'folder.yaml: is a directory, not a scenario file'],
  ['/dev/zero', '/dev/zero: is a device, not a scenario file'],
];

describe('validate refuses input that is not a scenario, naming the file and the problem', () => {
  it.each(CASES)('%s', async (file, problem) => {
    const result = await masec(['validate', file], { cwd: dir, timeoutMs: 20_000 });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`fail ${file}: SCENARIO_INVALID\n  ${problem}\nmasec: 1 of 1 file(s) invalid\n`);
    expect(result.status).toBe(2);
  });

  it('run refuses them too, before opening the store', async () => {
    const result = await masec(['run', 'latin1.yaml', '--store', 'never.sqlite'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('latin1.yaml:2:10: the file is not UTF-8 text');
  });
});

describe('a scenario too large for memory is refused when it is loaded, not when it runs', () => {
  it('validate refuses a complete graph over 100,000 agents (more arcs than one array holds)', async () => {
    const result = await masec(['validate', 'worm-email', '--set', 'agents.count=100000', '--set', 'topology={kind: complete}'], { cwd: dir });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'fail worm-email: SCENARIO_INVALID\n' +
        '  worm-email: topology: a complete graph of 9,999,900,000 arcs: more than the 4,294,967,296 entries one array can hold; use fewer agents or a sparser topology\n' +
        'masec: 1 of 1 file(s) invalid\n',
    );
    expect(result.status).toBe(2);
  });

  it('validate says how much memory a run needs at least', async () => {
    const result = await masec(['validate', 'worm-email'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('ok   worm-email: worm-email — 500 agents, 40 rounds, arms: none, tagging, detector-quarantine; one run needs at least 97 MiB\n');
  });
});
