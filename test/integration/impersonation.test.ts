/**
 * The must-hold for threat `impersonation` on its built-in scenario (`scenarios/impersonation.yaml`): without
 * defenses every forged, replayed and tampered envelope is accepted; with `signed-envelopes` none is, per
 * variant, beyond the 95% intervals, and no benign mail is blocked.
 */
import { describe, expect, it } from 'vitest';
import type { Summary } from '@masec/runner';
import { summarizeArm } from './measure.js';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const METRICS = ['impersonation-accepted', 'accepted-forged', 'accepted-replayed', 'accepted-tampered', 'benign-blocked'] as const;
type Sweep = Record<(typeof METRICS)[number], Summary>;

const sweep = (arm: string): Promise<Sweep> => summarizeArm('impersonation', arm, METRICS, SEEDS);

const num = (x: number | null): number => {
  expect(x).not.toBeNull();
  return x as number;
};

describe('impersonation built-in scenario: every spoofed envelope accepted without defenses, none with signed envelopes', () => {
  it('none vs signed-envelopes over 12 seeds, per variant', async () => {
    const [none, signed] = await Promise.all([sweep('none'), sweep('signed-envelopes')]);
    for (const m of ['impersonation-accepted', 'accepted-forged', 'accepted-replayed', 'accepted-tampered'] as const) {
      expect(num(none[m].lo), m).toBeGreaterThan(0.9);
      expect(num(signed[m].hi), m).toBeLessThan(num(none[m].lo));
    }
    expect(num(none['benign-blocked'].mean)).toBe(0);
    expect(num(signed['benign-blocked'].mean)).toBe(0);
  }, 120_000);
});
