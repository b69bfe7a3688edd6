import { describe, expect, it } from 'vitest';
import { AgentIdSchema, MAX_IDENTITY_LENGTH, identityKind } from './identity.js';

describe('agent identities', () => {
  it.each([
    ['a17', 'local'],
    ['attacker', 'local'],
    ['mail-bot-3', 'local'],
    ['tool:search', 'local'],
    ['user:a1', 'local'],
    ['did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', 'did'],
    ['did:web:agents.example.com:billing', 'did'],
    ['did:example:abc%20def', 'did'],
    ['spiffe://example.org/ns/prod/sa/billing-agent', 'spiffe'],
    ['spiffe://example.org', 'spiffe'],
    ['https://agents.example.com/a2a/v1', 'url'],
    ['http://127.0.0.1:8080/', 'url'],
    ['billing.bot+eu@agents.example.com', 'email'],
  ])('%s is a %s identity and passes the schema', (id, kind) => {
    expect(identityKind(id)).toBe(kind);
    expect(AgentIdSchema.safeParse(id).success).toBe(true);
  });

  it.each([
    '',
    ' a1',
    'a1 ',
    'two words',
    '-dash-first',
    'a1\u0000',
    'a1\n',
    'did:',
    'did:key:',
    'did:Key:abc',
    'did:key:abc:',
    'spiffe://',
    'spiffe://Example.org/x',
    'spiffe://example.org/has space',
    'https://',
    'https:// example.com',
    'ftp://example.com/agent',
    'no-domain@',
    '@example.com',
    'two@at@example.com',
    'nodot@localhost',
    'x'.repeat(MAX_IDENTITY_LENGTH + 1),
  ])('%j is refused, with a message that lists the accepted forms', (id) => {
    expect(identityKind(id)).toBeUndefined();
    const parsed = AgentIdSchema.safeParse(id);
    expect(parsed.success).toBe(false);
    if (!parsed.success && id.length > 0 && id.length <= MAX_IDENTITY_LENGTH) expect(parsed.error.issues[0]?.message).toMatch(/DID .*SPIFFE .*URL .*e-mail/);
  });

  it('accepts an identity of exactly the maximum length', () => {
    const id = `a${'x'.repeat(MAX_IDENTITY_LENGTH - 1)}`;
    expect(identityKind(id)).toBe('local');
  });
});
