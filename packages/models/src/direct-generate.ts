/**
 * One whole (non-streamed) answer through the provider package's `doGenerate`, without `generateText`'s
 * wrapping (ADR 0095). `generateText` spends about as much CPU per call as the provider does (it validates
 * every message against its Zod message schema, builds telemetry spans, runs its step loop); masec needs
 * none of it for one step without tool execution, and a model-backed run makes hundreds of calls on one
 * event loop. The request is built by the SDK's own exported steps (`convertToLanguageModelPrompt`,
 * `prepareCallSettings`, `prepareToolsAndToolChoice`), so what goes on the wire is the same, and the answer
 * is read as `generateText` reads it: text parts joined, tool calls with their JSON input parsed (an empty
 * input is `{}` for a known tool; input that does not parse, or names no offered tool, is kept as sent),
 * the unified finish reason, total tokens. direct-generate.test.ts holds both paths to that.
 */
import type { LanguageModelV3, LanguageModelV3Content } from '@ai-sdk/provider';
import type { ModelMessage as SdkMessage, ToolSet } from 'ai';
import { asLanguageModelUsage, convertToLanguageModelPrompt, prepareCallSettings, prepareToolsAndToolChoice } from 'ai/internal';

export interface DirectSettings {
  model: LanguageModelV3;
  messages: SdkMessage[];
  tools?: ToolSet;
  abortSignal: AbortSignal;
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
}

export interface DirectAnswer {
  text: string;
  toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
  finishReason: string;
  usage: { inputTokens?: number | undefined; outputTokens?: number | undefined };
}

// What secure JSON parsing (the SDK's) refuses: an object with its own `__proto__`, or a `constructor` key
// holding a `prototype`. Such input is then kept as sent, as the SDK keeps it.
function hasForbiddenKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return true;
  const ctor = (value as Record<string, unknown>).constructor;
  if (Object.prototype.hasOwnProperty.call(value, 'constructor') && ctor !== null && typeof ctor === 'object' && Object.prototype.hasOwnProperty.call(ctor, 'prototype')) return true;
  return Object.values(value).some(hasForbiddenKey);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    if (/"(?:__proto__|constructor)"/.test(text) && hasForbiddenKey(value)) return { ok: false };
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

/** A tool call's input as `generateText` returns it. */
export function toolCallInput(input: string, known: boolean): unknown {
  if (known && input.trim() === '') return {};
  const parsed = parseJson(input);
  return parsed.ok ? parsed.value : input;
}

export async function directGenerate(settings: DirectSettings): Promise<DirectAnswer> {
  const { model, messages, tools, abortSignal, ...sampling } = settings;
  const prompt = await convertToLanguageModelPrompt({ prompt: { system: undefined, messages }, supportedUrls: await model.supportedUrls, download: undefined, abortSignal });
  const prepared = await prepareToolsAndToolChoice({ tools, toolChoice: undefined, activeTools: undefined });
  const result = await model.doGenerate({ ...prepareCallSettings(sampling), tools: prepared.tools, toolChoice: prepared.toolChoice, prompt, abortSignal });
  const content: LanguageModelV3Content[] = result.content;
  const text = content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  const toolCalls = content.flatMap((part) =>
    part.type === 'tool-call' ? [{ toolCallId: part.toolCallId, toolName: part.toolName, input: toolCallInput(part.input, tools !== undefined && Object.hasOwn(tools, part.toolName)) }] : [],
  );
  const usage = asLanguageModelUsage(result.usage);
  return { text, toolCalls, finishReason: result.finishReason.unified, usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens } };
}
