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

function send(agent, url, i, bodyOf = BODY) {
  const body = bodyOf(i);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'a2a-version': '1.0', 'x-agent': `caller-${i % 20}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        // A gateway refusal of a JSON-RPC call is a JSON-RPC error in a 200 answer: count it as a failure.
        const answer = Buffer.concat(chunks);
        if (answer.includes('"error"') && JSON.parse(answer.toString()).error !== undefined) return reject(new Error('JSON-RPC error'));
        resolve(answer.length);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Requests at `rate` per second for `seconds`; latencies in ms, sorted. `body(i)` gives request i's body (default BODY). */
export async function openLoop(url, { rate, seconds, connections = 64, body = BODY }) {
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
    pending.push(send(agent, url, i, body).then(() => latencies.push(performance.now() - t0), () => errors++));
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
  // Each thread counts JSON-RPC error answers (a gateway refusal is one, in a 200 answer); done() prints the sum.
  writeFileSync(
    script,
    [
      `wrk.method = "POST"`,
      `wrk.body = ${lua(BODY(7))}`,
      `wrk.headers["content-type"] = "application/json"`,
      `wrk.headers["a2a-version"] = "1.0"`,
      `wrk.headers["x-agent"] = "caller-1"`,
      `local threads = {}`,
      `function setup(thread) table.insert(threads, thread) end`,
      `function init(args) rpcErrors = 0 end`,
      `function response(status, headers, body) if string.find(body, '"error"', 1, true) then rpcErrors = rpcErrors + 1 end end`,
      `function done(summary, latency, requests) local n = 0 for _, t in ipairs(threads) do n = n + t:get("rpcErrors") end io.write(string.format("JSON-RPC errors: %d\\n", n)) end`,
      '',
    ].join('\n'),
  );
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
    const rpcErrors = /JSON-RPC errors: (\d+)/.exec(run.stdout);
    if (rpcErrors === null) throw new Error(`wrk did not report the JSON-RPC errors it counted:\n${run.stdout}`);
    return { rps, non2xx: number(/Non-2xx or 3xx responses:\s+(\d+)/) + Number(rpcErrors[1]), errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `count` signed SendMessage bodies (the signed-messages extension, docs/reference/signed-messages.md):
 * each BODY(i) with a detached JWS by `key` for `audience`, a fresh nonce and the current time in its
 * params' metadata, signed ahead so that the generator's signing is not part of what is measured. Use them
 * within the gateway's `maxSkewMs` (30 s by default) of signing.
 */
export async function signedBodies(shield, key, audience, count) {
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const request = JSON.parse(BODY(i));
    const entry = await shield.signContent(key, { method: request.method, body: request.params }, audience);
    request.params.metadata = { [shield.SIGNED_MESSAGES_EXTENSION]: entry };
    out[i] = JSON.stringify(request);
  }
  return out;
}
