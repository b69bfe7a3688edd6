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
  const loaded = shield.parseShieldConfig(text, { file: relative(io.cwd, full) || full });
  const { config } = loaded;
  if (options.host !== undefined) config.listen.host = options.host;
  if (options.port !== undefined) config.listen.port = options.port;
  const base = dirname(full);
  const auditPath = resolve(base, config.audit.path);
  const keyPath = resolve(base, config.audit.signingKey ?? `${auditPath}.key.pem`);
  // A key or log that cannot be made or opened is a problem of the config field that names it.
  const atField = <T>(field: readonly string[], make: () => T): T => {
    try {
      return make();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw shield.invalidShieldConfig(loaded.file, [loaded.locate(field, message.replace(`${field.join('.')}: `, ''))]);
    }
  };
  const signer = atField(config.audit.signingKey === undefined ? ['audit', 'path'] : ['audit', 'signingKey'], () => shield.fileSigner(keyPath, { create: config.audit.signingKey === undefined }));
  const adminToken = atField(['admin', config.admin.tokenEnv === undefined ? 'tokenFile' : 'tokenEnv'], () => shield.adminTokenOf(config, base, io.env));
  const audit = atField(['audit', 'path'], () => new shield.SqliteAuditLog({ path: auditPath, signer, checkpointEvery: config.audit.checkpointEvery, checkpointMs: config.audit.checkpointMs }));
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

const SHIELD_HELP = `
It listens on 127.0.0.1 unless listen.host (or --host) says otherwise. Every verdict goes to the audit
log (audit.path, default .masec/audit.sqlite beside the config; its signing key is created next to it).
It runs until SIGINT or SIGTERM, then signs a last checkpoint. Admin endpoints (/_masec/...) are off
unless admin.tokenEnv or admin.tokenFile names a token of 16+ characters.

A minimal config:
  agents:
    - { id: planner, path: /agents/planner, upstream: "http://127.0.0.1:9001/" }
    - { id: tools, protocol: mcp, path: /mcp/tools, upstream: "http://127.0.0.1:9002/mcp" }
  guards:
    - { id: content-detector, config: { action: block } }

Examples:
  masec shield --config shield.yaml
  masec shield --config shield.yaml --port 8443
  masec audit verify audit.sqlite             check the log afterwards

Exit: 0 stopped by a signal; 2 a config problem (each named as file:line:column: field: problem),
or the port cannot be bound.`;

export function registerShield(program: Command, io: CliIo): void {
  const command = program
    .command('shield')
    .description('the gateway: enforce the defenses on live A2A and MCP traffic in front of your agents, with a tamper-evident audit log (see docs/guides/shield.md)')
    .option('-c, --config <file>', 'the shield config (YAML or JSON)')
    .option('--host <host>', 'interface to bind, overriding listen.host (default loopback)')
    .option('--port <port>', 'port, overriding listen.port', parseInteger('--port', 0, 65535))
    .addHelpText('after', SHIELD_HELP)
    .action(async (options: Partial<ShieldOptions>) => {
      if (options.config === undefined) throw new CliExit(EXIT_USAGE, 'masec shield needs --config <file> (or a subcommand: export-topology)');
      await runShield(io, options as ShieldOptions);
    });
  command
    .command('export-topology')
    .description('write the agent graph the audit log observed as the lab\u2019s edge-list topology (with message rates)')
    .requiredOption('--audit <file>', 'the shield\u2019s audit log (SQLite)')
    .addHelpText('after', '\nExample:\n  masec shield export-topology --audit audit.sqlite --out observed.txt --scenario observed.yaml\n  masec blast-radius observed.yaml')
    .requiredOption('-o, --out <file>', 'edge-list file to write')
    .option('--scenario <file>', 'also write a scenario over the graph, for masec blast-radius and masec run')
    .action(async (options: { audit: string; out: string; scenario?: string }) => exportTopology(io, options));
}
