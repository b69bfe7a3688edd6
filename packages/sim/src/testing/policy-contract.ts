/**
 * The contract every policy meets, as a reusable vitest suite: `runPolicyContract(definition, cases)`. A policy
 * answers any observation with well-formed actions, never changes what it was shown, and is a function of its
 * observation (its random stream included): two instances shown the same observations act the same. A
 * policy that requires `models` is given a model that answers every call with the same text.
 */
import { describe, expect, it } from 'vitest';
import { AGENT_ROLES, type Action, type InstructionOracle, type ModelClient, type ModelProvider, type Observation, type PolicyDefinition } from '@masec/spec';
import { deepFreeze, testServices } from '@masec/defenses/testing';
import { createRng } from '../random/rng.js';

export interface PolicyContractCases {
  /** Observations to act on, in order (each instance sees them all, in this order). */
  observations: () => Observation[];
  /** Config used (default: `{}`, the schema defaults). */
  config?: unknown;
  /** What the policy may recognise in text (default: nothing). */
  instructions?: InstructionOracle;
}

const ACTION_KINDS: readonly Action['kind'][] = ['send', 'state', 'tool', 'memory-write', 'output', 'environment', 'invalid'];

/** The model a policy that requires `models` gets in the contract: it answers every call with the same short text. */
const CONTRACT_MODEL: ModelClient = {
  id: 'contract-model',
  generate: async () => ({ text: 'Noted, thanks.', toolCalls: [], usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop', cached: false }),
};
const CONTRACT_MODELS: ModelProvider = { ids: () => [CONTRACT_MODEL.id], get: () => CONTRACT_MODEL };

function checkAction(action: Action, where: string): void {
  expect(ACTION_KINDS, where).toContain(action.kind);
  switch (action.kind) {
    case 'send':
      expect(typeof action.to === 'string' && action.to.length > 0, `${where}: send.to`).toBe(true);
      expect(typeof action.text, `${where}: send.text`).toBe('string');
      break;
    case 'state':
      expect(typeof action.key === 'string' && action.key.length > 0, `${where}: state.key`).toBe(true);
      expect(['string', 'number', 'boolean'], `${where}: state.value`).toContain(typeof action.value);
      break;
    case 'tool':
      expect(typeof action.tool === 'string' && action.tool.length > 0, `${where}: tool.tool`).toBe(true);
      expect(action.args !== null && typeof action.args === 'object', `${where}: tool.args`).toBe(true);
      break;
    case 'memory-write':
      expect(typeof action.store === 'string' && typeof action.text === 'string', `${where}: memory-write`).toBe(true);
      break;
    case 'output':
      expect(typeof action.text, `${where}: output.text`).toBe('string');
      break;
    case 'environment':
      expect(typeof action.environment === 'string' && action.environment.length > 0, `${where}: environment.environment`).toBe(true);
      break;
    case 'invalid':
      expect(typeof action.reason === 'string' && action.reason.length > 0, `${where}: invalid.reason`).toBe(true);
      break;
  }
}

export function runPolicyContract(definition: PolicyDefinition<unknown>, cases: PolicyContractCases): void {
  describe(`policy contract: ${definition.id}`, () => {
    const config = definition.configSchema.parse(cases.config ?? {});
    const instructions = cases.instructions ?? { find: () => undefined };
    const create = () => {
      const obs = cases.observations()[0];
      const self = obs?.self ?? { id: 'a0', index: 0, role: AGENT_ROLES[0] };
      // A policy that requires models gets one (a model that always answers the same text).
      const models = (definition.requires as readonly string[] | undefined)?.includes('models') === true;
      const agent = models ? { ...self, model: CONTRACT_MODEL.id } : self;
      return definition.create(config, { agent, instructions, rng: createRng(11) }, models ? { ...testServices(), models: CONTRACT_MODELS } : testServices());
    };

    it('is plain registry data with a kebab-case id and v1 spec, and rejects configs its schema does not allow', () => {
      expect(definition.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(definition.specVersion).toBe('v1');
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.configSchema.safeParse({ notAField: 1 }).success).toBe(false);
      expect(create().specVersion).toBe('v1');
    });

    it('answers every observation with well-formed actions, without changing what it was shown', async () => {
      const policy = create();
      for (const [i, obs] of cases.observations().entries()) {
        const shown = { incoming: JSON.parse(JSON.stringify(obs.incoming)) as unknown, records: JSON.parse(JSON.stringify(obs.records)) as unknown };
        deepFreeze(obs.incoming);
        deepFreeze(obs.records);
        const actions = await policy.act(obs);
        expect(Array.isArray(actions)).toBe(true);
        for (const action of actions) checkAction(action, `${definition.id}, observation ${i}`);
        expect({ incoming: obs.incoming, records: obs.records }).toEqual(shown);
      }
    });

    it('acts the same when shown the same observations (deterministic given its streams)', async () => {
      const run = async () => {
        const policy = create();
        const out: Action[][] = [];
        for (const obs of cases.observations()) out.push(await policy.act(obs));
        return out;
      };
      const first = await run();
      expect(await run()).toEqual(first);
    });
  });
}
