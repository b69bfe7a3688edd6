import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../state/memory-state-store.js';
import { FreshnessWindow } from './freshness.js';

class ManualClock {
  readonly unit = 'ms' as const;
  t = 0;
  now(): number {
    return this.t;
  }
}

describe('FreshnessWindow', () => {
  it('refuses a nonce seen before from the same signer, and a time outside the skew', () => {
    const clock = new ManualClock();
    const window = new FreshnessWindow(new MemoryStateStore(clock), 'nonces', { maxSkew: 1000, maxNonces: 100 });
    expect(window.check('did:key:a', 'n-0000000000000001', 0, 0)).toBeUndefined();
    expect(window.check('did:key:a', 'n-0000000000000001', 0, 10)?.code).toBe('REPLAY_DETECTED');
    expect(window.check('did:key:b', 'n-0000000000000001', 0, 10)).toBeUndefined();
    expect(window.check('did:key:a', 'n-0000000000000002', -1001, 0)?.code).toBe('CLOCK_SKEW');
    expect(window.check('did:key:a', 'n-0000000000000003', 1001, 0)?.code).toBe('CLOCK_SKEW');
    expect(window.check('did:key:a', 'n-0000000000000004', Number.NaN, 0)?.code).toBe('CLOCK_SKEW');
    expect(window.check('did:key:a', '', 0, 0)?.code).toBe('REPLAY_DETECTED');
  });
  it('forgets nonces once their messages would be refused as stale anyway: memory bounded in clock units', () => {
    const clock = new ManualClock();
    const window = new FreshnessWindow(new MemoryStateStore(clock), 'nonces', { maxSkew: 1000, maxNonces: 1_000_000 });
    for (let i = 0; i < 5000; i++) {
      clock.t = i * 10;
      expect(window.check('did:key:a', `nonce-${i.toString().padStart(12, '0')}`, clock.t, clock.t)).toBeUndefined();
    }
    // 2 x maxSkew of traffic at one message per 10 ms: about 200 remembered, not 5000.
    expect(window.size).toBeLessThanOrEqual(202);
    // A replay of an old message is still refused, on its time.
    expect(window.check('did:key:a', 'nonce-000000000000', 0, clock.t)?.code).toBe('CLOCK_SKEW');
  });
  it('keeps at most maxNonces entries', () => {
    const clock = new ManualClock();
    const window = new FreshnessWindow(new MemoryStateStore(clock), 'nonces', { maxSkew: 1e9, maxNonces: 50 });
    for (let i = 0; i < 1000; i++) window.check('did:key:a', `nonce-${i.toString().padStart(12, '0')}`, 0, 0);
    expect(window.size).toBe(50);
  });
});
