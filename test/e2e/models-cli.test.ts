/**
 * The model layer through the `masec` command, against the stub over loopback HTTP: a killed experiment
 * rerun requests no answer the store already holds; replay with an answer missing exits 1 naming it; a key
 * planted in the environment appears nowhere (store, output, report, errors); `--dry-run` estimates without
 * a request; `report --transcript` shows an agent's calls; `masec llm-stub` serves and stops on Ctrl-C.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StubServer } from '@masec/models/stub';
import { REPO_ROOT, type SweepJson, masec, masecInProcess, parseJson, sleep, spawnMasec, tempDir } from './helpers.js';

const SCENARIO = join(REPO_ROOT, 'test/fixtures/models/stub-mail.yaml');

let stub: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'obedient' }, latencyMs: 40 });
});
afterAll(() => stub.close());

const base = (server: StubServer): string[] => [SCENARIO, '--set', `models[0].baseUrl=${server.baseUrl('openai-compatible')}`];

function storedAnswers(file: string): { toolCalls: { id: string }[] }[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT json FROM model_responses').pluck().all() as string[]).map((json) => JSON.parse(json) as { toolCalls: { id: string }[] });
  } finally {
    db.close();
  }
}

describe('masec run with models', () => {
  it('kill -9 mid-experiment, rerun: no request is made again for an answer the store holds, and the runs match an uninterrupted experiment', async () => {
    const dir = tempDir('models-kill');
    const store = join(dir, 'killed.sqlite');
    const args = [...base(stub), '--seeds', '4', '--store', store, '--workers', '1', '--json', '--quiet'];
    const child = spawnMasec(['run', ...args], { cwd: dir });
    let stored = 0;
    for (let i = 0; i < 400 && stored < 30; i++) {
      await sleep(50);
      try {
        stored = storedAnswers(store).length;
      } catch {
        stored = 0; // the store is not there yet
      }
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const answers = storedAnswers(store);
    expect(answers.length).toBeGreaterThanOrEqual(30);
    // Which requests those answers came from: the stub's tool-call ids name the request they answered.
    const before = stub.requestLog();
    const byCallId = new Map(before.flatMap((e) => e.toolCallIds.map((id) => [id, e.request] as const)));
    const storedRequests = new Set(answers.flatMap((a) => a.toolCalls.map((c) => byCallId.get(c.id.replace(/^call_/, '')))));
    expect(answers.every((a) => a.toolCalls.length > 0)).toBe(true);
    expect(storedRequests.has(undefined)).toBe(false);

    const rerun = await masec(['run', ...args], { cwd: dir, timeoutMs: 120_000 });
    expect(rerun.status).toBe(0);
    const repeated = stub.requestLog().slice(before.length).filter((e) => storedRequests.has(e.request));
    expect(repeated).toEqual([]);

    const fresh = await masec(['run', ...base(stub), '--seeds', '4', '--store', join(dir, 'fresh.sqlite'), '--json', '--quiet', '--cache', 'off'], { cwd: dir, timeoutMs: 120_000 });
    const digests = (out: string) => parseJson<SweepJson>(out).runs.map((r) => `${r.arm}/${r.seed}:${r.digest}`);
    expect(digests(rerun.stdout)).toEqual(digests(fresh.stdout));
  }, 240_000);

  it('replay with an answer missing exits 1 and says which answer, for which agent and round', async () => {
    const dir = tempDir('models-replay');
    const requests = stub.stats().requests;
    const out = await masecInProcess(['run', ...base(stub), '--seed', '1', '--cache', 'replay', '--store', join(dir, 's.sqlite'), '--quiet', '--workers', '0'], dir);
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(/! none: 1 run failed; first: seed 1 \(CACHE_MISS in round 1\): MasecError: replay: no stored answer of model 'stub' for agent a\d/);
    const json = await masecInProcess(['run', ...base(stub), '--seed', '1', '--cache', 'replay', '--store', join(dir, 's.sqlite'), '--json', '--workers', '0'], dir);
    expect(json.status).toBe(1);
    const failed = parseJson<SweepJson>(json.stdout).runs[0] as SweepJson['runs'][number] & { error: string };
    expect(failed.error).toMatch(/^MasecError: replay: no stored answer of model 'stub' for agent a\d in round 1 \(call 0, cache key [0-9a-f]{64}\); run without --cache replay to request it$/);
    expect(stub.stats().requests).toBe(requests);
  });

  it('--dry-run counts the calls, tokens and cost without a request or a write', async () => {
    const dir = tempDir('models-dry');
    const requests = stub.stats().requests;
    const out = await masecInProcess(['run', ...base(stub), '--seed', '1', '--dry-run', '--json', '--store', join(dir, 's.sqlite'), '--workers', '0'], dir);
    expect(out.status).toBe(0);
    const estimate = parseJson<{ runs: number; models: { model: string; calls: number; requests: number; outputTokens: number; costUsd: number }[] }>(out.stdout);
    expect(estimate.runs).toBe(2);
    const [m] = estimate.models;
    expect(m?.calls).toBeGreaterThan(10);
    expect(m).toMatchObject({ model: 'stub', requests: m?.calls, outputTokens: 1024 * (m?.calls ?? 0) });
    expect(m?.costUsd).toBeCloseTo(((m?.calls ?? 0) * 1024 * 2) / 1e6 + (estimate.models[0] as { inputTokens?: number } & typeof m).inputTokens! / 1e6, 9);
    expect(stub.stats().requests).toBe(requests);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('MASEC_MODEL_<ID>_BASE_URL points the model at the stub without --set, the manifest records it; a bad value names the variable', async () => {
    const dir = tempDir('models-env');
    const url = stub.baseUrl('openai-compatible');
    const requests = stub.stats().requests;
    const store = join(dir, 's.sqlite');
    const out = await masecInProcess(['run', SCENARIO, '--seed', '1', '--arm', 'none', '--store', store, '--json', '--workers', '0'], dir, { MASEC_MODEL_STUB_BASE_URL: url });
    expect(out.status, out.stderr).toBe(0);
    expect(stub.stats().requests).toBeGreaterThan(requests);
    const db = new Database(store, { readonly: true });
    try {
      const runs = (db.prepare('SELECT json FROM runs').pluck().all() as string[]).map((json) => JSON.parse(json) as { manifest: { endpoints?: unknown } });
      expect(runs.map((r) => r.manifest.endpoints)).toEqual([{ stub: { provider: 'openai-compatible', model: expect.any(String), baseUrl: url } }]);
    } finally {
      db.close();
    }
    const bad = await masecInProcess(['validate', SCENARIO], dir, { MASEC_MODEL_STUB_BASE_URL: 'nowhere' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('MASEC_MODEL_STUB_BASE_URL: Invalid URL');
  });
});

describe('keys', () => {
  const KEY = 'sk-planted-0e4b7d2a9c5f1836';

  it('a key planted in the environment never appears in the store, the output, the report or an error message', async () => {
    const dir = tempDir('models-key');
    const server = await StubServer.start({ behaviour: { kind: 'obedient' }, apiKey: KEY });
    const wrong = await StubServer.start({ apiKey: 'sk-the-server-wants-another' });
    try {
      const env = { MASEC_TEST_KEY: KEY };
      const store = join(dir, 's.sqlite');
      const common = ['--set', 'models[0].apiKeyEnv=MASEC_TEST_KEY', '--store', store, '--seeds', '1'];
      const ok = await masec(['run', ...base(server), ...common, '--html', 'report.html', '--json'], { cwd: dir, env });
      expect(ok.status).toBe(0);
      expect(server.stats().answered).toBeGreaterThan(0);
      const refused = await masec(['run', ...base(wrong), ...common, '--cache', 'off', '--json'], { cwd: dir, env });
      expect(refused.status).toBe(1);
      expect(parseJson<SweepJson>(refused.stdout).runs[0]?.error).toMatch(/^MasecError: model 'stub' \(openai-compatible stub-1\) for agent a\d in round 1: HTTP 401: the server refused the key in \$MASEC_TEST_KEY: Incorrect API key provided: \[redacted\]$/);
      const runId = parseJson<SweepJson & { experiment: string }>(ok.stdout).experiment;
      const report = await masec(['report', '--store', store, '--json'], { cwd: dir, env });
      const transcript = await masec(['report', '--store', store, '--run', `${runId}/none/1`, '--transcript', 'all'], { cwd: dir, env });
      expect(transcript.stdout).toContain('tool call send_mail');
      const missing = await masec(['run', ...base(server), ...common, '--force', '--cache', 'off', '--json'], { cwd: dir, env: { MASEC_TEST_KEY: '' } });
      expect(parseJson<SweepJson>(missing.stdout).runs[0]?.error).toBe(
        "MasecError: model 'stub': the environment variable MASEC_TEST_KEY (models[0].apiKeyEnv) is not set; set it to the key, or run with --cache replay to use stored answers only",
      );
      const texts = [ok, refused, report, transcript, missing].flatMap((r) => [r.stdout, r.stderr]);
      texts.push(readFileSync(join(dir, 'report.html'), 'utf8'));
      for (const file of readdirSync(dir)) texts.push(readFileSync(join(dir, file)).toString('latin1'));
      expect(texts.filter((t) => t.includes(KEY))).toEqual([]);
      // The probe itself works: the key is in the requests the stub saw (it accepted them).
      expect(server.stats().answered).toBeGreaterThan(0);
    } finally {
      await server.close();
      await wrong.close();
    }
  }, 120_000);
});

describe('masec report --transcript and masec llm-stub', () => {
  it('shows one agent\u2019s calls in round order and marks the round it was compromised in; an agent without calls is NOT_FOUND', async () => {
    const dir = tempDir('models-transcript');
    const store = join(dir, 's.sqlite');
    const run = await masec(['run', ...base(stub), '--seed', '1', '--arm', 'none', '--store', store, '--json', '--quiet'], { cwd: dir });
    const experiment = parseJson<{ experiment: string }>(run.stdout).experiment;
    const out = await masec(['report', '--store', store, '--run', `${experiment}/none/1`, '--transcript', 'a1'], { cwd: dir });
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`^transcript of run ${experiment}/none/1, agent a1: \\d+ model call\\(s\\)\\n`));
    const rounds = [...out.stdout.matchAll(/── round (\d+), call \d+: model stub, /g)].map((m) => Number(m[1]));
    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds).toEqual([...rounds].sort((a, b) => a - b));
    const all = await masec(['report', '--store', store, '--run', `${experiment}/none/1`, '--transcript', 'all'], { cwd: dir });
    // The obedient stub spreads the worm: some agent's answer in some round carried it.
    expect(all.stdout).toMatch(/── (a\d+), round (\d+), call \d+: [^\n]*\n {4}! \1 was compromised in this round/);
    const none = await masec(['report', '--store', store, '--run', `${experiment}/none/1`, '--transcript', 'nobody'], { cwd: dir });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^masec: NOT_FOUND: run .* has no model calls by agent 'nobody'; agents with calls: a\d/);
  });

  it('llm-stub serves the OpenAI protocol on the port it prints, and stops on SIGINT saying what it served', async () => {
    const child = spawnMasec(['llm-stub', '--port', '0', '--behaviour', 'careful'], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let i = 0; i < 200 && !stderr.includes('listening on'); i++) await sleep(25);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
    expect(url).toBeDefined();
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'any', messages: [{ role: 'user', content: 'hello' }] }) });
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('Thanks for your message, noted.');
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain('masec llm-stub: stopped after 1 request(s), 1 answered, at most 1 at once');
  });
});
