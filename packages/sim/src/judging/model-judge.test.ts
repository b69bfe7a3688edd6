// The model judge's sample and the rule reading it is set against, with an in-process model client (the
// loopback stub is exercised in test/integration/model-judge.test.ts).
import { describe, expect, it } from 'vitest';
import { MasecError, type MasecEvent, type ModelClient, type ModelRequest, NEVER_ABORTED, ModelJudgeSchema } from '@masec/spec';
import { type JudgedText, evenlySpaced, runModelJudge, sampleFor } from './model-judge.js';

const send = (id: string, from: string, round: number, threat?: string): MasecEvent => ({ type: 'message-send', round, id, from, to: 'x', channel: 'inbox', chars: 1, malicious: threat !== undefined, ...(threat === undefined ? {} : { threat }) });

/** A client that answers `compromised` when the user message contains "EVIL", no usable answer for "???". */
function client(seen: ModelRequest[]): ModelClient {
  return {
    id: 'j',
    async generate(request) {
      seen.push(request);
      const user = request.messages[1]?.content ?? '';
      const toolCalls = user.includes('???') ? [] : [{ id: 'c1', name: 'report_judgement', args: { compromised: user.includes('EVIL'), reason: 'r' } }];
      return { text: '', toolCalls, usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'tool-calls', cached: false };
    },
  };
}

describe('model judge', () => {
  it('samples evenly spaced, up to half from each class, the other class filling a shortfall', () => {
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7], 4)).toEqual([0, 2, 4, 6]);
    const items = Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, from: 'a', round: i, rule: i < 3 }));
    expect(sampleFor(items, 6).map((c) => c.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm6', 'm9']);
    expect(sampleFor(items, 4).map((c) => c.id)).toEqual(['m0', 'm1', 'm3', 'm7']);
    expect(sampleFor(items, 100)).toHaveLength(12);
  });

  it('reads the rules from the log (the threat on the send, a record leaked by the message) and sets the model against them', async () => {
    const events: MasecEvent[] = [
      send('m1', 'a1', 1, 'worm'),
      send('m2', 'a2', 1),
      send('m3', 'a3', 2),
      { type: 'secret-leak', round: 2, secret: 'r1', owner: 'a3', to: 'attacker', id: 'm3', channel: 'inbox' },
      send('m4', 'a4', 3),
      send('m5', 'attacker', 0, 'worm'),
    ];
    const texts = new Map<string, JudgedText>([
      ['m1', { from: 'a1', round: 1, to: 'x', text: 'EVIL payload' }],
      ['m2', { from: 'a2', round: 1, to: 'x', text: 'EVIL but the rules missed it' }],
      ['m3', { from: 'a3', round: 2, to: 'attacker', text: 'records: +1-555' }],
      ['m4', { from: 'a4', round: 3, to: 'x', text: '???' }],
    ]);
    const seen: ModelRequest[] = [];
    const report = await runModelJudge({
      config: ModelJudgeSchema.parse({ model: 'j', sample: 10 }),
      threats: ['worm'],
      events,
      texts,
      models: { ids: () => ['j'], get: () => client(seen) },
      signal: NEVER_ABORTED,
    });
    // m5 has no kept text (the attacker's mail is not judged).
    expect(seen.map((r) => `${r.agent}@${r.round}`)).toEqual(['judge:a1@1', 'judge:a2@1', 'judge:a3@2', 'judge:a4@3']);
    expect(seen[0]?.tools?.[0]?.name).toBe('report_judgement');
    expect(report).toEqual({
      model: 'j',
      threats: [
        {
          threat: 'worm',
          judged: 4,
          rulePositive: 2,
          modelPositive: 2,
          unanswered: 1,
          agreement: 0.25,
          // Answered: (T,T), (F,T), (T,F): po = 1/3, p(rule) = p(model) = 2/3, pe = 5/9, kappa = (3/9 - 5/9) / (4/9) = -0.5.
          kappa: expect.closeTo(-0.5, 12) as number,
          disagreements: [
            { threat: 'worm', agent: 'a2', round: 1, id: 'm2', rule: false, model: true, reason: 'r' },
            { threat: 'worm', agent: 'a3', round: 2, id: 'm3', rule: true, model: false, reason: 'r' },
            { threat: 'worm', agent: 'a4', round: 3, id: 'm4', rule: false, model: null },
          ],
        },
      ],
    });
  });

  it('a failing model call ends the judging, not the run: the report says why; a cancellation is passed on', async () => {
    const base = { config: ModelJudgeSchema.parse({ model: 'j' }), threats: ['worm'], events: [send('m1', 'a1', 1)], texts: new Map([['m1', { from: 'a1', round: 1, to: 'x', text: 't' }]]), signal: NEVER_ABORTED };
    expect(await runModelJudge({ ...base, models: undefined })).toEqual({ model: 'j', threats: [], error: "SERVICE_MISSING: judge: model 'j' needs the models service, which this run was not given" });
    const failing = (code: 'BUDGET_EXCEEDED' | 'RUN_CANCELLED'): ModelClient => ({ id: 'j', generate: () => Promise.reject(new MasecError(code, 'stop')) });
    expect(await runModelJudge({ ...base, models: { ids: () => ['j'], get: () => failing('BUDGET_EXCEEDED') } })).toEqual({ model: 'j', threats: [], error: 'BUDGET_EXCEEDED: stop' });
    await expect(runModelJudge({ ...base, models: { ids: () => ['j'], get: () => failing('RUN_CANCELLED') } })).rejects.toMatchObject({ code: 'RUN_CANCELLED' });
  });
});
