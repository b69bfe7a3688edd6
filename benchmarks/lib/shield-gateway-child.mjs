// The shield gateway for the benchmarks, in its own process as in production: the deterministic guards
// (argv[3] 'none': none) and the SQLite audit log, in front of the upstream given as argv[2], verifying the
// signed messages of the did:key in argv[4] when given. Prints its URL, then serves until the parent goes away.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAuditLog, fileSigner, parseShieldConfig, startGateway } from '@masec/shield';

export const DETERMINISTIC_GUARDS = [
  { id: 'rate-limit', config: { perAgent: { burst: 1_000_000, rate: 1_000_000, per: 1000 } } },
  { id: 'content-detector', config: { action: 'block' } },
  { id: 'propagation-monitor', config: { agents: 3, window: 60_000 } },
  { id: 'quarantine', config: { afterFlags: 2 } },
  { id: 'taint-labels', config: {} },
  { id: 'circuit-breaker', config: { window: 1000, cooldown: 1000 } },
];

const upstream = process.argv[2];
const guards = process.argv[3] === 'none' ? [] : DETERMINISTIC_GUARDS;
// argv[4], when given: the did:key whose signed messages the gateway verifies (signature, audience, nonce, skew).
const signer = process.argv[4];
const dir = mkdtempSync(join(tmpdir(), 'masec-bench-shield-'));
const { config } = parseShieldConfig(
  JSON.stringify({ listen: { host: '127.0.0.1', port: 0 }, agents: [{ id: 'planner', path: '/agents/planner', upstream: `${upstream}/` }], guards, identity: { header: 'x-agent', ...(signer === undefined ? {} : { signatures: { trusted: [signer] } }) } }),
  { file: 'bench-shield.json' },
);
const audit = new SqliteAuditLog({ path: join(dir, 'audit.sqlite'), signer: fileSigner(join(dir, 'key.pem'), { create: true }), checkpointEvery: 1000, checkpointMs: 10_000 });
const running = await startGateway(config, { audit });
process.stdout.write(`${running.url}\n`);
// The audit log grows by ~200 MB over a suite run: removed when the child ends (parent gone, SIGINT or SIGTERM).
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
process.on('disconnect', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
