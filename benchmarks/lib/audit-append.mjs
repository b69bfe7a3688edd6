// The shield's audit log alone (not part of run-all): `node benchmarks/lib/audit-append.mjs`. Appends N pairs
// of records (a request's and its answer's, default N = 20,000 after 2,000 to warm up), one group commit a pair
// as at 1,000 requests/s, and prints per pair the wall time and the CPU time of the main thread (the gateway's
// event loop) and of the log's other threads (the helper's WAL checkpoints and lineage index), from
// /proc/self/task. Compare two builds by running it on each.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { SqliteAuditLog, fileSigner } from '@masec/shield';
const dir = mkdtempSync(join(tmpdir(), 'masec-ab-'));
const log = new SqliteAuditLog({ path: join(dir, 'a.sqlite'), signer: fileSigner(join(dir, 'k.pem'), { create: true }), checkpointEvery: 1000, checkpointMs: 10_000 });
const cpu = () => Object.fromEntries(readdirSync(`/proc/self/task`).map((t) => { const f = readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1].split(' '); return [t, (Number(f[11]) + Number(f[12])) * 10]; }));
const h = (s) => createHash('sha256').update(s).digest('hex');
const e = (i, k) => ({ time: Date.now(), kind: k ? 'response' : 'request', protocol: 'a2a', route: '/agents/planner', method: 'SendMessage', sender: k ? 'planner' : `caller-${i % 20}`, recipient: k ? `caller-${i % 20}` : 'planner', action: 'deliver', digest: h(`p${i % 50}-${k}`), bodyDigest: h(`b${i}`) });
const N = Number(process.env.N ?? 20000);
for (let i = 0; i < 2000; i++) await Promise.all([log.append(e(i, 0)), log.append(e(i, 1))]);
const c0 = cpu(); const t0 = performance.now();
for (let i = 0; i < N; i++) await Promise.all([log.append(e(i, 0)), log.append(e(i, 1))]);
const wall = performance.now() - t0; const c1 = cpu();
const main = String(process.pid);
const other = Object.keys(c1).filter((t) => t !== main).reduce((a, t) => a + c1[t] - (c0[t] ?? 0), 0);
console.log(`per pair: wall ${((wall * 1000) / N).toFixed(1)} µs, main thread ${((1000 * (c1[main] - c0[main])) / N).toFixed(1)} µs, other threads ${((1000 * other) / N).toFixed(1)} µs`);
await log.close(); rmSync(dir, { recursive: true, force: true });
