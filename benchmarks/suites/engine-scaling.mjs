// engine-scaling: the message-throughput workload (benign `stochastic` traffic, BA m=3, no defenses) at
// 10^3, 3*10^3 and 10^4 agents with a fixed number of rounds, one core, one fresh process per sample.
// The direct channel is measured twice: with Node's default GC settings and with a larger young
// generation (--max-semi-space-size=64), to show how much of the per-envelope cost is garbage collection.
import { childRun, log, median, round } from '../lib/common.mjs';

const BENCH = 'engine-scaling';
const SIZES = [1_000, 3_000, 10_000];
const ROUNDS = 10;
const SERIES = [
  { channel: 'direct', nodeFlags: [] },
  { channel: 'inbox', nodeFlags: [] },
  { channel: 'direct', nodeFlags: ['--max-semi-space-size=64'] },
];

export async function run({ quick, emit }) {
  const reps = quick ? 1 : 3;
  for (const { channel, nodeFlags } of SERIES) {
    let smallest = null;
    for (const agents of SIZES) {
      const list = [];
      for (let rep = 0; rep < reps; rep++) list.push(childRun({ agents, rounds: ROUNDS, channel }, nodeFlags));
      const wallMs = median(list.map((r) => r.wallMs));
      const rate = median(list.map((r) => r.envelopes / (r.wallMs / 1000)));
      const loopRate = median(list.map((r) => r.envelopes / (r.loopMs / 1000)));
      const msPerRound = median(list.map((r) => r.loopMs / ROUNDS));
      const setupMs = median(list.map((r) => r.setupMs));
      const gcMs = median(list.map((r) => r.gcMs));
      const envelopes = list[0].envelopes;
      const flags = nodeFlags.join(' ');
      log(`  [${BENCH}] ${channel}${flags ? ` (${flags})` : ''} ${agents} agents: ${wallMs.toFixed(0)} ms, ${Math.round(rate)} env/s, ${msPerRound.toFixed(1)} ms/round, setup ${setupMs.toFixed(0)} ms, GC ${gcMs.toFixed(0)} ms`);
      smallest ??= { agents, msPerRound };
      const extra = {
        agents,
        rounds: ROUNDS,
        channel,
        nodeFlags,
        policy: 'stochastic',
        topology: 'barabasi-albert m=3',
        pipeline: [],
        reps,
        process: 'fresh node process per sample, after >= 2 s of warm-up runs (seeds 1001..) of the same scenario',
        envelopes,
      };
      emit(BENCH, 'envelopes-per-s', Math.round(rate), 'envelopes/s', {
        ...extra,
        stat: 'median',
        samples: list.map((r) => Math.round(r.envelopes / (r.wallMs / 1000))),
        loopEnvelopesPerS: Math.round(loopRate),
        gcShare: round(gcMs / wallMs, 2),
      });
      emit(BENCH, 'ms-per-round', round(msPerRound, 2), 'ms', {
        ...extra,
        stat: 'median',
        samples: list.map((r) => round(r.loopMs / ROUNDS, 2)),
        setupMs: round(setupMs, 1),
        wallMs: round(wallMs, 1),
        gcMs: round(gcMs, 1),
        scaleVsSmallest: round(msPerRound / smallest.msPerRound, 2),
        agentsVsSmallest: agents / smallest.agents,
        note: 'round-loop time (first policy call to end of run, incl. final metrics) / rounds; setup (graph, agents, records) excluded',
      });
    }
  }
}
