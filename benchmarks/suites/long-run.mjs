// long-run (issue 10, ADR 0017): a long message-engine run — two pricing agents in a market environment, one
// environment step per round — with its event log streamed to the encoder only, against the same run keeping
// its log in memory too. Reports wall time, heap (after a full GC) and resident memory after the run, and the
// compressed log.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, log, round } from '../lib/common.mjs';

const BENCH = 'long-run';

function child(spec) {
  const script = join(dirname(fileURLToPath(import.meta.url)), '../lib/long-run-child.mjs');
  const out = execFileSync(process.execPath, ['--expose-gc', script, JSON.stringify(spec)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.toString().trim().split('\n').pop());
}

export async function run({ quick, emit }) {
  const rounds = quick ? 200_000 : 1_000_000;
  const results = {};
  for (const keep of [false, true]) {
    const r = child({ rounds, keep });
    results[keep ? 'kept' : 'streamed'] = r;
    log(`  [${BENCH}] ${rounds} rounds, log ${keep ? 'kept' : 'streamed'}: ${(r.wallMs / 1000).toFixed(1)} s, heap ${r.heapMB.toFixed(0)} MB, rss ${r.rssMB.toFixed(0)} MB, log ${r.gzMB.toFixed(1)} MB gz`);
    const extra = { rounds, log: keep ? 'kept in memory and streamed' : 'streamed only', events: r.events, agents: 2, environment: 'market' };
    emit(BENCH, 'wall', round(r.wallMs / 1000, 2), 's', extra);
    emit(BENCH, 'heap-after-run', round(r.heapMB, 1), 'MiB', extra);
    emit(BENCH, 'rss-after-run', round(r.rssMB, 1), 'MiB', extra);
    emit(BENCH, 'log-compressed', round(r.gzMB, 2), 'MiB', extra);
  }
  if (results.kept.digest !== results.streamed.digest) throw new Error('streamed and kept runs gave different digests');
  emit(BENCH, 'us-per-round', round((1000 * results.streamed.wallMs) / rounds, 2), 'µs', { rounds, log: 'streamed only' });
}
