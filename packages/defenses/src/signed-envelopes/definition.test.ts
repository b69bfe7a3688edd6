import { describe, expect, it } from 'vitest';
import type { DefenseDefinition, Envelope } from '@masec/spec';
import { runDefenseContract } from '../testing/defense-contract.js';
import { TestPipeline, guardOf } from '../testing/services.js';
import { textEnvelope } from '../testing/envelopes.js';
import { signedEnvelopes } from './definition.js';

async function signedAt(pipeline: TestPipeline, envelope: Envelope, round: number): Promise<Envelope> {
  const outcome = await pipeline.process(envelope, 'send', round);
  if (outcome.verdict.action !== 'deliver') throw new Error('send was blocked');
  return outcome.verdict.envelope;
}

// Benign traffic is what a sender's own client signed: the contract passes it on send (signed again) and on
// deliver (verified). A forged envelope, unsigned under a colleague's id, is refused on delivery.
const signedBenign = await signedAt(new TestPipeline([guardOf(signedEnvelopes)]), textEnvelope('Lunch on Friday?', { id: 'b0.1', time: 0 }), 0);
runDefenseContract(signedEnvelopes as DefenseDefinition<unknown>, {
  benign: [signedBenign],
  suspicious: { steps: [{ hook: 'deliver', envelope: textEnvelope('Approve invoice 12', { id: 'x0.1', time: 0 }) }] },
  benignTimesInRounds:
    'the benign envelope is signed with its send time (round 0): on a millisecond clock the same bytes are a message from 1970, refused as CLOCK_SKEW as they should be; the test "judges freshness in whatever unit the clock counts" below signs and verifies on millisecond times',
  // Every sender of the flood is new, and each signature costs a key derivation: a smaller flood, small bounds.
  flood: { config: { maxKeys: 1_000, maxNonces: 1_000 }, envelopes: 40_000 },
});

describe('signed-envelopes', () => {
  it('judges freshness in whatever unit the clock counts: milliseconds behind the shield', async () => {
    const t = 1_700_000_000_000;
    const pipeline = new TestPipeline([guardOf(signedEnvelopes, { maxSkew: 2_000 })]);
    const fresh = await signedAt(pipeline, textEnvelope('Lunch on Friday?', { id: 'm1', time: t }), t);
    expect((await pipeline.process(fresh, 'deliver', t + 2_000)).verdict.action).toBe('deliver');
    const late = await signedAt(pipeline, textEnvelope('Lunch on Friday?', { id: 'm2', time: t }), t + 2_000);
    expect((await pipeline.process(late, 'deliver', t + 2_001)).verdict).toMatchObject({ action: 'block', code: 'CLOCK_SKEW' });
  });

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
