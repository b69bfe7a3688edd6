/**
 * A dry run's transport: no socket. Each call is answered the way the stub's `careful` behaviour would (so
 * the run goes on like a real one), and its usage is an estimate for the price: input tokens at 4
 * characters a token, output tokens at the model's `maxTokens` (1024 when absent) — an upper bound.
 */
import { createHash } from 'node:crypto';
import type { ModelToolCall } from '@masec/spec';
import { type StubBehaviour, answerRequest } from './stub/behaviours.js';
import { estimateTokens } from './host.js';
import type { ModelTransport, TransportAnswer, TransportRequest } from './transport.js';

/** Output tokens a dry run assumes for a model without `maxTokens`. */
export const DRY_RUN_OUTPUT_TOKENS = 1024;

export class DryTransport implements ModelTransport {
  constructor(private readonly behaviour: StubBehaviour = { kind: 'careful' }) {}

  generate(request: TransportRequest): Promise<TransportAnswer> {
    const stubRequest = {
      model: request.model.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      tools: (request.tools ?? []).map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
      seed: request.seed,
    };
    const answer = answerRequest(this.behaviour, stubRequest);
    const toolCalls: ModelToolCall[] = answer.toolCalls.map((call, i) => ({
      id: `dry_${createHash('sha256').update(JSON.stringify([stubRequest.messages, i])).digest('hex').slice(0, 16)}`,
      name: call.name,
      args: call.args,
    }));
    return Promise.resolve({
      text: answer.text,
      toolCalls,
      usage: { inputTokens: estimateTokens(request), outputTokens: request.model.maxTokens ?? DRY_RUN_OUTPUT_TOKENS },
      finishReason: toolCalls.length > 0 ? 'tool-calls' : 'stop',
    });
  }
}
