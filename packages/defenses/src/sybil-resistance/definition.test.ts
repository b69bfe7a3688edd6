import { describe, expect, it } from 'vitest';
import type { DefenseDefinition, Envelope } from '@masec/spec';
import { guardOf, testPipeline } from '../testing/index.js';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { parseAdmission } from './admission.js';
import { sybilResistance } from './definition.js';
import { meetsWork, solveWork, workBits } from './work.js';

let seq = 0;
const call = (from: string, tool: string, args: Record<string, unknown>): Envelope =>
  textEnvelope('', { id: `t${seq++}`, kind: 'tool-call', from, to: `tool:${tool}`, channel: 'tool', parts: [{ kind: 'data', data: args }] });
const join = (from: string, nonce?: number) => call(from, 'join', nonce === undefined ? {} : { nonce });
const vouch = (from: string, candidate: string) => call(from, 'vouch', { for: candidate });
const listing = (name: string, description: string): Envelope =>
  textEnvelope('', { id: `l${seq++}`, kind: 'tool-list', from: `tool:${name}`, to: '*', channel: 'tool', parts: [{ kind: 'data', data: { name, description } }] });

runDefenseContract(sybilResistance as DefenseDefinition<unknown>, {
  benign: [textEnvelope('Lunch on Friday?'), join('a1', solveWork('a1', 4, 1 << 12).nonce), listing('search', 'searches')],
  config: { work: 4, vouches: 2 },
  // A join without the proof of work the registry asks for.
  suspicious: { steps: [{ hook: 'tool-call', envelope: join('s1') }] },
});

function registry(config: Record<string, unknown>) {
  const pipeline = testPipeline([guardOf(sybilResistance, config)]);
  return {
    pipeline,
    call: async (e: Envelope, round: number) => (await pipeline.process(e, 'tool-call', round)).verdict,
  };
}

const nonceFor = (id: string, bits: number) => solveWork(id, bits, 1 << 20).nonce as number;

describe('proof of work (identity cost)', () => {
  it('finds the first nonce that meets the bits, bound to the identity, and counts what it spent', () => {
    const found = solveWork('s7', 8, 1 << 16);
    expect(found.nonce).toBeDefined();
    expect(found.evaluations).toBe((found.nonce as number) + 1);
    expect(workBits('s7', found.nonce as number)).toBeGreaterThanOrEqual(8);
    for (let n = 0; n < (found.nonce as number); n++) expect(workBits('s7', n)).toBeLessThan(8);
    expect(meetsWork('s7', found.nonce, 8)).toBe(true);
    // The same nonce is (almost surely) no proof for another id; and a non-integer is never one.
    expect(['s8', 's9', 'a1'].filter((id) => meetsWork(id, found.nonce, 8)).length).toBeLessThan(3);
    expect(meetsWork('s7', '12', 8)).toBe(false);
    expect(meetsWork('s7', undefined, 0)).toBe(true);
  });

  it('costs about 2^bits evaluations on average and gives up past its limit', () => {
    let total = 0;
    for (let i = 0; i < 400; i++) total += solveWork(`id${i}`, 6, 1 << 20).evaluations;
    expect(total / 400).toBeGreaterThan(48);
    expect(total / 400).toBeLessThan(80);
    expect(solveWork('x', 20, 5)).toEqual({ evaluations: 5 });
  });
});

describe('sybil-resistance (sybil)', () => {
  it('publishes its rule in the join tool\u2019s description on tool-list, and leaves other tools alone', async () => {
    const { pipeline } = registry({ work: 10, vouches: 2, maturity: 4, vouchBudget: 5 });
    const out = await pipeline.process(listing('join', 'Join the community.'), 'tool-list', 0);
    expect(out.transforms).toEqual([{ guard: 'sybil-resistance', reason: 'admission rule published' }]);
    const data = out.verdict.action === 'deliver' ? out.verdict.envelope.parts[0] : undefined;
    const description = data?.kind === 'data' ? String(data.data['description']) : '';
    expect(description).toBe('Join the community.\nAdmission rule: work=10 vouches=2 maturity=4 vouch-budget=5');
    expect(parseAdmission(description)).toEqual({ work: 10, vouches: 2, maturity: 4, vouchBudget: 5 });
    expect(parseAdmission('Join the community.')).toMatchObject({ work: 0, vouches: 0 });
    const other = await pipeline.process(listing('search', 'Search.'), 'tool-list', 0);
    expect(other.transforms).toEqual([]);
  });

  it('identity cost: a join without a valid proof of work is refused with IDENTITY_COST_UNPAID; a proof admits once', async () => {
    const r = registry({ work: 8 });
    expect(await r.call(join('s1'), 1)).toEqual({ action: 'block', guard: 'sybil-resistance', code: 'IDENTITY_COST_UNPAID', reason: 'a join needs a proof of 8 bits of work' });
    expect(workBits('s1', nonceFor('s2', 8))).toBeLessThan(8);
    expect((await r.call(join('s1', nonceFor('s2', 8)), 1)).action).toBe('block'); // another identity's proof
    expect((await r.call(join('s1', nonceFor('s1', 8)), 1)).action).toBe('deliver');
    // A member joining again passes (the registry answers), whatever it carries.
    expect((await r.call(join('s1'), 2)).action).toBe('deliver');
    // Without a rule, anything joins.
    expect((await registry({}).call(join('s1'), 1)).action).toBe('deliver');
  });

  it('vouching: founders join freely; later, a newcomer needs `vouches` vouches from established members', async () => {
    const r = registry({ vouches: 2, maturity: 3, foundingUntil: 1 });
    for (const f of ['a0', 'a1', 'a2']) expect((await r.call(join(f), 0)).action).toBe('deliver');
    expect(await r.call(join('n1'), 1)).toEqual({ action: 'block', guard: 'sybil-resistance', code: 'VOUCHES_MISSING', reason: '0 of 2 vouches from established members' });
    expect((await r.call(vouch('a0', 'n1'), 1)).action).toBe('deliver');
    expect((await r.call(vouch('a0', 'n1'), 1)).action).toBe('deliver'); // the same voucher twice counts once
    expect(await r.call(join('n1'), 1)).toMatchObject({ code: 'VOUCHES_MISSING', reason: '1 of 2 vouches from established members' });
    await r.call(vouch('a1', 'n1'), 2);
    expect((await r.call(join('n1'), 2)).action).toBe('deliver');
    // n1 joined at 2: it may vouch from 5 on (maturity 3), not before; a non-member never.
    expect(await r.call(vouch('n1', 'n2'), 4)).toMatchObject({ action: 'block', code: 'VOUCH_REFUSED' });
    expect((await r.call(vouch('n1', 'n2'), 5)).action).toBe('deliver');
    expect(await r.call(vouch('x9', 'n2'), 5)).toMatchObject({ action: 'block', code: 'VOUCH_REFUSED' });
  });

  it('a member\u2019s vouch budget bounds the identities it can bring in', async () => {
    const r = registry({ vouches: 1, vouchBudget: 2 });
    await r.call(join('a0'), 0);
    expect((await r.call(vouch('a0', 's1'), 1)).action).toBe('deliver');
    expect((await r.call(vouch('a0', 's2'), 1)).action).toBe('deliver');
    expect(await r.call(vouch('a0', 's3'), 1)).toEqual({ action: 'block', guard: 'sybil-resistance', code: 'VOUCH_REFUSED', reason: 'vouch budget of 2 spent' });
    expect((await r.call(join('s2'), 2)).action).toBe('deliver');
    expect((await r.call(join('s3'), 2)).action).toBe('block');
  });

  it('keeps its members in bounded state: past maxMembers the least recently used are forgotten', async () => {
    const r = registry({ vouches: 1, maxMembers: 2 });
    for (const f of ['a0', 'a1', 'a2']) await r.call(join(f), 0);
    // a0 was dropped: it is no longer established and may not vouch.
    expect((await r.call(vouch('a0', 'n1'), 1)).action).toBe('block');
    expect((await r.call(vouch('a2', 'n1'), 1)).action).toBe('deliver');
  });
});
