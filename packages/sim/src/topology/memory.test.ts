import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { PREFAULT_MIN_BYTES, setGraphSpawner, setPrefaulter, sharedInt32, sharedUint16 } from './memory.js';
import { barabasiAlbert } from './random-graphs.js';

describe('prefaulter hook', () => {
  afterEach(() => {
    setPrefaulter(null);
    setGraphSpawner(null);
  });

  it('hands over large shared buffers only, as they are allocated', () => {
    const seen: number[] = [];
    setPrefaulter((buffer) => seen.push(buffer.byteLength));
    sharedInt32(16);
    const big = sharedUint16(PREFAULT_MIN_BYTES / 2);
    expect(seen).toEqual([PREFAULT_MIN_BYTES]);
    expect(big.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('a Barabási–Albert graph is the same with a prefaulter touching its buffers first', () => {
    const n = 3_000_000; // 9·10^6 picks: the picks (36 MB) and the neighbours (72 MB) pass PREFAULT_MIN_BYTES.
    const plain = barabasiAlbert(n, 3, createRng(5));
    const touched: number[] = [];
    setPrefaulter((buffer) => {
      const words = new Int32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
      for (let i = 0; i < words.length; i += 1024) Atomics.add(words, i, 0);
      touched.push(buffer.byteLength);
    });
    const prefaulted = barabasiAlbert(n, 3, createRng(5));
    expect(touched).toEqual([36_000_000 - 24, 72_000_000 - 48]);
    expect(prefaulted.neighbors.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(prefaulted.offsets.buffer).equals(Buffer.from(plain.offsets.buffer))).toBe(true);
    expect(Buffer.from(prefaulted.neighbors.buffer).equals(Buffer.from(plain.neighbors.buffer))).toBe(true);
  });

  it('the per-bucket sort split with a helper gives the same graph (helper source run in-process)', () => {
    const n = 3_000_000; // 1.8·10^7 entries: above the assembler's threshold for a parallel sort
    const plain = barabasiAlbert(n, 3, createRng(8));
    let spawned = 0;
    // Runs the helper's source text here, synchronously, as a worker would run it.
    setGraphSpawner((source, data) => {
      spawned++;
      new Function('require', source)((id: string) => {
        if (id !== 'node:worker_threads') throw new Error(`unexpected require ${id}`);
        return { workerData: data };
      });
      return { terminate: () => undefined };
    });
    const split = barabasiAlbert(n, 3, createRng(8));
    expect(spawned).toBe(1);
    expect(Buffer.from(split.offsets.buffer).equals(Buffer.from(plain.offsets.buffer))).toBe(true);
    expect(Buffer.from(split.neighbors.buffer).equals(Buffer.from(plain.neighbors.buffer))).toBe(true);
  });
});
