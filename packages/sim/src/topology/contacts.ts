/** Who each agent may address in a given round, from the scenario's topology. */
import type { AgentId, AgentView, Rng, Scenario } from '@masec/spec';
import { MasecError } from '@masec/spec';
import { createRng } from '../random/rng.js';
import { buildTopology, randomPairing } from './index.js';
import type { TopologyFiles } from './index.js';

export interface Contacts {
  of(index: number, round: number): readonly AgentId[];
  /** Whether the topology links two agents by index (any pair may meet under random pairing). */
  adjacent(a: number, b: number): boolean;
}

/** Id of the benign agent with this index (adversaries are named by their threat). */
export function benignAgentId(index: number): AgentId {
  return `a${index}`;
}

/** The benign agents of a message-engine run, in index order. */
export function benignAgents(count: number): AgentView[] {
  return Array.from({ length: count }, (_, i) => ({ id: benignAgentId(i), index: i, role: 'benign' as const }));
}

/** The stream a run's contacts are drawn from: the same in the engine and in tools that reread a run. */
export function topologyRng(seed: number): Rng {
  return createRng(seed).fork('topology');
}

/**
 * The contacts of the benign agents in the message-engine run of `scenario` with `seed`: the same graph (or
 * the same pairings, round by round) the engine used, for tools that read the run's event log.
 */
export function runContacts(scenario: Scenario, seed: number, files?: TopologyFiles | ((path: string) => string)): { agents: AgentId[]; contacts: Contacts } {
  const agents = benignAgents(scenario.agents.count);
  return { agents: agents.map((a) => a.id), contacts: buildContacts(scenario, agents, topologyRng(seed), files) };
}

/**
 * @param files how files the topology names are read (a bare function is `readText`); without a reader, a
 *   topology that names a file fails with FILE_NOT_FOUND.
 */
export function buildContacts(
  scenario: Scenario,
  agents: readonly AgentView[],
  rng: Rng,
  files?: TopologyFiles | ((path: string) => string),
): Contacts {
  const n = agents.length;
  const given: TopologyFiles = typeof files === 'function' ? { readText: files } : (files ?? {});
  const noReader = (path: string): never => {
    throw new MasecError('FILE_NOT_FOUND', `scenario refers to '${path}' but no file reader was given`);
  };
  const reader: TopologyFiles = given.readText === undefined && given.readBytes === undefined ? { readText: noReader } : given;
  const topology = buildTopology(scenario.topology, n, rng, reader);
  if (topology.kind === 'pairing') {
    let cachedRound = -1;
    let partner: Int32Array = new Int32Array(0);
    return {
      of(index, round) {
        if (round !== cachedRound) {
          partner = randomPairing(n, rng.fork(`round:${round}`));
          cachedRound = round;
        }
        const p = partner[index] as number;
        return p < 0 ? [] : [(agents[p] as AgentView).id];
      },
      adjacent: (a, b) => a !== b && a < n && b < n,
    };
  }
  const { graph } = topology;
  const lists: AgentId[][] = [];
  for (let i = 0; i < n; i++) {
    const list: AgentId[] = [];
    for (let e = graph.offsets[i] as number; e < (graph.offsets[i + 1] as number); e++) {
      list.push((agents[graph.neighbors[e] as number] as AgentView).id);
    }
    lists.push(list);
  }
  const adjacent = (a: number, b: number): boolean => {
    if (a < 0 || a >= n || b < 0 || b >= n) return false;
    const end = graph.offsets[a + 1] as number;
    for (let e = graph.offsets[a] as number; e < end; e++) if (graph.neighbors[e] === b) return true;
    return false;
  };
  return { of: (index) => lists[index] ?? [], adjacent };
}
