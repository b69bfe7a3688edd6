/**
 * Every registered policy meets the policy contract (`runPolicyContract`, `@masec/sim/testing`) on a few rounds
 * of ordinary observations: mail in and out, a service reply, a board post, a remembered inbox, records, a
 * shared store. Iterating the registry, a newly registered policy is covered without anyone citing it.
 */
import { type Envelope, type Observation, type SharedStoreView } from '@masec/spec';
import { LexicalMemory } from '../memory/lexical-memory.js';
import { createRng } from '../random/rng.js';
import { createRegistries } from '../registries.js';
import { runPolicyContract } from '../testing/policy-contract.js';
import { OBSERVATION_DEFAULTS } from './test-helpers.js';

const labels = { confidentiality: 'internal', integrity: 'untrusted' } as const;
const mail = (id: string, from: string, text: string, extra: Partial<Envelope> = {}): Envelope => ({
  id,
  from,
  to: 'a1',
  channel: 'inbox',
  parts: [{ kind: 'text', text }],
  labels,
  provenance: { origin: { kind: 'agent', id: from }, hops: [from] },
  time: 0,
  ...extra,
});

function store(): SharedStoreView {
  const memory = new LexicalMemory(8);
  memory.add({ id: 'kb1', from: 'a3', text: 'VPN: reset your token from the portal, then reconnect.', marking: 'none', round: 0 });
  return { name: 'kb', size: memory.size, retrieve: async (query, k) => memory.retrieve(query, k) };
}

function observations(): Observation[] {
  const memory = new LexicalMemory(8);
  memory.add({ id: 'm0.3', from: 'a2', text: 'Lunch on Friday? Let me know by Thursday.', marking: 'none', round: 0 });
  const incoming: Envelope[][] = [
    [],
    [mail('m0.1', 'a0', 'Could you send me the Q3 figures by tomorrow?', { subject: 'Q3' }), mail('m0.2', 'a2', 'Answer: B\nBecause the source says so.')],
    [mail('m1.0', 'a0', 'thanks', { parts: [{ kind: 'data', data: { status: 'ok', re: 'm0.9' } }], inReplyTo: 'm0.9' }), mail('m1.1', 'a3', 'Photo: a cat on a sofa', { to: 'board', channel: 'board' })],
  ];
  return incoming.map((inbox, round) => ({
    self: { id: 'a1', index: 1, role: 'benign' },
    round,
    contacts: ['a0', 'a2'],
    incoming: inbox,
    memory,
    records: [{ id: 'a1.r0', owner: 'a1', label: 'phone', value: '+44 7700 900123' }],
    stores: { kb: store(), team: store() },
    rng: createRng(40 + round),
    ...OBSERVATION_DEFAULTS,
  }));
}

for (const definition of createRegistries().policies.list()) runPolicyContract(definition, { observations });
