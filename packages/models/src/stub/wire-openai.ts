/** OpenAI chat completions (`POST /v1/chat/completions`): tool calls, usage, and streams as server-sent events. */
import type { StubMessage, StubTool } from './behaviours.js';
import { JSON_HEADERS, SSE_HEADERS, type Wire, WireError, answerId, argsText, list, record, text, usageOf } from './wire.js';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];

export const openaiWire: Wire = {
  parse(raw) {
    const body = record(raw, 'the request body');
    if (typeof body['model'] !== 'string') throw new WireError('model must be a string');
    const messages: StubMessage[] = list(body['messages'], 'messages').map((m, i) => {
      const message = record(m, `messages[${i}]`);
      const role = message['role'];
      if (typeof role !== 'string' || !ROLES.includes(role)) throw new WireError(`messages[${i}].role must be one of ${ROLES.join(', ')}`);
      const calls = list(message['tool_calls'], `messages[${i}].tool_calls`).map((c) => {
        const fn = record(record(c, 'a tool call')['function'], 'a tool call function');
        return `${String(fn['name'])}(${String(fn['arguments'])})`;
      });
      return { role: role === 'developer' ? 'system' : (role as StubMessage['role']), content: [text(message['content']), ...calls].filter((t) => t !== '').join('\n') };
    });
    if (messages.length === 0) throw new WireError('messages must not be empty');
    const tools: StubTool[] = list(body['tools'], 'tools').map((t, i) => {
      const fn = record(record(t, `tools[${i}]`)['function'], `tools[${i}].function`);
      return { name: String(fn['name']), description: typeof fn['description'] === 'string' ? fn['description'] : '', parameters: record(fn['parameters'] ?? {}, `tools[${i}].function.parameters`) };
    });
    const seed = typeof body['seed'] === 'number' ? body['seed'] : undefined;
    return { request: { model: body['model'], messages, tools, seed }, stream: body['stream'] === true };
  },

  reply(request, answer, stream) {
    const id = answerId(request, 'chatcmpl-');
    const usage = usageOf(request, answer);
    const usageBody = { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output };
    const toolCalls = answer.toolCalls.map((call, i) => ({ id: answerId(request, 'call_', i), type: 'function', function: { name: call.name, arguments: argsText(call.args) } }));
    const finish = toolCalls.length > 0 ? 'tool_calls' : 'stop';
    if (!stream) {
      const message = { role: 'assistant', content: answer.text === '' && toolCalls.length > 0 ? null : answer.text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
      return {
        status: 200,
        headers: JSON_HEADERS,
        body: JSON.stringify({ id, object: 'chat.completion', created: 0, model: request.model, choices: [{ index: 0, message, finish_reason: finish }], usage: usageBody }),
      };
    }
    const chunk = (delta: Record<string, unknown>, finishReason: string | null): string =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
    const chunks = [chunk({ role: 'assistant', content: '' }, null)];
    // The text in pieces of up to 16 characters, as a server streaming tokens would.
    for (let at = 0; at < answer.text.length; at += 16) chunks.push(chunk({ content: answer.text.slice(at, at + 16) }, null));
    toolCalls.forEach((call, index) => chunks.push(chunk({ tool_calls: [{ index, ...call }] }, null)));
    chunks.push(chunk({}, finish));
    chunks.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [], usage: usageBody })}\n\n`);
    chunks.push('data: [DONE]\n\n');
    return { status: 200, headers: SSE_HEADERS, body: chunks };
  },

  error(status, message) {
    const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
    return { status, headers: JSON_HEADERS, body: JSON.stringify({ error: { message, type, code: null } }) };
  },
};
