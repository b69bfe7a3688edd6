/**
 * `masec keys`: agent keys and what they sign (docs/guides/key-management.md).
 * - `new --out <file>`: a new Ed25519 key, written 0600 (never over an existing file); prints its did:key.
 * - `show <file>`: the did, key id and public JWK of a key file (never the private key).
 * - `sign-card <card> --key <file>`: an agent card with a signature appended (A2A v1.0 §8.4).
 * - `verify-card <card> [--trust did...] [--approved sha256:...]`: exit 0 when a trusted signature verifies
 *   (and the card is the approved one), 1 with CARD_INVALID or CARD_DRIFT otherwise.
 * - `issue-token --key <issuer> --holder <did> --audience <a>...`: a capability token (ADR 0052).
 */
import { chmodSync, closeSync, constants, fstatSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_RUN_FAILED, EXIT_USAGE } from '../output/exit.js';

/** Largest card or key file read (a card is a few KiB). */
const MAX_INPUT_BYTES = 256 * 1024;

function readJson(io: CliIo, file: string, what: string): unknown {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_INPUT_BYTES) throw new CliExit(EXIT_USAGE, `${what} ${file}: ${size} bytes, more than ${MAX_INPUT_BYTES}`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(EXIT_USAGE, `${what} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliExit(EXIT_USAGE, `${what} ${file}: not JSON (${(error as Error).message})`);
  }
}

/** Writes `text` to a new file readable by its owner only; refuses to replace an existing file. */
function writePrivate(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, text);
    // The process umask cannot widen 0600, but an inherited ACL or a pre-set mode can: make sure.
    if ((fstatSync(fd).mode & 0o077) !== 0) chmodSync(path, 0o600);
  } finally {
    closeSync(fd);
  }
}

async function loadKey(io: CliIo, file: string) {
  const shield = await import('@masec/shield');
  const path = resolve(io.cwd, file);
  const mode = (() => {
    try {
      return statSync(path).mode & 0o777;
    } catch {
      return undefined;
    }
  })();
  if (mode !== undefined && (mode & 0o077) !== 0) io.stderr(`warning: key file ${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it\n`);
  try {
    return await shield.importAgentKey(readJson(io, file, 'key file'));
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(EXIT_USAGE, `key file ${file}: not a masec key file (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

function rejectionCode(error: unknown): string | undefined {
  return error instanceof Error && error.name === 'ShieldRejection' ? (error as Error & { code: string }).code : undefined;
}

export function registerKeys(program: Command, io: CliIo, setStatus: (status: number) => void): void {
  const keys = program
    .command('keys')
    .description('agent keys (Ed25519, did:key): create them, sign and verify agent cards, issue capability tokens')
    .addHelpText(
      'after',
      `
Examples:
  masec keys new --out planner.key                    prints the did:key; the file is 0600
  masec keys show planner.key
  masec keys sign-card card.json --key planner.key --out card.signed.json
  masec keys verify-card card.signed.json --trust did:key:z6Mk...    prints the digest to approve
  masec keys issue-token --key issuer.key --holder did:key:z6Mk... --audience tools --tool search --ttl 600

Exit: 0 done; 1 a card that does not verify (CARD_INVALID, CARD_DRIFT); 2 bad input, named.
Guide: docs/guides/key-management.md`,
    );
  keys
    .command('new')
    .description('create an Ed25519 key; the file is written 0600 and never printed')
    .requiredOption('--out <file>', 'where to write the key (must not exist)')
    .action(async (options: { out: string }) => {
      const shield = await import('@masec/shield');
      const { file } = await shield.generateAgentKey();
      const path = resolve(io.cwd, options.out);
      try {
        writePrivate(path, `${JSON.stringify(file, null, 2)}\n`);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliExit(EXIT_USAGE, code === 'EEXIST' ? `--out ${options.out} exists; keys are never overwritten` : `--out ${options.out}: cannot be written (${code ?? String(error)})`);
      }
      io.stdout(`${file.did}\n`);
    });
  keys
    .command('show')
    .description('the did:key, key id and public key of a key file')
    .argument('<file>', 'key file')
    .action(async (file: string) => {
      const key = await loadKey(io, file);
      io.stdout(`${JSON.stringify({ did: key.did, kid: key.kid, publicJwk: key.publicJwk }, null, 2)}\n`);
    });
  keys
    .command('sign-card')
    .description('append a signature to an A2A agent card (JWS over its RFC 8785 canonical form)')
    .argument('<card>', 'agent card (JSON)')
    .requiredOption('--key <file>', 'key file of the signer')
    .option('--jku <url>', 'URL where verifiers can fetch the signer\u2019s keys')
    .option('--out <file>', 'write the signed card here (default: print it)')
    .action(async (card: string, options: { key: string; jku?: string; out?: string }) => {
      const shield = await import('@masec/shield');
      const input = readJson(io, card, 'card');
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new CliExit(EXIT_USAGE, `card ${card}: an agent card is a JSON object`);
      const key = await loadKey(io, options.key);
      let signed: Record<string, unknown>;
      try {
        signed = await shield.signCard(input as Record<string, unknown>, key, options.jku === undefined ? {} : { jku: options.jku });
      } catch (error) {
        throw new CliExit(EXIT_USAGE, `card ${card}: ${rejectionCode(error) ?? 'ERROR'}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const text = `${JSON.stringify(signed, null, 2)}\n`;
      if (options.out === undefined) io.stdout(text);
      else {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(resolve(io.cwd, options.out), text);
        io.stdout(`signed by ${key.kid}: ${options.out} (digest ${await shield.cardDigest(signed)})\n`);
      }
    });
  keys
    .command('verify-card')
    .description('verify an agent card\u2019s signatures (and that it is the approved card); exit 1 with CARD_INVALID or CARD_DRIFT')
    .argument('<card>', 'agent card (JSON)')
    .option('--trust <did...>', 'signers to trust (default: any valid did:key signature)')
    .option('--approved <digest>', 'the approved card digest (sha256:...): any other card is CARD_DRIFT')
    .action(async (card: string, options: { trust?: string[]; approved?: string }) => {
      const shield = await import('@masec/shield');
      if (options.approved !== undefined && !/^sha256:[0-9a-f]{64}$/.test(options.approved)) throw new CliExit(EXIT_USAGE, `--approved ${options.approved}: sha256: and 64 lowercase hex digits (the digest verify-card prints)`);
      for (const did of options.trust ?? []) if (!/^did:key:z[1-9A-HJ-NP-Za-km-z]+$/.test(did)) throw new CliExit(EXIT_USAGE, `--trust ${did}: not an Ed25519 did:key`);
      const input = readJson(io, card, 'card');
      const trusted = options.trust === undefined ? undefined : new Set(options.trust);
      try {
        const { kid } = await shield.verifyCard(input, trusted === undefined ? {} : { trusted: (did: string) => trusted.has(did) });
        if (options.approved !== undefined) await shield.checkCardDrift(input, options.approved);
        io.stdout(`valid: signed by ${kid}; digest ${await shield.cardDigest(input)}\n`);
      } catch (error) {
        const code = rejectionCode(error);
        if (code === undefined) throw error;
        io.stdout(`${code}: ${(error as Error).message}\n`);
        setStatus(EXIT_RUN_FAILED);
      }
    });
  keys
    .command('issue-token')
    .description('issue a capability token (the first link of a chain) to a holder')
    .requiredOption('--key <file>', 'key file of the issuer')
    .requiredOption('--holder <did>', 'the holder\u2019s did:key')
    .requiredOption('--audience <name...>', 'gateways or agents where it may be used')
    .option('--tool <name...>', 'MCP tools it covers (* for all)')
    .option('--skill <name...>', 'A2A skills it covers (* for all)')
    .option('--ttl <seconds>', 'lifetime in seconds', '300')
    .action(async (options: { key: string; holder: string; audience: string[]; tool?: string[]; skill?: string[]; ttl: string }) => {
      const shield = await import('@masec/shield');
      const ttl = Number(options.ttl);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 31_536_000) throw new CliExit(EXIT_USAGE, `--ttl ${options.ttl}: a whole number of seconds from 1 to 31536000`);
      try {
        shield.publicKeyFromDidKey(options.holder);
      } catch {
        throw new CliExit(EXIT_USAGE, `--holder ${options.holder}: not an Ed25519 did:key`);
      }
      const key = await loadKey(io, options.key);
      const token = await shield.issueToken(key, { holder: options.holder, audience: options.audience, scope: { tools: options.tool ?? [], skills: options.skill ?? [] }, ttlSeconds: ttl });
      io.stdout(`${token}\n`);
    });
}
