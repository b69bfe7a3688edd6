/**
 * How much memory one run of a scenario needs at least, from the scenario alone, so that a scenario too
 * large for the machine is refused when it is loaded instead of failing at run time with "Array buffer
 * allocation failed" (ADR 0023). The model counts what cannot be avoided — the contact graph's
 * neighbour arrays, the per-agent state, the process itself — with figures measured on the engines (below),
 * and leaves out what depends on the run (messages, memories, outbreak lists). It is close to a lower bound:
 * measured peaks were 0.92–6.3× the estimate.
 *
 * Measured peak RSS against the estimate (Node 20, `masec run … --workers 0`, /usr/bin/time; 10^8 from the
 * population-outbreak benchmark): population engine, BA m = 3 at 10^8 agents 4,659 MiB against 4,451; at
 * 10^7 668 against 503; complete graph of 8,000 agents 365 against 308; random pairing at 10^7 147 against
 * 159 (pages never written are not resident). Message engine: complete graph of 3,000 agents 274 against
 * 239; worm-email at 8,000 agents 706 against 112 (mail and memories, which the estimate leaves out).
 */
import { type Scenario, type Topology, resolveEngine } from '@masec/spec';

/** Largest number of entries of one typed array in Node 20: a graph's neighbour array cannot exceed it. */
export const MAX_GRAPH_ARCS = 2 ** 32;

const MIB = 2 ** 20;

/** The process before any run: Node, the loaded packages, the worker (measured: 45 + ≈ 35 MiB). */
const BASE_BYTES = { population: 64 * MIB, message: 96 * MIB } as const;
/** Per agent: population state (compartment, flags, CSR offset, lists); a message-engine agent's objects. */
const AGENT_BYTES = { population: 10, message: 2048 } as const;
/** Per arc (directed entry) of the contact graph: the Int32 neighbour and its share of the build buffers. */
const ARC_BYTES = { population: 6, message: 16 } as const;

export interface MemoryPart {
  what: string;
  bytes: number;
}

export interface MemoryEstimate {
  /** At least this many bytes for one run. */
  bytes: number;
  /** Directed entries of the contact graph (each undirected edge counts twice); 0 without a static graph. */
  arcs: number;
  parts: MemoryPart[];
}

/** Expected degree of a power law P(k) ∝ k^-exponent on min … max; the tail past 10^6 terms by its integral. */
export function powerLawMean(exponent: number, min: number, max: number): number {
  let weight = 0;
  let moment = 0;
  const last = Math.min(max, min + 1_000_000 - 1);
  for (let k = min; k <= last; k++) {
    const w = k ** -exponent;
    weight += w;
    moment += k * w;
  }
  if (last < max) {
    const integral = (power: number, from: number, to: number): number =>
      Math.abs(power + 1) < 1e-12 ? Math.log(to / from) : (to ** (power + 1) - from ** (power + 1)) / (power + 1);
    weight += integral(-exponent, last + 1, max + 1);
    moment += integral(1 - exponent, last + 1, max + 1);
  }
  return weight === 0 ? 0 : moment / weight;
}

/**
 * Directed entries of the topology's graph over `n` agents (expected, for random graphs), and the bytes of
 * buffers its generator allocates beside it. `fileArcs`: the entries of an edge list or the degree sum of a
 * degree file, known once the file is parsed.
 */
export function expectedArcs(topology: Topology, n: number, fileArcs?: number): { arcs: number; extra: MemoryPart[] } {
  switch (topology.kind) {
    case 'complete':
      return { arcs: n * (n - 1), extra: [] };
    case 'ring':
      return { arcs: 2 * topology.k * n, extra: [] };
    case 'star':
    case 'chain':
    case 'tree':
      return { arcs: 2 * (n - 1), extra: [] };
    case 'erdos-renyi':
      return { arcs: topology.p !== undefined ? topology.p * n * (n - 1) : (topology.meanDegree ?? 0) * n, extra: [] };
    case 'watts-strogatz':
      return { arcs: topology.k * n, extra: [] };
    case 'barabasi-albert':
      return { arcs: 2 * topology.m * n, extra: [] };
    case 'configuration-model': {
      const degrees = topology.degrees;
      if (degrees.kind === 'poisson') return { arcs: degrees.mean * n, extra: [] };
      if (degrees.kind === 'file') return { arcs: fileArcs ?? 0, extra: [] };
      const weights = { what: `power-law weights (${(degrees.max - degrees.min + 1).toLocaleString('en-US')} degrees, 8 bytes each)`, bytes: 8 * (degrees.max - degrees.min + 1) };
      return { arcs: powerLawMean(degrees.exponent, degrees.min, degrees.max) * n, extra: [weights] };
    }
    case 'edge-list':
      return { arcs: fileArcs ?? 0, extra: [] };
    case 'random-pairing':
      return { arcs: 0, extra: [] };
    default:
      return { arcs: 0, extra: [] };
  }
}

/**
 * The market engine's tables: Q (firms × m^firms states × m prices), each joint action's profits, and each
 * firm's greedy action and value per state, in 8-byte numbers (4 for the greedy actions).
 */
export function marketTableBytes(firms: number, prices: number): number {
  const states = prices ** firms;
  return firms * states * prices * 8 + states * firms * 8 + firms * states * 12;
}

/** The memory one run of `scenario` needs at least (see the module comment for the model and its measurements). */
export function estimateRunMemory(scenario: Scenario, options: { fileArcs?: number } = {}): MemoryEstimate {
  const engine = resolveEngine(scenario);
  if (engine === 'market') {
    const firms = scenario.agents.count;
    const prices = scenario.market?.grid.prices ?? 15;
    const parts: MemoryPart[] = [
      { what: 'the process', bytes: BASE_BYTES.population },
      { what: `the Q-learning tables of ${firms} firms over ${prices}^${firms} states`, bytes: marketTableBytes(firms, prices) },
    ];
    return { bytes: parts.reduce((sum, part) => sum + part.bytes, 0), arcs: 0, parts };
  }
  const n = scenario.agents.count;
  const { arcs, extra } = expectedArcs(scenario.topology, n, options.fileArcs);
  const parts: MemoryPart[] = [
    { what: 'the process', bytes: BASE_BYTES[engine] },
    { what: `${n.toLocaleString('en-US')} agents at ${AGENT_BYTES[engine].toLocaleString('en-US')} bytes each`, bytes: AGENT_BYTES[engine] * n },
  ];
  if (arcs > 0) {
    const shown = Math.round(arcs).toLocaleString('en-US');
    // The complete graph is written straight into its neighbour array, with no build buffers.
    const perArc = scenario.topology.kind === 'complete' && engine === 'population' ? 4 : ARC_BYTES[engine];
    parts.push({ what: `a ${scenario.topology.kind} graph of ${shown} arcs at ${perArc} bytes each`, bytes: perArc * arcs });
  }
  parts.push(...extra);
  return { bytes: parts.reduce((sum, part) => sum + part.bytes, 0), arcs: Math.round(arcs), parts };
}

/** `512 MiB`, `4.3 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 2 ** 30) return `${Math.max(1, Math.round(bytes / MIB)).toLocaleString('en-US')} MiB`;
  return `${(bytes / 2 ** 30).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB`;
}

/**
 * The problem with running `scenario` on a machine with `budget` bytes of memory, if any: more arcs than
 * one array can hold, or an estimate above the budget. Reported at the topology (or `agents.count` when
 * there is no graph), with the estimate and what it is made of.
 */
export function memoryProblem(estimate: MemoryEstimate, budget: number): { path: string; message: string } | undefined {
  const graph = estimate.parts.find((p) => p.what.includes(' graph of '));
  if (estimate.arcs > MAX_GRAPH_ARCS) {
    return {
      path: 'topology',
      message: `${graph?.what.replace(/ at \d+ bytes each$/, '') ?? 'the graph'}: more than the ${MAX_GRAPH_ARCS.toLocaleString('en-US')} entries one array can hold; use fewer agents or a sparser topology`,
    };
  }
  if (estimate.bytes <= budget) return undefined;
  const largest = [...estimate.parts].sort((a, b) => b.bytes - a.bytes)[0];
  const path = largest === graph || largest?.what.startsWith('power-law') === true ? 'topology' : 'agents.count';
  const made = estimate.parts.map((p) => `${p.what}: ${formatBytes(p.bytes)}`).join('; ');
  return {
    path,
    message: `one run needs at least ${formatBytes(estimate.bytes)} of memory (${made}), more than the ${formatBytes(budget)} this machine has; use fewer agents or a sparser topology`,
  };
}
