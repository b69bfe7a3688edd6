/**
 * Agent identities. In the lab an agent is `a17` or `attacker`; on live traffic it is whatever the
 * deployment names it by: an A2A agent's URL, a `did:key`/`did:web` identifier, a SPIFFE id, an e-mail
 * address. One string type holds them all, with the form it takes recoverable by `identityKind`.
 */
import { z } from 'zod';
import { parseUrl } from './platform.js';

export const IDENTITY_KINDS = ['local', 'did', 'spiffe', 'url', 'email'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** Longest identity accepted (a URL with a long path still fits; a payload smuggled as an id does not). */
export const MAX_IDENTITY_LENGTH = 2048;

/** Simulator names and namespaced parties: `a17`, `attacker`, `mail-bot-3`, `tool:search`, `user:a1`. */
const LOCAL = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** W3C DID syntax: `did:<method>:<method-specific id>` (the id may hold `:` and percent-escapes). */
const DID = /^did:[a-z0-9]+:(?:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+$/;
/** SPIFFE ID: `spiffe://<trust domain>/<path>` (trust domain lower-case; path segments without dots-only). */
const SPIFFE = /^spiffe:\/\/[a-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
/** An address `local@domain`: no spaces, one `@`, a dotted domain. */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/[^\s]+$/.test(value)) return false;
  const url = parseUrl(value);
  return url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** Which form an identity takes, or undefined when the string is not an identity masec accepts. */
export function identityKind(value: string): IdentityKind | undefined {
  if (value.length === 0 || value.length > MAX_IDENTITY_LENGTH) return undefined;
  if (value.startsWith('did:')) return DID.test(value) ? 'did' : undefined;
  if (value.startsWith('spiffe:')) return SPIFFE.test(value) ? 'spiffe' : undefined;
  if (value.startsWith('http:') || value.startsWith('https:')) return isHttpUrl(value) ? 'url' : undefined;
  if (value.includes('@')) return EMAIL.test(value) ? 'email' : undefined;
  return LOCAL.test(value) ? 'local' : undefined;
}

/**
 * An agent id in any accepted form. Local names keep their old rule (alphanumerics, `.`, `_`, `:`, `-`, not
 * starting with punctuation); DIDs, SPIFFE ids, http(s) URLs and e-mail addresses are accepted as such.
 */
export const AgentIdSchema = z
  .string()
  .min(1)
  .max(MAX_IDENTITY_LENGTH)
  .refine((value) => identityKind(value) !== undefined, {
    message: 'not an agent id: expected a name (a17, mail-bot-3), a DID (did:key:z6Mk…), a SPIFFE id (spiffe://domain/path), an http(s) URL or an e-mail address',
  })
  .describe('agent id: a name, a DID, a SPIFFE id, an http(s) URL or an e-mail address');
export type AgentId = z.infer<typeof AgentIdSchema>;
