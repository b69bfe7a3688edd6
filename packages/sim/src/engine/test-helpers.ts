/**
 * Test helpers for the message engine: a `MessageWorld` whose unused methods fail loudly, and a lab — an
 * `actor` policy that runs a script per agent and a `lab` threat whose setup a test writes — with builders for
 * scenarios and defenses.
 */
import {
  type Action,
  type AgentView,
  type DefenseDefinition,
  type Guard,
  type MasecEvent,
  type MessageWorld,
  type Observation,
  type PolicyDefinition,
  Registry,
  type Scenario,
  ScenarioSchema,
  type ThreatDefinition,
} from '@masec/spec';
import { z } from 'zod';
import { createRegistries } from '../registries.js';

const unused = (name: string) => (): never => {
  throw new Error(`fake world: ${name} was not expected to be called`);
};

/** A world with the given agents; every method a test does not override throws when called. */
export function fakeWorld(agents: readonly AgentView[], overrides: Partial<MessageWorld> = {}): MessageWorld {
  return {
    agents,
    benign: agents.filter((a) => a.role === 'benign'),
    rng: { next: unused('rng.next'), int: unused('rng.int'), chance: unused('rng.chance'), pick: unused('rng.pick'), fork: unused('rng.fork') },
    contacts: unused('contacts'),
    addAdversary: unused('addAdversary'),
    corrupt: unused('corrupt'),
    plantMemory: unused('plantMemory'),
    inject: unused('inject'),
    addOracle: unused('addOracle'),
    records: () => [],
    addRecords: unused('addRecords'),
    addTool: unused('addTool'),
    addEnvironment: unused('addEnvironment'),
    addStore: unused('addStore'),
    trackInternalLeaks: unused('trackInternalLeaks'),
    setClearance: unused('setClearance'),
    ...overrides,
  };
}

export type Script = (obs: Observation) => Action[] | Promise<Action[]>;

/** A registry set with an `actor` policy that runs `scripts[agentId]` and a `lab` threat whose setup is `setup`. */
export function lab(scripts: Record<string, Script>, setup: (world: MessageWorld) => void, extraDefenses: DefenseDefinition<unknown>[] = []) {
  const base = createRegistries();
  const actor: PolicyDefinition<Record<string, never>> = {
    id: 'actor',
    specVersion: 'v1',
    description: 'runs a per-agent test script',
    configSchema: z.strictObject({}),
    create: (_c, ctx) => ({ specVersion: 'v1', act: (obs) => scripts[ctx.agent.id]?.(obs) ?? [] }),
  };
  const threat: ThreatDefinition<Record<string, never>, MessageWorld> = {
    id: 'lab',
    specVersion: 'v1',
    description: 'test world setup',
    family: 'propagation',
    configSchema: z.strictObject({}),
    metrics: ['records-exfiltrated'],
    engines: ['message'],
    judgeMetric: 'records-exfiltrated',
    create: () => ({ setup, judge: () => ({ success: false, score: 0, summary: '' }) }),
  };
  for (const d of extraDefenses) base.defenses.register(d);
  return {
    ...base,
    policies: new Registry<PolicyDefinition<unknown>>('policy', [actor as PolicyDefinition<unknown>]),
    threats: new Registry<ThreatDefinition<unknown, unknown>>('threat', [threat as ThreatDefinition<unknown, unknown>]),
  };
}

export function scenario(overrides: Record<string, unknown> = {}): Scenario {
  return ScenarioSchema.parse({
    id: 'actions',
    rounds: 3,
    agents: { count: 3, records: 1, policy: { id: 'actor', config: {} } },
    topology: { kind: 'ring' },
    channel: { kind: 'direct' },
    threats: [{ id: 'lab', config: {} }],
    metrics: ['records-exfiltrated'],
    ...overrides,
  });
}

export const ofType = <T extends MasecEvent['type']>(events: MasecEvent[], type: T) => events.filter((e) => e.type === type) as Extract<MasecEvent, { type: T }>[];
export const once = (round: number, actions: Action[]): Script => (obs) => (obs.round === round ? actions : []);

export function defense(id: string, hooks: Guard['hooks'], guard: Omit<Guard, 'id' | 'hooks'>): DefenseDefinition<unknown> {
  return {
    id,
    specVersion: 'v1',
    description: `test defense ${id}`,
    kind: 'containment',
    targets: ['lab'],
    hooks,
    configSchema: z.strictObject({}),
    cost: { utility: 'none', rewritesContent: false },
    create: () => ({ id, hooks, ...guard }),
  };
}
