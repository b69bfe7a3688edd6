/**
 * `tool-pinning`: MCP tool definitions pinned when first approved, so a definition that changes afterwards
 * (a rug pull: a benign description swapped for a poisoned one, a widened schema) is withheld with
 * `TOOL_CHANGED` until someone approves it again. A definition is the tool-list envelope's data part (name,
 * description, input schema, annotations...); its pin is the SHA-256 of its RFC 8785 canonical form, keyed by
 * the tool's origin (`from`: the server or `tool:<name>`) and name. Approval is trust on first use unless
 * `approved` lists the digests up front (the gateway's review), in which case an unlisted tool is refused
 * as well. Pins live in `services.state` (bounded).
 */
import { z } from 'zod';
import { type DefenseDefinition, type Envelope, block } from '@masec/spec';
import { canonicalJson } from '../signed-envelopes/canonical-json.js';

export const ToolPinningConfigSchema = z.strictObject({
  approved: z
    .record(z.string(), z.string().regex(/^sha256:[0-9a-f]{64}$/))
    .optional()
    .describe('digests approved up front, by `<origin> <tool name>`; absent: the first definition seen is approved (trust on first use)'),
  maxTools: z.number().int().min(1).max(10_000_000).default(100_000).describe('pins kept (least recently used dropped past it)'),
});
export type ToolPinningConfig = z.infer<typeof ToolPinningConfigSchema>;

declare const crypto: { subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> } };
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The digest a tool definition is pinned by. */
export async function toolDigest(definition: Record<string, unknown>): Promise<string> {
  return `sha256:${hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(definition))))}`;
}

function definitionOf(envelope: Envelope): Record<string, unknown> | undefined {
  const part = envelope.parts.find((p) => p.kind === 'data');
  return part?.kind === 'data' ? part.data : undefined;
}

export const toolPinning: DefenseDefinition<ToolPinningConfig> = {
  id: 'tool-pinning',
  specVersion: 'v1',
  description: 'Pins each tool definition when approved and withholds it once it changes (rug pull: TOOL_CHANGED)',
  kind: 'protocol',
  targets: ['tool-poisoning'],
  hooks: ['tool-list'],
  configSchema: ToolPinningConfigSchema,
  cost: { utility: 'a tool whose definition changed is unavailable until re-approved, legitimate updates included', rewritesContent: false },
  create(config, services) {
    const pins = services.state.map<string>('tool-pinning:pins', { maxEntries: config.maxTools });
    return {
      id: 'tool-pinning',
      hooks: ['tool-list'],
      async handle(envelope, _ctx, next) {
        const definition = definitionOf(envelope);
        if (definition === undefined) return block('tool-pinning', 'TOOL_CHANGED', 'a tool list entry without a definition');
        const name = typeof definition.name === 'string' ? definition.name : '';
        const key = `${envelope.from} ${name}`;
        let digest: string;
        try {
          digest = await toolDigest(definition);
        } catch (error) {
          return block('tool-pinning', 'TOOL_CHANGED', `tool ${JSON.stringify(name)}: the definition has no canonical form (${(error as Error).message})`);
        }
        const pinned = config.approved?.[key] ?? pins.get(key);
        if (pinned === undefined) {
          if (config.approved !== undefined) return block('tool-pinning', 'TOOL_CHANGED', `tool ${JSON.stringify(name)} from ${envelope.from} was never approved`);
          pins.set(key, digest);
          return next(envelope);
        }
        if (pinned !== digest) return block('tool-pinning', 'TOOL_CHANGED', `tool ${JSON.stringify(name)} from ${envelope.from} changed since it was approved (${pinned} \u2192 ${digest})`);
        return next(envelope);
      },
    };
  },
};
