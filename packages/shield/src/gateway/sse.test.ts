import { describe, expect, it } from 'vitest';
import { type SseDecision, guardEventStream } from './sse.js';

const streamOf = (text: string): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

/** Everything the guarded stream writes, or 'stalled' when it stops giving events for a second. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let out = '';
  for (;;) {
    const next = await Promise.race([reader.read(), new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 1000))]);
    if (next === 'stalled') return 'stalled';
    if (next.done) return out;
    out += new TextDecoder().decode(next.value);
  }
}

const guard = (text: string, decide: (data: string | undefined, raw: string) => SseDecision): Promise<string> =>
  readAll(guardEventStream(streamOf(text), async (event) => decide(event.data, event.raw), { maxEventBytes: 1 << 20, tooLarge: async () => 'event: error\ndata: too large\n\n' }));

describe('guardEventStream', () => {
  it('passes events as they came, rewrites one, and ends the stream after an ending decision', async () => {
    const text = 'data: a\n\nevent: note\ndata: b\n\ndata: c\n\n';
    expect(await guard(text, (_data, raw) => ({ out: raw, end: false }))).toBe(text);
    expect(await guard(text, (data, raw) => (data === 'b' ? { out: 'data: B\n\n', end: false } : { out: raw, end: false }))).toBe('data: a\n\ndata: B\n\ndata: c\n\n');
    expect(await guard(text, (data, raw) => (data === 'b' ? { out: 'event: error\ndata: refused\n\n', end: true } : { out: raw, end: false }))).toBe('data: a\n\nevent: error\ndata: refused\n\n');
  });

  it('goes on after a dropped event (a refused server request): the events behind it still arrive', async () => {
    const text = 'data: a\n\ndata: drop\n\ndata: drop\n\ndata: b\n\n';
    expect(await guard(text, (data, raw) => ({ out: data === 'drop' ? '' : raw, end: false }))).toBe('data: a\n\ndata: b\n\n');
    expect(await guard('data: drop\n\n', () => ({ out: '', end: false }))).toBe('');
  });

  it('ends with the error event when one event outgrows the limit', async () => {
    const stream = guardEventStream(streamOf(`data: ${'x'.repeat(100)}`), async (event) => ({ out: event.raw, end: false }), { maxEventBytes: 50, tooLarge: async () => 'event: error\ndata: too large\n\n' });
    expect(await readAll(stream)).toBe('event: error\ndata: too large\n\n');
  });
});
