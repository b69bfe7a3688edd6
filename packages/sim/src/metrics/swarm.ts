/**
 * Metrics of the `swarm` threat, reduced from the log alone: the target and its capacity come from the
 * `swarm-target` and `swarm-capacity` states the swarm's first member reports in round 0; a message is the
 * swarm's when an adversary sent it. Every message delivered to the target in a round is load; when the load
 * exceeds the capacity each message gets capacity/load of a slot (no arrival order is assumed).
 */
import type { EventLogView, MetricDefinition } from '@masec/spec';
import { SWARM_CAPACITY_KEY, SWARM_TARGET_KEY } from '../vocabulary/swarm.js';

export interface SwarmTimeline {
  /** Mean over the rounds swarm messages could arrive in of min(1, swarm deliveries / capacity); null: none. */
  damage: number | null;
  /** Benign messages to the target served (their capacity share), over those sent before the last round. */
  benignServed: number | null;
  swarmSent: number;
  swarmDelivered: number;
  swarmBlocked: number;
  /** Messages delivered to the target: the swarm's and the others'. */
  benignDelivered: number;
}

const cache = new WeakMap<object, SwarmTimeline>();

export function swarmTimeline(log: EventLogView): SwarmTimeline {
  const hit = cache.get(log.events);
  if (hit !== undefined) return hit;
  const adversaries = new Set<string>();
  let target: string | undefined;
  let capacity = 0;
  const sends = new Map<string, { from: string; to: string; round: number }>();
  const swarmLoad = new Array<number>(log.rounds + 1).fill(0);
  const benignLoad = new Array<number>(log.rounds + 1).fill(0);
  const attackRounds = new Set<number>();
  let swarmSent = 0;
  let swarmBlocked = 0;
  let benignSent = 0;
  // First the target and capacity (reported in round 0, possibly after other agents' round-0 sends).
  for (const e of log.events) {
    if (e.type === 'run-start') for (const a of e.adversaries ?? []) adversaries.add(a);
    else if (e.type === 'agent-state' && adversaries.has(e.agent)) {
      if (e.key === SWARM_TARGET_KEY) target = String(e.value);
      else if (e.key === SWARM_CAPACITY_KEY && typeof e.value === 'number') capacity = e.value;
    } else if (e.round > 0) break;
  }
  for (const e of log.events) {
    if (e.type === 'message-send' && target !== undefined && e.to === target) {
      sends.set(e.id, { from: e.from, to: e.to, round: e.round });
      if (e.round >= log.rounds - 1) continue; // never delivered
      if (adversaries.has(e.from)) {
        swarmSent++;
        attackRounds.add(e.round + 1);
      } else benignSent++;
    } else if (e.type === 'message-block') {
      const send = sends.get(e.id);
      if (send !== undefined && adversaries.has(send.from) && send.round < log.rounds - 1) swarmBlocked++;
    } else if (e.type === 'message-deliver' && e.to === target) {
      const send = sends.get(e.id);
      if (send === undefined) continue;
      if (adversaries.has(send.from)) swarmLoad[e.round] = (swarmLoad[e.round] ?? 0) + 1;
      else benignLoad[e.round] = (benignLoad[e.round] ?? 0) + 1;
    }
  }
  let damage = 0;
  let served = 0;
  for (let r = 0; r <= log.rounds; r++) {
    const a = swarmLoad[r] ?? 0;
    const b = benignLoad[r] ?? 0;
    if (capacity > 0 && attackRounds.has(r)) damage += Math.min(1, a / capacity);
    served += a + b === 0 ? 0 : b * Math.min(1, capacity / (a + b));
  }
  const timeline: SwarmTimeline = {
    damage: attackRounds.size === 0 || capacity === 0 ? null : damage / attackRounds.size,
    benignServed: benignSent === 0 ? null : served / benignSent,
    swarmSent,
    swarmDelivered: swarmLoad.reduce((s, v) => s + v, 0),
    swarmBlocked,
    benignDelivered: benignLoad.reduce((s, v) => s + v, 0),
  };
  cache.set(log.events, timeline);
  return timeline;
}

export const swarmDamage: MetricDefinition = {
  id: 'swarm-damage',
  specVersion: 'v1',
  label: 'target capacity taken',
  description: 'Share of the swarm target\u2019s capacity its delivered messages took, averaged over the rounds they could arrive in (the swarm judge\u2019s score)',
  unit: 'fraction',
  better: 'lower',
  reduce: (log) => swarmTimeline(log).damage,
};

export const targetBenignServed: MetricDefinition = {
  id: 'target-benign-served',
  specVersion: 'v1',
  label: 'benign mail to target served',
  description: 'Benign messages to the swarm target that it served (its capacity shared over the round\u2019s load; refused ones are not served)',
  unit: 'fraction',
  better: 'higher',
  reduce: (log) => swarmTimeline(log).benignServed,
};

export const swarmRefused: MetricDefinition = {
  id: 'swarm-refused',
  specVersion: 'v1',
  label: 'swarm messages refused',
  description: 'Share of the swarm\u2019s messages to its target that the shield refused',
  unit: 'fraction',
  better: 'higher',
  reduce: (log) => {
    const t = swarmTimeline(log);
    return t.swarmSent === 0 ? null : t.swarmBlocked / t.swarmSent;
  },
};

export const swarmShare: MetricDefinition = {
  id: 'swarm-share',
  specVersion: 'v1',
  label: 'swarm share of target\u2019s mail',
  description: 'Share of the messages delivered to the swarm target that were the swarm\u2019s; read as brigading, how far one-star reviews pull an average rating from its honest value towards one star',
  unit: 'fraction',
  better: 'lower',
  reduce: (log) => {
    const t = swarmTimeline(log);
    const all = t.swarmDelivered + t.benignDelivered;
    return all === 0 ? null : t.swarmDelivered / all;
  },
};

export const SWARM_METRICS: readonly MetricDefinition[] = [swarmDamage, targetBenignServed, swarmShare, swarmRefused];
