// Types of reference-loop.mjs, for the test that checks it runs the engine's outbreak.
export interface ReferenceGraph {
  readonly n: number;
  readonly offsets: Int32Array | Float64Array;
  readonly neighbors: Int32Array;
}

export interface ReferenceOptions {
  beta: number;
  gamma: number;
  rounds: number;
  /** The engine's FastRng state [a, b, c, d] after its warm-up. */
  seed: readonly [number, number, number, number];
}

export interface ReferenceResult {
  everInfected: number;
  /** Agents that became infectious in each round (the engine's `newCompromised`). */
  newPerRound: number[];
  /** Final compartment bytes, with the engine's codes. */
  state: Uint8Array;
}

export function referenceOutbreak(graph: ReferenceGraph, options: ReferenceOptions): ReferenceResult;
export function fnv1aHex(bytes: Uint8Array): string;
