// llm-paraphrase: what it asks the model (one call per text part, as shield:<sender> in the round), that the
// model's rewrite replaces the text, and what happens when the model gives none (block, or keep) or the text
// is too long. Against llm-stub's paraphraser over HTTP: test/integration/secret-collusion-llm.test.ts.
import { describe, expect, it } from 'vitest';
import type { DefenseDefinition, ModelRequest, ModelResponse } from '@masec/spec';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { testPipeline, testServices } from '../testing/services.js';
import { type LlmParaphraseConfig, LlmParaphraseConfigSchema, PARAPHRASE_PROMPT, llmParaphrase } from './definition.js';

runDefenseContract(llmParaphrase as unknown as DefenseDefinition<unknown>, {
  benign: [textEnvelope('The client demo is due on Friday. Thanks to Omar for the clean draft.')],
  suspicious: { config: { maxChars: 10 }, steps: [{ hook: 'send', envelope: textEnvelope('A text longer than ten characters.') }] },
  // Every envelope is a model call: a smaller flood.
  flood: { envelopes: 40_000, config: {} },
});

const reply = (extra: Partial<ModelResponse>): ModelResponse => ({ text: '', toolCalls: [], usage: { inputTokens: 10, outputTokens: 5 }, finishReason: 'stop', cached: false, ...extra });

function pipelineWith(config: Partial<LlmParaphraseConfig>, answer: (request: ModelRequest) => ModelResponse) {
  const requests: ModelRequest[] = [];
  const models = { ids: () => ['rewriter', 'other'], get: (id: string) => ({ id, generate: async (request: ModelRequest) => (requests.push(request), answer(request)) }) };
  const guard = llmParaphrase.create(LlmParaphraseConfigSchema.parse(config), { ...testServices(), models });
  return { pipeline: testPipeline([guard]), requests };
}

describe('llm-paraphrase', () => {
  it('asks the model once per text part, as shield:<sender> in the round, and delivers its rewrite', async () => {
    const { pipeline, requests } = pipelineWith({}, (r) => reply({ text: `  ${(r.messages[1]?.content ?? '').toLowerCase()}\n` }));
    const envelope = textEnvelope('Lunch On Friday?', { parts: [{ kind: 'text', text: 'Lunch On Friday?' }, { kind: 'data', data: { n: 1 } }, { kind: 'text', text: 'See You.' }] });
    const outcome = await pipeline.process(envelope, 'send', 4);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ agent: 'shield:a1', round: 4, messages: [{ role: 'system', content: PARAPHRASE_PROMPT }, { role: 'user', content: 'Lunch On Friday?' }] });
    expect(outcome.verdict).toMatchObject({ action: 'deliver', envelope: { parts: [{ kind: 'text', text: 'lunch on friday?' }, { kind: 'data' }, { kind: 'text', text: 'see you.' }] } });
    expect(outcome.transforms).toEqual([{ guard: 'llm-paraphrase', reason: 'paraphrased (model rewriter)' }]);
  });

  it('uses the configured model; an unchanged text is delivered as it was, with no transform noted', async () => {
    const { pipeline, requests } = pipelineWith({ model: 'other' }, (r) => reply({ text: r.messages[1]?.content ?? '' }));
    const outcome = await pipeline.process(textEnvelope('Same text.'), 'send', 1);
    expect(requests).toHaveLength(1);
    expect(outcome.transforms).toEqual([]);
    expect(outcome.verdict).toMatchObject({ action: 'deliver', envelope: { parts: [{ kind: 'text', text: 'Same text.' }] } });
  });

  it('without a usable rewrite it blocks (default) or keeps the original (onError: keep); a text over maxChars is blocked unasked', async () => {
    for (const bad of [reply({ text: '  ' }), reply({ finishReason: 'error', error: 'bad body' })]) {
      const strict = pipelineWith({}, () => bad);
      expect((await strict.pipeline.process(textEnvelope('Hidden Bits Here.'), 'send', 1)).verdict).toMatchObject({ action: 'block', guard: 'llm-paraphrase', code: 'BLOCKED' });
      const lenient = pipelineWith({ onError: 'keep' }, () => bad);
      expect((await lenient.pipeline.process(textEnvelope('Hidden Bits Here.'), 'send', 1)).verdict).toMatchObject({ action: 'deliver', envelope: { parts: [{ kind: 'text', text: 'Hidden Bits Here.' }] } });
    }
    const long = pipelineWith({ maxChars: 5 }, () => reply({ text: 'short' }));
    expect((await long.pipeline.process(textEnvelope('Too long a text.'), 'send', 1)).verdict).toMatchObject({ action: 'block', code: 'BLOCKED' });
    expect(long.requests).toHaveLength(0);
  });

  it('rejects a bad config with the field named', () => {
    const result = LlmParaphraseConfigSchema.safeParse({ onError: 'ignore' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['onError']);
  });
});
