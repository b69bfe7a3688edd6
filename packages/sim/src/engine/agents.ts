/**
 * The agents of a message-engine run: the scenario's agents (benign, or the role of their group) with their
 * memory and records, adversaries that threats add (outside the topology) or corrupt (agents that keep their
 * place in it, acting with a policy of the threat's or a wrapper around their own).
 */
import type { AgentId, AgentView, Envelope, PluginRef, Policy, PolicyWrapper, Refusal, Rng, Scenario, SecretRecord } from '@masec/spec';
import { LexicalMemory } from '../memory/lexical-memory.js';
import { makeAgentRecords } from '../world-data/records.js';
import { benignAgentId } from '../topology/contacts.js';

export interface AgentState {
  view: AgentView;
  policy: Policy | undefined;
  /** The policy its group gives it (`agents.policy` outside groups); none for adversaries added by threats. */
  policyRef: PluginRef | undefined;
  /** A threat's wrapper around the agent's own policy (corrupted colluders), applied once policies exist. */
  wrap?: PolicyWrapper;
  /** What each environment last showed the agent, by environment name. */
  environments: Record<string, unknown>;
  memory: LexicalMemory;
  records: SecretRecord[];
  incoming: Envelope[];
  /** What it sent that was refused since its last turn (shown in its next observation). */
  refusals: Refusal[];
  rng: Rng;
}

export class AgentTable {
  readonly states: AgentState[] = [];
  readonly byId = new Map<AgentId, AgentState>();
  /** Which threat controls each adversary: what reaches it is that threat's doing. */
  readonly adversaryThreat = new Map<AgentId, string>();
  /** Agents the topology was built over (all benign at the start, in index order). */
  readonly topologyViews: readonly AgentView[];
  readonly #rng: Rng;

  constructor(scenario: Scenario, rng: Rng) {
    this.#rng = rng;
    const recordsRng = rng.fork('records');
    const takenValues = new Set<string>();
    const capacity = scenario.channel.memory.capacity;
    const groupOf = groupsByIndex(scenario);
    for (let i = 0; i < scenario.agents.count; i++) {
      const group = groupOf(i);
      const view: AgentView =
        group === undefined ? { id: benignAgentId(i), index: i, role: 'benign' } : { id: benignAgentId(i), index: i, role: group.role, group: group.name };
      this.#push({
        view,
        policy: undefined,
        policyRef: group === undefined ? scenario.agents.policy : group.policy,
        environments: {},
        memory: new LexicalMemory(capacity),
        records: makeAgentRecords(view.id, scenario.agents.records, recordsRng.fork(i), takenValues),
        incoming: [],
        refusals: [],
        rng: rng.fork(`agent:${i}`),
      });
    }
    this.topologyViews = this.states.map((s) => s.view);
  }

  #push(state: AgentState): void {
    this.states.push(state);
    this.byId.set(state.view.id, state);
  }

  get views(): AgentView[] {
    return this.states.map((s) => s.view);
  }

  get benign(): AgentView[] {
    return this.states.filter((s) => s.view.role === 'benign').map((s) => s.view);
  }

  get adversaries(): AgentId[] {
    return this.states.filter((s) => s.view.role === 'adversary').map((s) => s.view.id);
  }

  get neutral(): AgentId[] {
    return this.states.filter((s) => s.view.role === 'neutral').map((s) => s.view.id);
  }

  isAdversary(id: string): boolean {
    return this.byId.get(id)?.view.role === 'adversary';
  }

  get(id: AgentId, who: string): AgentState {
    const state = this.byId.get(id);
    if (state === undefined) throw new Error(`${who} refers to unknown agent '${id}'`);
    return state;
  }

  addAdversary(id: AgentId, threat: string, policy: Policy | undefined): AgentView {
    if (this.byId.has(id)) throw new Error(`threat '${threat}' adds adversary '${id}', which already exists`);
    const view: AgentView = { id, index: this.states.length, role: 'adversary' };
    this.#push({ view, policy, policyRef: undefined, environments: {}, memory: new LexicalMemory(64), records: [], incoming: [], refusals: [], rng: this.#rng.fork(`agent:${id}`) });
    this.adversaryThreat.set(id, threat);
    return view;
  }

  corrupt(id: AgentId, threat: string, policy: Policy | PolicyWrapper): AgentView {
    const state = this.get(id, `threat '${threat}'`);
    if (state.view.role !== 'benign') throw new Error(`threat '${threat}' corrupts '${id}', which is ${state.view.role === 'adversary' ? 'already an adversary' : 'neutral'}`);
    state.view = { ...state.view, role: 'adversary' };
    if (typeof policy === 'function') state.wrap = policy;
    else state.policy = policy;
    this.adversaryThreat.set(id, threat);
    return state.view;
  }
}

/** The group of agent `i`: groups take indices 0, 1, ... in the order they are listed; the rest have none. */
function groupsByIndex(scenario: Scenario): (index: number) => NonNullable<Scenario['agents']['groups']>[number] | undefined {
  const groups = scenario.agents.groups ?? [];
  const ends: number[] = [];
  let end = 0;
  for (const g of groups) ends.push((end += g.count));
  return (index) => {
    for (let k = 0; k < groups.length; k++) if (index < (ends[k] as number)) return groups[k];
    return undefined;
  };
}
