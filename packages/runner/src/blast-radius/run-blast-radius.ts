/**
 * Blast radius: compromise each agent in turn (or a deterministic sample) as the sole patient zero and
 * measure what it reaches — other agents compromised, records exfiltrated — over seeds. Agents are ranked
 * by mean reach. Edges are ranked by the reach that passed through them, read from the infection tree of
 * every run: an infection crosses the edge from the agent whose message carried the payload to the agent
 * it compromised, and the edge is credited with that agent and everyone infected downstream of it. A
 * bridge whose removal would cut the graph carries everything on its far side; an edge inside a dense
 * cluster is one of many parallel paths. Each patient zero is its own experiment in the store, so a rerun
 * skips stored runs.
 */
import { type Arm, MasecError, type PluginRegistries, type Scenario, resolveEngine } from '@masec/spec';
import { createRegistries, createRng, shuffle } from '@masec/sim';
import { type PluginSet, builtinPluginSet } from '../plugins/load-plugins.js';
import { type ExperimentProgress, runExperiment, seedRange, selectArms } from '../experiment/run-experiment.js';
import { loadScenarioFile } from '../experiment/scenario-file.js';
import { createExecutor } from '../pool/pool.js';
import { type Summary, clampSummary, summarize } from '../stats/summary.js';
import type { ResultsStore } from '../store/types.js';
import { runReach } from './infection-tree.js';

/** Default ceiling on patient zeros (one experiment each), as `--max-points`. */
export const DEFAULT_MAX_PATIENT_ZEROS = 200;

export interface BlastRadiusOptions {
  scenario: string;
  cwd?: string;
  sets?: readonly string[];
  /** `all`, a sample size (`25`), or agent ids (`a0,a7`). Default `all`. */
  agents?: string;
  /** Seeds per patient zero (default: the scenario's `seeds`). */
  seeds?: number;
  /** Arm to run (default: the first). */
  arm?: string;
  maxAgents?: number;
  /** Plugins to validate and run with (`loadScenarioPlugins`); default: built-ins only. */
  plugins?: PluginSet;
}

export interface BlastRadiusPlan {
  scenario: Scenario;
  source: string;
  baseDir: string;
  arm: Arm;
  seeds: number[];
  /** Patient zeros, in agent order. */
  agents: string[];
  /** How they were chosen: every agent, a seeded sample, or the ids given. */
  selection: 'all' | 'sample' | 'list';
  /** Threats seeded at the patient zero (those that implement `seedAgents`). */
  threats: string[];
  /** Edge direction matters (a directed edge list); otherwise edges are unordered pairs. */
  directed: boolean;
  /** The plugins the scenario was validated with and runs with. */
  plugins: PluginSet;
}

export interface AgentReach {
  rank: number;
  agent: string;
  experimentId: string;
  runs: number;
  errors: string[];
  /** Benign agents other than the patient zero compromised per run: its reach. */
  compromised: Summary;
  /** Fraction of runs in which the patient zero itself executed the payload. */
  executed: number;
  /** Records that reached an adversary per run. */
  records: Summary;
}

export interface EdgeReach {
  rank: number;
  /** Endpoints: for undirected topologies the lower-numbered agent first. */
  a: string;
  b: string;
  directed: boolean;
  /** Compromises that passed through the edge (its endpoint and everyone infected downstream of it), summed over all runs. */
  reach: number;
  /** Infections that crossed the edge itself, summed over all runs of all patient zeros. */
  infections: number;
  /** Runs in which at least one infection crossed it. */
  runs: number;
  /** Mean reach through the edge per run read. */
  perRun: number;
}

export interface BlastRadiusResult {
  plan: BlastRadiusPlan;
  agents: AgentReach[];
  edges: EdgeReach[];
  /** Runs whose logs were read (successful runs). */
  runsRead: number;
  /** Compromises attributed to an edge (an infection tree edge), over all runs. */
  attributed: number;
  executed: number;
  skipped: number;
  failed: number;
  wallMs: number;
}

const AGENT_ID = /^a(0|[1-9][0-9]*)$/;

function usage(message: string): MasecError {
  return new MasecError('USAGE', message);
}

/** The patient zeros `spec` names: every agent, a sample of N drawn from the scenario's seed, or a list of ids. */
export function selectPatientZeros(count: number, spec: string, seed: number): { agents: string[]; selection: BlastRadiusPlan['selection'] } {
  const all = Array.from({ length: count }, (_, i) => i);
  const text = spec.trim();
  if (text === 'all') return { agents: all.map((i) => `a${i}`), selection: 'all' };
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1 || n > count) throw usage(`--agents ${text}: a sample needs 1 to ${count} agents (the scenario has ${count})`);
    if (n === count) return { agents: all.map((i) => `a${i}`), selection: 'all' };
    const picked = shuffle(all, createRng(seed).fork('blast-radius')).slice(0, n);
    return { agents: picked.sort((x, y) => x - y).map((i) => `a${i}`), selection: 'sample' };
  }
  const ids = text.split(',').map((s) => s.trim());
  for (const id of ids) {
    if (!AGENT_ID.test(id)) throw usage(`--agents: '${id}' is not 'all', a number, or an agent id (a0 … a${count - 1})`);
    if (Number(id.slice(1)) >= count) throw usage(`--agents: no agent '${id}': agents are a0 to a${count - 1}`);
  }
  const unique = [...new Set(ids)].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)));
  return { agents: unique, selection: 'list' };
}

/** Loads and checks everything before anything runs: the engine, a seedable threat, the arm, the agents. */
export function planBlastRadius(options: BlastRadiusOptions): BlastRadiusPlan {
  const plugins = options.plugins ?? builtinPluginSet();
  const loaded = loadScenarioFile(options.scenario, options.sets ?? [], { ...(options.cwd === undefined ? {} : { cwd: options.cwd }), plugins });
  const { scenario } = loaded;
  if (resolveEngine(scenario) !== 'message') {
    throw usage(`scenario '${scenario.id}' runs on the population engine, which has no per-agent events; blast-radius needs the message engine`);
  }
  const registry = plugins.registries.threats;
  const threats = scenario.threats.filter((t) => registry.get(t.id).seedAgents !== undefined).map((t) => t.id);
  if (threats.length === 0) {
    const names = scenario.threats.map((t) => t.id).join(', ') || 'none';
    throw usage(`scenario '${scenario.id}' has no threat that can start at a chosen agent (threats: ${names}); blast-radius needs one that implements seedAgents, such as worm`);
  }
  const [arm] = selectArms(scenario, options.arm === undefined ? undefined : [options.arm]);
  if (arm === undefined) throw usage(`scenario '${scenario.id}' has no arm`);
  const { agents, selection } = selectPatientZeros(scenario.agents.count, options.agents ?? 'all', scenario.seed);
  const max = options.maxAgents ?? DEFAULT_MAX_PATIENT_ZEROS;
  if (agents.length > max) {
    throw usage(`${agents.length} patient zeros (one experiment each) exceed the limit of ${max}; sample with --agents N or raise --max-points`);
  }
  const topology = scenario.topology;
  return {
    scenario,
    source: loaded.source,
    baseDir: loaded.baseDir,
    arm,
    seeds: seedRange(scenario.seed, options.seeds ?? scenario.seeds),
    agents,
    selection,
    threats,
    directed: topology.kind === 'edge-list' && topology.directed,
    plugins,
  };
}

/** The scenario with every seedable threat starting at `agent` alone (threats looked up in `registries`). */
export function seededScenario(scenario: Scenario, agent: string, registries: Pick<PluginRegistries, 'threats'> = createRegistries()): Scenario {
  const registry = registries.threats;
  return {
    ...scenario,
    threats: scenario.threats.map((ref) => {
      const seed = registry.get(ref.id).seedAgents;
      return seed === undefined ? ref : { ...ref, config: seed.call(registry.get(ref.id), ref.config, [agent]) as Record<string, unknown> };
    }),
  };
}

export interface RunBlastRadiusOptions {
  store: ResultsStore;
  workers: number;
  force?: boolean;
  onProgress?: (progress: ExperimentProgress) => void;
}

export async function runBlastRadius(plan: BlastRadiusPlan, options: RunBlastRadiusOptions): Promise<BlastRadiusResult> {
  const started = performance.now();
  const total = plan.agents.length * plan.seeds.length;
  const totals = { done: 0, skipped: 0, failed: 0, executed: 0 };
  const agents: Omit<AgentReach, 'rank'>[] = [];
  const maxReach = plan.scenario.agents.count - 1;
  const maxRecords = plan.scenario.agents.count * plan.scenario.agents.records;
  const edges = new Map<string, Omit<EdgeReach, 'rank' | 'perRun'>>();
  let runsRead = 0;
  let attributed = 0;
  const executor = createExecutor(Math.min(options.workers, total));
  try {
    for (const agent of plan.agents) {
      const result = await runExperiment({
        scenario: seededScenario(plan.scenario, agent, plan.plugins.registries),
        plugins: plan.plugins.urls,
        source: plan.source,
        baseDir: plan.baseDir,
        seeds: plan.seeds,
        arms: [plan.arm.name],
        store: options.store,
        workers: options.workers,
        executor,
        force: options.force ?? false,
        onProgress: (p) =>
          options.onProgress?.({
            done: totals.done + p.done,
            total,
            skipped: totals.skipped + p.skipped,
            failed: totals.failed + p.failed,
            ...(p.last === undefined ? {} : { last: { ...p.last, arm: `patient zero ${agent}` } }),
          }),
      });
      totals.done += result.executed + result.skipped + result.elsewhere;
      totals.skipped += result.skipped;
      totals.failed += result.failed;
      totals.executed += result.executed;
      const compromised: number[] = [];
      const records: number[] = [];
      let executed = 0;
      for (const run of result.runs.filter((r) => r.status === 'done')) {
        const reach = runReach(await options.store.eventLog(run.id), agent);
        runsRead++;
        compromised.push(reach.compromised);
        records.push(reach.records);
        if (reach.patientZeroExecuted) executed++;
        const seen = new Set<string>();
        for (const edge of reach.edges) {
          const [a, b] = plan.directed || index(edge.from) < index(edge.to) ? [edge.from, edge.to] : [edge.to, edge.from];
          const key = `${a} ${b}`;
          const entry = edges.get(key) ?? { a, b, directed: plan.directed, reach: 0, infections: 0, runs: 0 };
          entry.reach += edge.downstream;
          entry.infections++;
          attributed++;
          if (!seen.has(key)) entry.runs++;
          seen.add(key);
          edges.set(key, entry);
        }
      }
      agents.push({
        agent,
        experimentId: result.experiment.id,
        runs: result.runs.length,
        errors: result.runs.filter((r) => r.status === 'error').map((r) => `seed ${r.seed}: ${r.error ?? 'unknown error'}`),
        // Intervals are clipped to what a run can give: no run reaches more than the other n - 1 agents,
        // or leaks more than every benign agent's records.
        compromised: clampSummary(summarize(compromised), [0, maxReach]),
        executed: compromised.length === 0 ? 0 : executed / compromised.length,
        records: clampSummary(summarize(records), [0, maxRecords]),
      });
    }
  } finally {
    await executor.close();
  }
  const byMean = (s: Summary): number => s.mean ?? Number.NEGATIVE_INFINITY;
  const rankedAgents = [...agents]
    .sort((x, y) => byMean(y.compromised) - byMean(x.compromised) || byMean(y.records) - byMean(x.records) || index(x.agent) - index(y.agent))
    .map((a, i) => ({ rank: i + 1, ...a }));
  const rankedEdges = [...edges.values()]
    .sort((x, y) => y.reach - x.reach || y.infections - x.infections || index(x.a) - index(y.a) || index(x.b) - index(y.b))
    .map((e, i) => ({ rank: i + 1, ...e, perRun: runsRead === 0 ? 0 : e.reach / runsRead }));
  return {
    plan,
    agents: rankedAgents,
    edges: rankedEdges,
    runsRead,
    attributed,
    executed: totals.executed,
    skipped: totals.skipped,
    failed: totals.failed,
    wallMs: performance.now() - started,
  };
}

/** Agent index of a message-engine agent id (`a12` → 12); other ids sort last. */
function index(id: string): number {
  return AGENT_ID.test(id) ? Number(id.slice(1)) : Number.MAX_SAFE_INTEGER;
}
