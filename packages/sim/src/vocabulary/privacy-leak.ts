/**
 * How `privacy-leak` shows up in an event log, shared by the threat, its querier and its metrics: fragment
 * record ids name their secret and the number of parts, and the querier reports how many secrets it is after.
 */

/** `agent-state` key under which the querier reports, in round 0, how many secrets it is after. */
export const SECRETS_KEY = 'privacy-leak:secrets';

/** Record id of a fragment: `<secret>#<part>/<parts>`, so a log alone says which secret it belongs to. */
export function fragmentId(secret: string, part: number, parts: number): string {
  return `${secret}#${part}/${parts}`;
}

/** The secret and fragment count a fragment id names, or undefined for another record id. */
export function parseFragmentId(id: string): { secret: string; part: number; parts: number } | undefined {
  const match = /^(.+)#(\d+)\/(\d+)$/.exec(id);
  if (match === null) return undefined;
  return { secret: match[1] as string, part: Number(match[2]), parts: Number(match[3]) };
}
