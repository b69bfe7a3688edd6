/**
 * The agents of a message-engine run: benign agents with their memory and records, adversaries that threats
 * add (outside the topology) or corrupt (benign agents that keep their place in it).
 */
import type { AgentId, AgentView, Envelope, Policy, Rng, Scenario, SecretRecord } from '@masec/spec';
import { LexicalMemory } from '../memory/lexical-memory.js';
import { makeAgentRecords } from '../world-data/records.js';
import { benignAgentId } from '../topology/contacts.js';

export interface AgentState {
  view: AgentView;
  policy: Policy | undefined;
  memory: LexicalMemory;
  records: SecretRecord[];
  incoming: Envelope[];
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
    for (let i = 0; i < scenario.agents.count; i++) {
      const view: AgentView = { id: benignAgentId(i), index: i, role: 'benign' };
      this.#push({
        view,
        policy: undefined,
        memory: new LexicalMemory(capacity),
        records: makeAgentRecords(view.id, scenario.agents.records, recordsRng.fork(i), takenValues),
        incoming: [],
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
    this.#push({ view, policy, memory: new LexicalMemory(64), records: [], incoming: [], rng: this.#rng.fork(`agent:${id}`) });
    this.adversaryThreat.set(id, threat);
    return view;
  }

  corrupt(id: AgentId, threat: string, policy: Policy): AgentView {
    const state = this.get(id, `threat '${threat}'`);
    if (state.view.role === 'adversary') throw new Error(`threat '${threat}' corrupts '${id}', which is already an adversary`);
    state.view = { ...state.view, role: 'adversary' };
    state.policy = policy;
    this.adversaryThreat.set(id, threat);
    return state.view;
  }
}
