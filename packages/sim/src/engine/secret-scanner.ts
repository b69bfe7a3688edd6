/**
 * Finds which secret values occur in a text, exactly (substring semantics), in time proportional to the
 * text rather than to the number of secrets: values are indexed by their first few characters, and each
 * text position looks up the values that could start there.
 */
import type { SecretRecord } from '@masec/spec';

const PREFIX = 4;

/** A hash of the PREFIX characters at `at` (collisions are fine: candidates are confirmed with startsWith). */
function prefixKey(text: string, at: number): number {
  let h = 0;
  for (let i = 0; i < PREFIX; i++) h = (Math.imul(h, 31) + text.charCodeAt(at + i)) | 0;
  return h;
}

export class SecretScanner {
  readonly #byPrefix = new Map<number, SecretRecord[]>();
  readonly #short: SecretRecord[] = [];

  constructor(records: readonly SecretRecord[]) {
    for (const record of records) {
      if (record.value.length < PREFIX) {
        if (record.value.length > 0) this.#short.push(record);
        continue;
      }
      const key = prefixKey(record.value, 0);
      const list = this.#byPrefix.get(key);
      if (list === undefined) this.#byPrefix.set(key, [record]);
      else list.push(record);
    }
  }

  /** Records whose value occurs in `text`, each once, in first-occurrence order. */
  scan(text: string): SecretRecord[] {
    const found: SecretRecord[] = [];
    const seen = new Set<SecretRecord>();
    for (let i = 0; i + PREFIX <= text.length; i++) {
      const candidates = this.#byPrefix.get(prefixKey(text, i));
      if (candidates === undefined) continue;
      for (const record of candidates) {
        if (!seen.has(record) && text.startsWith(record.value, i)) {
          seen.add(record);
          found.push(record);
        }
      }
    }
    for (const record of this.#short) if (text.includes(record.value)) found.push(record);
    return found;
  }
}
