/**
 * The admission rule a registry publishes next to its join tool, so that clients know what a join must carry:
 * one line, `Admission rule: work=<bits> vouches=<n> maturity=<t> vouch-budget=<n>`, appended to the join
 * tool's description by `sybil-resistance` on the `tool-list` hook (as a Hashcash server states the stamp it
 * wants). Clients read it with `parseAdmission`; a description without the line asks for nothing.
 */

export interface AdmissionRule {
  /** Proof-of-work bits a join must carry (0: no identity cost). */
  work: number;
  /** Vouches from established members a newcomer needs (0: no vouching). */
  vouches: number;
  /** How long (clock units) after its admission a member's vouches count. */
  maturity: number;
  /** Vouches one member may give in all. */
  vouchBudget: number;
}

export const OPEN_ADMISSION: AdmissionRule = Object.freeze({ work: 0, vouches: 0, maturity: 0, vouchBudget: Number.POSITIVE_INFINITY });

const PREFIX = 'Admission rule:';
const LINE = /Admission rule: work=(\d+) vouches=(\d+) maturity=(\d+(?:\.\d+)?) vouch-budget=(\d+)/;

export function formatAdmission(rule: AdmissionRule): string {
  return `${PREFIX} work=${rule.work} vouches=${rule.vouches} maturity=${rule.maturity} vouch-budget=${rule.vouchBudget}`;
}

/** The rule published in a join tool's description (the last one, if several), or open admission. */
export function parseAdmission(description: string): AdmissionRule {
  const lines = description.split('\n').filter((l) => l.startsWith(PREFIX));
  const m = LINE.exec(lines[lines.length - 1] ?? '');
  if (m === null) return OPEN_ADMISSION;
  return { work: Number(m[1]), vouches: Number(m[2]), maturity: Number(m[3]), vouchBudget: Number(m[4]) };
}
