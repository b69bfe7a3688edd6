// How many worker threads a command uses: what was asked, but never more than the cores (more threads than
// cores only slow the runs down) nor more runs at once than the machine's memory holds, saying so when it
// lowers a count.
import { describe, expect, it } from 'vitest';
import { chooseWorkers } from './options.js';

const GIB = 2 ** 30;

function choose(requested: number | undefined, memoryPerRun?: number): { workers: number; notes: string[] } {
  const notes: string[] = [];
  const workers = chooseWorkers(requested, { cores: 2, memory: 8 * GIB, ...(memoryPerRun === undefined ? {} : { memoryPerRun }), note: (n) => notes.push(n) });
  return { workers, notes };
}

describe('chooseWorkers', () => {
  it('uses one per core by default, and what was asked up to the cores, silently', () => {
    expect(choose(undefined)).toEqual({ workers: 2, notes: [] });
    expect(choose(1)).toEqual({ workers: 1, notes: [] });
    expect(choose(2)).toEqual({ workers: 2, notes: [] });
    expect(choose(0)).toEqual({ workers: 0, notes: [] });
  });

  it('caps a count above the cores at the cores, and says so', () => {
    expect(choose(64)).toEqual({
      workers: 2,
      notes: ['masec: --workers 64 is more than the 2 cores of this machine; using 2 (more worker threads than cores only slow the runs down)\n'],
    });
  });

  it('runs no more at once than the memory holds, with the estimate, and at least one', () => {
    expect(choose(undefined, 5 * GIB)).toEqual({
      workers: 1,
      notes: ['masec: one run needs at least 5 GiB of memory and this machine has 8 GiB; running 1 at a time instead of 2\n'],
    });
    expect(choose(2, 3 * GIB)).toEqual({ workers: 2, notes: [] });
    expect(choose(undefined, 20 * GIB).workers).toBe(1);
    // In-process (0) runs one at a time already.
    expect(choose(0, 5 * GIB)).toEqual({ workers: 0, notes: [] });
  });
});
