/**
 * The adversary behind the Sybil identities: one controller drives them all. It sees only what the identities
 * see — the registry's published admission rule, its tools' answers and refusals — and the community's public
 * member directory (whom to ask for vouches). With the rule known it pays the identity cost for as many
 * identities as its work budget affords, in id order; each identity joins every round until admitted, asking
 * `asks` members a round for vouches when the rule wants vouches, and once inside votes for the target. An
 * identity established long enough (the rule's maturity) vouches for identities still waiting, within the
 * rule's vouch budget, concentrating its vouches: once a few Sybils are in, they bring in the rest.
 *
 * Determinism: an identity acts on what it saw itself at once; what identities know of one another (who is in
 * since when) is merged once per round from what they saw in earlier rounds, so the order in which the engine
 * calls the identities never matters.
 */
import type { Action, AgentId, Observation, Policy } from '@masec/spec';
import { type AdmissionRule, solveWork } from '@masec/defenses';
import { BALLOT, type BallotOption, JOIN_TOOL, VOUCH_REQUEST_SUBJECT, VOUCH_REQUEST_TEXT, VOUCH_TOOL, admissionRule, isAdmission } from '../../vocabulary/sybil.js';

export interface ControllerOptions {
  ids: readonly AgentId[];
  /** The community's member directory: whom the identities ask for vouches. */
  directory: () => readonly AgentId[];
  /** Hash evaluations the adversary can spend on identity costs over the run. */
  budget: number;
  arrival: number;
  asks: number;
  target: BallotOption;
}

interface Identity {
  index: number;
  /** Its proof of work for `workFor` bits; absent when the budget could not pay for it. */
  nonce?: number;
  /** Round its join went through, as it learned from the registry's answer. */
  admittedAt?: number;
  /** Vouches it gave (to other identities). */
  given: number;
  /** Identities it vouched for. */
  vouchedFor: Set<AgentId>;
  /** Next directory position it asks for a vouch. */
  nextAsk: number;
}

export class SybilController {
  readonly #options: ControllerOptions;
  readonly #identities = new Map<AgentId, Identity>();
  /** Evaluations spent so far. */
  spent = 0;
  #workFor = -1;
  /** Admissions the identities saw, by round seen: merged into `#known` from the next round on. */
  readonly #seen = new Map<number, [AgentId, number][]>();
  readonly #known = new Map<AgentId, number>();
  #mergedUpTo = -1;
  /** The round's vouching plan: voucher → candidates. */
  #plan = new Map<AgentId, AgentId[]>();
  #planRound = -1;

  constructor(options: ControllerOptions) {
    this.#options = options;
    options.ids.forEach((id, index) => this.#identities.set(id, { index, given: 0, vouchedFor: new Set(), nextAsk: index * options.asks }));
  }

  policyFor(id: AgentId): Policy {
    return { specVersion: 'v1', act: (obs) => this.#act(id, obs) };
  }

  /** Identities whose identity cost the budget paid for. */
  get affordable(): number {
    let n = 0;
    for (const identity of this.#identities.values()) if (identity.nonce !== undefined) n++;
    return n;
  }

  #act(id: AgentId, obs: Observation): Action[] {
    const me = this.#identities.get(id) as Identity;
    for (const mail of obs.incoming) {
      if (me.admittedAt === undefined && isAdmission(mail)) {
        me.admittedAt = mail.time;
        this.#seen.set(obs.round, [...(this.#seen.get(obs.round) ?? []), [id, mail.time]]);
      }
    }
    this.#merge(obs.round);
    if (obs.round < this.#options.arrival) return [];
    const rule = admissionRule(obs.tools);
    this.#payFor(rule);
    if (me.admittedAt === undefined) return this.#apply(id, me, rule);
    const actions: Action[] = [{ kind: 'environment', environment: BALLOT, value: this.#options.target }];
    for (const candidate of this.#planFor(obs.round, rule).get(id) ?? []) actions.push({ kind: 'tool', tool: VOUCH_TOOL, args: { for: candidate } });
    return actions;
  }

  /** Takes in what the identities saw in rounds before `round` (once per round, whichever identity acts first). */
  #merge(round: number): void {
    for (let r = this.#mergedUpTo + 1; r < round; r++) {
      for (const [id, at] of this.#seen.get(r) ?? []) this.#known.set(id, at);
      this.#seen.delete(r);
    }
    this.#mergedUpTo = Math.max(this.#mergedUpTo, round - 1);
  }

  /** Pays the identity cost of the rule for every identity in id order, until the budget runs out. */
  #payFor(rule: AdmissionRule): void {
    if (this.#workFor === rule.work) return;
    this.#workFor = rule.work;
    for (const [id, identity] of this.#identities) {
      if (this.#known.has(id)) continue;
      delete identity.nonce;
      const found = solveWork(id, rule.work, this.#options.budget - this.spent);
      this.spent += found.evaluations;
      if (found.nonce === undefined) break;
      identity.nonce = found.nonce;
    }
  }

  /** A waiting identity: join, and ask members for vouches when the rule wants them. */
  #apply(id: AgentId, me: Identity, rule: AdmissionRule): Action[] {
    if (me.nonce === undefined) return [];
    const actions: Action[] = [{ kind: 'tool', tool: JOIN_TOOL, args: { nonce: me.nonce } }];
    if (rule.vouches === 0) return actions;
    const directory = this.#options.directory();
    for (let k = 0; k < Math.min(this.#options.asks, directory.length); k++) {
      const to = directory[me.nextAsk++ % directory.length] as AgentId;
      if (to !== id) actions.push({ kind: 'send', to, subject: VOUCH_REQUEST_SUBJECT, text: VOUCH_REQUEST_TEXT });
    }
    return actions;
  }

  /**
   * Who vouches for whom this round, decided once from what the identities knew before it: every identity
   * established for the rule's maturity, in id order, vouches (within its budget) for waiting identities that
   * can pay, those closest to the rule's count first (so vouches complete admissions rather than spread
   * thin), until each has the rule's count.
   */
  #planFor(round: number, rule: AdmissionRule): Map<AgentId, AgentId[]> {
    if (this.#planRound === round) return this.#plan;
    this.#planRound = round;
    this.#plan = new Map();
    if (rule.vouches === 0) return this.#plan;
    const waiting = [...this.#identities].filter(([id, identity]) => identity.nonce !== undefined && !this.#known.has(id)).map(([id]) => id);
    const received = new Map<AgentId, number>(waiting.map((id) => [id, 0]));
    for (const identity of this.#identities.values()) for (const c of identity.vouchedFor) if (received.has(c)) received.set(c, (received.get(c) as number) + 1);
    for (const [id, identity] of this.#identities) {
      const at = this.#known.get(id);
      if (at === undefined || round - at < rule.maturity) continue;
      const picks: AgentId[] = [];
      const open = waiting.filter((c) => !identity.vouchedFor.has(c) && (received.get(c) as number) < rule.vouches).sort((a, b) => (received.get(b) as number) - (received.get(a) as number));
      for (const candidate of open) {
        if (identity.given >= rule.vouchBudget) break;
        identity.given++;
        identity.vouchedFor.add(candidate);
        received.set(candidate, (received.get(candidate) as number) + 1);
        picks.push(candidate);
      }
      if (picks.length > 0) this.#plan.set(id, picks);
    }
    return this.#plan;
  }
}
