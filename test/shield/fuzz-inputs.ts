/**
 * Hostile inputs for the shield's parsers (fast-check arbitraries): any text, broken UTF-16, JSON of every
 * shape, deep nesting, huge bodies, and near-valid protocol messages with wrong types and mutated signed
 * bodies from the wire corpus.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const CORPUS = join(import.meta.dirname, '../corpus');
/** Bodies of the signed corpus cases: valid or nearly valid, the best seeds for mutation. */
export const SEEDS: string[] = ['mcp', 'a2a/identity'].flatMap((dir) =>
  readdirSync(join(CORPUS, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(CORPUS, dir, f), 'utf8')) as { body?: unknown; bodyText?: string; upstream?: { body: unknown } })
    .flatMap((c) => [c.bodyText ?? JSON.stringify(c.body), c.upstream === undefined ? undefined : typeof c.upstream.body === 'string' ? c.upstream.body : JSON.stringify(c.upstream.body)])
    .filter((text): text is string => typeof text === 'string' && text !== ''),
);

const anything = fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false, withSet: true, withMap: true });
const loneSurrogates = fc.array(fc.integer({ min: 0xd700, max: 0xe000 }), { maxLength: 20 }).map((codes) => `{"a":"${String.fromCharCode(...codes)}"}`);
const escapedSurrogate = fc.constantFrom('{"k":"\\ud800"}', '{"\\udc00":1}', '"\\ud83d"', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\\udfff"}}');
const deep = fc.integer({ min: 60, max: 5000 }).chain((n) => fc.constantFrom(`${'['.repeat(n)}${']'.repeat(n)}`, `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":${'['.repeat(n)}${']'.repeat(n)}}}`));
const huge = fc.integer({ min: 100_000, max: 2_000_000 }).chain((n) => fc.constantFrom(`"${'x'.repeat(n)}"`, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${'n'.repeat(n)}"}}`, `[${'1,'.repeat(n / 2)}1]`));
const wrongTypes = fc.record({
  jsonrpc: fc.oneof(fc.constant('2.0'), anything),
  id: anything,
  method: fc.oneof(fc.constantFrom('tools/call', 'tools/list', 'SendMessage', 'initialize'), anything),
  params: fc.oneof(
    anything,
    fc.record({ name: anything, arguments: anything, _meta: fc.oneof(anything, fc.record({ 'dev.masec/signature': anything, 'dev.masec/capability': anything })), metadata: fc.oneof(anything, fc.record({ 'urn:masec:ext:signed-messages:v1': anything })), message: anything }),
  ),
  result: fc.oneof(anything, fc.record({ tools: anything, content: anything, structuredContent: anything })),
});
const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.string({ maxLength: 3 })).map(([seed, at, insert]) => {
  const i = at % (seed.length + 1);
  return `${seed.slice(0, i)}${insert}${seed.slice(i + 1)}`;
});
const didish = fc.tuple(fc.constantFrom('did:key:z', 'did:key:z6Mk', 'did:web:', '', 'did:key:'), fc.string({ maxLength: 80 }), fc.constantFrom('', '#', '#z6Mk')).map((p) => p.join(''));
const tokenish = fc.tuple(fc.array(fc.oneof(fc.base64String({ maxLength: 200 }), fc.string({ maxLength: 50 })), { maxLength: 12 }), fc.constantFrom('.', '~')).map(([parts, sep]) => parts.join(sep));

/** Hostile text of every family, weighted toward the near-valid. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 300 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)), weight: 3 },
  { arbitrary: wrongTypes.map((v) => JSON.stringify(v) ?? 'null'), weight: 4 },
  { arbitrary: mutated, weight: 6 },
  { arbitrary: loneSurrogates, weight: 1 },
  { arbitrary: escapedSurrogate, weight: 1 },
  { arbitrary: didish, weight: 1 },
  { arbitrary: tokenish, weight: 1 },
  { arbitrary: deep, weight: 1 },
);

/** Huge inputs, kept apart: few runs. */
export const hugeText: fc.Arbitrary<string> = huge;
