/** Ollama chat (`POST /api/chat`): tool calls with object arguments, eval counts, newline-delimited JSON streams. */
import type { StubMessage, StubTool } from './behaviours.js';
import { JSON_HEADERS, type Wire, WireError, answerId, list, record, text, usageOf } from './wire.js';

const CREATED_AT = '1970-01-01T00:00:00Z';

export const ollamaWire: Wire = {
  parse(raw) {
    const body = record(raw, 'the request body');
    if (typeof body['model'] !== 'string') throw new WireError('model must be a string');
    const messages: StubMessage[] = list(body['messages'], 'messages').map((m, i) => {
      const message = record(m, `messages[${i}]`);
      const role = message['role'];
      if (role !== 'system' && role !== 'user' && role !== 'assistant' && role !== 'tool') throw new WireError(`messages[${i}].role must be system, user, assistant or tool`);
      const calls = list(message['tool_calls'], `messages[${i}].tool_calls`).map((c) => {
        const fn = record(record(c, 'a tool call')['function'], 'a tool call function');
        return `${String(fn['name'])}(${JSON.stringify(fn['arguments'] ?? {})})`;
      });
      return { role, content: [text(message['content']), ...calls].filter((t) => t !== '').join('\n') };
    });
    if (messages.length === 0) throw new WireError('messages must not be empty');
    const tools: StubTool[] = list(body['tools'], 'tools').map((t, i) => {
      const fn = record(record(t, `tools[${i}]`)['function'], `tools[${i}].function`);
      return { name: String(fn['name']), description: typeof fn['description'] === 'string' ? fn['description'] : '', parameters: record(fn['parameters'] ?? {}, `tools[${i}].function.parameters`) };
    });
    const options = body['options'] === undefined ? {} : record(body['options'], 'options');
    const seed = typeof options['seed'] === 'number' ? options['seed'] : undefined;
    // Ollama streams unless told not to.
    return { request: { model: body['model'], messages, tools, seed }, stream: body['stream'] !== false };
  },

  reply(request, answer, stream) {
    const usage = usageOf(request, answer);
    const toolCalls = answer.toolCalls.map((call, i) => ({ id: answerId(request, 'call_', i), function: { name: call.name, arguments: typeof call.args === 'string' ? { raw: call.args } : call.args } }));
    const message = { role: 'assistant', content: answer.text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
    const done = { model: request.model, created_at: CREATED_AT, done: true, done_reason: 'stop', prompt_eval_count: usage.input, eval_count: usage.output };
    if (!stream) return { status: 200, headers: JSON_HEADERS, body: JSON.stringify({ ...done, message }) };
    const chunks: string[] = [];
    for (let at = 0; at < answer.text.length; at += 16) {
      chunks.push(`${JSON.stringify({ model: request.model, created_at: CREATED_AT, message: { role: 'assistant', content: answer.text.slice(at, at + 16) }, done: false })}\n`);
    }
    if (toolCalls.length > 0) chunks.push(`${JSON.stringify({ model: request.model, created_at: CREATED_AT, message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false })}\n`);
    chunks.push(`${JSON.stringify({ ...done, message: { role: 'assistant', content: '' } })}\n`);
    return { status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: chunks };
  },

  error(status, message) {
    return { status, headers: JSON_HEADERS, body: JSON.stringify({ error: message }) };
  },
};
