/** Anthropic messages (`POST /v1/messages`): system prompt, tool_use and tool_result blocks, usage, event streams. */
import type { StubMessage, StubTool } from './behaviours.js';
import { JSON_HEADERS, SSE_HEADERS, type Wire, WireError, answerId, list, record, text, usageOf } from './wire.js';

function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  return list(content, 'content')
    .map((b) => {
      const block = record(b, 'a content block');
      if (block['type'] === 'tool_use') return `${String(block['name'])}(${JSON.stringify(block['input'] ?? {})})`;
      if (block['type'] === 'tool_result') return text(block['content']);
      return text(block['text']);
    })
    .filter((t) => t !== '')
    .join('\n');
}

export const anthropicWire: Wire = {
  parse(raw) {
    const body = record(raw, 'the request body');
    if (typeof body['model'] !== 'string') throw new WireError('model must be a string');
    if (typeof body['max_tokens'] !== 'number') throw new WireError('max_tokens must be a number');
    const messages: StubMessage[] = [];
    if (body['system'] !== undefined) messages.push({ role: 'system', content: blocksText(body['system']) });
    list(body['messages'], 'messages').forEach((m, i) => {
      const message = record(m, `messages[${i}]`);
      if (message['role'] !== 'user' && message['role'] !== 'assistant') throw new WireError(`messages[${i}].role must be user or assistant`);
      messages.push({ role: message['role'], content: blocksText(message['content']) });
    });
    if (messages.length === 0) throw new WireError('messages must not be empty');
    const tools: StubTool[] = list(body['tools'], 'tools').map((t, i) => {
      const tool = record(t, `tools[${i}]`);
      return { name: String(tool['name']), description: typeof tool['description'] === 'string' ? tool['description'] : '', parameters: record(tool['input_schema'] ?? {}, `tools[${i}].input_schema`) };
    });
    return { request: { model: body['model'], messages, tools }, stream: body['stream'] === true };
  },

  reply(request, answer, stream) {
    const id = answerId(request, 'msg_');
    const usage = usageOf(request, answer);
    const content: Record<string, unknown>[] = [];
    if (answer.text !== '') content.push({ type: 'text', text: answer.text });
    answer.toolCalls.forEach((call, i) => content.push({ type: 'tool_use', id: answerId(request, 'toolu_', i), name: call.name, input: typeof call.args === 'string' ? { raw: call.args } : call.args }));
    const stopReason = answer.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
    if (!stream) {
      const message = { id, type: 'message', role: 'assistant', model: request.model, content, stop_reason: stopReason, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: usage.output } };
      return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(message) };
    }
    const event = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const chunks = [event('message_start', { message: { id, type: 'message', role: 'assistant', model: request.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 0 } } })];
    content.forEach((block, index) => {
      if (block['type'] === 'text') {
        chunks.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
        chunks.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: block['text'] } }));
      } else {
        chunks.push(event('content_block_start', { index, content_block: { type: 'tool_use', id: block['id'], name: block['name'], input: {} } }));
        chunks.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block['input']) } }));
      }
      chunks.push(event('content_block_stop', { index }));
    });
    chunks.push(event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } }));
    chunks.push(event('message_stop', {}));
    return { status: 200, headers: SSE_HEADERS, body: chunks };
  },

  error(status, message) {
    const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    return { status, headers: JSON_HEADERS, body: JSON.stringify({ type: 'error', error: { type, message } }) };
  },
};
