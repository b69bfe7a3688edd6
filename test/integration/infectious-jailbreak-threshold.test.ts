/**
 * The mean-field threshold of infectious-jailbreak (Gu et al. 2024) in the message engine: with random
 * pairing, a FIFO album of L items and the album-chat surrogate, a carrier passes the item on with
 * probability β = retrieval·jailbreak per chat in which it asks (half its chats) and keeps it for about 2L
 * rounds (γ ≈ 1/(2L)). The mean field c' = c + (β/2)·c·(1 − c) − γ·c predicts that the carriers die out
 * when β ≤ 2γ and take over when β > 2γ. Here L = 4, so 2γ ≈ 0.25: β = 0.2 (below) and β = 0.45 (above),
 * each from 10 patient zeros among 200 agents. The population engine's pairing model with the same β and
 * album agrees on the final carrier fraction.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '@masec/runner';
import { createRegistries, parseScenario, runScenario } from '@masec/sim';

const SEEDS = [1, 2, 3, 4, 5];
const AGENTS = 200;
const PATIENT_ZEROS = 10;
const ALBUM = 4;
const ROUNDS = 40;

const message = (retrieval: number, jailbreak: number) => `
id: ijb-threshold
rounds: ${ROUNDS}
agents: { count: ${AGENTS}, records: 0, policy: { id: album-chat, config: { retrieval: ${retrieval}, jailbreak: ${jailbreak} } } }
topology: { kind: random-pairing }
channel: { kind: inbox, memory: { capacity: ${ALBUM} } }
threats: [{ id: infectious-jailbreak, config: { patientZeros: ${PATIENT_ZEROS} } }]
metrics: [infected-fraction, carrier-fraction]`;

const population = (beta: number) => `
id: ijb-threshold
rounds: ${ROUNDS}
engine: population
agents: { count: ${AGENTS} }
topology: { kind: random-pairing }
population: { patientZeros: ${PATIENT_ZEROS}, transmission: ${beta}, recovery: 0, album: { length: ${ALBUM} } }
metrics: [infected-fraction, carrier-fraction]`;

interface Sweep {
  final: number[];
  /** Mean carrier fraction over the last 10 rounds of each run. */
  late: number[];
}

async function sweep(yaml: string): Promise<Sweep> {
  const registries = createRegistries();
  const scenario = parseScenario(yaml, { file: 'ijb-threshold.yaml', registries });
  const out: Sweep = { final: [], late: [] };
  for (const seed of SEEDS) {
    const run = await runScenario(scenario, { seed, registries });
    const series = run.series['carrier-fraction'] ?? [];
    expect(series).toHaveLength(ROUNDS);
    out.final.push(run.metrics['carrier-fraction'] as number);
    out.late.push(series.slice(-10).reduce((a, b) => a + b, 0) / 10);
  }
  return out;
}

const start = PATIENT_ZEROS / AGENTS;

describe('infectious-jailbreak: the β = 2γ threshold in the message engine (album 4, so 2γ ≈ 0.25)', () => {
  it('below (β = 0.5 x 0.4 = 0.2): the carriers decline from the patient zeros towards extinction in every seed', async () => {
    const below = await sweep(message(0.5, 0.4));
    for (const late of below.late) expect(late).toBeLessThan(start);
    expect(summarize(below.final).mean!).toBeLessThan(start / 2);
  });

  it('above (β = 0.9 x 0.5 = 0.45): the carriers take over most of the population in every seed, as in the population engine', async () => {
    const [above, pop] = await Promise.all([sweep(message(0.9, 0.5)), sweep(population(0.45))]);
    for (const final of above.final) expect(final).toBeGreaterThan(0.5);
    const m = summarize(above.late);
    const p = summarize(pop.late);
    // The two engines' intervals overlap: the means differ by less than the sum of the half-widths.
    expect(Math.abs(m.mean! - p.mean!)).toBeLessThan((m.hi! - m.lo!) / 2 + (p.hi! - p.lo!) / 2);
    // And the population engine puts the same β below threshold into decline too.
    const popBelow = await sweep(population(0.2));
    expect(summarize(popBelow.late).mean!).toBeLessThan(start);
  });
});
