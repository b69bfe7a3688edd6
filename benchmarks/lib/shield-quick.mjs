// Quick figures for one change (not part of run-all): `node benchmarks/lib/shield-quick.mjs`. Added latency
// at 1,000/s (open loop, REPS × SECONDS, direct and through the gateway alternately, default 3 × 5 s), then
// closed-loop throughput (autocannon, 64 connections, REPS × SECONDS) with the gateway process's CPU time
// per request (from /proc, less sensitive to other load than the rates); the latency phase prints the
// gateway main thread's CPU per request. PROF=dir runs the gateway under --cpu-prof; TPUT_ONLY=1 skips the
// latency phase, LAT_ONLY=1 the closed loop; XCHILD names another gateway child script in this folder;
// GW_FLAGS passes Node flags to the gateway (e.g. GW_FLAGS=--max-semi-space-size=64).
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
const cpuMs = (pid, file = `/proc/${pid}/stat`) => { const f = readFileSync(file, 'utf8').split(') ')[1].split(' '); return ((Number(f[11]) + Number(f[12])) * 1000) / 100; };
// The gateway's main thread alone (its event loop), from its task's stat.
const mainMs = (pid) => cpuMs(pid, `/proc/${pid}/task/${pid}/stat`);
import { BODY, openLoop, percentile } from './shield-load.mjs';

const LIB = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.SECONDS ?? 5);
const reps = Number(process.env.REPS ?? 3);
function child(script, args, execArgv = []) {
  const proc = fork(join(LIB, script), args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv });
  return new Promise((resolve) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve({ proc, url: line.trim() });
    });
  });
}
const up = await child('shield-upstream-child.mjs', []);
const flags = [...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`] : []), ...(process.env.GW_FLAGS?.split(' ').filter(Boolean) ?? [])];
const gw = await child(process.env.XCHILD ?? 'shield-gateway-child.mjs', [up.url], flags);
const target = `${gw.url}/agents/planner`;
const direct = `${up.url}/`;
await openLoop(target, { rate: 500, seconds: 2 });
await openLoop(direct, { rate: 500, seconds: 2 });
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const a50 = [], a99 = [];
for (let r = 0; r < reps && !process.env.TPUT_ONLY; r++) {
  const d = await openLoop(direct, { rate: 1000, seconds });
  const m0 = mainMs(gw.proc.pid);
  const g = await openLoop(target, { rate: 1000, seconds });
  const main = (1000 * (mainMs(gw.proc.pid) - m0)) / g.latencies.length;
  a50.push(percentile(g.latencies, 50) - percentile(d.latencies, 50));
  a99.push(percentile(g.latencies, 99) - percentile(d.latencies, 99));
  console.log(`1000/s: direct ${percentile(d.latencies, 50).toFixed(3)}/${percentile(d.latencies, 99).toFixed(3)} gateway ${percentile(g.latencies, 50).toFixed(3)}/${percentile(g.latencies, 99).toFixed(3)} errors ${d.errors + g.errors}; gateway main thread ${main.toFixed(0)} µs/request`);
}
const tp = [];
const cpu = [];
for (let r = 0; r < (process.env.LAT_ONLY ? 0 : reps); r++) {
  const c0 = cpuMs(gw.proc.pid);
  const res = await autocannon({ url: target, method: 'POST', connections: 64, duration: seconds, headers: { 'content-type': 'application/json', 'a2a-version': '1.0', 'x-agent': 'caller-1' }, body: BODY(7) });
  tp.push(res.requests.average);
  cpu.push((1000 * (cpuMs(gw.proc.pid) - c0)) / res.requests.total);
  console.log(`closed loop: ${res.requests.average}/s non2xx ${res.non2xx} errors ${res.errors}; gateway CPU ${cpu.at(-1).toFixed(0)} µs/request`);
}
if (!tp.length) console.log(`ADDED p50 ${med(a50).toFixed(3)} ms p99 ${med(a99).toFixed(3)} ms`);
else if (a50.length) console.log(`ADDED p50 ${med(a50).toFixed(3)} ms p99 ${med(a99).toFixed(3)} ms; closed loop median ${med(tp)}/s, gateway CPU ${med(cpu).toFixed(0)} µs/request`);
else console.log(`closed loop median ${med(tp)}/s, gateway CPU ${med(cpu).toFixed(0)} µs/request`);
gw.proc.kill('SIGINT');
up.proc.kill();
await new Promise((r) => setTimeout(r, 1500));
process.exit(0);
