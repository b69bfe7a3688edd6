import { describe, expect, it } from 'vitest';
import { type AbortSignalLike, MasecError, NEVER_ABORTED, createAbortController } from '@masec/spec';
import { mapLimit } from './concurrency.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

describe('mapLimit', () => {
  it('keeps input order whatever order the calls finish in, with at most `limit` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('stops at the first failure: no item starts after it, calls in flight see their signal aborted, the first error is thrown', async () => {
    const started: number[] = [];
    const abortedInFlight: number[] = [];
    const failure = new Error('item 1 failed');
    const run = mapLimit(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i, _index, signal: AbortSignalLike) => {
        started.push(i);
        if (i === 1) {
          await tick();
          throw failure;
        }
        // The others are slow; the failure happens while they wait.
        for (let t = 0; t < 5; t++) await tick();
        if (signal.aborted) abortedInFlight.push(i);
        if (i === 2) throw new Error('a later failure is not the one reported');
        return i;
      },
    );
    await expect(run).rejects.toBe(failure);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(abortedInFlight).toEqual([0, 2, 3]);
  });

  it('stops when the caller\u2019s signal aborts, throwing its reason; an aborted signal starts nothing', async () => {
    const controller = createAbortController();
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      if (i === 1) controller.abort(new MasecError('RUN_CANCELLED', 'stopped by the user'));
      await tick();
      return i;
    }, controller.signal);
    await expect(run).rejects.toThrow('stopped by the user');
    expect(started).toEqual([0, 1]);
    let calls = 0;
    await expect(mapLimit([1, 2], 2, () => ++calls, controller.signal)).rejects.toThrow('stopped by the user');
    expect(calls).toBe(0);
  });

  it('a plain abort reason becomes a RUN_CANCELLED error', async () => {
    const controller = createAbortController();
    controller.abort('budget');
    await expect(mapLimit([1], 1, (x) => x, controller.signal)).rejects.toMatchObject({ code: 'RUN_CANCELLED', message: 'run cancelled: budget' });
  });

  it('leaves no listener on the caller\u2019s signal once done', async () => {
    const controller = createAbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const counting: AbortSignalLike = {
      get aborted() {
        return signal.aborted;
      },
      get reason() {
        return signal.reason;
      },
      addEventListener: (type, listener, options) => {
        added++;
        signal.addEventListener(type, listener, options);
      },
      removeEventListener: (type, listener) => {
        removed++;
        signal.removeEventListener(type, listener);
      },
      throwIfAborted: () => signal.throwIfAborted(),
    };
    for (let round = 0; round < 3; round++) await mapLimit([1, 2, 3], 2, (x) => x, counting);
    expect(added).toBe(3);
    expect(removed).toBe(3);
  });

  it('never listens on NEVER_ABORTED, the signal every run without its own shares (many runs at once would pile up listeners)', async () => {
    const never = NEVER_ABORTED as { addEventListener: AbortSignalLike['addEventListener'] };
    const original = never.addEventListener;
    let listening = 0;
    never.addEventListener = (...args) => {
      listening++;
      original.apply(NEVER_ABORTED, args);
    };
    try {
      await Promise.all(Array.from({ length: 12 }, () => mapLimit([1, 2], 2, async (x) => (await tick(), x))));
    } finally {
      never.addEventListener = original;
    }
    const during = listening;
    expect(during).toBe(0);
  });
});

