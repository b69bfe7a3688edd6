/**
 * The `ResultsStore` contract as a reusable vitest suite. Every implementation runs it from its own test file:
 *
 *   runStoreContract('SqliteResultsStore', async () => SqliteResultsStore.open(':memory:'));
 *
 * Each case gets a fresh store from `makeStore` and closes it afterwards.
 */
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioSchema } from '@masec/spec';
import type { MasecEvent, Scenario } from '@masec/spec';
import { CLAIM_STALE_MS } from '../store/claims.js';
import { encodeEventLog } from '../store/event-codec.js';
import type { ClaimOwner, ExperimentRecord, ResultsStore, RoundSeries, RunRecord, RunStatus, StoredRun } from '../store/types.js';

/** Built through the schema, so that defaults the spec adds later are filled in rather than breaking the fixture. */
const SCENARIO: Scenario = ScenarioSchema.parse({
  id: 'worm-email',
  name: 'Worm over email',
  seeds: 3,
  rounds: 4,
  agents: { count: 6, policy: { id: 'surrogate', config: { susceptibility: 0.4 } } },
  topology: { kind: 'ring', k: 1 },
  threats: [{ id: 'prompt-worm', config: { seedAgents: ['agent-0'] } }],
  arms: [
    { name: 'none', defenses: [] },
    { name: 'spotlight', defenses: [{ id: 'datamark' }] },
    { name: 'all', defenses: [{ id: 'datamark' }, { id: 'quarantine', config: { threshold: 0.8 } }] },
  ],
  metrics: ['asr', 'leaks'],
});

/** An experiment record for tests; `arms` defaults to the (deliberately non-alphabetical) none, spotlight, all. */
export function fixtureExperiment(id: string, createdAt: string, arms: string[] = ['none', 'spotlight', 'all']): ExperimentRecord {
  return {
    id,
    scenarioId: SCENARIO.id,
    scenarioName: 'Worm over email',
    scenarioHash: 'a'.repeat(64),
    scenario: SCENARIO,
    source: '/tmp/scenarios/worm-email.yaml',
    arms,
    seeds: [1, 2, 10],
    metrics: ['asr', 'leaks'],
    createdAt,
  };
}

/** A small but realistic event log of one run. */
export function fixtureEvents(arm: string, seed: number, rounds = 3): MasecEvent[] {
  const events: MasecEvent[] = [
    { type: 'run-start', round: 0, scenario: 'worm-email', seed, arm, agents: 6, benign: 5, defenses: arm === 'none' ? [] : ['datamark'], monitors: [] },
  ];
  for (let round = 1; round <= rounds; round += 1) {
    const id = `m${seed}-${round}`;
    events.push(
      { type: 'message-send', round, id, from: 'agent-0', to: 'agent-1', channel: 'inbox', chars: 120 + round, malicious: true, threat: 'prompt-worm', variant: 'v1' },
      { type: 'guard-verdict', round, id, guard: 'datamark', action: 'flag', score: 0.25 * round, reason: 'instruction-like span' },
      { type: 'message-deliver', round, id, to: 'agent-1' },
      { type: 'agent-compromise', round, agent: 'agent-1', threat: 'prompt-worm', via: id },
      { type: 'secret-leak', round, secret: `s-${round}`, owner: 'agent-1', to: 'agent-0', id, channel: 'inbox' },
      { type: 'task-complete', round, task: id, agent: 'agent-1' },
      { type: 'round-end', round, sent: 1, delivered: 1, blocked: 0 },
    );
  }
  events.push({ type: 'run-end', round: rounds, status: 'ok' });
  return events;
}

export interface FixtureRunOptions {
  status?: RunStatus;
  metrics?: Record<string, number | null>;
  series?: RoundSeries;
  events?: MasecEvent[];
}

/**
 * A stored run of `experimentId`, arm and seed, with a consistent digest (null when the status is `error`).
 * `events` is the decoded log, for comparing what the store gives back.
 */
export function fixtureRun(experimentId: string, arm: string, seed: number, options: FixtureRunOptions = {}): StoredRun & { events: MasecEvent[] } {
  const status = options.status ?? 'done';
  const events = options.events ?? fixtureEvents(arm, seed);
  const run: RunRecord = {
    id: `${experimentId}/${arm}/${seed}`,
    experimentId,
    arm,
    seed,
    status,
    digest: status === 'done' ? encodeEventLog(events).digest : null,
    metrics: options.metrics ?? { asr: 0.5 + seed / 100, leaks: 3, utility: null },
    judges: status === 'done' ? { worm: { success: true, score: 0.5, summary: '2/4 agents executed the payload' } } : {},
    costs: { durationMs: 12.5, envelopes: 3, guardMicros: { datamark: 4.25 }, charsAdded: 36 },
    manifest: {
      seed,
      arm,
      scenarioId: 'worm-email',
      scenarioHash: 'a'.repeat(64),
      engine: 'message',
      versions: { '@masec/runner': '0.1.0', '@masec/spec': '0.1.0' },
      node: 'v20.0.0',
      gitSha: null,
      models: [],
    },
    error: status === 'error' ? 'policy crashed: boom' : null,
    finishedAt: '2025-01-02T03:04:05.678Z',
  };
  const encoded = encodeEventLog(events);
  return { run, series: options.series ?? { asr: [0, 0.25, 0.5], infected: [1, 2, 4] }, eventLog: { gz: encoded.gz, count: events.length }, events };
}

export function runStoreContract(name: string, makeStore: () => Promise<ResultsStore>): void {
  describe(`ResultsStore contract: ${name}`, () => {
    let store: ResultsStore;

    beforeEach(async () => {
      store = await makeStore();
    });

    afterEach(async () => {
      await store.close();
    });

    it('round-trips an experiment and ignores a second put with the same id', async () => {
      const experiment = fixtureExperiment('exp-1', '2025-01-01T00:00:00.000Z');
      await store.putExperiment(experiment);
      expect(await store.getExperiment('exp-1')).toEqual(experiment);

      await store.putExperiment({ ...experiment, scenarioName: 'changed', arms: ['other'] });
      expect(await store.getExperiment('exp-1')).toEqual(experiment);
      expect(await store.listExperiments()).toEqual([experiment]);
    });

    it('returns the most recently created experiment, ties broken by insertion order', async () => {
      expect(await store.latestExperiment()).toBeUndefined();
      await store.putExperiment(fixtureExperiment('b', '2025-01-02T00:00:00.000Z'));
      await store.putExperiment(fixtureExperiment('a', '2025-01-01T00:00:00.000Z'));
      expect((await store.latestExperiment())?.id).toBe('b');
      await store.putExperiment(fixtureExperiment('c', '2025-01-02T00:00:00.000Z'));
      expect((await store.latestExperiment())?.id).toBe('c');
      expect((await store.listExperiments()).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    });

    it('round-trips a run, its series and its events exactly', async () => {
      await store.putExperiment(fixtureExperiment('exp', '2025-01-01T00:00:00.000Z'));
      const stored = fixtureRun('exp', 'spotlight', 2, { series: { asr: [0, 0.1, Number.NaN], infected: [1, 2, 3] } });
      await store.putRun(stored);
      expect(await store.getRun(stored.run.id)).toStrictEqual(stored.run);
      expect(await store.roundSeries(stored.run.id)).toStrictEqual(stored.series);
      expect(await store.eventLog(stored.run.id)).toStrictEqual(stored.events);
      expect(await store.listRuns('exp')).toStrictEqual([stored.run]);
    });

    it('stores a run whose experiment was not stored, and an empty event log', async () => {
      const stored = fixtureRun('orphan', 'none', 1, { events: [], series: {} });
      await store.putRun(stored);
      expect(await store.getRun(stored.run.id)).toStrictEqual(stored.run);
      expect(await store.eventLog(stored.run.id)).toEqual([]);
      expect(await store.roundSeries(stored.run.id)).toEqual({});
      expect(await store.listRuns('orphan')).toHaveLength(1);
    });

    it('drops undefined event fields', async () => {
      const events: MasecEvent[] = [{ type: 'run-end', round: 2, status: 'ok', error: undefined }];
      const stored = fixtureRun('exp', 'none', 1, { events });
      await store.putRun(stored);
      const back = await store.eventLog(stored.run.id);
      expect(back).toEqual([{ type: 'run-end', round: 2, status: 'ok' }]);
    });

    it('replaces a run put twice with the same id: no duplicates, old series and events gone', async () => {
      await store.putExperiment(fixtureExperiment('exp', '2025-01-01T00:00:00.000Z'));
      const first = fixtureRun('exp', 'none', 1, { series: { asr: [0, 1], old: [5] } });
      const second = fixtureRun('exp', 'none', 1, {
        metrics: { asr: 0.99 },
        series: { asr: [0.5, 0.75] },
        events: fixtureEvents('none', 1, 5),
      });
      await store.putRun(first);
      await store.putRun(second);
      expect(await store.listRuns('exp')).toStrictEqual([second.run]);
      expect(await store.getRun(second.run.id)).toStrictEqual(second.run);
      expect(await store.roundSeries(second.run.id)).toStrictEqual({ asr: [0.5, 0.75] });
      expect(await store.eventLog(second.run.id)).toStrictEqual(second.events);
    });

    it('lists runs by the experiment arm order, then by seed numerically', async () => {
      await store.putExperiment(fixtureExperiment('exp', '2025-01-01T00:00:00.000Z', ['none', 'spotlight', 'all']));
      const order: [string, number][] = [
        ['all', 10],
        ['spotlight', 2],
        ['none', 10],
        ['all', 1],
        ['unlisted', 1],
        ['none', 2],
        ['spotlight', 1],
        ['all', 2],
        ['none', 1],
      ];
      for (const [arm, seed] of order) await store.putRun(fixtureRun('exp', arm, seed));
      await store.putRun(fixtureRun('other-exp', 'none', 1));
      const listed = (await store.listRuns('exp')).map((run) => `${run.arm}/${run.seed}`);
      expect(listed).toEqual(['none/1', 'none/2', 'none/10', 'spotlight/1', 'spotlight/2', 'all/1', 'all/2', 'all/10', 'unlisted/1']);
    });

    it('returns undefined or empty for unknown ids', async () => {
      expect(await store.getExperiment('nope')).toBeUndefined();
      expect(await store.latestExperiment()).toBeUndefined();
      expect(await store.listExperiments()).toEqual([]);
      expect(await store.getRun('nope/none/1')).toBeUndefined();
      expect(await store.listRuns('nope')).toEqual([]);
      expect(await store.roundSeries('nope/none/1')).toEqual({});
      expect(await store.eventLog('nope/none/1')).toEqual([]);
    });

    it('stores an error run with a null digest', async () => {
      await store.putExperiment(fixtureExperiment('exp', '2025-01-01T00:00:00.000Z'));
      const failed = fixtureRun('exp', 'all', 3, {
        status: 'error',
        metrics: {},
        series: {},
        events: [{ type: 'run-end', round: 1, status: 'error', error: 'boom' }],
      });
      await store.putRun(failed);
      const back = await store.getRun(failed.run.id);
      expect(back).toStrictEqual(failed.run);
      expect(back?.status).toBe('error');
      expect(back?.digest).toBeNull();
      expect(await store.eventLog(failed.run.id)).toStrictEqual(failed.events);
    });

    it('does not let callers mutate stored data', async () => {
      const experiment = fixtureExperiment('exp', '2025-01-01T00:00:00.000Z');
      const stored = fixtureRun('exp', 'none', 1);
      await store.putExperiment(experiment);
      await store.putRun(stored);
      const expectedRun = structuredClone(stored.run);
      const expectedEvents = structuredClone(stored.events);
      experiment.arms.push('mutated');
      stored.run.metrics['asr'] = -1;
      stored.events.pop();
      const got = await store.getRun(expectedRun.id);
      if (got !== undefined) got.seed = 999;
      (await store.eventLog(expectedRun.id)).pop();
      (await store.roundSeries(expectedRun.id))['asr']?.push(42);
      expect((await store.getExperiment('exp'))?.arms).toEqual(['none', 'spotlight', 'all']);
      expect(await store.getRun(expectedRun.id)).toStrictEqual(expectedRun);
      expect(await store.eventLog(expectedRun.id)).toStrictEqual(expectedEvents);
      expect(await store.roundSeries(expectedRun.id)).toStrictEqual({ asr: [0, 0.25, 0.5], infected: [1, 2, 4] });
    });

    describe('claims on runs', () => {
      const here = hostname();
      const me: ClaimOwner = { id: 'me', host: here, pid: process.pid };
      // A live process on this host (this one), and a pid no process can have (above Linux's pid_max).
      const other: ClaimOwner = { id: 'other', host: here, pid: process.pid };
      const dead: ClaimOwner = { id: 'dead', host: here, pid: 2 ** 22 + 1 };
      const far: ClaimOwner = { id: 'far', host: 'another-host.invalid', pid: 1 };

      it('claims a free run, keeps it for its owner, refuses it to another live owner naming the holder, frees it on release', async () => {
        expect(await store.claimRun('exp/none/1', me, 1_000, null)).toEqual({ status: 'claimed' });
        expect(await store.claimRun('exp/none/1', me, 1_000, null)).toEqual({ status: 'claimed' });
        expect(await store.claimRun('exp/none/1', other, 1_000, null)).toEqual({ status: 'held', by: 'me' });
        await store.releaseClaims('me');
        expect(await store.claimRun('exp/none/1', other, 1_000, null)).toEqual({ status: 'claimed' });
      });

      it('says a run was stored since the claimant looked, and storing a run drops its claim', async () => {
        expect(await store.claimRun('exp/none/1', me, 1_000, null)).toEqual({ status: 'claimed' });
        const stored = fixtureRun('exp', 'none', 1);
        await store.putRun(stored);
        expect(await store.claimRun('exp/none/1', other, 1_000, null)).toEqual({ status: 'stored' });
        // Who saw that record (re-running it on purpose) may claim it, and nobody holds it any more.
        expect(await store.claimRun('exp/none/1', other, 1_000, stored.run.finishedAt)).toEqual({ status: 'claimed' });
      });

      it('takes over the claim of a process that is gone: dead on this host, or without a heartbeat for CLAIM_STALE_MS', async () => {
        expect(await store.claimRun('exp/none/1', dead, 1_000, null)).toEqual({ status: 'claimed' });
        expect(await store.claimRun('exp/none/1', me, 1_000, null)).toEqual({ status: 'claimed' });
        expect(await store.claimRun('exp/none/2', far, 0, null)).toEqual({ status: 'claimed' });
        expect(await store.claimRun('exp/none/2', me, CLAIM_STALE_MS, null)).toEqual({ status: 'held', by: 'far' });
        await store.heartbeat('far', CLAIM_STALE_MS);
        expect(await store.claimRun('exp/none/2', me, CLAIM_STALE_MS + 1_000, null)).toEqual({ status: 'held', by: 'far' });
        expect(await store.claimRun('exp/none/2', me, 2 * CLAIM_STALE_MS + 1, null)).toEqual({ status: 'claimed' });
      });
    });

    describe('model answers and transcripts', () => {
      const answer = { text: 'hello', toolCalls: [{ id: 'call_1', name: 'send', args: { to: 'a1', text: 'hi' } }], usage: { inputTokens: 12, outputTokens: 3 }, finishReason: 'tool-calls' as const, cached: false };
      const entry = (agent: string, round: number) => ({
        agent,
        round,
        call: 0,
        model: 'local',
        key: `k-${agent}-${round}`,
        messages: [{ role: 'user' as const, content: `mail for ${agent}` }],
        tools: [],
        response: answer,
        latencyMs: 200,
        attempts: 1,
        costUsd: 0.001,
      });

      it('keeps an answer under its key at once, and a second put of the key keeps the first answer', async () => {
        expect(await store.getResponse('k1')).toBeUndefined();
        await store.putResponse('k1', answer);
        expect(await store.getResponse('k1')).toEqual(answer);
        await store.putResponse('k1', { ...answer, text: 'other' });
        expect(await store.getResponse('k1')).toEqual(answer);
        expect(await store.getResponse('k2')).toBeUndefined();
      });

      it('stores a run\u2019s transcript with the run, replaces it with the run, and has none for a run without one', async () => {
        await store.putRun({ ...fixtureRun('exp', 'none', 1), transcript: [entry('a0', 0), entry('a1', 0)] });
        expect(await store.transcript('exp/none/1')).toEqual([entry('a0', 0), entry('a1', 0)]);
        await store.putRun({ ...fixtureRun('exp', 'none', 1), transcript: [entry('a2', 1)] });
        expect(await store.transcript('exp/none/1')).toEqual([entry('a2', 1)]);
        await store.putRun(fixtureRun('exp', 'none', 1));
        expect(await store.transcript('exp/none/1')).toEqual([]);
        expect(await store.transcript('exp/none/9')).toEqual([]);
      });
    });

    it('rejects with STORE_ERROR after close, and close is idempotent', async () => {
      await store.close();
      await store.close();
      await expect(store.getExperiment('x')).rejects.toMatchObject({ name: 'MasecError', code: 'STORE_ERROR' });
      await expect(store.putRun(fixtureRun('exp', 'none', 1))).rejects.toMatchObject({ code: 'STORE_ERROR' });
    });
  });
}
