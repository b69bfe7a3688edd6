import { describe, expect, it, vi } from 'vitest';
import { EndpointLimiter } from './limiter.js';

const signal = new AbortController().signal;

describe('EndpointLimiter', () => {
  it('holds at most `concurrency` at once and serves waiters first come, first served', async () => {
    const limiter = new EndpointLimiter({ concurrency: 2 });
    const order: number[] = [];
    const releases = await Promise.all([limiter.acquire(1, signal), limiter.acquire(1, signal)]);
    const third = limiter.acquire(1, signal).then((r) => (order.push(3), r));
    const fourth = limiter.acquire(1, signal).then((r) => (order.push(4), r));
    await new Promise((r) => setTimeout(r, 10));
    expect(limiter.inFlight).toBe(2);
    expect(order).toEqual([]);
    releases[0]?.();
    (await third)();
    releases[1]?.();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(limiter.inFlight).toBe(0);
  });

  it('waits out a requests-per-minute window', async () => {
    vi.useFakeTimers();
    try {
      const limiter = new EndpointLimiter({ concurrency: 10, requestsPerMinute: 2 }, () => Date.now());
      (await limiter.acquire(1, signal))();
      (await limiter.acquire(1, signal))();
      let started = false;
      const third = limiter.acquire(1, signal).then(() => (started = true));
      await vi.advanceTimersByTimeAsync(59_000);
      expect(started).toBe(false);
      await vi.advanceTimersByTimeAsync(1_001);
      await third;
      expect(started).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops a waiter whose signal aborts', async () => {
    const limiter = new EndpointLimiter({ concurrency: 1 });
    const release = await limiter.acquire(1, signal);
    const controller = new AbortController();
    const waiting = limiter.acquire(1, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    expect(limiter.inFlight).toBe(0);
  });
});
