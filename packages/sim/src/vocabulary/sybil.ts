/**
 * What the members of a community that decides by vote, the `sybil` threat and its metrics all speak: the
 * registry's tools (`join` with a proof-of-work nonce, `vouch` for another id), the `ballot` environment and
 * the keys of its logged state, the mail that asks for a vouch, and the state key under which a member
 * reports the identity cost it paid. The admission rule a registry asks for is read from the join tool's
 * description (`parseAdmission`, published there by `sybil-resistance`).
 */
import { type AdmissionRule, OPEN_ADMISSION, parseAdmission } from '@masec/defenses';
import type { Envelope, ToolInfo } from '@masec/spec';

export const JOIN_TOOL = 'join';
export const VOUCH_TOOL = 'vouch';
export const BALLOT = 'ballot';

/** The two options every decision is between; members favour `A`, the adversary wants its `target`. */
export const BALLOT_OPTIONS = ['A', 'B'] as const;
export type BallotOption = (typeof BALLOT_OPTIONS)[number];

/** What the join tool answers an admitted identity (delivered as its result next round). */
export const ADMITTED = 'admitted';

/** The subject of a request to vouch for the sender. */
export const VOUCH_REQUEST_SUBJECT = 'Vouch request';
export const VOUCH_REQUEST_TEXT = 'Hi! Could you vouch for me in the community registry? Thanks.';

/** State key under which a member reports the hash evaluations its join cost (once, when it paid). */
export const WORK_KEY = 'identity-work';

/** Keys of the ballot's logged state, each round. */
export const BALLOT_STATE = {
  winner: 'winner',
  /** The decision counts towards outcome control (rounds from the threat's `decideFrom`). */
  contested: 'contested',
  /** The adversary's option won a contested decision. */
  captured: 'captured',
  votesFor: (option: BallotOption) => `votes-${option.toLowerCase()}`,
  honestMembers: 'honest-members',
  sybilMembers: 'sybil-members',
  /** Identities the adversary holds (admitted or not). */
  sybils: 'sybils',
} as const;

/** The rule the registry publishes next to its join tool this round (open admission when it says none). */
export function admissionRule(tools: readonly ToolInfo[]): AdmissionRule {
  const join = tools.find((t) => t.name === JOIN_TOOL);
  return join === undefined ? OPEN_ADMISSION : parseAdmission(join.description);
}

export function isVouchRequest(mail: Envelope): boolean {
  return mail.subject === VOUCH_REQUEST_SUBJECT;
}

/** Whether `mail` is the join tool's answer that the recipient is now a member. */
export function isAdmission(mail: Envelope): boolean {
  if (mail.from !== `tool:${JOIN_TOOL}`) return false;
  const first = mail.parts[0];
  return first !== undefined && first.kind === 'text' && first.text === ADMITTED;
}
