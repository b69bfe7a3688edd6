/**
 * Turns a scenario's `topology` block into a graph for n agents, validating the parameters the schema
 * cannot check on its own (those that depend on n, or on each other).
 */
import { MasecError, formatIssue } from '@masec/spec';
import type { DegreeSequence, Rng, Topology } from '@masec/spec';
import { configurationModel } from './configuration-model.js';
import type { CsrGraph } from './csr.js';
import { parseDegreeFile } from './degree-file.js';
import { poissonDegrees, powerLawDegrees } from './degree-sequences.js';
import { parseEdgeList, parseEdgeListBytes } from './edge-list.js';
import { barabasiAlbert, erdosRenyi, wattsStrogatz } from './random-graphs.js';
import { chain, complete, ring, star, tree } from './regular.js';

/** A fixed who-can-reach-whom graph for the whole run. */
export interface StaticTopology {
  readonly kind: 'static';
  readonly graph: CsrGraph;
}

/** A fresh random matching every round (see `randomPairing`); there is no static graph. */
export interface PairingTopology {
  readonly kind: 'pairing';
}

export type BuiltTopology = StaticTopology | PairingTopology;

/**
 * How files a topology names are read; paths are as written in the scenario, and the reader resolves them
 * (relative to the scenario file). `readBytes` is preferred when given: large edge lists and degree files
 * are parsed from bytes and never become one JavaScript string.
 */
export interface TopologyFiles {
  readonly readText?: ((path: string) => string) | undefined;
  readonly readBytes?: ((path: string) => Uint8Array) | undefined;
}

function invalid(path: string, message: string): MasecError {
  const issue = { path, message };
  return new MasecError('SCENARIO_INVALID', formatIssue(issue), { issues: [issue] });
}

function readFile(files: TopologyFiles, path: string): Uint8Array | string {
  if (files.readBytes !== undefined) return files.readBytes(path);
  if (files.readText !== undefined) return files.readText(path);
  throw new MasecError('FILE_NOT_FOUND', `the topology refers to '${path}' but no file reader was given`);
}

/** The degree sequence a configuration-model topology asks for, validated against n. O(n). */
function degreeSequence(spec: DegreeSequence, n: number, rng: Rng, files: TopologyFiles): Int32Array {
  switch (spec.kind) {
    case 'power-law': {
      const { exponent, min, max } = spec;
      if (max < min) throw invalid('topology.degrees.max', `power-law max (${max}) must be at least min (${min})`);
      if (max > n - 1) throw invalid('topology.degrees.max', `power-law max ${max} exceeds n - 1 = ${n - 1} (the most a node can have)`);
      return powerLawDegrees(n, { exponent, min, max }, rng);
    }
    case 'poisson':
      if (spec.mean > n - 1) throw invalid('topology.degrees.mean', `poisson mean ${spec.mean} exceeds n - 1 = ${n - 1}`);
      return poissonDegrees(n, spec.mean, rng);
    case 'file':
      return parseDegreeFile(readFile(files, spec.file), spec.file, { n, nSource: 'agents.count' });
    default: {
      const never: never = spec;
      throw invalid('topology.degrees.kind', `unknown degree sequence kind '${(never as { kind: string }).kind}'`);
    }
  }
}

/**
 * Builds the topology for `n` agents. Random generators draw from `rng` only, so the graph is a pure function
 * of (topology, n, rng state). Files ('edge-list', a 'configuration-model' degree file) are read through
 * `files` (a bare function is taken as `readText`); the caller resolves paths relative to the scenario file.
 * Every id in an edge list must be < n (agents with ids the file never mentions are isolated); a degree file
 * holds exactly n degrees. Complexity: that of the chosen generator, O(n + edges) for all but 'complete'.
 * @throws MasecError('SCENARIO_INVALID') with an issue path such as 'topology.k' for parameters invalid for n,
 *   or located at `file:line` for a malformed file.
 */
export function buildTopology(
  topology: Topology,
  n: number,
  rng: Rng,
  files: TopologyFiles | ((path: string) => string),
): BuiltTopology {
  const reader: TopologyFiles = typeof files === 'function' ? { readText: files } : files;
  const graph = (g: CsrGraph): StaticTopology => ({ kind: 'static', graph: g });
  switch (topology.kind) {
    case 'complete':
      return graph(complete(n));
    case 'chain':
      return graph(chain(n));
    case 'star':
      return graph(star(n));
    case 'tree':
      return graph(tree(n, topology.branching));
    case 'ring': {
      const { k } = topology;
      if (!(2 * k < n)) {
        throw invalid('topology.k', `ring needs k < n/2 (k neighbours on each side of ${n} agents), got k = ${k}`);
      }
      return graph(ring(n, k));
    }
    case 'erdos-renyi': {
      const { p, meanDegree } = topology;
      if ((p === undefined) === (meanDegree === undefined)) {
        throw invalid('topology.p', 'erdos-renyi needs exactly one of p (edge probability) or meanDegree');
      }
      if (meanDegree !== undefined && meanDegree > n - 1) {
        throw invalid('topology.meanDegree', `meanDegree ${meanDegree} exceeds n - 1 = ${n - 1} (the complete graph)`);
      }
      return graph(erdosRenyi(n, { p, meanDegree }, rng));
    }
    case 'watts-strogatz': {
      const { k, beta } = topology;
      if (k % 2 !== 0) throw invalid('topology.k', `watts-strogatz needs an even k (k/2 neighbours per side), got k = ${k}`);
      if (k >= n) throw invalid('topology.k', `watts-strogatz needs k < n (${n} agents), got k = ${k}`);
      return graph(wattsStrogatz(n, k, beta, rng));
    }
    case 'barabasi-albert': {
      const { m } = topology;
      if (m >= n) throw invalid('topology.m', `barabasi-albert needs m < n (${n} agents), got m = ${m}`);
      return graph(barabasiAlbert(n, m, rng));
    }
    case 'configuration-model':
      return graph(configurationModel(degreeSequence(topology.degrees, n, rng, reader), rng));
    case 'random-pairing':
      return { kind: 'pairing' };
    case 'edge-list': {
      const data = readFile(reader, topology.file);
      const options = { directed: topology.directed, n, nSource: 'agents.count' };
      const parsed =
        typeof data === 'string'
          ? parseEdgeList(data, topology.file, options)
          : parseEdgeListBytes(data, topology.file, options);
      return graph(parsed.graph);
    }
    default: {
      const never: never = topology;
      throw invalid('topology.kind', `unknown topology kind '${(never as { kind: string }).kind}'`);
    }
  }
}
