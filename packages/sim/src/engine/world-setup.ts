/**
 * Threats set up a message-engine world: each gets a `MessageWorld` through which it adds adversaries,
 * plants content, offers tools and shared stores, schedules messages and registers its oracle. What they
 * build is collected here for the engine (and for the guards' view of the world).
 */
import type { AgentId, Confidentiality, Environment, GuardWorld, Rng, RunServices, Scenario, ThreatInstance } from '@masec/spec';
import type { PluginRegistries } from '@masec/spec';
import type { AgentTable } from './agents.js';
import type { Contacts } from '../topology/contacts.js';
import { SharedStore } from './shared-store.js';
import type { InjectedMessage, MessageWorld, WorldTool } from '@masec/spec';
import { CombinedOracle } from './oracle.js';
import { requireServices } from './services.js';

export interface ThreatSetup {
  threats: { id: string; instance: ThreatInstance<MessageWorld> }[];
  oracle: CombinedOracle;
  injected: InjectedMessage[];
  tools: Map<string, WorldTool>;
  stores: Map<string, SharedStore>;
  /** Environments agents act in, in the order threats added them (the order they step in). */
  environments: Map<string, Environment>;
  clearances: Map<string, Confidentiality>;
  trackInternalLeaks: boolean;
}

export function setUpThreats(scenario: Scenario, registries: PluginRegistries, table: AgentTable, rng: Rng, contacts: Contacts, services: RunServices): ThreatSetup {
  const setup: ThreatSetup = {
    threats: [],
    oracle: new CombinedOracle(),
    injected: [],
    tools: new Map(),
    stores: new Map(),
    environments: new Map(),
    clearances: new Map(),
    trackInternalLeaks: false,
  };
  for (const ref of scenario.threats) {
    const definition = registries.threats.get(ref.id);
    requireServices('threat', definition, services);
    const instance = definition.create(definition.configSchema.parse(ref.config), services) as ThreatInstance<MessageWorld>;
    const who = `threat '${ref.id}'`;
    const world: MessageWorld = {
      get agents() {
        return table.views;
      },
      get benign() {
        return table.benign;
      },
      rng: rng.fork(`threat:${ref.id}`),
      contacts: (agent) => contacts.of(table.get(agent, `${who}: contacts of`).view.index, 0),
      addAdversary: (id, policy) => table.addAdversary(id, ref.id, policy),
      corrupt: (agent, policy) => table.corrupt(agent, ref.id, policy),
      plantMemory: (agent, item) => {
        const target = table.get(agent, `${who} plants into`);
        target.memory.add({ id: `planted:${ref.id}:${agent}:${target.memory.size}`, from: item.from, text: item.text, marking: 'none', round: 0 });
      },
      inject: (message) => setup.injected.push(message),
      addOracle: (o) => setup.oracle.add(o),
      records: (agent) => table.byId.get(agent)?.records ?? [],
      addRecords: (agent, records) => {
        table.get(agent, `${who} gives records to`).records.push(...records);
      },
      addTool: (tool) => {
        if (setup.tools.has(tool.name)) throw new Error(`${who} adds tool '${tool.name}', which already exists`);
        setup.tools.set(tool.name, tool);
      },
      addEnvironment: (environment) => {
        if (setup.environments.has(environment.name)) throw new Error(`${who} adds environment '${environment.name}', which already exists`);
        setup.environments.set(environment.name, environment);
      },
      addStore: (name, options) => {
        if (setup.stores.has(name)) throw new Error(`${who} adds shared store '${name}', which already exists`);
        for (const reader of options?.readers ?? []) table.get(reader, `${who}: store '${name}' reader`);
        const store = new SharedStore(name, options);
        setup.stores.set(name, store);
        return { name, add: (item) => void store.add(item, 0) };
      },
      trackInternalLeaks: () => {
        setup.trackInternalLeaks = true;
      },
      setClearance: (party, level) => {
        setup.clearances.set(party, level);
      },
    };
    instance.setup(world);
    setup.threats.push({ id: ref.id, instance });
  }
  return setup;
}

/** What guards know of a message-engine world: clearances (defaults below), the topology, principals. */
export function guardWorld(table: AgentTable, setup: ThreatSetup, contacts: Contacts): GuardWorld {
  const clearance = (party: string): Confidentiality => {
    const set = setup.clearances.get(party);
    if (set !== undefined) return set;
    if (party.startsWith('tool:')) return setup.tools.get(party.slice(5))?.owner === undefined ? 'internal' : 'public';
    if (party.startsWith('store:')) return (setup.stores.get(party.slice(6))?.readers.size ?? 0) > 0 ? 'public' : 'internal';
    if (party.startsWith('user:')) return 'confidential';
    return table.isAdversary(party) ? 'public' : 'confidential';
  };
  return {
    clearance,
    adjacent: (a: AgentId, b: AgentId) => {
      const x = table.byId.get(a);
      const y = table.byId.get(b);
      if (x === undefined || y === undefined) return false;
      return contacts.adjacent(x.view.index, y.view.index);
    },
    principal: (agent) => agent,
  };
}
