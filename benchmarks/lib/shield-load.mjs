// Load generation for the shield benchmarks, on loopback: an open-loop generator (requests started at a
// fixed rate whatever the answers do, latency measured per request with a monotonic clock) and a
// closed-loop one (N connections, each sending its next request when the previous is answered).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const BODY = (i) =>
  JSON.stringify({ jsonrpc: '2.0', id: i, method: 'SendMessage', params: { message: { messageId: `m-${i}`, role: 'ROLE_USER', parts: [{ text: `Could you move the planning meeting to Thursday at ten? Request ${i % 50}.` }] } } });

function send(agent, url, i) {
  const body = BODY(i);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'a2a-version': '1.0', 'x-agent': `caller-${i % 20}` } }, (res) => {
      let size = 0;
      res.on('data', (c) => (size += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(size) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Requests at `rate` per second for `seconds`; latencies in ms, sorted. */
export async function openLoop(url, { rate, seconds, connections = 64 }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const latencies = [];
  let errors = 0;
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    pending.push(send(agent, url, i).then(() => latencies.push(performance.now() - t0), () => errors++));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, errors, achieved: latencies.length / elapsed };
}

/** `connections` loops for `seconds`: requests per second answered. */
export async function closedLoop(url, { connections, seconds }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let done = 0;
  let errors = 0;
  let i = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        try {
          await send(agent, url, i++);
          done++;
        } catch {
          errors++;
        }
      }
    }),
  );
  agent.destroy();
  return { rps: done / seconds, errors };
}

/** Debian's `wrk` on PATH, if installed (`apt-get install wrk`): a load generator in C, much cheaper per request than one in Node. */
export function wrkAvailable() {
  const found = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  return found.error === undefined;
}

/**
 * Closed loop with `wrk` (one thread, `connections` connections, `seconds`), posting BODY(7) as
 * `caller-1`: requests per second answered, with the non-2xx answers and socket errors it counted.
 */
export async function closedLoopWrk(url, { connections, seconds }) {
  const dir = mkdtempSync(join(tmpdir(), 'masec-wrk-'));
  const script = join(dir, 'post.lua');
  const lua = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  writeFileSync(script, [`wrk.method = "POST"`, `wrk.body = ${lua(BODY(7))}`, `wrk.headers["content-type"] = "application/json"`, `wrk.headers["a2a-version"] = "1.0"`, `wrk.headers["x-agent"] = "caller-1"`, ''].join('\n'));
  try {
    const run = await new Promise((resolve, reject) =>
      execFile('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', script, url], { encoding: 'utf8', timeout: (seconds + 30) * 1000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`wrk failed: ${stderr || error.message}`)) : resolve({ stdout }),
      ),
    );
    const number = (re) => Number(re.exec(run.stdout)?.[1] ?? 0);
    const rps = number(/Requests\/sec:\s+([\d.]+)/);
    if (!(rps > 0)) throw new Error(`wrk printed no rate:\n${run.stdout}`);
    const errors = [...run.stdout.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    return { rps, non2xx: number(/Non-2xx or 3xx responses:\s+(\d+)/), errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
