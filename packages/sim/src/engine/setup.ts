/**
 * Setting up a message-engine run, in a fixed order that the digests depend on: agents and their records,
 * the contact topology, threats, the fleet's variants (diversity), benign policies, the shield; then the
 * `run-start` event.
 */
import { type MasecEvent, MasecError, type PluginRef, type Scenario } from '@masec/spec';
import { type Clock, ShieldPipeline } from '@masec/defenses';
import { channelOf } from '../channels/channels.js';
import type { Rng } from '@masec/spec';
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
  clock?: Clock;
}

export function setUpRun(options: SetupOptions, rng: Rng): RunContext {
  const { scenario, seed, registries } = options;
  const events: MasecEvent[] = [];
  const table = new AgentTable(scenario, rng);
  const contacts = buildContacts(scenario, table.topologyViews, topologyRng(seed), options.files);
  const setup = setUpThreats(scenario, registries, table, rng, contacts);

  // Defenses that set the fleet's make-up (diversity) act now, before policies exist.
  const definitions = options.defenses.map((ref) => registries.defenses.get(ref.id));
  const configs = options.defenses.map((ref, i) => (definitions[i] as (typeof definitions)[number]).configSchema.parse(ref.config));
  assignVariants(table, fleetShares(definitions, configs), rng.fork('fleet'));

  // Policies for benign agents (adversaries came with their own, or only receive).
  const policyRef = scenario.agents.policy;
  if (policyRef === undefined) throw new MasecError('SCENARIO_INVALID', `scenario '${scenario.id}': the message engine needs agents.policy`);
  const policyDef = registries.policies.get(policyRef.id);
  const policyConfig = policyDef.configSchema.parse(policyRef.config);
  for (const state of table.states) {
    if (state.view.role === 'benign') state.policy = policyDef.create(policyConfig, { agent: state.view, instructions: setup.oracle, rng: state.rng.fork('policy') });
  }

  const pipeline = new ShieldPipeline(
    definitions.map((def, i) => def.create(configs[i])),
    { world: guardWorld(table, setup, contacts), ...(options.clock === undefined ? {} : { clock: options.clock }) },
  );
  const benignIds = table.benign.map((v) => v.id);
  const adversaries = table.adversaries;
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
  });

  return {
    scenario,
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
    inFlight: [],
    charsAdded: 0,
    envelopes: 0,
  };
}
