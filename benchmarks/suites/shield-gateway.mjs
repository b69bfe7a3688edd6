// shield-gateway (issue 12): the gateway's cost on A2A SendMessage over loopback, with the deterministic
// guards (rate-limit, content-detector, propagation-monitor, quarantine, taint-labels, circuit-breaker) and
// the SQLite audit log (two records per request, written before answering). The upstream is a minimal agent
// (fixed answer) so that the gateway is what is measured; gateway and upstream run in their own processes.
//  - added latency: open loop at 100 and 1,000 requests/s, p50 and p99 through the gateway minus direct, same run;
//    then at 1,000/s with signed messages (a second gateway verifying signature, audience, nonce and skew), which
//    is what the latency bar names;
//  - throughput: wrk if installed (else autocannon), closed loop, requests/s answered through the gateway (and direct, for scale);
//  - soak: resident memory of the gateway sampled while it serves 1,000 requests/s; first vs last minute.
// Bars (BENCHMARKS.md): p50 ≤ 1 ms and p99 ≤ 5 ms added at 1,000/s; ≥ 5,000/s sustained; RSS flat ±10%.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { REPO_ROOT, log, median, round } from '../lib/common.mjs';
import * as shield from '@masec/shield';
import { BODY, closedLoopWrk, openLoop, percentile, signedBodies, wrkAvailable } from '../lib/shield-load.mjs';

const BENCH = 'shield-gateway';
const LIB = join(dirname(fileURLToPath(import.meta.url)), '../lib');

function child(script, args) {
  const proc = fork(join(LIB, script), args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line !== undefined) resolve({ proc, url: line.trim() });
    });
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/**
 * CPU time (ms) of a process's main thread: the gateway's event loop, where its per-request cost decides
 * its queueing. Less sensitive to the rest of the machine's load than latencies and rates.
 */
const mainThreadMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

// The closed loop's generator shares the two cores with the gateway and the upstream: Debian's `wrk` (C) when
// installed takes far less of them than autocannon (Node), so more of the machine is left to what is measured.
const GENERATOR = wrkAvailable() ? 'wrk' : 'autocannon';

async function throughput(url, seconds) {
  if (GENERATOR === 'wrk') return closedLoopWrk(url, { connections: 64, seconds });
  const result = await autocannon({
    url,
    method: 'POST',
    connections: 64,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0', 'x-agent': 'caller-1' },
    body: BODY(7),
  });
  return { rps: result.requests.average, non2xx: result.non2xx, errors: result.errors };
}

export async function run({ quick, emit }) {
  const upstream = await child('shield-upstream-child.mjs', []);
  const gateway = await child('shield-gateway-child.mjs', [upstream.url]);
  const target = `${gateway.url}/agents/planner`;
  const direct = `${upstream.url}/`;
  // The same gateway verifying signed messages, for the latency bar (signature verification, replay check, guards, audit).
  const { key } = await shield.generateAgentKey();
  const signedGateway = await child('shield-gateway-child.mjs', [upstream.url, 'guards', key.did]);
  const signedTarget = `${signedGateway.url}/agents/planner`;
  const extra = { guards: 'rate-limit, content-detector, propagation-monitor, quarantine, taint-labels, circuit-breaker', audit: 'sqlite, 2 records per request, lineage index on the helper thread' };
  try {
    // Warm up both paths (JIT, connection pools).
    await openLoop(target, { rate: 500, seconds: 2 });
    await openLoop(direct, { rate: 500, seconds: 2 });

    const reps = quick ? 1 : 3;
    const seconds = quick ? 5 : 15;
    // 1,000/s is the bar's rate; 100/s shows the cost per request when the gateway is not queueing.
    for (const rate of [100, 1000]) {
      const added = { p50: [], p99: [] };
      for (let r = 0; r < reps; r++) {
        const d = await openLoop(direct, { rate, seconds });
        const cpu0 = mainThreadMs(gateway.proc.pid);
        const g = await openLoop(target, { rate, seconds });
        const cpu = (1000 * (mainThreadMs(gateway.proc.pid) - cpu0)) / (g.latencies.length + g.errors);
        const row = {
          directP50: percentile(d.latencies, 50),
          directP99: percentile(d.latencies, 99),
          gatewayP50: percentile(g.latencies, 50),
          gatewayP99: percentile(g.latencies, 99),
          errors: d.errors + g.errors,
          achieved: g.achieved,
        };
        added.p50.push(row.gatewayP50 - row.directP50);
        added.p99.push(row.gatewayP99 - row.directP99);
        log(`  [${BENCH}] ${rate}/s x ${seconds} s: direct p50 ${row.directP50.toFixed(3)} p99 ${row.directP99.toFixed(3)} ms; gateway p50 ${row.gatewayP50.toFixed(3)} p99 ${row.gatewayP99.toFixed(3)} ms (${row.errors} errors, ${row.achieved.toFixed(0)}/s answered); gateway main thread ${cpu.toFixed(0)} µs/request`);
        emit(BENCH, 'gateway-main-thread-cpu', round(cpu, 0), 'µs/request', { rate, seconds, ...extra });
        emit(BENCH, 'latency-direct-p50', round(row.directP50), 'ms', { rate, seconds });
        emit(BENCH, 'latency-direct-p99', round(row.directP99), 'ms', { rate, seconds });
        emit(BENCH, 'latency-gateway-p50', round(row.gatewayP50), 'ms', { rate, seconds, achieved: round(row.achieved, 0), ...extra });
        emit(BENCH, 'latency-gateway-p99', round(row.gatewayP99), 'ms', { rate, seconds, achieved: round(row.achieved, 0), ...extra });
      }
      emit(BENCH, 'added-latency-p50', round(median(added.p50)), 'ms', { rate, reps, ...extra });
      emit(BENCH, 'added-latency-p99', round(median(added.p99)), 'ms', { rate, reps, ...extra });
    }

    // Signed messages at the bar's rate: each request carries a fresh signature (signed ahead, outside the
    // measured loop), which the gateway verifies before the guards run. Direct gets the same bodies.
    {
      const rate = 1000;
      const warm = await signedBodies(shield, key, 'planner', 1000);
      await openLoop(signedTarget, { rate: 500, seconds: 2, body: (i) => warm[i] });
      const added = { p50: [], p99: [] };
      for (let r = 0; r < reps; r++) {
        // Signed just before each loop: a body is sent at most `seconds` plus the signing time after it was signed.
        let bodies = await signedBodies(shield, key, 'planner', rate * seconds);
        const d = await openLoop(direct, { rate, seconds, body: (i) => bodies[i] });
        bodies = await signedBodies(shield, key, 'planner', rate * seconds);
        const cpu0 = mainThreadMs(signedGateway.proc.pid);
        const g = await openLoop(signedTarget, { rate, seconds, body: (i) => bodies[i] });
        const cpu = (1000 * (mainThreadMs(signedGateway.proc.pid) - cpu0)) / (g.latencies.length + g.errors);
        const row = { directP50: percentile(d.latencies, 50), directP99: percentile(d.latencies, 99), gatewayP50: percentile(g.latencies, 50), gatewayP99: percentile(g.latencies, 99), errors: d.errors + g.errors };
        added.p50.push(row.gatewayP50 - row.directP50);
        added.p99.push(row.gatewayP99 - row.directP99);
        log(`  [${BENCH}] signed, ${rate}/s x ${seconds} s: direct p50 ${row.directP50.toFixed(3)} p99 ${row.directP99.toFixed(3)} ms; gateway p50 ${row.gatewayP50.toFixed(3)} p99 ${row.gatewayP99.toFixed(3)} ms (${row.errors} errors, ${g.achieved.toFixed(0)}/s answered); gateway main thread ${cpu.toFixed(0)} µs/request`);
        emit(BENCH, 'signed-gateway-main-thread-cpu', round(cpu, 0), 'µs/request', { rate, seconds, ...extra });
        emit(BENCH, 'latency-signed-gateway-p50', round(row.gatewayP50), 'ms', { rate, seconds, errors: row.errors, ...extra });
        emit(BENCH, 'latency-signed-gateway-p99', round(row.gatewayP99), 'ms', { rate, seconds, errors: row.errors, ...extra });
      }
      emit(BENCH, 'added-latency-signed-p50', round(median(added.p50)), 'ms', { rate, reps, bar: 1, signatures: 'ed25519 JWS, nonce and skew checked', ...extra });
      emit(BENCH, 'added-latency-signed-p99', round(median(added.p99)), 'ms', { rate, reps, bar: 5, signatures: 'ed25519 JWS, nonce and skew checked', ...extra });
    }

    const tSeconds = quick ? 5 : 10;
    const tGateway = [];
    for (let r = 0; r < reps; r++) {
      const cpu0 = mainThreadMs(gateway.proc.pid);
      const g = await throughput(target, tSeconds);
      const cpu = (1000 * (mainThreadMs(gateway.proc.pid) - cpu0)) / (g.rps * tSeconds);
      const d = await throughput(direct, tSeconds);
      tGateway.push(g.rps);
      log(`  [${BENCH}] closed loop (${GENERATOR}), 64 connections, ${tSeconds} s: gateway ${g.rps.toFixed(0)}/s (${g.non2xx} non-2xx, ${g.errors} errors; main thread ${cpu.toFixed(0)} µs/request), direct ${d.rps.toFixed(0)}/s`);
      emit(BENCH, 'closed-loop-main-thread-cpu', round(cpu, 0), 'µs/request', { connections: 64, seconds: tSeconds, generator: GENERATOR });
      emit(BENCH, 'throughput-direct', round(d.rps, 0), 'req/s', { connections: 64, seconds: tSeconds, generator: GENERATOR });
      emit(BENCH, 'throughput-gateway', round(g.rps, 0), 'req/s', { connections: 64, seconds: tSeconds, generator: GENERATOR, non2xx: g.non2xx, errors: g.errors, ...extra });
    }
    emit(BENCH, 'throughput-gateway-median', round(median(tGateway), 0), 'req/s', { bar: 5000, generator: GENERATOR, ...extra });

    // Soak: RSS sampled every 5 s while serving 1,000/s; the first and last minute compared (quick: 60 s, 20 s windows).
    const soakSeconds = quick ? 60 : Number(process.env.MASEC_SHIELD_SOAK_SECONDS ?? 600);
    const soakRate = Number(process.env.MASEC_SHIELD_SOAK_RATE ?? 1000);
    const window = quick ? 20 : 60;
    const samples = [];
    const sampler = setInterval(() => samples.push({ t: samples.length * 5, rss: rssMiB(gateway.proc.pid) }), 5000);
    await openLoop(target, { rate: soakRate, seconds: soakSeconds });
    clearInterval(sampler);
    const first = median(samples.filter((s) => s.t < window).map((s) => s.rss));
    const last = median(samples.filter((s) => s.t >= soakSeconds - window).map((s) => s.rss));
    log(`  [${BENCH}] soak ${soakSeconds} s at ${soakRate}/s: RSS first ${window} s ${first.toFixed(1)} MiB, last ${window} s ${last.toFixed(1)} MiB (${((100 * (last - first)) / first).toFixed(1)}%)`);
    emit(BENCH, 'soak-rss-first', round(first, 1), 'MiB', { seconds: soakSeconds, window });
    emit(BENCH, 'soak-rss-last', round(last, 1), 'MiB', { seconds: soakSeconds, window });
    emit(BENCH, 'soak-rss-change', round((100 * (last - first)) / first, 1), '%', { seconds: soakSeconds, rate: soakRate, bar: 10 });
  } finally {
    signedGateway.proc.kill();
    gateway.proc.kill();
    upstream.proc.kill();
  }
}
