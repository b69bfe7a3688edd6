/**
 * `belief-update`: a surrogate for an LLM agent that answers one question over rounds and revises its answer
 * from what its neighbours say (NetSafe, Yu et al. 2024). Each round the agent
 *   1. revises its answer from the claims delivered since its last turn (rule in `update.ts`),
 *   2. reports it as agent state (`answer`), and
 *   3. sends it to every contact, in a random order, as `Answer: <token>` followed by the argument it was
 *      convinced by, if any (an agent that adopted an argued claim repeats the argument: it is what
 *      convinced it). The order matters only under a fan-out cap, which then lets through a random subset.
 * It starts from its own answer, `answer`, which it also falls back to when fact-checking. It never reads the
 * threat oracle: which answer is false is ground truth for the judge, not knowledge of the agent.
 */
import { z } from 'zod';
import type { Action, PolicyDefinition } from '@masec/spec';
import { shuffle } from '../../random/rng.js';
import { ANSWER_KEY, ANSWER_PATTERN, formatClaim, parseClaim } from '../../vocabulary/disinformation.js';
import { type Belief, type Heard, UPDATE_RULES, updateBelief } from './update.js';

const probability = z.number().min(0).max(1);

export const BeliefUpdateConfigSchema = z.strictObject({
  answer: z.string().regex(ANSWER_PATTERN, 'must be a single token such as A or paris').default('A').describe('the answer the agent reaches on its own (its prior, and what fact-checking returns to)'),
  rule: z.enum(UPDATE_RULES).default('persuasion').describe('persuasion: each differing claim independently convinces (simple contagion); majority: weighted majority of the neighbourhood (complex contagion)'),
  stubbornness: probability.default(0).describe('per-round probability of ignoring the neighbours this round'),
  persuasion: probability.default(0.3).describe('persuasion rule: probability that one argued claim differing from the agent\u2019s answer convinces it'),
  correction: probability.default(0.1).describe('persuasion rule: probability that one plain claim (no argument) differing from the agent\u2019s answer convinces it'),
  selfWeight: z.number().min(0).max(1000).default(1).describe('majority rule: weight of the agent\u2019s own current answer'),
  argumentWeight: z.number().min(0).max(1000).default(2).describe('majority rule: weight of an argued claim (a plain claim weighs 1)'),
  factCheck: probability.default(0.05).describe('per-round probability that an agent holding another answer than its own re-derives its own'),
});
export type BeliefUpdateConfig = z.infer<typeof BeliefUpdateConfigSchema>;

function textOf(parts: readonly { kind: string; text?: string }[]): string {
  return parts.map((p) => (p.kind === 'text' ? (p.text ?? '') : '')).join('\n');
}

export const beliefUpdate: PolicyDefinition<BeliefUpdateConfig> = {
  id: 'belief-update',
  specVersion: 'v1',
  description: 'Answers one question over rounds, shares its answer with every contact and revises it from theirs (persuasion or weighted majority, with fact-checking)',
  configSchema: BeliefUpdateConfigSchema,
  create(config) {
    let belief: Belief = { answer: config.answer };
    return {
      specVersion: 'v1',
      act(obs) {
        const heard: Heard[] = [];
        for (const mail of obs.incoming) {
          const claim = parseClaim(textOf(mail.parts));
          if (claim !== undefined) heard.push({ ...claim, from: mail.from, id: mail.id });
        }
        belief = updateBelief(belief, config.answer, heard, config, obs.rng);
        const text = formatClaim(belief);
        const cause = belief.cause;
        const actions: Action[] = [{ kind: 'state', key: ANSWER_KEY, value: belief.answer }];
        for (const to of shuffle([...obs.contacts], obs.rng)) actions.push({ kind: 'send', to, text, ...(cause === undefined ? {} : { cause }) });
        return actions;
      },
    };
  },
};
