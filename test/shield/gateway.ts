/** A gateway for tests: a config over the given agents, an audit log in a temporary directory, served on loopback. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningGateway, type ShieldConfigInput, ShieldConfigSchema, SqliteAuditLog, fileSigner, startGateway, parseShieldConfig } from '@masec/shield';
import type { GatewayOptions } from '@masec/shield';

export interface TestShield extends RunningGateway {
  dir: string;
  auditPath: string;
  stop(): Promise<void>;
}

export async function startShield(input: Omit<ShieldConfigInput, 'audit' | 'listen'>, options: Partial<GatewayOptions> = {}): Promise<TestShield> {
  const dir = mkdtempSync(join(tmpdir(), 'masec-shield-'));
  const auditPath = join(dir, 'audit.sqlite');
  const config = parseShieldConfig(JSON.stringify({ ...input, listen: { host: '127.0.0.1', port: 0 }, audit: { path: auditPath } }), { file: 'test-shield.yaml' }).config;
  ShieldConfigSchema.parse(config);
  const audit = new SqliteAuditLog({ path: auditPath, signer: fileSigner(join(dir, 'audit-key.pem'), { create: true }), checkpointEvery: 50, checkpointMs: 0 });
  const running = await startGateway(config, { audit, ...options });
  return {
    ...running,
    dir,
    auditPath,
    stop: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
