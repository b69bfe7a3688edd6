/**
 * Calls models through the Vercel AI SDK: `generateText` (or `streamText` for models declared with
 * `stream: true`) over the provider package of each declaration — `@ai-sdk/openai-compatible` (vLLM,
 * llama.cpp, LM Studio, hosted OpenAI-compatible services), `@ai-sdk/openai` (its chat-completions model),
 * `@ai-sdk/anthropic` and `ollama-ai-provider-v2`. The SDK makes one attempt (`maxRetries: 0`): retries,
 * timeouts and rate limits are the host's, so they are the same for every provider. Tools are passed without
 * `execute`: the model's tool calls come back to the policy, which decides what they do. A whole answer goes
 * through the provider's `doGenerate` directly (direct-generate.ts, ADR 0095): the same request and answer as
 * `generateText`'s, at about half the CPU per call; `viaGenerateText` keeps the SDK's wrapper (for tests
 * that hold the two paths to the same result).
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { type ModelMessage as SdkMessage, type ToolSet, generateText, jsonSchema, streamText } from 'ai';
import { createOllama } from 'ollama-ai-provider-v2';
import type { ModelDeclaration, ModelMessage, ModelResponse, ModelTool, ModelToolCall } from '@masec/spec';
import { directGenerate } from './direct-generate.js';
import type { ModelTransport, TransportAnswer, TransportRequest } from './transport.js';

// The SDK prints warnings (a setting a provider ignores) to the console; masec reports through its own channels.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export type FetchFunction = typeof globalThis.fetch;

/** The provider package's language model for a declaration. */
export function languageModel(model: ModelDeclaration, apiKey: string | undefined, fetch?: FetchFunction): LanguageModelV3 {
  const common = { ...(fetch === undefined ? {} : { fetch }), ...(model.baseUrl === undefined ? {} : { baseURL: model.baseUrl }) };
  switch (model.provider) {
    case 'openai-compatible':
      return createOpenAICompatible({ name: model.id, baseURL: model.baseUrl ?? '', includeUsage: true, ...common, ...(apiKey === undefined ? {} : { apiKey }) }).chatModel(model.model);
    case 'openai':
      return createOpenAI({ ...common, apiKey: apiKey ?? '' }).chat(model.model);
    case 'anthropic':
      return createAnthropic({ ...common, apiKey: apiKey ?? '' })(model.model);
    case 'ollama':
      // Ollama needs no key locally; a hosted Ollama takes one as a bearer token.
      return createOllama({ ...common, ...(apiKey === undefined ? {} : { headers: { authorization: `Bearer ${apiKey}` } }) })(model.model);
  }
}

/** masec's messages in the SDK's form; a tool result names the tool its call asked for. */
export function sdkMessages(messages: readonly ModelMessage[]): SdkMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((m): SdkMessage => {
    switch (m.role) {
      case 'system':
        return { role: 'system', content: m.content };
      case 'user':
        return { role: 'user', content: m.content };
      case 'assistant': {
        for (const call of m.toolCalls ?? []) toolNames.set(call.id, call.name);
        const calls = (m.toolCalls ?? []).map((call) => ({ type: 'tool-call' as const, toolCallId: call.id, toolName: call.name, input: call.args }));
        return { role: 'assistant', content: [...(m.content === '' ? [] : [{ type: 'text' as const, text: m.content }]), ...calls] };
      }
      case 'tool': {
        const id = m.toolCallId ?? '';
        return { role: 'tool', content: [{ type: 'tool-result', toolCallId: id, toolName: toolNames.get(id) ?? 'tool', output: { type: 'text', value: m.content } }] };
      }
    }
  });
}

function sdkTools(tools: readonly ModelTool[] | undefined): ToolSet | undefined {
  if (tools === undefined || tools.length === 0) return undefined;
  const set: ToolSet = {};
  for (const t of tools) set[t.name] = { description: t.description, inputSchema: jsonSchema(t.parameters) };
  return set;
}

const FINISH_REASONS: readonly ModelResponse['finishReason'][] = ['stop', 'length', 'tool-calls', 'content-filter', 'error', 'other'];

function answer(text: string, calls: readonly { toolCallId: string; toolName: string; input: unknown }[], finish: string, usage: { inputTokens?: number | undefined; outputTokens?: number | undefined }): TransportAnswer {
  const toolCalls: ModelToolCall[] = calls.map((c) => ({ id: c.toolCallId, name: c.toolName, args: c.input }));
  return {
    text,
    toolCalls,
    usage: { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 },
    finishReason: (FINISH_REASONS as readonly string[]).includes(finish) ? (finish as ModelResponse['finishReason']) : 'other',
  };
}

export class AiSdkTransport implements ModelTransport {
  readonly #models = new Map<string, LanguageModelV3>();

  constructor(
    private readonly fetch?: FetchFunction,
    private readonly options: { viaGenerateText?: boolean } = {},
  ) {}

  async generate(request: TransportRequest): Promise<TransportAnswer> {
    const { model } = request;
    let sdkModel = this.#models.get(model.id);
    if (sdkModel === undefined) {
      sdkModel = languageModel(model, request.apiKey, this.fetch);
      this.#models.set(model.id, sdkModel);
    }
    const tools = sdkTools(request.tools);
    const settings = {
      model: sdkModel,
      messages: sdkMessages(request.messages),
      allowSystemInMessages: true,
      maxRetries: 0,
      abortSignal: request.signal,
      ...(tools === undefined ? {} : { tools }),
      ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
      ...(model.maxTokens === undefined ? {} : { maxOutputTokens: model.maxTokens }),
      ...(model.topP === undefined ? {} : { topP: model.topP }),
      ...(model.topK === undefined ? {} : { topK: model.topK }),
      ...(model.stop === undefined ? {} : { stopSequences: model.stop }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
    };
    if (!model.stream && this.options.viaGenerateText !== true && settings.messages.length > 0) {
      const { allowSystemInMessages: _allow, maxRetries: _retries, ...direct } = settings;
      const result = await directGenerate(direct);
      return answer(result.text, result.toolCalls, result.finishReason, result.usage);
    }
    if (!model.stream) {
      const result = await generateText(settings);
      return answer(result.text, result.toolCalls, result.finishReason, result.usage);
    }
    const result = streamText({ ...settings, onError: () => undefined });
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error;
    }
    const [text, toolCalls, finishReason, usage] = await Promise.all([result.text, result.toolCalls, result.finishReason, result.usage]);
    return answer(text, toolCalls, finishReason, usage);
  }
}
