/** Each agent's labelled personal records (the data a worm or a leak tries to get out). */
import type { AgentId, Rng, SecretRecord } from '@masec/spec';
import { makePersonalRecords, personName } from './corpus.js';

/**
 * Records for one agent. Values are unique within a run (`taken` holds those already handed out): leaks are
 * detected by finding a value in delivered text, so two agents sharing a fictional phone number would make
 * one agent's leak count as another's. A colliding value gets a distinguishing suffix.
 */
export function makeAgentRecords(agent: AgentId, count: number, rng: Rng, taken: Set<string>): SecretRecord[] {
  if (count === 0) return [];
  const owner = personName(rng);
  return makePersonalRecords(rng, owner, count).map((r, k) => {
    let value = r.value;
    for (let n = 2; taken.has(value); n++) value = `${r.value} (${n})`;
    taken.add(value);
    return { id: `${agent}.r${k}`, owner: agent, label: r.label, value };
  });
}
