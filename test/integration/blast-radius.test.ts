/**
 * Blast radius of the worm threat on topologies whose answer is known: a star's hub reaches the most, and
 * on two cliques joined by one bridge edge the bridge carries the most reach. Runs in-process on small
 * fixture scenarios (test/fixtures/scenarios/blast-*.yaml).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InMemoryResultsStore, planBlastRadius, runBlastRadius } from '@masec/runner';
import { FIXTURES } from '../e2e/helpers.js';

async function blastRadius(file: string, options: { arm?: string; agents?: string; seeds?: number; sets?: string[] } = {}) {
  const plan = planBlastRadius({ scenario: join(FIXTURES, file), ...options });
  return runBlastRadius(plan, { store: new InMemoryResultsStore(), workers: 0 });
}

// The star without defenses is used by two tests; run it once.
let starNone: ReturnType<typeof blastRadius> | undefined;
const star = () => (starNone ??= blastRadius('blast-star.yaml'));

describe('blast radius of the worm: known answers', () => {
  it("a star's hub has the largest blast radius", async () => {
    const result = await star();
    expect(result.plan.agents).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
    expect(result.failed).toBe(0);
    const [first, ...leaves] = result.agents;
    expect(first?.agent).toBe('a0');
    for (const leaf of leaves) expect(leaf.compromised.mean ?? 0, `hub a0 vs leaf ${leaf.agent}`).toBeLessThan(first?.compromised.mean ?? 0);
    // The hub drafts the most mail, so it executes its planted payload at least as often as any leaf does.
    for (const leaf of leaves) expect(leaf.executed).toBeLessThanOrEqual(first?.executed ?? 0);
    // Every infection tree edge of a star touches the hub.
    expect(result.edges.length).toBeGreaterThan(0);
    for (const e of result.edges) expect(e.a).toBe('a0');
    // The runs' records: reach is other agents, so it never exceeds n - 1.
    for (const a of result.agents) expect(a.compromised.hi ?? 0).toBeLessThanOrEqual(7);
  });

  it('on two cliques joined by one bridge, the bridge edge carries the most reach', async () => {
    const result = await blastRadius('blast-bridge.yaml');
    expect(result.plan.directed).toBe(false);
    const [top, second] = result.edges;
    expect(top).toMatchObject({ rank: 1, a: 'a3', b: 'a4' });
    expect(top?.reach ?? 0).toBeGreaterThan(second?.reach ?? 0);
    // What crosses the bridge is the far clique: more than the crossing itself.
    expect(top?.reach ?? 0).toBeGreaterThan(top?.infections ?? 0);
    // Reach through edges adds up to the attributed infections weighted by their depth: at least one each.
    expect(result.edges.reduce((n, e) => n + e.infections, 0)).toBe(result.attributed);
    expect(result.edges.every((e) => e.runs <= result.runsRead && e.reach >= e.infections)).toBe(true);
  });

  it('provenance-tagging shrinks the hub\u2019s blast radius (a defense arm changes the answer)', async () => {
    const none = await star();
    const tagging = await blastRadius('blast-star.yaml', { arm: 'tagging' });
    const hub = (r: Awaited<ReturnType<typeof blastRadius>>) => r.agents.find((a) => a.agent === 'a0')?.compromised.mean ?? 0;
    expect(hub(tagging)).toBeLessThan(hub(none));
  });

  it('confidence intervals stay within what is possible: reach at most n - 1 agents, records at most all records', async () => {
    // Three seeds of the hub over 14 rounds reach 7, 7 and 5 of the 7 others: the t interval of that
    // sample (mean 6.3, half-width 2.9) runs past 7, which no run can reach. The same holds for the
    // records (8 agents × 1 record).
    const result = await blastRadius('blast-star.yaml', { agents: 'a0', seeds: 3, sets: ['rounds=14'] });
    const [hub] = result.agents;
    expect(hub?.compromised.mean).toBeCloseTo(19 / 3, 10);
    expect(hub?.compromised.sd).toBeGreaterThan(0);
    expect(hub?.compromised.hi).toBe(7);
    expect(hub?.records.hi).toBe(8);
    expect(hub?.compromised.lo).toBeGreaterThan(0);
  });
});
