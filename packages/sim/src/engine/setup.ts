/**
 * Setting up a message-engine run, in a fixed order that the digests depend on: agents and their records,
 * the contact topology, threats, the fleet's variants (diversity), benign policies, the shield; then the
 * `run-start` event.
 */
import { ReplaySource } from './network-injections.js';
import {
  MasecError,
  type PluginRef,
  type Policy,
  type PolicyDefinition,
  type Rng,
  type Scenario,
  agentModel,
} from '@masec/spec';
import { ShieldPipeline, type Timer } from '@masec/defenses';
import { type EngineServices, requireServices } from './services.js';
import { channelOf } from '../channels/channels.js';
import type { EventLog } from '../log/event-log.js';
import { buildContacts, topologyRng } from '../topology/contacts.js';
import type { TopologyFiles } from '../topology/index.js';
import type { PluginRegistries } from '@masec/spec';
import { AgentTable } from './agents.js';
import { assignVariants, fleetShares } from './fleet.js';
import { LeakTracker } from './leaks.js';
import type { RunContext, RunRoundEndHost } from './run-context.js';
import { guardWorld, setUpThreats } from './world-setup.js';

export interface SetupOptions {
  scenario: Scenario;
  seed: number;
  arm: string;
  defenses: readonly PluginRef[];
  registries: PluginRegistries;
  files: TopologyFiles;
  services: EngineServices;
  timer?: Timer;
  /** The run's event log (created by the caller, so that a failure during setup can still be logged). */
  events: EventLog;
}


export function setUpRun(options: SetupOptions, rng: Rng): RunContext {
  const { scenario, seed, registries, services } = options;
  const events = options.events;
  const table = new AgentTable(scenario, rng);
  const contacts = buildContacts(scenario, table.topologyViews, topologyRng(seed), options.files);
  const setup = setUpThreats(scenario, registries, table, rng, contacts, services);

  // Defenses that set the fleet's make-up (diversity) act now, before policies exist.
  const definitions = options.defenses.map((ref) => registries.defenses.get(ref.id));
  const configs = options.defenses.map((ref, i) => (definitions[i] as (typeof definitions)[number]).configSchema.parse(ref.config));
  assignVariants(table, fleetShares(definitions, configs), rng.fork('fleet'));
  // The model each agent runs follows its variant, so it is chosen once variants are assigned.
  if ((scenario.models ?? []).length > 0) {
    for (const state of table.states) {
      const model = agentModel(scenario, options.arm, state.view);
      if (model !== undefined) state.view = { ...state.view, model };
    }
  }

  // Policies: each agent's group's (a threat's wrapper around it for corrupted colluders); agents a threat
  // gave a policy keep it; adversaries a threat added without one only receive.
  const parsed = new Map<PluginRef, { definition: PolicyDefinition<unknown>; config: unknown }>();
  const policyOf = (ref: PluginRef): { definition: PolicyDefinition<unknown>; config: unknown } => {
    let entry = parsed.get(ref);
    if (entry === undefined) {
      const definition = registries.policies.get(ref.id);
      requireServices('policy', definition, services);
      entry = { definition, config: definition.configSchema.parse(ref.config) };
      parsed.set(ref, entry);
    }
    return entry;
  };
  const readText = options.files.readText;
  for (const state of table.states) {
    if (state.policy !== undefined) continue;
    const ref = state.policyRef;
    if (ref === undefined) {
      if (state.view.role === 'adversary') continue;
      throw new MasecError('SCENARIO_INVALID', `scenario '${scenario.id}': agent '${state.view.id}' has no policy (set agents.policy, or give it a group)`);
    }
    const { definition, config } = policyOf(ref);
    const context = { agent: state.view, instructions: setup.oracle, rng: state.rng.fork('policy'), ...(readText === undefined ? {} : { readText }) };
    const own: Policy = definition.create(config, context, services);
    state.policy = state.wrap === undefined ? own : state.wrap(own, state.view);
  }

  for (const definition of definitions) requireServices('defense', definition, services);
  const pipeline = new ShieldPipeline(
    definitions.map((def, i) => def.create(configs[i], services)),
    { world: guardWorld(table, setup, contacts), clock: services.clock, ...(options.timer === undefined ? {} : { timer: options.timer }) },
  );
  const benignIds = table.benign.map((v) => v.id);
  const adversaries = table.adversaries;
  const neutral = table.neutral;
  const oracle = setup.oracle;
  const roundEndHost: RunRoundEndHost = {
    agents: benignIds,
    memory: (agent) => table.get(agent, 'a round-end guard').memory.items(),
    purge: (agent, ids) => {
      const wanted = new Set(ids);
      const memory = table.get(agent, 'a round-end guard').memory;
      const doomed = memory.items().filter((item) => wanted.has(item.id));
      const removed = memory.remove((item) => wanted.has(item.id));
      if (removed > 0) roundEndHost.purgedMalicious.push(oracle.empty ? 0 : doomed.filter((item) => oracle.find(item.text) !== undefined).length);
      return removed;
    },
    purgedMalicious: [],
  };

  events.push({
    type: 'run-start',
    round: 0,
    scenario: scenario.id,
    seed,
    arm: options.arm,
    agents: table.states.length,
    benign: benignIds.length,
    defenses: options.defenses.map((d) => d.id),
    monitors: definitions.filter((d) => d.kind === 'monitoring').map((d) => d.id),
    ...(adversaries.length === 0 ? {} : { adversaries }),
    ...(neutral.length === 0 ? {} : { neutral }),
  });

  return {
    scenario,
    services,
    rng,
    events,
    table,
    contacts,
    setup,
    pipeline,
    leaks: new LeakTracker(
      table.states.flatMap((s) => s.records),
      events,
      setup.trackInternalLeaks,
    ),
    channel: channelOf(scenario.channel.kind),
    allIds: table.states.map((s) => s.view.id),
    roundEndHost,
    compromised: new Set(),
    taskSender: new Map(),
    tasksDone: new Set(),
    replays: new ReplaySource(setup.injected),
    inFlight: [],
    offered: [],
    moves: new Map(),
    charsAdded: 0,
    envelopes: 0,
    ...(scenario.judge === undefined ? {} : { judgedTexts: new Map() }),
  };
}
