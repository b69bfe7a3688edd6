/**
 * The belief-update rules of the `belief-update` policy: how an agent revises its answer from what its
 * neighbours said this round. Pure functions of (belief, heard, config, rng) so they can be tested alone.
 *
 * Both rules read one claim per sender (its latest message this round) and know nothing of which answer is
 * true: they only see whether a claim comes with an argument. Then, whatever the rule:
 *   - with probability `stubbornness` the agent ignores its neighbours this round;
 *   - an agent holding an answer other than its own prior re-derives its prior with probability `factCheck`.
 *
 * `persuasion` (simple contagion): every claim that differs from the agent's answer gets one independent
 *   chance to convince it, `persuasion` for an argued claim and `correction` for a plain one; the first that
 *   succeeds (in delivery order) is adopted with its argument. More neighbours saying something else means
 *   more chances, so exposure grows with degree.
 * `majority` (weighted majority, complex contagion): the agent tallies its own answer with weight
 *   `selfWeight`, each plain claim with weight 1 and each argued claim with `argumentWeight`, and takes the
 *   answer with the highest total (a tie that includes its own answer keeps it; other ties are drawn at
 *   random). What counts is the *share* of the neighbourhood, so a lone attacker is outvoted among many.
 */
import type { Rng } from '@masec/spec';
import type { Claim } from '../../vocabulary/disinformation.js';

export const UPDATE_RULES = ['persuasion', 'majority'] as const;
export type UpdateRule = (typeof UPDATE_RULES)[number];

export interface UpdateParams {
  rule: UpdateRule;
  stubbornness: number;
  persuasion: number;
  correction: number;
  selfWeight: number;
  argumentWeight: number;
  factCheck: number;
}

export interface Belief extends Claim {
  /** Id of the envelope the current answer came from (absent: the agent's own). */
  cause?: string;
}

export interface Heard extends Claim {
  from: string;
  id: string;
}

/** The latest claim of each sender, in order of each sender's first message. */
export function latestPerSender(heard: readonly Heard[]): Heard[] {
  const bySender = new Map<string, Heard>();
  for (const h of heard) bySender.set(h.from, h);
  return [...bySender.values()];
}

function adopt(h: Heard): Belief {
  return { answer: h.answer, ...(h.argument === undefined ? {} : { argument: h.argument }), cause: h.id };
}

function persuade(belief: Belief, claims: readonly Heard[], p: UpdateParams, rng: Rng): Belief {
  for (const h of claims) {
    if (h.answer === belief.answer) continue;
    if (rng.chance(h.argument === undefined ? p.correction : p.persuasion)) return adopt(h);
  }
  return belief;
}

function majority(belief: Belief, claims: readonly Heard[], p: UpdateParams, rng: Rng): Belief {
  if (claims.length === 0) return belief;
  const score = new Map<string, number>([[belief.answer, p.selfWeight]]);
  for (const h of claims) score.set(h.answer, (score.get(h.answer) ?? 0) + (h.argument === undefined ? 1 : p.argumentWeight));
  const best = Math.max(...score.values());
  if (score.get(belief.answer) === best) return belief;
  const top = [...score.entries()].filter(([, s]) => s === best).map(([a]) => a).sort();
  const answer = top.length === 1 ? (top[0] as string) : rng.pick(top);
  // Adopt it with the argument of one who argued for it, if anyone did.
  const source = claims.find((h) => h.answer === answer && h.argument !== undefined) ?? claims.find((h) => h.answer === answer);
  return adopt(source as Heard);
}

/** One round of belief revision: the social update (unless stubborn this round), then fact-checking. */
export function updateBelief(belief: Belief, prior: string, heard: readonly Heard[], p: UpdateParams, rng: Rng): Belief {
  let next = belief;
  const claims = latestPerSender(heard);
  if (claims.length > 0 && !rng.chance(p.stubbornness)) {
    next = p.rule === 'persuasion' ? persuade(belief, claims, p, rng) : majority(belief, claims, p, rng);
  }
  if (next.answer !== prior && rng.chance(p.factCheck)) next = { answer: prior };
  return next;
}
