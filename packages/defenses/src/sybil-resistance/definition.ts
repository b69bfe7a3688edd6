/**
 * `sybil-resistance`: admission control in front of a registry's join and vouch tools, against one adversary
 * holding many identities (Douceur 2002). Two mechanisms, each off at 0:
 *  - **identity cost** (`work`): a join must carry a proof of `work` bits of work bound to the joining id
 *    (`work.ts`), so an adversary with a fixed budget can afford about budget / 2^work identities, and every
 *    honest member pays 2^work too;
 *  - **vouching** (`vouches`, web of trust): after the founding period, a newcomer joins only once `vouches`
 *    established members vouched for it. A member is established when it joined during the founding period,
 *    or `maturity` clock units ago; it may give `vouchBudget` vouches in all, which bounds how many identities
 *    one member — honest but gullible, or a Sybil already inside — can bring in.
 * The rule is published on the `tool-list` hook by appending a line to the join tool's description
 * (`admission.ts`), as a Hashcash server states the stamp it wants. Refusals carry `IDENTITY_COST_UNPAID`,
 * `VOUCHES_MISSING` or `VOUCH_REFUSED`. Its state — members, vouches received, vouches given — lives in
 * bounded maps (`services.state`); times are in the clock's unit.
 *
 * Cost: honest members' work (`identity-work`), and honest newcomers kept out or delayed until their
 * contacts vouch for them (`honest-admitted`, `admission-delay`).
 */
import { z } from 'zod';
import { type DefenseDefinition, type Envelope, type Next, block } from '@masec/spec';
import { type AdmissionRule, formatAdmission } from './admission.js';
import { MAX_WORK_BITS, meetsWork } from './work.js';

const ID = 'sybil-resistance';
const TOOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const SybilResistanceConfigSchema = z.strictObject({
  work: z.number().int().min(0).max(MAX_WORK_BITS).default(0).describe('identity cost: proof-of-work bits a join must carry (about 2^work hash evaluations per identity); 0 = none'),
  vouches: z.number().int().min(0).max(64).default(0).describe('vouching: vouches from established members a newcomer needs after the founding period; 0 = none'),
  maturity: z.number().min(0).default(3).describe('clock units after its admission before a member\u2019s vouches count (founding members count at once)'),
  vouchBudget: z.number().int().min(1).max(10_000).default(3).describe('vouches one member may give in all'),
  foundingUntil: z.number().min(0).default(1).describe('joins before this clock reading form the founding membership and need no vouches (1 = round 0 in the engines)'),
  joinTool: z.string().regex(TOOL_NAME).default('join').describe('the registry tool a join calls (arguments: nonce)'),
  vouchTool: z.string().regex(TOOL_NAME).default('vouch').describe('the registry tool a vouch calls (arguments: for, the vouched id)'),
  maxMembers: z.number().int().min(1).max(10_000_000).default(100_000).describe('members, candidates and vouchers remembered (least recently used dropped past this)'),
});
export type SybilResistanceConfig = z.infer<typeof SybilResistanceConfigSchema>;

function argsOf(envelope: Envelope): Record<string, unknown> {
  for (const part of envelope.parts) if (part.kind === 'data') return part.data;
  return {};
}

export const sybilResistance: DefenseDefinition<SybilResistanceConfig> = {
  id: ID,
  specVersion: 'v1',
  description: 'Admission control against Sybil identities: a proof-of-work identity cost and vouches from established members (web of trust)',
  kind: 'protocol',
  targets: ['sybil'],
  hooks: ['tool-list', 'tool-call'],
  configSchema: SybilResistanceConfigSchema,
  cost: {
    utility: 'honest members pay the identity cost too (hash evaluations), and honest newcomers wait for vouches or stay out when their contacts cannot vouch',
    rewritesContent: false,
  },
  create(config, services) {
    const rule: AdmissionRule = { work: config.work, vouches: config.vouches, maturity: config.maturity, vouchBudget: config.vouchBudget };
    const notice = formatAdmission(rule);
    const bound = { maxEntries: config.maxMembers };
    /** Member id → clock reading at admission. */
    const members = services.state.map<number>(`${ID}:members`, bound);
    /** Candidate id → the established members that vouched for it (at most `vouches`). */
    const vouchers = services.state.map<readonly string[]>(`${ID}:vouchers`, bound);
    /** Member id → vouches it gave. */
    const given = services.state.map<number>(`${ID}:given`, bound);
    const established = (id: string, now: number): boolean => {
      const since = members.get(id);
      return since !== undefined && (since < config.foundingUntil || now - since >= config.maturity);
    };

    const join = async (envelope: Envelope, now: number, next: Next) => {
      const id = envelope.from;
      if (members.has(id)) return next(envelope);
      if (!meetsWork(id, argsOf(envelope)['nonce'], config.work)) return block(ID, 'IDENTITY_COST_UNPAID', `a join needs a proof of ${config.work} bits of work`);
      if (config.vouches > 0 && now >= config.foundingUntil) {
        const have = vouchers.get(id)?.length ?? 0;
        if (have < config.vouches) return block(ID, 'VOUCHES_MISSING', `${have} of ${config.vouches} vouches from established members`);
      }
      const verdict = await next(envelope);
      if (verdict.action === 'deliver') {
        members.set(id, now);
        vouchers.delete(id);
      }
      return verdict;
    };

    const vouch = async (envelope: Envelope, now: number, next: Next) => {
      const candidate = argsOf(envelope)['for'];
      if (config.vouches === 0 || typeof candidate !== 'string') return next(envelope);
      const voucher = envelope.from;
      if (!established(voucher, now)) return block(ID, 'VOUCH_REFUSED', `only members admitted in the founding period or ${config.maturity} ago may vouch`);
      const list = vouchers.get(candidate) ?? [];
      if (members.has(candidate) || list.includes(voucher) || list.length >= config.vouches) return next(envelope);
      const spent = given.get(voucher) ?? 0;
      if (spent >= config.vouchBudget) return block(ID, 'VOUCH_REFUSED', `vouch budget of ${config.vouchBudget} spent`);
      const verdict = await next(envelope);
      if (verdict.action === 'deliver') {
        vouchers.set(candidate, [...list, voucher]);
        given.set(voucher, spent + 1);
      }
      return verdict;
    };

    return {
      id: ID,
      hooks: ['tool-list', 'tool-call'],
      async handle(envelope, ctx, next) {
        if (ctx.hook === 'tool-list') {
          const data = argsOf(envelope);
          if (data['name'] !== config.joinTool || typeof data['description'] !== 'string') return next(envelope);
          ctx.noteTransform('admission rule published');
          const parts = envelope.parts.map((p) => (p.kind === 'data' ? { ...p, data: { ...p.data, description: `${String(data['description'])}\n${notice}` } } : p));
          return next({ ...envelope, parts });
        }
        if (envelope.to === `tool:${config.joinTool}`) return join(envelope, ctx.now, next);
        if (envelope.to === `tool:${config.vouchTool}`) return vouch(envelope, ctx.now, next);
        return next(envelope);
      },
    };
  },
};
