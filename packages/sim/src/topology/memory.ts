/**
 * The large arrays of graph construction, in SharedArrayBuffers (so the population engine's helper thread can
 * read a graph without a copy), and an optional prefaulter for fresh memory.
 *
 * Writing to fresh memory costs a page fault, in which the kernel (and, on a virtual machine, the host) finds
 * and zeroes a page: measured here at 0.1–2 s per GiB depending on the host, paid by the thread that writes
 * first. A 10^8-node graph writes ≈ 4.5 GiB of fresh memory. When a prefaulter is installed (the runner
 * installs one on machines with a second core, see runner/src/experiment/helper-threads.ts), every buffer of
 * PREFAULT_MIN_BYTES or more is handed to it as soon as it is allocated, so another thread takes those faults
 * while this one computes. It must not change the buffer's contents (it adds 0 atomically to one word per
 * page), so the results are the same with or without it.
 */

/** Smaller buffers are not worth a thread. */
export const PREFAULT_MIN_BYTES = 32 * 1024 * 1024;

let prefaulter: ((buffer: SharedArrayBuffer) => void) | null = null;

/** Starts a thread running `source` (a CommonJS script reading workerData) with `data`; see hit-sink.ts. */
export type GraphSpawner = (source: string, data: object) => { terminate(): unknown };

let spawner: GraphSpawner | null = null;

/**
 * Installs (or, with null, removes) the process-wide thread starter graph construction may use for work that
 * splits without changing its result (the CSR assembler's per-bucket sort).
 */
export function setGraphSpawner(fn: GraphSpawner | null): void {
  spawner = fn;
}

export function graphSpawner(): GraphSpawner | null {
  return spawner;
}

/** Installs (or, with null, removes) the process-wide prefaulter. */
export function setPrefaulter(fn: ((buffer: SharedArrayBuffer) => void) | null): void {
  prefaulter = fn;
}

function sharedBuffer(bytes: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes);
  if (prefaulter !== null && bytes >= PREFAULT_MIN_BYTES) prefaulter(buffer);
  return buffer;
}

/** A zeroed shared Int32Array of `length` elements. */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(sharedBuffer(length * 4));
}

/** A zeroed shared Uint16Array of `length` elements. */
export function sharedUint16(length: number): Uint16Array {
  return new Uint16Array(sharedBuffer(length * 2));
}

/** A zeroed shared Uint8Array of `length` elements. */
export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(sharedBuffer(length));
}
