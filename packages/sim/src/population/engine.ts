/**
 * The population engine: compartmental threat dynamics over 10^5–10^8 agents in typed arrays.
 *
 * Round r:  1. last round's infections become compromised (or exposed, then compromised with probability
 *              `latency`); patient zeros in round 0;  2. monitors flag compromised agents (probability
 *              `detection`) and others (`falsePositive`), and containment isolates them or cuts their edges;
 *           3. compromised agents transmit (contact graph or random pairing);  4. they recover with
 *              probability `recovery`.  These are the message engine's rounds seen from afar: an agent that
 *              receives a payload in round r acts on it — is compromised — in round r+1.
 * The log holds one `population-round` event per round and a `population-end` event, so the metrics,
 * store and report are the message engine's. All randomness comes from the run's seeded stream.
 */
import {
  type CalibrationFile,
  MasecError,
  type MasecEvent,
  type PluginRef,
  type RunControls,
  type RunEndStatus,
  type Scenario,
  errorCodeOf,
  errorMessageOf,
} from '@masec/spec';
import { EventLog } from '../log/event-log.js';
import { createRng } from '../random/rng.js';
import type { PluginRegistries } from '@masec/spec';
import { type CsrGraph, type TopologyFiles, buildTopology } from '../topology/index.js';
import { transmitContact } from './contact.js';
import { FastRng, sampleIndices } from '../random/fast-rng.js';
import { HelperSink, type HelperThreads, type HitSink, LocalSink } from './hit-sink.js';
import { PairingModel } from './pairing.js';
import { type PopulationParams, resolvePopulationParams } from './params.js';
import { E, I, PopulationState, R, S } from './state.js';
import { flagAndContain, promote, recover, seedPatientZeros } from './steps.js';

export interface PopulationEngineOptions extends Omit<RunControls, 'services'> {
  scenario: Scenario;
  seed: number;
  arm: string;
  defenses: readonly PluginRef[];
  registries: PluginRegistries;
  readText?: (path: string) => string;
  /** Reads referenced files as bytes (large edge lists); preferred over `readText` when given. */
  readBytes?: (path: string) => Uint8Array;
  /** The parsed calibration file the scenario names, if any (the caller reads and checks it). */
  calibration?: CalibrationFile;
  /** A contact graph built earlier for this scenario and seed (benchmarks reuse one across arms). */
  graph?: CsrGraph;
  /**
   * Helper threads (hit-sink.ts): when given and `use(agents)` says so, the contact model resolves its hits
   * on a second thread. The outcome is identical with and without; only the time differs.
   */
  helperThreads?: HelperThreads;
  /** Called after each round with (rounds done, rounds in all): progress of long runs. */
  onRound?: (done: number, rounds: number) => void;
}

function wantsHelper(threads: HelperThreads | undefined, n: number, graph: CsrGraph): threads is HelperThreads {
  return threads !== undefined && graph.neighbors.buffer instanceof SharedArrayBuffer && threads.use(n);
}

/** A finished (or failed) population run: its log, how it ended, and the parameters it ran with. */
export interface PopulationSimulation {
  log: EventLog;
  status: RunEndStatus;
  /** Undefined when the run failed before its parameters were resolved. */
  params: PopulationParams | undefined;
}

/**
 * Runs the population engine. A failure ends the run with its log so far and a `run-end` event with status
 * `error` (or `cancelled` when `signal` aborted; the engine checks it between rounds).
 */
export function simulatePopulation(options: PopulationEngineOptions): PopulationSimulation {
  const events = new EventLog(options.sink, options.keepLog ?? true);
  const progress = { round: 0, params: undefined as PopulationParams | undefined };
  try {
    simulate(options, events, progress);
    return { log: events, status: 'ok', params: progress.params };
  } catch (error) {
    const code = errorCodeOf(error);
    const status = code === 'RUN_CANCELLED' ? 'cancelled' : 'error';
    events.push({ type: 'run-end', round: progress.round, status, error: errorMessageOf(error), code });
    return { log: events, status, params: progress.params };
  }
}

function simulate(options: PopulationEngineOptions, events: EventLog, progress: { round: number; params: PopulationParams | undefined }): void {
  const { scenario, seed, registries } = options;
  const n = scenario.agents.count;
  const params = resolvePopulationParams({
    scenario,
    arm: options.arm,
    defenses: options.defenses,
    registry: registries.defenses,
    calibration: options.calibration,
  });
  progress.params = params;
  const rng = createRng(seed);
  const graph = params.model === 'contact' ? (options.graph ?? contactGraph(scenario, rng, { readText: options.readText, readBytes: options.readBytes })) : null;
  const fast = new FastRng(rng.fork('population'));
  const ps = new PopulationState(n, params.reinfection || params.model === 'pairing');
  if (params.resistantFraction > 0) {
    const resistant = new Uint8Array(n);
    sampleIndices(n, params.resistantFraction, new FastRng(rng.fork('diversity')), (i) => {
      resistant[i] = 1;
    });
    ps.resistant = resistant;
  }
  const pairing = params.model === 'pairing' ? new PairingModel(n, params.albumLength) : null;

  events.push({
    type: 'run-start',
    round: 0,
    scenario: scenario.id,
    seed,
    arm: options.arm,
    agents: n,
    benign: n,
    defenses: options.defenses.map((d) => d.id),
    monitors: options.defenses.filter((d) => registries.defenses.get(d.id).kind === 'monitoring').map((d) => d.id),
  });

  const sink: HitSink | null =
    graph === null
      ? null
      : wantsHelper(options.helperThreads, n, graph)
        ? new HelperSink(graph.neighbors, ps.state, ps.incoming, ps.cohortOffspring, scenario.rounds, options.helperThreads)
        : new LocalSink(graph.neighbors, ps.state, ps.incoming, ps.cohortOffspring);
  // On one thread the writes stay where they are; a helper thread takes them when nothing reads them early.
  const deferred = sink instanceof HelperSink && deferStateWrites(params, ps) ? sink : null;
  try {
    for (let round = 0; round < scenario.rounds; round++) {
      progress.round = round;
      if (options.signal?.aborted === true) throw new MasecError('RUN_CANCELLED', 'run cancelled');
      ps.resetRound();
      const before = ps.compromised.length;
      if (round === 0) seedPatientZeros(ps, params.patientZeros, fast);
      else promote(ps, params, round, fast, deferred);
      pairing?.noteCompromised(ps, before);
      flagAndContain(ps, params, graph, fast);
      if (graph !== null && sink !== null) transmitContact(ps, graph, params, fast, sink);
      else pairing?.transmit(ps, params, fast);
      recover(ps, params, fast, deferred);
      events.push(roundEvent(ps, round));
      options.onRound?.(round + 1, scenario.rounds);
    }
    deferred?.drain();
  } finally {
    if (sink instanceof HelperSink) sink.close();
  }

  events.push({
    type: 'population-end',
    round: scenario.rounds,
    cohortSize: ps.cohortSize.slice(0, scenario.rounds),
    cohortOffspring: ps.cohortOffspring.slice(0, scenario.rounds),
    resistant: ps.resistant === null ? 0 : countOnes(ps.resistant),
    stateHash: fnv1a(ps.state),
  });
  events.push({ type: 'run-end', round: scenario.rounds, status: 'ok' });
}

/**
 * Whether promotion and recovery may hand their state writes to the helper sink (hit-sink.ts): only when no
 * step reads a state byte between rounds — no monitors or false flags (which read states and may quarantine,
 * making the lists stale), no latent stage (the exposed list is filtered by state), no reinfection or
 * resistant agents (read per agent). Then the only reader is the hash at the end, after `drain()`.
 */
function deferStateWrites(p: PopulationParams, ps: PopulationState): boolean {
  return p.detection === 0 && p.falsePositive === 0 && p.latency >= 1 && ps.ever === null && ps.resistant === null;
}

/** The contact graph of a population scenario (random pairing has none). */
export function contactGraph(scenario: Scenario, rng: ReturnType<typeof createRng>, files: TopologyFiles = {}): CsrGraph {
  const reader: TopologyFiles =
    files.readText === undefined && files.readBytes === undefined
      ? {
          readText: (path: string): string => {
            throw new MasecError('FILE_NOT_FOUND', `scenario refers to '${path}' but no file reader was given`);
          },
        }
      : files;
  const built = buildTopology(scenario.topology, scenario.agents.count, rng.fork('topology'), reader);
  if (built.kind !== 'static') throw new Error('the contact model needs a static topology; random pairing uses the pairing model');
  return built.graph;
}

function roundEvent(ps: PopulationState, round: number): MasecEvent {
  const c = ps.counts;
  const r = ps.round;
  // Agents infected this round are compromised from the next round on; until then they count as exposed.
  return {
    type: 'population-round',
    round,
    susceptible: c.susceptible,
    exposed: c.exposed + ps.incoming.length,
    compromised: c.compromised,
    recovered: c.recovered,
    quarantined: c.quarantined,
    newCompromised: r.newCompromised,
    everCompromised: ps.everCompromised,
    detected: r.detected,
    falseFlags: r.falseFlags,
    newQuarantined: r.newQuarantined,
    falseQuarantined: r.falseQuarantined,
    edgesCut: r.edgesCut,
  };
}

function countOnes(a: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) c += a[i] as number;
  return c;
}

/** 32-bit FNV-1a over the bytes, as 8 hex digits: part of the digest, so two final states that differ differ. */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Compartment codes, for tests and tools that read a final state. */
export const COMPARTMENTS = { S, E, I, R } as const;
