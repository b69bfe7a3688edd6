/** Test helpers for threat setup: a `MessageWorld` whose unused methods fail loudly. */
import type { AgentView } from '@masec/spec';
import type { MessageWorld } from '@masec/spec';

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
