import { sharedInt32 } from './memory.js';

/**
 * Compressed sparse row adjacency: node i's neighbours are `neighbors[offsets[i] .. offsets[i+1])`.
 * Typed arrays only, no per-node objects, so the same structure serves 10^2 and 10^8 nodes.
 * Undirected graphs store each edge in both directions.
 */
export interface CsrGraph {
  readonly n: number;
  readonly directed: boolean;
  readonly offsets: Int32Array | Float64Array;
  readonly neighbors: Int32Array;
}

export function degree(graph: CsrGraph, node: number): number {
  return (graph.offsets[node + 1] as number) - (graph.offsets[node] as number);
}

export function neighborsOf(graph: CsrGraph, node: number): Int32Array {
  return graph.neighbors.subarray(graph.offsets[node] as number, graph.offsets[node + 1] as number);
}

/**
 * A zeroed Int32Array for a graph's `neighbors`, in a SharedArrayBuffer so that the population engine's
 * helper thread can read it without a copy (population/hit-sink.ts). Same speed as an ordinary buffer.
 */
export function neighborArray(length: number): Int32Array {
  return sharedInt32(length);
}
