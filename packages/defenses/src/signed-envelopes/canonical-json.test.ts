import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize as oracle } from 'json-canonicalize';
import { CanonicalJsonError, canonicalJson } from './canonical-json.js';

interface Vector {
  id: string;
  group: string;
  disposition: 'accept' | 'reject';
  input_raw: string;
  expected_hex?: string;
}
const corpus = JSON.parse(readFileSync(new URL('../../../../test/fixtures/a2a-jcs/vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[]; counts: { accept: number; reject: number } };

/** What the card-signing path does with raw text: parse, drop `signatures` at the top, canonicalise; a claimed
 *  canonical form that still has `signatures` is refused (a2a spec 8.4.1 rule 3). */
function canonicalCardText(raw: string, claimedCanonical: boolean): string {
  const value = JSON.parse(raw) as Record<string, unknown>;
  if (claimedCanonical && Object.hasOwn(value, 'signatures')) throw new Error('signatures present in a canonical form');
  const { signatures: _s, ...rest } = value;
  return canonicalJson(rest);
}

describe('canonicalJson against the a2a-jcs-v01 cases (test/fixtures/a2a-jcs)', () => {
  it('has every case of the corpus: 47 accept, 10 reject', () => {
    expect(corpus.counts).toEqual({ accept: 47, reject: 10 });
    expect(corpus.vectors).toHaveLength(57);
  });
  for (const v of corpus.vectors) {
    it(`${v.id} (${v.disposition})`, () => {
      const signaturesGroup = v.group === 'a2-signatures-exclusion';
      if (v.disposition === 'accept') {
        const text = signaturesGroup ? canonicalCardText(v.input_raw, false) : canonicalJson(JSON.parse(v.input_raw));
        expect(Buffer.from(text, 'utf8').toString('hex')).toBe(v.expected_hex);
      } else {
        expect(() => (signaturesGroup ? canonicalCardText(v.input_raw, true) : canonicalJson(JSON.parse(v.input_raw)))).toThrow();
      }
    });
  }
});

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units, writes numbers as ECMAScript does and keeps arrays in order', () => {
    expect(canonicalJson({ b: [3, 1, { z: 1, a: -0 }], a: 1e21, 'b\u{1f600}': 1, 'b\uff01': 2 })).toBe('{"a":1e+21,"b":[3,1,{"a":0,"z":1}],"b\u{1f600}":1,"b\uff01":2}');
  });
  it('leaves out undefined members, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
  it('refuses what has no JSON form, naming where', () => {
    const cases: [unknown, string][] = [
      [{ a: [1, Number.NaN] }, '$.a[1]'],
      [{ 'odd key': { x: Infinity } }, '$["odd key"].x'],
      [{ s: 'x\ud800' }, '$.s'],
      [{ ['k\udc00']: 1 }, '$["k\\udc00"]'],
      [{ f: () => 1 }, '$.f'],
      [{ b: 10n }, '$.b'],
      [{ d: new Date(0) }, '$.d'],
      [[undefined], '$[0]'],
    ];
    for (const [value, path] of cases) {
      let error: unknown;
      try {
        canonicalJson(value);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(path)).toBeInstanceOf(CanonicalJsonError);
      expect((error as CanonicalJsonError).path).toBe(path);
    }
  });
  it('refuses nesting past its depth limit and cycles, without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/nested deeper than 64 levels/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(CanonicalJsonError);
  });
  it('refuses output past its length limit', () => {
    expect(() => canonicalJson({ a: 'x'.repeat(100) }, { maxLength: 50 })).toThrow(/longer than 50/);
  });
  it('agrees with an independent implementation on arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(canonicalJson(value)).toBe(oracle(value));
      }),
      { numRuns: 500 },
    );
  });
  it('is idempotent: the canonical form of a parsed canonical form is itself (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const once = canonicalJson(value);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
