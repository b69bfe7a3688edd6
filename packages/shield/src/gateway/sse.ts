/**
 * Server-sent events through the gateway: the upstream's stream is cut into events (a blank line ends
 * one), each event handed to `onEvent`, and what it returns written to the caller: the event's own bytes
 * when nothing changed, a rewritten event, or an error event that ends the stream. An event larger than
 * `maxEventBytes` ends the stream with an error, so a stream that never ends an event cannot grow memory.
 */
import { decoder, encoder } from './http.js';

export interface SseEvent {
  /** The event as it arrived, its terminating blank line included. */
  raw: string;
  /** The `event:` field ('message' when absent). */
  type: string;
  /** The `data:` lines joined by newlines (undefined when the event has none: a comment or keep-alive). */
  data: string | undefined;
}

/** What to write for an event: its text, and whether the stream ends after it. */
export interface SseDecision {
  out: string;
  end: boolean;
}

export function parseEvent(raw: string): SseEvent {
  let type = 'message';
  const data: string[] = [];
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  return { raw, type, data: data.length === 0 ? undefined : data.join('\n') };
}

const BOUNDARY = /\r\n\r\n|\n\n|\r\r/;

export function guardEventStream(
  upstream: ReadableStream<Uint8Array>,
  onEvent: (event: SseEvent) => Promise<SseDecision>,
  options: { maxEventBytes: number; tooLarge: () => Promise<string> },
): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  const textDecoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (ended) return;
      for (;;) {
        const match = BOUNDARY.exec(buffer);
        if (match !== null) {
          const raw = buffer.slice(0, match.index + match[0].length);
          buffer = buffer.slice(match.index + match[0].length);
          const decision = await onEvent(parseEvent(raw));
          if (decision.end) {
            if (decision.out !== '') controller.enqueue(encoder.encode(decision.out));
            ended = true;
            controller.close();
            await reader.cancel().catch(() => undefined);
            return;
          }
          // A dropped event (nothing to write) goes on to the next one: a pull that enqueues nothing is not
          // called again, and the stream would stall for good.
          if (decision.out === '') continue;
          controller.enqueue(encoder.encode(decision.out));
          return;
        }
        if (buffer.length > options.maxEventBytes) {
          ended = true;
          controller.enqueue(encoder.encode(await options.tooLarge()));
          controller.close();
          await reader.cancel().catch(() => undefined);
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          buffer += textDecoder.decode();
          ended = true;
          // A last event without its blank line is still an event.
          if (buffer.trim() !== '') {
            const decision = await onEvent(parseEvent(buffer));
            if (decision.out !== '') controller.enqueue(encoder.encode(decision.out));
          }
          controller.close();
          return;
        }
        buffer += textDecoder.decode(value, { stream: true });
      }
    },
    async cancel(reason) {
      ended = true;
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}

export { decoder };
