/**
 * `voter`: a member of a community that decides by vote (the `sybil` threat's honest agents). From round
 * `joinRound` it joins the registry, paying the admission rule's identity cost (proof of work, searched
 * nonce by nonce up to `workBudget` hash evaluations) and, when a join is refused for want of vouches,
 * asking its topology contacts to vouch for it. Once a member it votes every round — `A` with probability
 * `support`, else `B` — and answers requests to vouch: for a contact with probability `trust`, for a stranger
 * with probability `gullibility`, deciding once per requester (asked again, it gives the same answer).
 * It reports the hash evaluations its join cost as state (`identity-work`). It never reads the threat's
 * ground truth: who is a Sybil is unknown to it.
 */
import { z } from 'zod';
import type { Action, AgentId, PolicyDefinition } from '@masec/spec';
import { solveWork } from '@masec/defenses';
import { BALLOT, JOIN_TOOL, VOUCH_REQUEST_SUBJECT, VOUCH_REQUEST_TEXT, VOUCH_TOOL, WORK_KEY, admissionRule, isAdmission, isVouchRequest } from '../../vocabulary/sybil.js';

const probability = z.number().min(0).max(1);

export const VoterConfigSchema = z.strictObject({
  joinRound: z.number().int().min(0).default(0).describe('round from which the agent tries to join the registry (founders 0, newcomers later)'),
  support: probability.default(0.65).describe('probability of voting for the community\u2019s option A in a decision (else B)'),
  trust: probability.default(1).describe('probability of vouching for a contact who asks'),
  gullibility: probability.default(0.02).describe('probability of vouching for a stranger who asks (an attack edge)'),
  workBudget: z.number().int().min(0).max(2 ** 30).default(2 ** 22).describe('most hash evaluations the agent spends on its identity cost; past it, it gives up joining'),
  reaskEvery: z.number().int().min(1).default(2).describe('rounds between two rounds of vouch requests to its contacts while vouches are missing'),
});
export type VoterConfig = z.infer<typeof VoterConfigSchema>;

export const voter: PolicyDefinition<VoterConfig> = {
  id: 'voter',
  specVersion: 'v1',
  description: 'A community member: joins the registry (paying its identity cost, asking contacts to vouch), votes every round, vouches for contacts and sometimes strangers',
  configSchema: VoterConfigSchema,
  create(config, context) {
    const self = context.agent.id;
    let member = false;
    let gaveUp = false;
    /** Work bits the current nonce was found for (-1: none yet). */
    let solvedFor = -1;
    let nonce = 0;
    let spent = 0;
    let lastAsk = Number.NEGATIVE_INFINITY;
    const decided = new Map<AgentId, boolean>();
    return {
      specVersion: 'v1',
      act(obs) {
        const actions: Action[] = [];
        for (const mail of obs.incoming) if (isAdmission(mail)) member = true;
        let missingVouches = false;
        for (const refusal of obs.refusals ?? []) {
          if (refusal.to !== `tool:${JOIN_TOOL}`) continue;
          if (refusal.code === 'VOUCHES_MISSING') missingVouches = true;
          else if (refusal.code === 'IDENTITY_COST_UNPAID') solvedFor = -1;
        }
        if (!member && !gaveUp && obs.round >= config.joinRound) {
          const rule = admissionRule(obs.tools);
          if (solvedFor !== rule.work) {
            const found = solveWork(self, rule.work, config.workBudget);
            spent += found.evaluations;
            if (found.evaluations > 0) actions.push({ kind: 'state', key: WORK_KEY, value: spent });
            if (found.nonce === undefined) gaveUp = true;
            else [nonce, solvedFor] = [found.nonce, rule.work];
          }
          if (!gaveUp) {
            actions.push({ kind: 'tool', tool: JOIN_TOOL, args: { nonce } });
            if (missingVouches && obs.round - lastAsk >= config.reaskEvery) {
              lastAsk = obs.round;
              for (const to of obs.contacts) actions.push({ kind: 'send', to, subject: VOUCH_REQUEST_SUBJECT, text: VOUCH_REQUEST_TEXT });
            }
          }
        }
        if (!member) return actions;
        for (const mail of obs.incoming) {
          if (!isVouchRequest(mail) || mail.from === self) continue;
          let yes = decided.get(mail.from);
          if (yes === undefined) {
            yes = obs.rng.chance(obs.contacts.includes(mail.from) ? config.trust : config.gullibility);
            decided.set(mail.from, yes);
          }
          // Asked again after saying yes, it vouches again: the registry counts a voucher once.
          if (yes) actions.push({ kind: 'tool', tool: VOUCH_TOOL, args: { for: mail.from } });
        }
        actions.push({ kind: 'environment', environment: BALLOT, value: obs.rng.chance(config.support) ? 'A' : 'B' });
        return actions;
      },
    };
  },
};
