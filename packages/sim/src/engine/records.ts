/** Each agent's labelled personal records (the data a worm or a leak tries to get out). */
import type { AgentId, Rng, SecretRecord } from '@masec/spec';
import { makePersonalRecords, personName } from '../threats/worm/corpus.js';

export function makeAgentRecords(agent: AgentId, count: number, rng: Rng): SecretRecord[] {
  if (count === 0) return [];
  const owner = personName(rng);
  return makePersonalRecords(rng, owner, count).map((r, k) => ({ id: `${agent}.r${k}`, owner: agent, label: r.label, value: r.value }));
}
