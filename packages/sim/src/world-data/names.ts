import type { AgentId } from '@masec/spec';
import { createRng, hashString } from '../random/rng.js';
import { personName } from './corpus.js';

const cache = new Map<AgentId, string>();

/** A stable human display name for an agent id (used in greetings and signatures). */
export function displayName(agent: AgentId): string {
  let name = cache.get(agent);
  if (name === undefined) {
    name = personName(createRng(hashString(agent)));
    if (cache.size > 200_000) cache.clear();
    cache.set(agent, name);
  }
  return name;
}
