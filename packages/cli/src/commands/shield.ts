/**
 * `masec shield --config shield.yaml`: the gateway in front of the configured agents, until SIGINT or
 * SIGTERM (then a final signed checkpoint is written and it exits 0). `masec shield export-topology`: the
 * agent graph its audit log observed, as the lab's edge list (and, with `--scenario`, a scenario over it).
 * The shield package is imported only when these commands run.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { MasecError } from '@masec/spec';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';
import { checkOutputFile, writeOutputFile } from '../output/files.js';
import { parseInteger } from '../options.js';

/** Reads a config or log file named on the command line; a missing one is a usage error naming it. */
export function readInput(io: CliIo, option: string, path: string, maxBytes: number): { full: string; text: string } {
  const full = resolve(io.cwd, path);
  const stats = statSync(full, { throwIfNoEntry: false });
  if (stats === undefined) throw new CliExit(EXIT_USAGE, `${option}: '${full}' does not exist`);
  if (!stats.isFile()) throw new CliExit(EXIT_USAGE, `${option}: '${full}' is not a regular file`);
  if (stats.size > maxBytes) throw new CliExit(EXIT_USAGE, `${option}: '${full}' is ${stats.size} bytes; at most ${maxBytes}`);
  return { full, text: readFileSync(full, 'utf8') };
}

interface ShieldOptions {
  config: string;
  host?: string;
  port?: number;
}

async function runShield(io: CliIo, options: ShieldOptions): Promise<void> {
  const shield = await import('@masec/shield');
  const { full, text } = readInput(io, '--config', options.config, shield.MAX_CONFIG_BYTES);
  const { config } = shield.parseShieldConfig(text, { file: relative(io.cwd, full) || full });
  if (options.host !== undefined) config.listen.host = options.host;
  if (options.port !== undefined) config.listen.port = options.port;
  const base = dirname(full);
  const auditPath = resolve(base, config.audit.path);
  const keyPath = resolve(base, config.audit.signingKey ?? `${auditPath}.key.pem`);
  const signer = shield.fileSigner(keyPath, { create: config.audit.signingKey === undefined });
  const adminToken = shield.adminTokenOf(config, base, io.env);
  const audit = new shield.SqliteAuditLog({ path: auditPath, signer, checkpointEvery: config.audit.checkpointEvery, checkpointMs: config.audit.checkpointMs });
  let running;
  try {
    running = await shield.startGateway(config, { audit, adminToken });
  } catch (error) {
    await audit.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new MasecError('CONFIG_INVALID', `cannot listen on ${config.listen.host}:${config.listen.port}: ${message}`, { cause: error });
  }
  const exposed = !['127.0.0.1', '::1', 'localhost'].includes(config.listen.host);
  io.stdout(`masec shield: listening on ${running.url} for ${config.agents.length} agent(s); audit log ${auditPath} (key ${signer.keyId})${adminToken === undefined ? '; admin endpoints off' : ''}\n`);
  if (exposed) io.stderr(`masec shield: bound to ${config.listen.host}, reachable from other machines (listen.host)\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  io.stdout(`masec shield: stopped; audit log closed at record ${audit.head().seq}\n`);
}

async function exportTopology(io: CliIo, options: { audit: string; out: string; scenario?: string }): Promise<void> {
  const shield = await import('@masec/shield');
  const auditPath = resolve(io.cwd, options.audit);
  const out = checkOutputFile(io, '--out', options.out);
  const scenario = options.scenario === undefined ? undefined : checkOutputFile(io, '--scenario', options.scenario);
  const db = shield.openAuditReadOnly(auditPath);
  try {
    const topology = shield.observedTopology(db);
    if (topology.nodes.length < 2) throw new CliExit(EXIT_USAGE, `the audit log ${auditPath} shows no traffic between two agents yet`);
    writeOutputFile('--out', out, shield.edgeListText(topology, basename(auditPath)));
    io.stdout(`wrote ${out}: ${topology.nodes.length} agents, ${topology.edges.length} edges\n`);
    if (scenario !== undefined) {
      const id = basename(scenario).replace(/\.(ya?ml|json)$/, '').replace(/[^a-z0-9-]+/gi, '-').toLowerCase() || 'observed';
      writeOutputFile('--scenario', scenario, shield.scenarioText(topology, relative(dirname(scenario), out), id));
      io.stdout(`wrote ${scenario}: check it with masec validate, ask it with masec blast-radius\n`);
    }
  } finally {
    db.close();
  }
}

export function registerShield(program: Command, io: CliIo): void {
  const command = program
    .command('shield')
    .description('the gateway: enforce the defenses on live A2A traffic in front of your agents, with an audit log (see docs/guides/shield.md)')
    .option('-c, --config <file>', 'the shield config (YAML or JSON)')
    .option('--host <host>', 'interface to bind, overriding listen.host (default loopback)')
    .option('--port <port>', 'port, overriding listen.port', parseInteger('--port', 0, 65535))
    .action(async (options: Partial<ShieldOptions>) => {
      if (options.config === undefined) throw new CliExit(EXIT_USAGE, 'masec shield needs --config <file> (or a subcommand: export-topology)');
      await runShield(io, options as ShieldOptions);
    });
  command
    .command('export-topology')
    .description('write the agent graph the audit log observed as the lab\u2019s edge-list topology (with message rates)')
    .requiredOption('--audit <file>', 'the shield\u2019s audit log (SQLite)')
    .requiredOption('-o, --out <file>', 'edge-list file to write')
    .option('--scenario <file>', 'also write a scenario over the graph, for masec blast-radius and masec run')
    .action(async (options: { audit: string; out: string; scenario?: string }) => exportTopology(io, options));
}
