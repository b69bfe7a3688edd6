import { describe, expect, it } from 'vitest';
import type { Envelope } from '@masec/spec';
import { TestPipeline, guardOf } from '../testing/services.js';
import { textEnvelope } from '../testing/envelopes.js';
import { signedEnvelopes } from './definition.js';

async function signedAt(pipeline: TestPipeline, envelope: Envelope, round: number): Promise<Envelope> {
  const outcome = await pipeline.process(envelope, 'send', round);
  if (outcome.verdict.action !== 'deliver') throw new Error('send was blocked');
  return outcome.verdict.envelope;
}

describe('signed-envelopes', () => {
  it('signs on send (labels and metadata covered, id as nonce) and delivers what verifies', async () => {
    const pipeline = new TestPipeline([guardOf(signedEnvelopes)]);
    const signed = await signedAt(pipeline, textEnvelope('Lunch on Friday?', { id: 'm0.1', metadata: { lane: 'a' } }), 0);
    expect(signed.signature).toMatchObject({ alg: 'Ed25519', keyId: 'a1', nonce: 'm0.1' });
    expect(signed.signature?.value).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect((await pipeline.process(signed, 'deliver', 1)).verdict.action).toBe('deliver');
  });
  it('refuses forged (unsigned or signed by another key), tampered, relabelled, replayed and stale envelopes with their codes', async () => {
    const pipeline = new TestPipeline([guardOf(signedEnvelopes)]);
    const signed = await signedAt(pipeline, textEnvelope('Approve invoice 12', { id: 'm0.1', time: 0 }), 0);
    const byMallory = await signedAt(pipeline, textEnvelope('Approve invoice 12', { id: 'm0.2', from: 'mallory' }), 0);
    const cases: [Envelope, string, number][] = [
      [textEnvelope('Approve invoice 12', { time: 0 }), 'SIGNATURE_INVALID', 1],
      [{ ...byMallory, from: 'a1' }, 'SIGNATURE_INVALID', 1],
      [{ ...signed, parts: [{ kind: 'text', text: 'Approve invoice 13' }] }, 'SIGNATURE_INVALID', 1],
      [{ ...signed, labels: { confidentiality: 'public', integrity: 'trusted' } }, 'SIGNATURE_INVALID', 1],
      [{ ...signed, to: 'a3' }, 'SIGNATURE_INVALID', 1],
      [{ ...signed, signature: { ...signed.signature!, value: 'not base64!' } }, 'SIGNATURE_INVALID', 1],
    ];
    for (const [envelope, code, round] of cases) expect((await pipeline.process(envelope, 'deliver', round)).verdict, code).toMatchObject({ action: 'block', code });
    expect((await pipeline.process(signed, 'deliver', 1)).verdict.action).toBe('deliver');
    // The same envelope again (a new engine id does not change the nonce), and one delivered too late.
    expect((await pipeline.process({ ...signed, id: 'n2.0' }, 'deliver', 2)).verdict).toMatchObject({ code: 'REPLAY_DETECTED' });
    const late = await signedAt(pipeline, textEnvelope('old news', { id: 'm3.0', time: 3 }), 3);
    expect((await pipeline.process(late, 'deliver', 6)).verdict).toMatchObject({ code: 'CLOCK_SKEW' });
  });
  it('keys depend on keySeed: another deployment\u2019s signatures do not verify', async () => {
    const a = new TestPipeline([guardOf(signedEnvelopes, { keySeed: 'one' })]);
    const b = new TestPipeline([guardOf(signedEnvelopes, { keySeed: 'two' })]);
    const signed = await signedAt(a, textEnvelope('hello', { id: 'm0.1' }), 0);
    expect((await b.process(signed, 'deliver', 1)).verdict).toMatchObject({ code: 'SIGNATURE_INVALID' });
  });
});
