/**
 * The scenario file format: topology + agents + channel + threats + defenses + metrics + seeds.
 * Every object is strict (an unknown field is an error) and every field is described, so the exported
 * JSON Schema gives editors completion and documentation.
 */
import { z } from 'zod';
import { CHANNEL_KINDS } from './channel.js';
import { AGENT_ROLES } from './policy.js';
import { type PluginSchemaSources, pluginRefJsonSchema } from './plugins.js';
import { MarketSchema } from './market.js';
import { ModelBudgetSchema, ModelDeclarationSchema, VariantModelsSchema } from './models.js';
import { PopulationSchema } from './population.js';
import { ModelJudgeSchema } from './model-judge.js';

const kebab = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. worm-email');

export const PluginRefSchema = z.strictObject({
  id: z.string().min(1).describe('registered plugin id, see `masec list`'),
  config: z.record(z.string(), z.unknown()).default({}).describe('plugin configuration; validated by the plugin schema'),
});
export type PluginRef = z.infer<typeof PluginRefSchema>;

const probability = z.number().min(0).max(1);

export const DegreeSequenceSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('power-law'),
        exponent: z.number().positive().describe('gamma in P(k) proportional to k^-gamma; scale-free networks usually have 2 < gamma < 3'),
        min: z.number().int().min(1).default(1).describe('smallest degree'),
        max: z.number().int().min(1).describe('largest degree (cutoff); at most agents.count - 1'),
      })
      .describe('each degree drawn from a discrete power law on min..max'),
    z
      .strictObject({
        kind: z.literal('poisson'),
        mean: z.number().positive().describe('mean degree; at most agents.count - 1'),
      })
      .describe('each degree drawn from Poisson(mean), as in a sparse Erdős–Rényi graph'),
    z
      .strictObject({
        kind: z.literal('file'),
        file: z
          .string()
          .min(1)
          .describe('path of a file with one degree per line (agent i on the i-th), relative to the scenario file'),
      })
      .describe('degrees read from a file; they must sum to an even number'),
  ])
  .describe('where the degree sequence comes from; random sequences get one degree incremented when their sum is odd');
export type DegreeSequence = z.infer<typeof DegreeSequenceSchema>;

export const TopologySchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('complete') }).describe('every agent reaches every other'),
    z.strictObject({
      kind: z.literal('ring'),
      k: z.number().int().min(1).default(1).describe('neighbours on each side'),
    }),
    z.strictObject({ kind: z.literal('star') }).describe('agent 0 is the hub'),
    z.strictObject({ kind: z.literal('chain') }).describe('a path: agent i is linked to i-1 and i+1, without wrap-around'),
    z.strictObject({
      kind: z.literal('tree'),
      branching: z.number().int().min(1).max(1000).default(2).describe('children per node'),
    }),
    z.strictObject({
      kind: z.literal('erdos-renyi'),
      p: probability.optional().describe('edge probability'),
      meanDegree: z.number().positive().optional().describe('alternative to p: expected degree'),
    }),
    z.strictObject({
      kind: z.literal('watts-strogatz'),
      k: z.number().int().min(2).describe('even number of ring neighbours before rewiring'),
      beta: probability.describe('rewiring probability'),
    }),
    z.strictObject({
      kind: z.literal('barabasi-albert'),
      m: z.number().int().min(1).describe('edges each new node attaches with'),
    }),
    z
      .strictObject({
        kind: z.literal('configuration-model'),
        degrees: DegreeSequenceSchema,
      })
      .describe('random graph with a given degree sequence: stubs matched at random, self-loops and multi-edges erased'),
    z.strictObject({ kind: z.literal('random-pairing') }).describe('a fresh random perfect matching every round'),
    z.strictObject({
      kind: z.literal('edge-list'),
      file: z.string().min(1).describe('path of a whitespace-separated edge list, relative to the scenario file'),
      directed: z.boolean().default(false),
    }),
  ])
  .describe('who can reach whom');
export type Topology = z.infer<typeof TopologySchema>;
export type TopologyKind = Topology['kind'];

export const MemorySchema = z.strictObject({
  kind: z.literal('lexical').default('lexical').describe('retrieval model: BM25 over word tokens'),
  capacity: z.number().int().min(1).max(100_000).default(64).describe('items kept per agent (oldest evicted)'),
});

export const ChannelSchema = z.strictObject({
  kind: z
    .enum(CHANNEL_KINDS)
    .default('inbox')
    .describe('direct: point-to-point; inbox: point-to-point with a retrieval memory; board: shared blackboard'),
  memory: MemorySchema.default({ kind: 'lexical', capacity: 64 }),
});

/** Most rounds a scenario may ask for (market sessions run 10^6 periods and more). */
export const MAX_ROUNDS = 10_000_000;

/** Largest population each engine runs. */
export const MAX_MESSAGE_AGENTS = 100_000;
export const MAX_POPULATION_AGENTS = 1_000_000_000;

export const ENGINES = ['auto', 'message', 'population', 'market'] as const;
export type EngineChoice = (typeof ENGINES)[number];
export type EngineKind = Exclude<EngineChoice, 'auto'>;

export const AgentGroupSchema = z
  .strictObject({
    name: kebab.describe('group name, recorded on each of its agents (`AgentView.group`)'),
    count: z.number().int().min(1).max(MAX_MESSAGE_AGENTS).describe('agents in the group'),
    role: z
      .enum(AGENT_ROLES)
      .default('benign')
      .describe('benign: acts for the defender (attacks are measured on these); adversary: the attacker\u2019s; neutral: neither (a market maker, a moderator)'),
    policy: PluginRefSchema.describe('the policy every agent of the group runs'),
    model: z.string().min(1).optional().describe('id of the model (from `models`) the group\u2019s agents run, in every arm'),
  })
  .describe('agents with their own policy and role; groups take agents a0, a1, ... in the order they are listed, the rest run agents.policy');
export type AgentGroup = z.infer<typeof AgentGroupSchema>;

export const AgentsSchema = z.strictObject({
  count: z
    .number()
    .int()
    .min(2)
    .max(MAX_POPULATION_AGENTS)
    .describe(`number of agents (the message engine runs up to ${MAX_MESSAGE_AGENTS.toLocaleString('en-US')}, the population engine up to ${MAX_POPULATION_AGENTS.toLocaleString('en-US')})`),
  policy: PluginRefSchema.optional().describe('policy of every agent not in a group (message engine; required there unless the groups take every agent)'),
  groups: z.array(AgentGroupSchema).min(1).optional().describe('message engine: groups of agents with their own policy and role'),
  records: z.number().int().min(0).max(1000).default(3).describe('labelled private records each agent holds'),
  model: z.string().min(1).optional().describe('id of the model (from `models`) agents run unless their group, arm or variant says otherwise; default: the first declared'),
  variantModels: VariantModelsSchema.optional(),
});

export const ArmSchema = z.strictObject({
  name: kebab.describe('short name of this defense setting, shown in tables and charts'),
  defenses: z.array(PluginRefSchema).describe('the shield pipeline for this arm, in order'),
  model: z.string().min(1).optional().describe('id of the model (from `models`) this arm\u2019s agents run, unless their group or variant has its own'),
  variantModels: VariantModelsSchema.optional().describe('in this arm: model of each diversity variant (over agents.variantModels)'),
});
export type Arm = z.infer<typeof ArmSchema>;

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional().describe('path or URL of the JSON Schema, for editors'),
  id: kebab.describe('stable scenario id'),
  name: z.string().optional(),
  description: z.string().optional(),
  engine: z
    .enum(ENGINES)
    .default('auto')
    .describe(`simulation engine; auto: market when a market block is given, population above ${MAX_MESSAGE_AGENTS.toLocaleString('en-US')} agents or when only a population block is given, else message`),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe('first seed; a sweep of N seeds uses seed..seed+N-1'),
  seeds: z.number().int().min(1).max(100_000).default(10).describe('default number of seeds per arm'),
  rounds: z
    .number()
    .int()
    .min(1)
    .max(MAX_ROUNDS)
    .describe('rounds to simulate (runs of more than 100,000 rounds stream their event log instead of holding it in memory)'),
  concurrency: z.number().int().min(1).max(4096).default(32).describe('policy calls in flight at once'),
  plugins: z
    .array(z.string().min(1))
    .default([])
    .describe('plugin modules to load before the scenario is checked: paths relative to the scenario file, or package names; their threats, defenses, policies and metrics become usable by id'),
  agents: AgentsSchema,
  topology: TopologySchema,
  channel: ChannelSchema.default({ kind: 'inbox', memory: { kind: 'lexical', capacity: 64 } }),
  threats: z.array(PluginRefSchema).default([]).describe('threats injected into the scenario'),
  defenses: z.array(PluginRefSchema).default([]).describe('shield pipeline, in order (ignored when arms are given)'),
  arms: z
    .array(ArmSchema)
    .min(1)
    .optional()
    .describe('defense settings to compare; each arm runs every seed'),
  population: PopulationSchema.optional(),
  market: MarketSchema.optional(),
  models: z
    .array(ModelDeclarationSchema)
    .max(64)
    .optional()
    .describe('language models the scenario\u2019s policies and defenses may call, each declared once; nothing opens a socket without one'),
  budget: ModelBudgetSchema.optional(),
  judge: ModelJudgeSchema.optional(),
  metrics: z.array(z.string()).optional().describe('metric ids to report (default: the threats\u2019 metrics)'),
});

/** A scenario as written (defaults not yet applied). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A validated scenario with defaults applied. */
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Where the scenario's schema has references to plugins, and which kind each names. */
const PLUGIN_SLOTS: readonly { kind: 'threat' | 'defense' | 'policy'; path: readonly string[] }[] = [
  { kind: 'threat', path: ['properties', 'threats', 'items'] },
  { kind: 'defense', path: ['properties', 'defenses', 'items'] },
  { kind: 'defense', path: ['properties', 'arms', 'items', 'properties', 'defenses', 'items'] },
  { kind: 'policy', path: ['properties', 'agents', 'properties', 'policy'] },
  { kind: 'policy', path: ['properties', 'agents', 'properties', 'groups', 'items', 'properties', 'policy'] },
];

/**
 * JSON Schema (draft 2020-12) of the scenario format, for editors and `masec schema`. Given the registered
 * plugins, each reference to a threat, defense or policy names one of their ids and its `config` follows that
 * plugin's own schema (`pluginRefJsonSchema`); without them, `config` is an open object.
 */
export function scenarioJsonSchema(plugins?: PluginSchemaSources): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...schema, $id: 'https://masec.dev/schema/scenario.schema.json', title: 'masec scenario' };
  if (plugins === undefined) return out;
  const defs: Record<string, unknown> = {};
  const sources = { threat: plugins.threats, defense: plugins.defenses, policy: plugins.policies };
  for (const kind of ['threat', 'defense', 'policy'] as const) defs[`${kind}-ref`] = pluginRefJsonSchema(kind, sources[kind].list(), defs);
  for (const { kind, path } of PLUGIN_SLOTS) {
    const parent = path.slice(0, -1).reduce<Record<string, unknown> | undefined>((node, key) => node?.[key] as Record<string, unknown> | undefined, out);
    const key = path[path.length - 1] as string;
    const slot = parent?.[key] as Record<string, unknown> | undefined;
    if (parent === undefined || slot === undefined) throw new Error(`scenarioJsonSchema: no plugin reference at ${path.join('.')}`);
    parent[key] = { $ref: `#/$defs/${kind}-ref`, ...(typeof slot['description'] === 'string' ? { description: slot['description'] } : {}) };
  }
  return { ...out, $defs: { ...((out['$defs'] as Record<string, unknown> | undefined) ?? {}), ...defs } };
}

/**
 * The engine a scenario runs on: its `engine`, or for `auto` the population engine when the message engine
 * cannot run it (more agents than it takes, or no agent policy but a population block), else the message engine.
 */
export function resolveEngine(scenario: Pick<Scenario, 'engine' | 'agents' | 'population'> & { market?: Scenario['market'] }): EngineKind {
  if (scenario.engine !== 'auto') return scenario.engine;
  if (scenario.market !== undefined) return 'market';
  if (scenario.population === undefined) return 'message';
  if (scenario.agents.count > MAX_MESSAGE_AGENTS || (scenario.agents.policy === undefined && scenario.agents.groups === undefined)) return 'population';
  return 'message';
}
