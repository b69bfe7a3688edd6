/**
 * A run that fails mid-way, through the CLI (issue 10, ADR 0014): it is stored with its log up to the failure,
 * its digest, the error's code and round; `run` and `report` say so (text and JSON) and exit 1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type CliResult, type SweepJson, masec, parseJson, tempDir } from './helpers.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/plugins');
/** Used in place (its plugin imports zod, which resolves from the repository). */
const SCENARIO = join(FIXTURES, 'failing.yaml');
const PLUGIN = join(FIXTURES, 'failing-policy.mjs');
let dir: string;
let run: CliResult;
let json: SweepJson;

beforeAll(async () => {
  dir = tempDir('failed');
  run = await masec(['run', SCENARIO, '--store', 's.sqlite', '--quiet', '--workers', '0'], { cwd: dir });
  const again = await masec(['run', SCENARIO, '--store', 'j.sqlite', '--json', '--workers', '0'], { cwd: dir });
  json = parseJson(again.stdout, 'run --json');
}, 60_000);

describe('a run that fails mid-way', () => {
  it('run exits 1 and names the failure: seed, code, round and message', () => {
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('! default: 2 runs failed; first: seed 1 (RUN_FAILED in round 2): TypeError: model answer could not be parsed');
    expect(json.failed).toBe(2);
    expect(json.runs.map((r) => [r.status, r.errorCode, r.errorRound, r.error])).toEqual([
      ['error', 'RUN_FAILED', 2, 'TypeError: model answer could not be parsed'],
      ['error', 'RUN_FAILED', 2, 'TypeError: model answer could not be parsed'],
    ]);
  });

  it('stores its log up to the failure, closed by run-end with status error and the code, and its digest', () => {
    const db = new Database(join(dir, 's.sqlite'), { readonly: true });
    try {
      const rows = db.prepare<[], { digest: string; data: Buffer }>('SELECT runs.digest AS digest, event_logs.data AS data FROM runs JOIN event_logs ON event_logs.run_id = runs.id').all();
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.digest).toMatch(/^[0-9a-f]{64}$/);
        const events = gunzipSync(row.data).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; round: number });
        expect(events[0]?.type).toBe('run-start');
        expect(events.filter((e) => e.type === 'round-end').map((e) => e.round)).toEqual([0, 1]);
        expect(events.at(-1)).toEqual({ type: 'run-end', round: 2, status: 'error', error: 'TypeError: model answer could not be parsed', code: 'RUN_FAILED' });
      }
    } finally {
      db.close();
    }
  });

  it('report shows the same, and exits 1', async () => {
    const report = await masec(['report', '--store', 's.sqlite', '--plugin', PLUGIN], { cwd: dir });
    expect(report.status).toBe(1);
    expect(report.stdout).toContain('seed 1 (RUN_FAILED in round 2): TypeError: model answer could not be parsed');
    const html = await masec(['report', '--store', 's.sqlite', '--html', 'r.html'], { cwd: dir });
    expect(html.status).toBe(1);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('seed 1 (RUN_FAILED in round 2): TypeError: model answer could not be parsed');
  });
});
