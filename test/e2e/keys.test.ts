/**
 * `masec keys` end to end: a key file written 0600 whose private half is never printed, a card signed and
 * verified (and refused once changed, or when another card was approved), a capability token issued; bad
 * input exits 2 with the file named.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { masecInProcess, tempDir } from './helpers.js';

const CARD = {
  name: 'planner',
  description: 'plans trips',
  version: '1.0.0',
  supportedInterfaces: [{ url: 'http://127.0.0.1:8787/agents/planner/', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
  capabilities: { streaming: true, extensions: [{ uri: 'urn:masec:ext:signed-messages:v1', required: true }] },
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills: [{ id: 'plan', name: 'Plan', description: 'plans a trip', tags: ['travel'] }],
};

describe('masec keys', () => {
  it('new: writes the key 0600, prints only the did, and never overwrites', async () => {
    const dir = tempDir('keys');
    const made = await masecInProcess(['keys', 'new', '--out', 'agent.key.json'], dir);
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}\n$/);
    expect(statSync(join(dir, 'agent.key.json')).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(join(dir, 'agent.key.json'), 'utf8')) as { jwk: { d: string } };
    const shown = await masecInProcess(['keys', 'show', 'agent.key.json'], dir);
    expect(shown.status).toBe(0);
    for (const out of [made.stdout, made.stderr, shown.stdout, shown.stderr]) expect(out).not.toContain(file.jwk.d);
    const again = await masecInProcess(['keys', 'new', '--out', 'agent.key.json'], dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('never overwritten');
  });

  it('sign-card and verify-card: valid when unchanged, CARD_INVALID when changed, CARD_DRIFT against another approved digest', async () => {
    const dir = tempDir('keys');
    const did = (await masecInProcess(['keys', 'new', '--out', 'k.json'], dir)).stdout.trim();
    writeFileSync(join(dir, 'card.json'), JSON.stringify(CARD));
    const signed = await masecInProcess(['keys', 'sign-card', 'card.json', '--key', 'k.json', '--out', 'signed.json'], dir);
    expect(signed.status).toBe(0);
    const digest = /digest (sha256:[0-9a-f]{64})/.exec(signed.stdout)?.[1] as string;
    const ok = await masecInProcess(['keys', 'verify-card', 'signed.json', '--trust', did, '--approved', digest], dir);
    expect([ok.status, ok.stdout]).toEqual([0, `valid: signed by ${did}#${did.slice(8)}; digest ${digest}\n`]);
    const card = JSON.parse(readFileSync(join(dir, 'signed.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'changed.json'), JSON.stringify({ ...card, description: 'plans trips and pays' }));
    const changed = await masecInProcess(['keys', 'verify-card', 'changed.json'], dir);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/^CARD_INVALID: /);
    writeFileSync(join(dir, 'extra.json'), JSON.stringify({ ...card, hint: 'unsigned extra field' }));
    const drift = await masecInProcess(['keys', 'verify-card', 'extra.json', '--approved', digest], dir);
    expect(drift.status).toBe(1);
    expect(drift.stdout).toMatch(/^CARD_DRIFT: /);
    const untrusted = await masecInProcess(['keys', 'verify-card', 'signed.json', '--trust', 'did:key:z6MkhQnjsbDQCUxnD9dH1ytACyckUjXqnioPZXPcHkTJbSEK'], dir);
    expect(untrusted.status).toBe(1);
  });

  it('issue-token prints a token for the holder; bad input exits 2 naming what and where', async () => {
    const dir = tempDir('keys');
    const holder = (await masecInProcess(['keys', 'new', '--out', 'holder.json'], dir)).stdout.trim();
    await masecInProcess(['keys', 'new', '--out', 'issuer.json'], dir);
    const token = await masecInProcess(['keys', 'issue-token', '--key', 'issuer.json', '--holder', holder, '--audience', 'planner', '--skill', 'plan', '--ttl', '60'], dir);
    expect(token.status).toBe(0);
    expect(token.stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    writeFileSync(join(dir, 'bad.json'), '{"name": ');
    const cases: [string[], RegExp][] = [
      [['keys', 'sign-card', 'bad.json', '--key', 'issuer.json'], /card bad\.json: not JSON/],
      [['keys', 'sign-card', 'missing.json', '--key', 'issuer.json'], /card missing\.json: cannot be read \(ENOENT\)/],
      [['keys', 'show', 'bad.json'], /key file bad\.json: not JSON/],
      [['keys', 'issue-token', '--key', 'issuer.json', '--holder', 'did:web:x', '--audience', 'a'], /--holder did:web:x: not an Ed25519 did:key/],
      [['keys', 'issue-token', '--key', 'issuer.json', '--holder', holder, '--audience', 'a', '--ttl', '0'], /--ttl 0/],
      [['keys', 'verify-card', 'bad.json', '--approved', 'sha256:xyz'], /--approved sha256:xyz: sha256: and 64 lowercase hex digits/],
      [['keys', 'verify-card', 'bad.json', '--trust', 'did:web:x'], /--trust did:web:x: not an Ed25519 did:key/],
    ];
    for (const [args, message] of cases) {
      const out = await masecInProcess(args, dir);
      expect(out.status, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(message);
    }
  });
});
