/**
 * Turns a scenario's `topology` block into a graph for n agents, validating the parameters the schema
 * cannot check on its own (those that depend on n, or on each other).
 */
import { MasecError, formatIssue } from '@masec/spec';
import type { Rng, Topology } from '@masec/spec';
import type { CsrGraph } from './csr.js';
import { parseEdgeList } from './edge-list.js';
import { barabasiAlbert, erdosRenyi, wattsStrogatz } from './random-graphs.js';
import { complete, ring, star, tree } from './regular.js';

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

function invalid(path: string, message: string): MasecError {
  const issue = { path, message };
  return new MasecError('SCENARIO_INVALID', formatIssue(issue), { issues: [issue] });
}

/**
 * Builds the topology for `n` agents. Random generators draw from `rng` only, so the graph is a pure function
 * of (topology, n, rng state). For 'edge-list', `readText(topology.file)` supplies the file's text (the caller
 * resolves the path relative to the scenario file); every id in it must be < n (agents with ids the file never
 * mentions are isolated). Complexity: that of the chosen generator, O(n + edges) for all but 'complete'.
 * @throws MasecError('SCENARIO_INVALID') with an issue path such as 'topology.k' for parameters invalid for n.
 */
export function buildTopology(
  topology: Topology,
  n: number,
  rng: Rng,
  readText: (path: string) => string,
): BuiltTopology {
  const graph = (g: CsrGraph): StaticTopology => ({ kind: 'static', graph: g });
  switch (topology.kind) {
    case 'complete':
      return graph(complete(n));
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
    case 'random-pairing':
      return { kind: 'pairing' };
    case 'edge-list': {
      const text = readText(topology.file);
      return graph(parseEdgeList(text, topology.file, { directed: topology.directed, n, nSource: 'agents.count' }).graph);
    }
    default: {
      const never: never = topology;
      throw invalid('topology.kind', `unknown topology kind '${(never as { kind: string }).kind}'`);
    }
  }
}
