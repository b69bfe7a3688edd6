// message-throughput (BENCHMARKS.md "Message engine"): 10^4 agents of benign `stochastic` traffic on a
// BA m=3 graph, in-process on one core, channel direct and inbox, with no defenses vs. the full default
// shield pipeline (provenance-tagging, content-detector, quarantine, default configs).
import { SHIELD_DEFAULT, childRun, log, median, round } from '../lib/common.mjs';

const BENCH = 'message-throughput';
const AGENTS = 10_000;
const ROUNDS = 10;
const BAR_RATE = 100_000;
const BAR_OVERHEAD = 2;

export async function run({ quick, emit }) {
  const reps = quick ? 1 : 3;
  const channels = ['direct', 'inbox'];
  const pipelines = { none: [], shield: SHIELD_DEFAULT };
  const configs = channels.flatMap((channel) => Object.keys(pipelines).map((pipeline) => ({ channel, pipeline })));

  // One fresh process per (configuration, repetition), interleaved so machine noise hits all alike.
  const samples = new Map(configs.map((c) => [`${c.channel}/${c.pipeline}`, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const c of configs) {
      const key = `${c.channel}/${c.pipeline}`;
      const r = childRun({ agents: AGENTS, rounds: ROUNDS, channel: c.channel, defenses: pipelines[c.pipeline] });
      samples.get(key).push(r);
      log(`  [${BENCH}] rep ${rep + 1}/${reps} ${key}: ${(r.wallMs / 1000).toFixed(2)} s, ${r.envelopes} envelopes, ${Math.round(r.envelopes / (r.wallMs / 1000))} env/s (setup ${r.setupMs.toFixed(0)} ms, GC ${r.gcMs.toFixed(0)} ms)`);
    }
  }

  const summary = new Map();
  for (const c of configs) {
    const key = `${c.channel}/${c.pipeline}`;
    const list = samples.get(key);
    const rates = list.map((r) => r.envelopes / (r.wallMs / 1000));
    const rate = median(rates);
    const wallMs = median(list.map((r) => r.wallMs));
    const perEnvelopeUs = median(list.map((r) => (1000 * r.wallMs) / r.envelopes));
    summary.set(key, { wallMs, perEnvelopeUs, rate });
    const first = list[0];
    const extra = {
      agents: AGENTS,
      rounds: ROUNDS,
      policy: 'stochastic',
      topology: 'barabasi-albert m=3',
      channel: c.channel,
      pipeline: c.pipeline === 'none' ? [] : SHIELD_DEFAULT.map((d) => d.id),
      reps,
      process: 'fresh node process per sample, after >= 2 s of warm-up runs (seeds 1001..) of the same scenario',
      envelopes: first.envelopes,
      events: first.events,
    };
    emit(BENCH, 'envelopes-per-s', Math.round(rate), 'envelopes/s', {
      ...extra,
      stat: 'median',
      samples: rates.map(Math.round),
      bar: `>= ${BAR_RATE} envelopes/s (pipeline on)`,
      meetsBar: c.pipeline === 'shield' ? rate >= BAR_RATE : undefined,
    });
    emit(BENCH, 'run-wall', round(wallMs, 1), 'ms', {
      ...extra,
      stat: 'median',
      samples: list.map((r) => round(r.wallMs, 1)),
      setupMs: round(median(list.map((r) => r.setupMs)), 1),
      loopMs: round(median(list.map((r) => r.loopMs)), 1),
      gcMs: round(median(list.map((r) => r.gcMs)), 1),
    });
    emit(BENCH, 'us-per-envelope', round(perEnvelopeUs, 2), 'us', { ...extra, stat: 'median' });
    if (c.pipeline === 'shield') {
      const guardMeanUs = Object.fromEntries(Object.entries(first.guardMicros).map(([k, v]) => [k, round(v, 2)]));
      emit(BENCH, 'shield-side-effects', first.flags, 'flags', {
        ...extra,
        quarantinedAgents: first.quarantines,
        blockedEnvelopes: first.blocked,
        guardMeanUs,
        note: 'benign traffic only: every flag is a false positive; quarantine then blocks those senders',
      });
    }
  }
  for (const channel of channels) {
    const none = summary.get(`${channel}/none`);
    const shield = summary.get(`${channel}/shield`);
    const ratio = shield.wallMs / none.wallMs;
    const perEnvelopeRatio = shield.perEnvelopeUs / none.perEnvelopeUs;
    emit(BENCH, 'pipeline-overhead', round(ratio, 2), 'x', {
      agents: AGENTS,
      rounds: ROUNDS,
      channel,
      reps,
      perEnvelopeRatio: round(perEnvelopeRatio, 2),
      note: 'median run wall with the default shield pipeline / without; perEnvelopeRatio compares time per envelope (quarantine lowers the envelope count)',
      bar: `<= ${BAR_OVERHEAD}x`,
      meetsBar: ratio <= BAR_OVERHEAD,
    });
  }
}
