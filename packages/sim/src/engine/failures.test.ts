// Failure and cancellation (ADR 0014) and services (ADR 0013): a run stops at the first failure, aborts what is
// in flight and keeps its log; a cancelled run ends `cancelled`; plugins get the services they require.
import { describe, expect, it } from 'vitest';
import {
  type AbortSignalLike,
  type ModelClient,
  type ModelProvider,
  type PolicyDefinition,
  Registry,
  createAbortController,
} from '@masec/spec';
import { z } from 'zod';
import { parseScenario } from '../scenario/load.js';
import { createRegistries } from '../registries.js';
import { runMessageEngine } from '../run/run-scenario.js';
import { lab, ofType, scenario } from './test-helpers.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 2));

describe('a failing run', () => {
  it('stops at the policy that throws, aborts the calls in flight, starts no more, and keeps the log up to there', async () => {
    const calls: string[] = [];
    const aborted: string[] = [];
    const slow = (id: string) => async (obs: { round: number; signal: AbortSignalLike }) => {
      calls.push(`${id}@${obs.round}`);
      for (let i = 0; i < 5; i++) await tick();
      if (obs.signal.aborted) aborted.push(id);
      return [{ kind: 'send' as const, to: 'a0', text: `hi from ${id}` }];
    };
    const scripts: Record<string, (obs: never) => unknown> = {};
    for (let i = 0; i < 10; i++) scripts[`a${i}`] = slow(`a${i}`);
    scripts.a1 = async (obs: { round: number }) => {
      calls.push(`a1@${obs.round}`);
      await tick();
      if (obs.round === 2) throw new TypeError('model answer could not be parsed');
      return [];
    };
    const regs = lab(scripts as never, () => undefined);
    const s = scenario({ rounds: 5, concurrency: 3, agents: { count: 10, records: 0, policy: { id: 'actor', config: {} } } });
    const out = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(out.status).toBe('error');
    expect(out.error).toEqual({ code: 'RUN_FAILED', message: 'TypeError: model answer could not be parsed', round: 2 });
    // Round 2: a0, a1, a2 started (limit 3); a1 failed; a0 and a2 saw their signal aborted; nobody else started.
    expect(calls.filter((c) => c.endsWith('@2'))).toEqual(['a0@2', 'a1@2', 'a2@2']);
    expect(aborted).toEqual(['a0', 'a2']);
    // The log of rounds 0 and 1 is kept, closed by run-end with the error.
    expect(ofType(out.events, 'round-end').map((e) => e.round)).toEqual([0, 1]);
    expect(out.events.at(-1)).toEqual({ type: 'run-end', round: 2, status: 'error', error: 'TypeError: model answer could not be parsed', code: 'RUN_FAILED' });
    expect(out.events[0]?.type).toBe('run-start');
    // Metrics are still computed from the partial log.
    expect(out.metrics).toHaveProperty('records-exfiltrated', 0);
  });

  it('a failing tool fails the run the same way', async () => {
    const regs = lab({ a0: (obs) => (obs.round === 1 ? [{ kind: 'tool', tool: 'flaky', args: {} }] : []) }, (world) =>
      world.addTool({ name: 'flaky', description: 'fails', run: () => Promise.reject(new Error('upstream 500')) }),
    );
    const out = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(out.events.at(-1)).toEqual({ type: 'run-end', round: 1, status: 'error', error: 'Error: upstream 500', code: 'RUN_FAILED' });
    expect(ofType(out.events, 'tool-call')).toHaveLength(1);
  });

  it('is cancelled by its signal: it ends with status cancelled at the round it was in, its log kept', async () => {
    const controller = createAbortController();
    const regs = lab(
      {
        a0: (obs) => {
          if (obs.round === 1) controller.abort();
          return [];
        },
      },
      () => undefined,
    );
    const out = await runMessageEngine({ scenario: scenario({ rounds: 4 }), seed: 1, arm: 'x', defenses: [], registries: regs, signal: controller.signal });
    expect(out.status).toBe('cancelled');
    expect(out.events.at(-1)).toMatchObject({ type: 'run-end', round: 1, status: 'cancelled', code: 'RUN_CANCELLED' });
    expect(ofType(out.events, 'round-end').map((e) => e.round)).toEqual([0]);
  });
});

describe('services', () => {
  const echoModel = (id: string): ModelClient => ({
    id,
    generate: async (request) => ({ text: `echo ${request.messages.at(-1)?.content ?? ''}`, toolCalls: [], usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop', cached: false }),
  });
  const provider: ModelProvider = {
    ids: () => ['small', 'large'],
    get: (id) => {
      if (id !== 'small' && id !== 'large') throw new Error(`no model ${id}`);
      return echoModel(id);
    },
  };
  const talker: PolicyDefinition<{ model: string }, 'models'> = {
    id: 'talker',
    specVersion: 'v1',
    description: 'asks its model what to say',
    configSchema: z.strictObject({ model: z.string().default('small') }),
    requires: ['models'],
    create: (config, _ctx, services) => {
      const model = services.models.get(config.model);
      return {
        specVersion: 'v1',
        act: async (obs) => {
          const answer = await model.generate({ messages: [{ role: 'user', content: `round ${obs.round}` }], agent: obs.self.id, round: obs.round }, { signal: obs.signal });
          return [{ kind: 'state', key: 'said', value: answer.text }];
        },
      };
    },
  };
  const registries = () => ({ ...createRegistries(), policies: new Registry<PolicyDefinition<unknown>>('policy', [talker as unknown as PolicyDefinition<unknown>]) });

  it('a policy that requires models is refused when the scenario loads, unless the runner provides them', () => {
    const text = 'id: s\nrounds: 1\ntopology: { kind: ring }\nagents:\n  count: 3\n  policy: { id: talker }\n';
    expect(() => parseScenario(text, { file: 's.yaml', registries: registries() })).toThrow(
      "s.yaml:6:17: agents.policy.id: 'talker' needs the service 'models', which this run does not provide (declare the models the scenario uses)",
    );
    expect(() => parseScenario(text, { file: 's.yaml', registries: registries(), services: ['models'] })).not.toThrow();
  });

  it('gets the models it requires at run time; the run reports which models were used; without them the run fails SERVICE_MISSING', async () => {
    const s = scenario({ threats: [], metrics: [], topology: { kind: 'complete' }, agents: { count: 2, records: 0, policy: { id: 'talker', config: { model: 'large' } } } });
    const out = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: registries(), services: { models: provider } });
    expect(out.error).toBeUndefined();
    expect(out.models).toEqual(['large']);
    expect(ofType(out.events, 'agent-state').slice(0, 2).map((e) => e.value)).toEqual(['echo round 0', 'echo round 0']);
    const missing = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: registries() });
    expect(missing.status).toBe('error');
    expect(missing.error).toEqual({ code: 'SERVICE_MISSING', message: "MasecError: policy 'talker' needs 'models', which this run was not given", round: 0 });
  });

  it('surrogate runs use no model', async () => {
    const out = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: lab({}, () => undefined) });
    expect(out.models).toEqual([]);
  });
});
