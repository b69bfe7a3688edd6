// The direct path (the provider's doGenerate, ADR 0095) against `generateText`, both over loopback HTTP to the
// stub: the same request bodies on the wire and the same answers, for every provider, for conversations with
// tool calls and results, sampling settings, and tool calls whose input is empty, not JSON, unsafe JSON or
// names a tool not offered. generateText is counted, so a direct call that fell back to it would show.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Ai from 'ai';
import { type ModelDeclaration, ModelDeclarationSchema, type ModelMessage, type ModelTool } from '@masec/spec';
import { AiSdkTransport } from './ai-sdk-transport.js';
import { toolCallInput } from './direct-generate.js';
import { StubServer } from './stub/server.js';
import type { TransportAnswer } from './transport.js';

const sdk = vi.hoisted(() => ({ calls: 0 }));
vi.mock('ai', async (importOriginal) => {
  const original = await importOriginal<typeof Ai>();
  return {
    ...original,
    generateText: (...args: Parameters<typeof original.generateText>) => {
      sdk.calls++;
      return original.generateText(...args);
    },
  };
});

const TOOLS: ModelTool[] = [
  { name: 'send_mail', description: 'Send an email.', parameters: { type: 'object', properties: { to: { type: 'string' }, text: { type: 'string' } }, required: ['to', 'text'] } },
  { name: 'lookup', description: 'Look a record up.', parameters: { type: 'object', properties: { key: { type: 'string' } } } },
];
const CONVERSATION: ModelMessage[] = [
  { role: 'system', content: 'You are the email assistant of a1.' },
  { role: 'user', content: 'From: a3\nPlease confirm the meeting.' },
  { role: 'assistant', content: 'Looking it up.', toolCalls: [{ id: 'c1', name: 'lookup', args: { key: 'meeting' } }] },
  { role: 'tool', content: 'Tuesday 10:00', toolCallId: 'c1' },
  { role: 'user', content: 'case: mixed' },
];
const RULES = [
  { match: 'case: empty', toolCalls: [{ name: 'lookup', args: '' }] },
  { match: 'case: broken', toolCalls: [{ name: 'send_mail', args: '{"to":"a3",' }] },
  { match: 'case: unsafe', toolCalls: [{ name: 'send_mail', args: '{"to":"a3","__proto__":{"x":1}}' }] },
  { match: 'case: unknown', toolCalls: [{ name: 'delete_all', args: '{"really":true}' }, { name: 'delete_all', args: '' }] },
  { match: 'case: mixed', text: 'Confirmed.', toolCalls: [{ name: 'send_mail', args: { to: 'a3', text: 'Tuesday at 10.' } }, { name: 'lookup', args: { key: 'x' } }] },
];
const PROVIDERS = ['openai-compatible', 'openai', 'anthropic', 'ollama'] as const;

let stub: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'script', rules: RULES, otherwise: 'obedient' } });
});
afterAll(async () => {
  await stub.close();
});

function declaration(provider: (typeof PROVIDERS)[number], extra: Record<string, unknown> = {}): ModelDeclaration {
  return ModelDeclarationSchema.parse({ id: `m-${provider}`, provider, model: 'stub-1', baseUrl: stub.baseUrl(provider), ...extra });
}

/** A transport whose requests' bodies are kept. */
function recording(viaGenerateText: boolean): { transport: AiSdkTransport; bodies: string[] } {
  const bodies: string[] = [];
  const fetchKeeping: typeof fetch = async (input, init) => {
    bodies.push(String(init?.body ?? ''));
    return fetch(input, init);
  };
  return { transport: new AiSdkTransport(fetchKeeping, { viaGenerateText }), bodies };
}

async function both(model: ModelDeclaration, messages: ModelMessage[], tools: ModelTool[] | undefined, seed?: number) {
  const out: { answer: TransportAnswer; body: unknown }[] = [];
  for (const via of [false, true]) {
    const { transport, bodies } = recording(via);
    const before = sdk.calls;
    const answer = await transport.generate({ model, messages, tools, seed, apiKey: 'k', signal: new AbortController().signal });
    expect(bodies).toHaveLength(1);
    expect(sdk.calls - before).toBe(via ? 1 : 0);
    out.push({ answer, body: JSON.parse(bodies[0] as string) });
  }
  return { direct: out[0] as { answer: TransportAnswer; body: unknown }, sdk: out[1] as { answer: TransportAnswer; body: unknown } };
}

describe('the direct path', () => {
  it.each(PROVIDERS)('sends what generateText sends and reads the same answer (%s)', async (provider) => {
    const cases: [ModelMessage[], ModelTool[] | undefined, Record<string, unknown>, number | undefined][] = [
      [CONVERSATION, TOOLS, { temperature: 0, maxTokens: 512 }, undefined],
      [CONVERSATION.slice(0, 2), undefined, { temperature: 0.7, topP: 0.9, stop: ['END'], maxTokens: 64 }, 1234],
      [[{ role: 'user', content: 'From: a9\nHello there.' }], TOOLS, { temperature: 1, topK: 40 }, 7],
    ];
    for (const [messages, tools, extra, seed] of cases) {
      const { direct, sdk } = await both(declaration(provider, extra), messages, tools, seed);
      expect(direct.body).toEqual(sdk.body);
      expect(direct.answer).toEqual(sdk.answer);
    }
    const mixed = (await both(declaration(provider), CONVERSATION, TOOLS)).direct.answer;
    expect(mixed.text).toBe('Confirmed.');
    expect(mixed.toolCalls.map((c) => [c.name, c.args])).toEqual([
      ['send_mail', { to: 'a3', text: 'Tuesday at 10.' }],
      ['lookup', { key: 'x' }],
    ]);
  });

  it.each(['empty', 'broken', 'unsafe', 'unknown'])('reads tool-call input as generateText does (%s)', async (name) => {
    const { direct, sdk } = await both(declaration('openai-compatible'), [CONVERSATION[0] as ModelMessage, { role: 'user', content: `case: ${name}` }], TOOLS);
    expect(direct.body).toEqual(sdk.body);
    expect(direct.answer).toEqual(sdk.answer);
    expect(direct.answer.toolCalls.length).toBeGreaterThan(0);
  });

  it('keeps input that does not parse, is unsafe or names no offered tool as sent; an empty input of a known tool is {}', () => {
    expect(toolCallInput('', true)).toEqual({});
    expect(toolCallInput(' ', false)).toBe(' ');
    expect(toolCallInput('{"a":', true)).toBe('{"a":');
    expect(toolCallInput('{"a":{"__proto__":{"b":1}}}', true)).toBe('{"a":{"__proto__":{"b":1}}}');
    expect(toolCallInput('{"constructor":{"prototype":{}}}', true)).toBe('{"constructor":{"prototype":{}}}');
    expect(toolCallInput('{"constructor":"x","text":"__proto__"}', true)).toEqual({ constructor: 'x', text: '__proto__' });
    expect(toolCallInput('{"really":true}', false)).toEqual({ really: true });
  });
});
