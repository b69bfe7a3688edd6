/**
 * The identity layer's and the MCP handler's parsers of untrusted input, each behind one signature for
 * fuzzers (the property tests and the `shield-fuzz` benchmark): raw text in, `accepted` or the clear error it
 * was refused with. Anything else thrown — a TypeError, a RangeError from a blown stack — is a crash.
 */
import { CanonicalJsonError, FreshnessWindow, MemoryStateStore, canonicalJson } from '@masec/defenses';
import { millisecondClock } from '@masec/spec';
import { cardDigest, verifyCard } from './agent-card.js';
import { A2A_BINDING, MCP_BINDING, signedContentOf, tokenOf } from './bindings.js';
import { publicKeyFromDidKey } from './did-key.js';
import { isShieldRejection } from './rejection.js';
import { verifyContent } from './signed-message.js';
import { verifyToken } from '../tokens/capability-token.js';
import { isProblem, readBody, toolCallParts, toolListEntries, toolResultParts } from '../mcp/frames.js';

export type ParseOutcome = { ok: true } | { ok: false; code: string; message: string };

export interface ParseTarget {
  readonly name: string;
  readonly description: string;
  parse(text: string): Promise<ParseOutcome>;
}

/** A refusal masec means to give: a ShieldRejection, a canonical-form error or JSON's own syntax error. */
function refusal(error: unknown): ParseOutcome {
  if (isShieldRejection(error)) return { ok: false, code: error.code, message: error.message };
  if (error instanceof CanonicalJsonError) return { ok: false, code: error.code, message: error.message };
  if (error instanceof SyntaxError) return { ok: false, code: 'JSON_SYNTAX', message: error.message };
  throw error;
}

async function outcome(run: () => unknown): Promise<ParseOutcome> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}

const T0 = 1_893_456_000_000;
const clock = millisecondClock(() => T0);
/** One window for every call: nonces it remembers stay bounded by its own limit. */
const freshness = new FreshnessWindow(new MemoryStateStore(clock), 'fuzz', { maxSkew: 30_000, maxNonces: 10_000 });

export const PARSE_TARGETS: readonly ParseTarget[] = [
  {
    name: 'canonical-json',
    description: 'JSON text, then its RFC 8785 canonical form',
    parse: (text) => outcome(() => canonicalJson(JSON.parse(text))),
  },
  {
    name: 'did-key',
    description: 'a did:key or key id',
    parse: (text) => outcome(() => publicKeyFromDidKey(text)),
  },
  {
    name: 'a2a-signed-message',
    description: 'an A2A SendMessage JSON-RPC body through signature verification',
    parse: (text) =>
      outcome(async () => {
        const body = JSON.parse(text) as { params?: unknown };
        const params = typeof body === 'object' && body !== null ? body.params : undefined;
        const { content, entry } = signedContentOf(A2A_BINDING, 'SendMessage', params);
        await verifyContent(entry, content, { audience: 'planner', freshness, now: T0 });
      }),
  },
  {
    name: 'mcp-frame',
    description: 'an MCP POST body: the JSON-RPC message and the parts guards see, then its signature and token',
    parse: async (text) => {
      const frame = readBody(text);
      if (isProblem(frame)) return { ok: false, code: frame.code, message: frame.message };
      const problem =
        frame.kind === 'request' && frame.method === 'tools/call'
          ? toolCallParts(frame.params)
          : frame.kind === 'response'
            ? [toolListEntries(frame.result), toolResultParts(frame.result)].find((r) => typeof r === 'string')
            : undefined;
      if (typeof problem === 'string') return { ok: false, code: frame.kind === 'response' ? 'RESPONSE_INVALID' : 'REQUEST_INVALID', message: problem };
      return outcome(async () => {
        if (frame.kind !== 'request') return;
        const { content, entry } = signedContentOf(MCP_BINDING, frame.method, frame.params);
        if (entry !== undefined) await verifyContent(entry, content, { audience: 'tools', freshness, now: T0 });
        const token = tokenOf(MCP_BINDING, frame.params);
        if (token !== undefined) await verifyToken(token, { caller: 'did:key:z6MkhQnjsbDQCUxnD9dH1ytACyckUjXqnioPZXPcHkTJbSEK', audience: ['tools'], issuers: [], now: T0 });
      });
    },
  },
  {
    name: 'capability-token',
    description: 'a capability token string',
    parse: (text) => outcome(() => verifyToken(text, { caller: 'did:key:z6MkhQnjsbDQCUxnD9dH1ytACyckUjXqnioPZXPcHkTJbSEK', audience: ['tools'], issuers: ['did:key:z6MkhQnjsbDQCUxnD9dH1ytACyckUjXqnioPZXPcHkTJbSEK'], now: T0 })),
  },
  {
    name: 'agent-card',
    description: 'an agent card: verification and drift digest',
    parse: (text) =>
      outcome(async () => {
        const card = JSON.parse(text) as unknown;
        await cardDigest(card).catch((error: unknown) => {
          if (!isShieldRejection(error)) throw error;
        });
        await verifyCard(card);
      }),
  },
];
