// The canonical encoding and digest over one example of every event type, pinned, and properties over
// generated logs: key order never changes the encoding, decoding gives back what was encoded, and two logs
// get the same digest exactly when their canonical encodings are the same.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventOf, type EventType, type MasecEvent } from '@masec/spec';
import { canonicalJson, canonicalNdjson, decodeEventLog, encodeEventLog } from './event-codec.js';

/** One event of every type, with optional fields, nesting, numbers and strings that need escaping. */
const EXAMPLES: { [T in EventType]: EventOf<T> } = {
  'run-start': { type: 'run-start', round: 0, scenario: 'worm-email', seed: 7, arm: 'detector-quarantine', agents: 4, benign: 3, defenses: ['content-detector', 'quarantine'], monitors: ['content-detector'], adversaries: ['attacker'], neutral: [] },
  'message-send': { type: 'message-send', round: 1, id: 'm1', from: 'a0', to: 'a1', channel: 'inbox', chars: 42, inReplyTo: 'm0', task: true, malicious: true, threat: 'worm', variant: 'stealth' },
  'message-deliver': { type: 'message-deliver', round: 1, id: 'm1', to: 'a1' },
  'message-block': { type: 'message-block', round: 1, id: 'm2', guard: 'quarantine', code: 'QUARANTINED', reason: 'sender "a2" quarantined' },
  'guard-verdict': { type: 'guard-verdict', round: 1, id: 'm1', guard: 'content-detector', action: 'flag', score: 0.8333333333333334, code: 'INJECTION_DETECTED', reason: 'pattern: ignore all previous instructions\n(2 hits)' },
  'agent-compromise': { type: 'agent-compromise', round: 2, agent: 'a1', threat: 'worm', variant: 'classic', via: 'm1' },
  'agent-quarantine': { type: 'agent-quarantine', round: 2, agent: 'a2', guard: 'quarantine', reason: '2 flagged message(s): content-detector' },
  'secret-leak': { type: 'secret-leak', round: 2, secret: 'IBAN DE89 3704 0044 0532 0130 00', owner: 'a1', to: 'attacker', id: 'm3', channel: 'inbox', sink: 'message', external: true },
  'agent-state': { type: 'agent-state', round: 3, agent: 'a3', key: 'belief:ceo-resigned', value: 0.25, malicious: true, threat: 'disinformation' },
  'tool-call': { type: 'tool-call', round: 3, id: 't1', agent: 'a0', tool: 'http.get', chars: 120, malicious: false, allowed: false, guard: 'taint-labels', code: 'LABEL_FLOW_DENIED' },
  'memory-write': { type: 'memory-write', round: 3, id: 'w1', agent: 'a0', store: 'kb', chars: 300, malicious: true, threat: 'memory-poisoning', allowed: true },
  'memory-read': { type: 'memory-read', round: 4, agent: 'a1', store: 'kb', retrieved: ['w1', 'w0'], delivered: ['w0'], malicious: 1 },
  'agent-output': { type: 'agent-output', round: 4, id: 'o1', agent: 'a1', to: 'user:a1', chars: 17, malicious: false, allowed: true },
  'tool-list': { type: 'tool-list', round: 4, offered: ['calendar', 'search'], withheld: [{ tool: 'shell', guard: 'channel-policy', code: 'TOOL_NOT_OFFERED' }] },
  'tool-result': { type: 'tool-result', round: 4, id: 't1', agent: 'a0', tool: 'search', chars: 5000, malicious: true, threat: 'memory-poisoning', allowed: true },
  'environment-step': { type: 'environment-step', round: 5, environment: 'market', moves: 3, state: { price: 10.5, open: true }, outcomes: { a0: -1.25e-7, winner: 'a2' } },
  'environment-reject': { type: 'environment-reject', round: 5, environment: 'market', agent: 'a3', reason: 'price below 0' },
  'action-invalid': { type: 'action-invalid', round: 5, agent: 'a2', reason: 'invalid-arguments', tool: 'send_mail', detail: 'not JSON: {"to": "a1", "te' },
  'memory-purge': { type: 'memory-purge', round: 5, agent: 'a1', guard: 'memory-sanitize', items: 2, malicious: 1 },
  'task-complete': { type: 'task-complete', round: 6, task: 'm1', agent: 'a0' },
  'round-end': { type: 'round-end', round: 6, sent: 12, delivered: 10, blocked: 2 },
  'population-round': {
    type: 'population-round',
    round: 7,
    susceptible: 999_000_000,
    exposed: 0,
    compromised: 1_000_000,
    recovered: 0,
    quarantined: 12,
    newCompromised: 500_000,
    everCompromised: 1_000_001,
    detected: 3,
    falseFlags: 1,
    newQuarantined: 2,
    falseQuarantined: 0,
    edgesCut: 4,
  },
  'population-end': { type: 'population-end', round: 8, cohortSize: [1, 3, 9], cohortOffspring: [3, 6, 0], resistant: 0, stateHash: '9f86d081884c7d65' },
  'market-progress': { type: 'market-progress', round: 8, epsilon: 0.018315638888734186, stableFor: 41_000, meanPrices: [1.7, 1.7000000000000002] },
  'market-flag': {
    type: 'market-flag',
    round: 1_200_000,
    guard: 'collusion-monitor',
    score: 0.6123,
    code: 'COLLUSION_SUSPECTED',
    reason: 'prices 70%, 68% of the way from Nash to monopoly',
    priceCap: [1.5181, 1.5181],
  },
  'market-end': {
    type: 'market-end',
    round: 8,
    converged: true,
    nashPrices: [1.4729, 1.4729],
    monopolyPrices: [1.9249, 1.9249],
    nashProfits: [0.2229, 0.2229],
    monopolyProfits: [0.3375, 0.3375],
    cyclePrices: [[1.8, 1.75], [1.75, 1.8]],
    cycleProfits: [0.32, 0.32],
    profitGains: [0.85, 0.8500000000000001],
    deviation: { firm: 0, prices: [[1.8, 1.75], [1.6, 1.75], [1.5, 1.55]], returned: null, gain: -0.0125 },
    monitors: [{ guard: 'collusion-monitor', maxScore: 0.6123, maxAt: 1_200_000, flaggedAt: 1_200_000 }],
  },
  'run-end': { type: 'run-end', round: 8, status: 'error', error: 'RangeError: ünïcödé ✓ "quoted"', code: 'RUN_FAILED' },
};
const LOG: MasecEvent[] = EVENT_TYPES.map((type) => EXAMPLES[type]);

/** What the log must encode to, line by line; changing canonicalisation must change this test. */
const GOLDEN_LINES = [
  '{"adversaries":["attacker"],"agents":4,"arm":"detector-quarantine","benign":3,"defenses":["content-detector","quarantine"],"monitors":["content-detector"],"neutral":[],"round":0,"scenario":"worm-email","seed":7,"type":"run-start"}',
  '{"channel":"inbox","chars":42,"from":"a0","id":"m1","inReplyTo":"m0","malicious":true,"round":1,"task":true,"threat":"worm","to":"a1","type":"message-send","variant":"stealth"}',
  '{"id":"m1","round":1,"to":"a1","type":"message-deliver"}',
  '{"code":"QUARANTINED","guard":"quarantine","id":"m2","reason":"sender \\"a2\\" quarantined","round":1,"type":"message-block"}',
  '{"action":"flag","code":"INJECTION_DETECTED","guard":"content-detector","id":"m1","reason":"pattern: ignore all previous instructions\\n(2 hits)","round":1,"score":0.8333333333333334,"type":"guard-verdict"}',
  '{"agent":"a1","round":2,"threat":"worm","type":"agent-compromise","variant":"classic","via":"m1"}',
  '{"agent":"a2","guard":"quarantine","reason":"2 flagged message(s): content-detector","round":2,"type":"agent-quarantine"}',
  '{"channel":"inbox","external":true,"id":"m3","owner":"a1","round":2,"secret":"IBAN DE89 3704 0044 0532 0130 00","sink":"message","to":"attacker","type":"secret-leak"}',
  '{"agent":"a3","key":"belief:ceo-resigned","malicious":true,"round":3,"threat":"disinformation","type":"agent-state","value":0.25}',
  '{"agent":"a0","allowed":false,"chars":120,"code":"LABEL_FLOW_DENIED","guard":"taint-labels","id":"t1","malicious":false,"round":3,"tool":"http.get","type":"tool-call"}',
  '{"agent":"a0","allowed":true,"chars":300,"id":"w1","malicious":true,"round":3,"store":"kb","threat":"memory-poisoning","type":"memory-write"}',
  '{"agent":"a1","delivered":["w0"],"malicious":1,"retrieved":["w1","w0"],"round":4,"store":"kb","type":"memory-read"}',
  '{"agent":"a1","allowed":true,"chars":17,"id":"o1","malicious":false,"round":4,"to":"user:a1","type":"agent-output"}',
  '{"offered":["calendar","search"],"round":4,"type":"tool-list","withheld":[{"code":"TOOL_NOT_OFFERED","guard":"channel-policy","tool":"shell"}]}',
  '{"agent":"a0","allowed":true,"chars":5000,"id":"t1","malicious":true,"round":4,"threat":"memory-poisoning","tool":"search","type":"tool-result"}',
  '{"environment":"market","moves":3,"outcomes":{"a0":-1.25e-7,"winner":"a2"},"round":5,"state":{"open":true,"price":10.5},"type":"environment-step"}',
  '{"agent":"a3","environment":"market","reason":"price below 0","round":5,"type":"environment-reject"}',
  '{"agent":"a2","detail":"not JSON: {\\"to\\": \\"a1\\", \\"te","reason":"invalid-arguments","round":5,"tool":"send_mail","type":"action-invalid"}',
  '{"agent":"a1","guard":"memory-sanitize","items":2,"malicious":1,"round":5,"type":"memory-purge"}',
  '{"agent":"a0","round":6,"task":"m1","type":"task-complete"}',
  '{"blocked":2,"delivered":10,"round":6,"sent":12,"type":"round-end"}',
  '{"compromised":1000000,"detected":3,"edgesCut":4,"everCompromised":1000001,"exposed":0,"falseFlags":1,"falseQuarantined":0,"newCompromised":500000,"newQuarantined":2,"quarantined":12,"recovered":0,"round":7,"susceptible":999000000,"type":"population-round"}',
  '{"cohortOffspring":[3,6,0],"cohortSize":[1,3,9],"resistant":0,"round":8,"stateHash":"9f86d081884c7d65","type":"population-end"}',
  '{"epsilon":0.018315638888734186,"meanPrices":[1.7,1.7000000000000002],"round":8,"stableFor":41000,"type":"market-progress"}',
  '{"code":"COLLUSION_SUSPECTED","guard":"collusion-monitor","priceCap":[1.5181,1.5181],"reason":"prices 70%, 68% of the way from Nash to monopoly","round":1200000,"score":0.6123,"type":"market-flag"}',
  '{"converged":true,"cyclePrices":[[1.8,1.75],[1.75,1.8]],"cycleProfits":[0.32,0.32],"deviation":{"firm":0,"gain":-0.0125,"prices":[[1.8,1.75],[1.6,1.75],[1.5,1.55]],"returned":null},"monitors":[{"flaggedAt":1200000,"guard":"collusion-monitor","maxAt":1200000,"maxScore":0.6123}],"monopolyPrices":[1.9249,1.9249],"monopolyProfits":[0.3375,0.3375],"nashPrices":[1.4729,1.4729],"nashProfits":[0.2229,0.2229],"profitGains":[0.85,0.8500000000000001],"round":8,"type":"market-end"}',
  '{"code":"RUN_FAILED","error":"RangeError: ünïcödé ✓ \\"quoted\\"","round":8,"status":"error","type":"run-end"}',
];
const GOLDEN_DIGEST = 'a97f743a5bc33be5d83a4c97be961015111e62ed5c69b739370e693510e452f4';

/**
 * The reference canonical form, written plainly: JSON.stringify for everything but objects, whose keys are
 * written in code-unit order (not JSON.stringify of a sorted copy: JavaScript puts integer-like keys such
 * as "0" first whatever the insertion order).
 */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`;
}

/** The same value with every object's keys in reverse (or another) order. */
function reordered(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => reordered(v, order));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(order(Object.keys(value)).map((k) => [k, reordered((value as Record<string, unknown>)[k], order)]));
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Events as the engines make them: a type, a round, and JSON-safe fields (flat ones take the fast path). */
const eventArb = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    round: fc.nat(1000),
    fields: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'type' && k !== 'round' && k !== '__proto__'),
      fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
        fc.boolean(),
        fc.jsonValue(),
        // Absent-but-set fields, at the top and nested: omitted from the encoding like absent ones.
        fc.constant(undefined),
        fc.dictionary(fc.string({ maxLength: 4 }).filter((k) => k !== '__proto__'), fc.option(fc.jsonValue(), { nil: undefined }), { maxKeys: 4 }),
      ),
      { maxKeys: 6 },
    ),
  })
  .map(({ type, round, fields }) => ({ ...fields, type, round }) as unknown as MasecEvent);
const logArb = fc.array(eventArb, { maxLength: 8 });

describe('event codec over every event type', () => {
  it('has one example of every type in EVENT_TYPES', () => {
    expect(Object.keys(EXAMPLES)).toEqual([...EVENT_TYPES]);
  });

  it('encodes the log to the pinned canonical lines and digest', () => {
    const encoded = encodeEventLog(LOG);
    const text = Buffer.from(encoded.bytes).toString('utf8');
    expect(text.split('\n')).toEqual([...GOLDEN_LINES, '']);
    expect(text).toBe(canonicalNdjson(LOG));
    expect(encoded.digest).toBe(sha256(`${GOLDEN_LINES.join('\n')}\n`));
    expect(encoded.digest).toBe(GOLDEN_DIGEST);
    for (const event of LOG) expect(canonicalJson(event)).toBe(reference(event));
  });

  it('decodes back to the same events, which encode to the same digest', () => {
    const encoded = encodeEventLog(LOG);
    const back = decodeEventLog(encoded.gz);
    expect(back).toStrictEqual(LOG);
    expect(encodeEventLog(back).digest).toBe(encoded.digest);
  });
});

describe('event codec properties', () => {
  it('the encoding is JSON with sorted keys, whatever order the keys were set in', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const expected = reference(event);
        expect(canonicalJson(event)).toBe(expected);
        expect(canonicalJson(reordered(event, (keys) => [...keys].reverse()))).toBe(expected);
        expect(canonicalJson(reordered(event, (keys) => [...keys].sort().reverse()))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('decode(encode(log)) is the log', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        const encoded = encodeEventLog(log);
        const back = decodeEventLog(encoded.gz);
        expect(back).toStrictEqual(JSON.parse(JSON.stringify(log)));
        expect(encodeEventLog(back).digest).toBe(encoded.digest);
      }),
      { numRuns: 200 },
    );
  });

  it('two logs have the same digest exactly when their canonical encodings are the same', () => {
    fc.assert(
      fc.property(logArb, logArb, (a, b) => {
        expect(encodeEventLog(a).digest === encodeEventLog(b).digest).toBe(canonicalNdjson(a) === canonicalNdjson(b));
      }),
      { numRuns: 200 },
    );
    // A log and the same log with one event changed, dropped, or two events swapped: always different.
    fc.assert(
      fc.property(logArb.filter((log) => log.length >= 2), fc.nat(), (log, pick) => {
        const i = pick % log.length;
        const digest = encodeEventLog(log).digest;
        const changed = log.map((e, j) => (j === i ? ({ ...e, round: e.round + 1 } as MasecEvent) : e));
        const dropped = log.filter((_, j) => j !== i);
        const swapped = [...log.slice(1, 2), ...log.slice(0, 1), ...log.slice(2)];
        expect(encodeEventLog(changed).digest).not.toBe(digest);
        expect(encodeEventLog(dropped).digest).not.toBe(digest);
        if (canonicalJson(log[0]) !== canonicalJson(log[1])) expect(encodeEventLog(swapped).digest).not.toBe(digest);
      }),
      { numRuns: 200 },
    );
  });
});
