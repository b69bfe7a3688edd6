/** Envelope builders for defense tests (here and in third-party defense packages). */
import type { Envelope } from '@masec/spec';

export function textEnvelope(text: string, overrides: Partial<Envelope> = {}): Envelope {
  return {
    id: 'm0.0',
    from: 'a1',
    to: 'a2',
    channel: 'inbox',
    parts: [{ kind: 'text', text }],
    labels: { confidentiality: 'internal', integrity: 'untrusted' },
    provenance: { origin: { kind: 'agent', id: 'a1' }, hops: ['a1'] },
    time: 0,
    ...overrides,
  };
}

/** Deep-freeze so a guard that mutates its input throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
