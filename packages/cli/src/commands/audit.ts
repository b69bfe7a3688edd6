/**
 * `masec audit verify <log>`: checks the shield's audit log (hash chain, signed checkpoints) and names every
 * record that was changed, deleted, inserted or moved; exit 0 when intact, 1 when tampered with.
 * `masec audit lineage <digest|agent> --log <file>`: where a payload came from and where it went, or an
 * agent's traffic by peer. Both open the log read-only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_RUN_FAILED, EXIT_USAGE } from '../output/exit.js';

/** A pinned public key: a PEM file (SPKI) of an Ed25519 key. */
async function pinnedKey(io: CliIo, file: string): Promise<Map<string, Uint8Array>> {
  const shield = await import('@masec/shield');
  const { createPublicKey } = await import('node:crypto');
  let raw: Uint8Array;
  try {
    raw = shield.rawPublicKey(createPublicKey(readFileSync(resolve(io.cwd, file))));
  } catch (error) {
    throw new CliExit(EXIT_USAGE, `--public-key: ${file} is not an Ed25519 public key in PEM: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new Map([[shield.keyIdOf(raw), raw]]);
}

export function registerAudit(program: Command, io: CliIo, setStatus: (status: number) => void): void {
  const audit = program
    .command('audit')
    .description('the shield\u2019s audit log: verify it, trace payloads and agents through it')
    .addHelpText(
      'after',
      `
Examples:
  masec audit verify audit.sqlite                      intact, or TAMPERED naming each record
  masec audit verify audit.sqlite --public-key audit.pub.pem   trust only this checkpoint key
  masec audit lineage 3f9a1c07 --log audit.sqlite      a payload: where it came from, where it went
  masec audit lineage planner --log audit.sqlite       an agent: whom it sent to, what was stopped

Exit: 0 intact (or found); 1 the log was tampered with; 2 bad input (a missing file, a file that is
not an audit log, an unknown digest or agent).`,
    );
  audit
    .command('verify')
    .description('check the hash chain and signed checkpoints; name every changed, deleted, inserted or reordered record (exit 1 if any)')
    .argument('<log>', 'the audit log (SQLite)')
    .option('--public-key <pem>', 'trust only this Ed25519 public key for checkpoints (default: the key stored in the log, which says so)')
    .option('--json', 'print the result as JSON', false)
    .action(async (log: string, options: { publicKey?: string; json: boolean }) => {
      const shield = await import('@masec/shield');
      const keys = options.publicKey === undefined ? undefined : await pinnedKey(io, options.publicKey);
      const result = shield.verifyAuditLog(resolve(io.cwd, log), keys === undefined ? {} : { keys });
      if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        io.stdout(`${result.ok ? 'intact' : 'TAMPERED'}: ${result.records} records, ${result.checkpoints} signed checkpoints, head ${result.head.slice(0, 16)}\n`);
        for (const key of result.keys) io.stdout(`  checkpoints signed by ${key.keyId} (${key.pinned ? 'pinned with --public-key' : 'key read from the log itself; pin it with --public-key'})\n`);
        if (result.unsigned > 0) io.stdout(`  ${result.unsigned} record(s) after the last checkpoint are chained but not yet signed\n`);
        for (const p of result.problems) io.stdout(`  record ${p.seq}: ${p.kind}: ${p.message}\n`);
      }
      if (!result.ok) setStatus(EXIT_RUN_FAILED);
    });
  audit
    .command('lineage')
    .description('a payload (by digest or an 8+ digit prefix): which agent it came from and where it went; an agent (by id): whom it sent to and received from')
    .argument('<digest-or-agent>', 'payload digest (hex) or agent id')
    .requiredOption('--log <file>', 'the audit log (SQLite)')
    .option('--json', 'print the result as JSON', false)
    .action(async (subject: string, options: { log: string; json: boolean }) => {
      const shield = await import('@masec/shield');
      const path = resolve(io.cwd, options.log);
      const db = shield.openAuditReadOnly(path);
      // The side file the gateway keeps (`<log>.lineage`); without it (or for records past it) the log is scanned.
      const index = shield.openLineageIndex(path, db);
      try {
        const payload = /^[0-9a-fA-F]{8,64}$/.test(subject) ? shield.payloadLineage(db, subject, undefined, index) : undefined;
        if (payload !== undefined) {
          if (options.json) return io.stdout(`${JSON.stringify(payload, null, 2)}\n`);
          io.stdout(`payload ${payload.digest.slice(0, 16)}: first sent by ${payload.origin ?? '?'}; reached ${payload.reached.join(', ') || 'nobody'}\n`);
          for (const h of payload.hops) io.stdout(`  #${h.seq} ${new Date(h.time).toISOString()} ${h.from} -> ${h.to} ${h.method} ${h.action === 'block' ? `STOPPED ${h.code} by ${h.guard}` : h.action}\n`);
          return;
        }
        const agent = shield.agentLineage(db, subject, undefined, index);
        if (agent.sent.length === 0 && agent.received.length === 0) throw new CliExit(EXIT_USAGE, `'${subject}' is neither a payload digest nor an agent in ${options.log}`);
        if (options.json) return io.stdout(`${JSON.stringify(agent, null, 2)}\n`);
        io.stdout(`agent ${agent.agent}\n  sent to:\n`);
        for (const e of agent.sent) io.stdout(`    ${e.to}: ${e.messages} (${e.blocked} stopped)\n`);
        io.stdout('  received from:\n');
        for (const e of agent.received) io.stdout(`    ${e.from}: ${e.messages} (${e.blocked} stopped)\n`);
        if (agent.refusals.length > 0) io.stdout('  stopped:\n');
        for (const h of agent.refusals) io.stdout(`    #${h.seq} -> ${h.to} ${h.code} by ${h.guard} (payload ${h.digest?.slice(0, 16) ?? '-'})\n`);
      } finally {
        index?.close();
        db.close();
      }
    });
}
