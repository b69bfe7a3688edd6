/**
 * Orders in which an immunisation strategy spends its budget: a budget of k immunises the first k nodes (or
 * cuts the first k edges) of the order, so the sets for growing k are nested.
 */
import type { Rng } from '@masec/spec';
import type { ContactEdges } from './contact-edges.js';

/** Node strategies. */
export const NODE_STRATEGIES = ['targeted', 'random', 'acquaintance'] as const;
export type NodeStrategy = (typeof NODE_STRATEGIES)[number];
/** Every strategy: the node strategies and `edges` (cut edges instead of immunising nodes). */
export const IMMUNISATION_STRATEGIES = [...NODE_STRATEGIES, 'edges'] as const;
export type ImmunisationStrategy = (typeof IMMUNISATION_STRATEGIES)[number];

/** Draws of random (node, neighbour) pairs the acquaintance order makes, per node, before it stops. */
const ACQUAINTANCE_DRAWS_PER_NODE = 4;

/** Highest degree first; equal degrees by ascending id. Counting sort, O(n + max degree). */
export function targetedOrder(edges: ContactEdges): Int32Array {
  const n = edges.n;
  let max = 0;
  for (let u = 0; u < n; u++) max = Math.max(max, edges.degree(u));
  // start[d] = first slot of degree d, highest degree in the first slots.
  const start = new Int32Array(max + 2);
  for (let u = 0; u < n; u++) {
    const slot = max - edges.degree(u) + 1;
    start[slot] = (start[slot] as number) + 1;
  }
  for (let i = 1; i < start.length; i++) start[i] = (start[i] as number) + (start[i - 1] as number);
  const order = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    const slot = max - edges.degree(u);
    const at = start[slot] as number;
    order[at] = u;
    start[slot] = at + 1;
  }
  return order;
}

/** Uniformly random order (Fisher–Yates). O(n). */
export function randomOrder(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}

/**
 * Acquaintance immunisation (Cohen, Havlin & ben-Avraham 2003, "Efficient immunization strategies for computer
 * networks and populations"): pick a uniformly random node, immunise a uniformly random neighbour of it; repeat,
 * skipping neighbours already chosen. It needs no knowledge of degrees, yet reaches a node of degree d with
 * probability ∝ d. After 4n draws (or when every node with a neighbour is chosen) the nodes not yet chosen,
 * including isolated ones, follow in random order. O(n) draws.
 */
export function acquaintanceOrder(edges: ContactEdges, rng: Rng): Int32Array {
  const { n } = edges;
  const { offsets, neighbors } = edges.graph;
  const chosen = new Uint8Array(n);
  const order = new Int32Array(n);
  let reachable = 0;
  for (let u = 0; u < n; u++) if (edges.degree(u) > 0) reachable++;
  let len = 0;
  for (let draw = 0; draw < ACQUAINTANCE_DRAWS_PER_NODE * n && len < reachable; draw++) {
    const u = rng.int(n);
    const d = edges.degree(u);
    if (d === 0) continue;
    const v = neighbors[(offsets[u] as number) + rng.int(d)] as number;
    if (chosen[v] !== 0) continue;
    chosen[v] = 1;
    order[len++] = v;
  }
  const rest = len;
  for (let u = 0; u < n; u++) if (chosen[u] === 0) order[len++] = u;
  for (let i = n - 1; i > rest; i--) {
    const j = rest + rng.int(i - rest + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}

/**
 * Edges whose endpoints have the largest degree product d_u·d_v first (the edges between hubs, which carry
 * the most paths); equal products by ascending id. O(m log m).
 */
export function edgeCutOrder(edges: ContactEdges): Int32Array {
  const m = edges.count;
  const key = new Float64Array(m);
  for (let e = 0; e < m; e++) key[e] = edges.degree(edges.src[e] as number) * edges.degree(edges.dst[e] as number);
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[e] = e;
  order.sort((a, b) => (key[b] as number) - (key[a] as number) || a - b);
  return order;
}

/** The node order of a node strategy. */
export function nodeOrder(edges: ContactEdges, strategy: NodeStrategy, rng: Rng): Int32Array {
  switch (strategy) {
    case 'targeted':
      return targetedOrder(edges);
    case 'random':
      return randomOrder(edges.n, rng);
    case 'acquaintance':
      return acquaintanceOrder(edges, rng);
  }
}
