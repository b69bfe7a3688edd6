/**
 * Calibration: the population engine's per-round probabilities measured from message-engine runs of one arm
 * (`masec calibrate`). Each run's event log and contacts are reduced to counts (a tally); the tallies of an
 * arm's seeds add up, and the estimates come from the pooled counts.
 *
 * The message engine has no recovery events, so an agent counts as compromised from the round of its first
 * malicious message to the round of its last one (the convention of the `peak-compromised` metric), and
 * until it is quarantined. With that, in the population engine's round order (flags, transmission, recovery):
 *
 * - transmission β: for each round t and each agent susceptible in t, the contacts it has that round
 *   (`contacts.of`) among compromised agents; it is an exposure to k contacts, infected if the agent is
 *   compromised in round t+1. β is the maximum-likelihood estimate under P(infected) = 1 − (1 − β)^k
 *   (`exposureEstimate`). Patient zeros (compromised by a planted item or an adversary's message, not by a
 *   benign agent's) are not infections. An infection without a compromised contact the round before (a
 *   reply outside the topology, a payload retrieved from memory later) counts as an exposure to one contact.
 * - recovery γ: each round t from an agent's compromise is a trial, observable when round t+1 is in the run;
 *   it is the event when the agent sends no malicious message after t.
 * - detection: each round an agent is compromised and not isolated is a trial; the event is a monitor's flag
 *   on a message it sent that round, or, when the arm's containment isolates flagged agents (quarantine), its
 *   quarantine (the population engine isolates at the first flag, so the message-level strike count is
 *   folded into this rate).
 * - false positives: the same for rounds in which an agent is not compromised (before its compromise, after
 *   its last malicious message) and not isolated.
 */
import type { AgentId, CalibratedArm, DefenseDefinition, Estimate, MasecEvent, PluginRef, Registry } from '@masec/spec';
import type { Contacts } from '../topology/contacts.js';
import { composeEffects } from './params.js';
import { type ExposureGroup, exposureEstimate, wilsonEstimate } from './proportion.js';

/** What counts as detecting an agent: a monitor's flag, or its quarantine. */
export type DetectionEvent = 'flag' | 'quarantine';

/** One message-engine run of the arm being calibrated. */
export interface CalibrationRun {
  events: readonly MasecEvent[];
  /** The benign agents in index order (see `runContacts`). */
  agents: readonly AgentId[];
  /** Whom each benign agent could address in each round: the run's contact graph or pairings. */
  contacts: Contacts;
}

export interface CalibrationOptions {
  /** See `detectionEventFor`. */
  detection: DetectionEvent;
}

interface Counts {
  events: number;
  trials: number;
}

/** Counts that runs contribute; tallies of several runs add up (`addTallies`). */
export interface CalibrationTally {
  runs: number;
  /** Exposures by number of compromised contacts k: [k, exposed, infected]. */
  exposures: Map<number, { exposed: number; infected: number }>;
  recovery: Counts;
  detection: Counts;
  falsePositive: Counts;
  /** Agents compromised by a benign agent's message (transmission events). */
  infections: number;
  /** Of those, infections with no compromised contact the round before (counted as one contact). */
  offGraph: number;
  /** Agents compromised by a planted item or an adversary's message (patient zeros). */
  seeded: number;
  /** Agents compromised after they were isolated (not counted anywhere). */
  afterIsolation: number;
}

/** The estimates of an arm with what they rest on. */
export interface ArmCalibration extends CalibratedArm {
  diagnostics: {
    infections: number;
    offGraph: number;
    seeded: number;
    afterIsolation: number;
    /** Mean number of compromised contacts per exposure (1 = no multiple exposures). */
    meanContacts: number;
    /** infections / contact-rounds with its Wilson interval: the simpler estimate, below β when meanContacts > 1. */
    perContactRatio: Estimate;
  };
}

export function emptyTally(): CalibrationTally {
  return {
    runs: 0,
    exposures: new Map(),
    recovery: { events: 0, trials: 0 },
    detection: { events: 0, trials: 0 },
    falsePositive: { events: 0, trials: 0 },
    infections: 0,
    offGraph: 0,
    seeded: 0,
    afterIsolation: 0,
  };
}

export function addTallies(a: CalibrationTally, b: CalibrationTally): CalibrationTally {
  const exposures = new Map(a.exposures);
  for (const [k, g] of b.exposures) {
    const prior = exposures.get(k) ?? { exposed: 0, infected: 0 };
    exposures.set(k, { exposed: prior.exposed + g.exposed, infected: prior.infected + g.infected });
  }
  const add = (x: Counts, y: Counts): Counts => ({ events: x.events + y.events, trials: x.trials + y.trials });
  return {
    runs: a.runs + b.runs,
    exposures,
    recovery: add(a.recovery, b.recovery),
    detection: add(a.detection, b.detection),
    falsePositive: add(a.falsePositive, b.falsePositive),
    infections: a.infections + b.infections,
    offGraph: a.offGraph + b.offGraph,
    seeded: a.seeded + b.seeded,
    afterIsolation: a.afterIsolation + b.afterIsolation,
  };
}

/** What an arm's containment does with a flag at population level decides what counts as detection. */
export function detectionEventFor(defenses: readonly PluginRef[], registry: Pick<Registry<DefenseDefinition<unknown>>, 'get'>): DetectionEvent {
  const effects = defenses.flatMap((ref) => {
    const facet = registry.get(ref.id).population;
    return facet === undefined ? [] : [facet.effect(ref.config)];
  });
  return composeEffects(effects).onFlag === 'quarantine' ? 'quarantine' : 'flag';
}

const NEVER = -1;

/** Reduces one run to counts. */
export function tallyRun(run: CalibrationRun, options: CalibrationOptions): CalibrationTally {
  const n = run.agents.length;
  const index = new Map<AgentId, number>(run.agents.map((id, i) => [id, i]));
  const compromisedAt = new Int32Array(n).fill(NEVER);
  const lastMalicious = new Int32Array(n).fill(NEVER);
  const isolatedAt = new Int32Array(n).fill(NEVER);
  const via = new Map<number, string | undefined>();
  const sends = new Map<string, { from: AgentId; round: number }>();
  const flaggedIds: string[] = [];
  let monitors = new Set<string>();
  let adversaries: readonly string[] = [];
  let rounds: number | undefined;

  for (const e of run.events) {
    switch (e.type) {
      case 'run-start': {
        monitors = new Set(e.monitors);
        // Agents a threat controls (added, or benign agents it corrupted and that keep their place in the
        // topology), in logs that list them: they are neither susceptible nor infections' sources.
        const listed = (e as { adversaries?: unknown }).adversaries;
        if (Array.isArray(listed)) adversaries = listed.filter((a): a is string => typeof a === 'string');
        break;
      }
      case 'message-send': {
        sends.set(e.id, { from: e.from, round: e.round });
        const i = index.get(e.from);
        if (e.malicious && i !== undefined && e.round > (lastMalicious[i] as number)) lastMalicious[i] = e.round;
        break;
      }
      case 'agent-compromise': {
        const i = index.get(e.agent);
        if (i !== undefined && compromisedAt[i] === NEVER) {
          compromisedAt[i] = e.round;
          via.set(i, e.via);
        }
        break;
      }
      case 'agent-quarantine': {
        const i = index.get(e.agent);
        if (i !== undefined && isolatedAt[i] === NEVER) isolatedAt[i] = e.round;
        break;
      }
      case 'guard-verdict':
        if (e.action === 'flag' && monitors.has(e.guard)) flaggedIds.push(e.id);
        break;
      case 'run-end':
        if (e.status !== 'ok') throw new Error(`cannot calibrate from a failed run: ${e.error ?? 'run-end status error'}`);
        rounds = e.round;
        break;
      default:
        break;
    }
  }
  if (rounds === undefined) throw new Error('cannot calibrate from an event log without run-end');
  const R = rounds;

  // Rounds in which each agent sent a message a monitor flagged.
  const flagged = new Map<number, Set<number>>();
  for (const id of flaggedIds) {
    const send = sends.get(id);
    const i = send === undefined ? undefined : index.get(send.from);
    if (send === undefined || i === undefined) continue;
    let set = flagged.get(i);
    if (set === undefined) flagged.set(i, (set = new Set()));
    set.add(send.round);
  }
  const flagsIn = (i: number, from: number, to: number): number => {
    const set = flagged.get(i);
    if (set === undefined || to < from) return 0;
    let count = 0;
    for (const t of set) if (t >= from && t <= to) count++;
    return count;
  };

  const adversary = new Uint8Array(n);
  for (const id of adversaries) {
    const i = index.get(id);
    if (i !== undefined) adversary[i] = 1;
  }

  const tally = emptyTally();
  tally.runs = 1;

  // Who was infected by a benign agent's message, and who was seeded.
  const seeded = new Uint8Array(n);
  const infectedIn = new Map<number, number[]>();
  const compromised: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = compromisedAt[i] as number;
    if (c === NEVER || adversary[i] === 1) continue;
    const q = isolatedAt[i] as number;
    if (q !== NEVER && q < c) {
      tally.afterIsolation++;
      continue;
    }
    compromised.push(i);
    const cause = via.get(i);
    const carrier = cause === undefined ? undefined : sends.get(cause);
    const sender = carrier === undefined ? undefined : index.get(carrier.from);
    const byBenign = cause === undefined ? c > 0 : sender !== undefined && adversary[sender] === 0;
    if (!byBenign) {
      seeded[i] = 1;
      tally.seeded++;
      continue;
    }
    let list = infectedIn.get(c);
    if (list === undefined) infectedIn.set(c, (list = []));
    list.push(i);
  }

  // Transmission: exposures in round t, infections in round t+1.
  const active = (i: number, t: number): boolean => {
    const q = isolatedAt[i] as number;
    return (compromisedAt[i] as number) <= t && t <= (lastMalicious[i] as number) && (q === NEVER || t < q);
  };
  const susceptible = (j: number, t: number): boolean => {
    const c = compromisedAt[j] as number;
    const q = isolatedAt[j] as number;
    return adversary[j] === 0 && (c === NEVER || c > t) && (q === NEVER || q > t);
  };
  const contactsOf = new Int32Array(n);
  const touched: number[] = [];
  const expose = (k: number, infected: boolean): void => {
    const group = tally.exposures.get(k) ?? { exposed: 0, infected: 0 };
    group.exposed++;
    if (infected) group.infected++;
    tally.exposures.set(k, group);
  };
  for (let t = 0; t + 1 < R; t++) {
    for (const i of compromised) {
      if (!active(i, t)) continue;
      for (const id of run.contacts.of(i, t)) {
        const j = index.get(id);
        if (j === undefined || !susceptible(j, t)) continue;
        if (contactsOf[j] === 0) touched.push(j);
        contactsOf[j] = (contactsOf[j] as number) + 1;
      }
    }
    for (const j of touched) expose(contactsOf[j] as number, compromisedAt[j] === t + 1 && seeded[j] === 0);
    for (const j of infectedIn.get(t + 1) ?? []) {
      tally.infections++;
      if (contactsOf[j] !== 0) continue;
      tally.offGraph++;
      expose(1, true);
    }
    for (const j of touched) contactsOf[j] = 0;
    touched.length = 0;
  }

  // Recovery and detection of compromised agents.
  for (const i of compromised) {
    const c = compromisedAt[i] as number;
    const last = lastMalicious[i] as number;
    const q = isolatedAt[i] as number;
    const recoveryEnd = Math.min(last, R - 2, q === NEVER ? Infinity : q - 1);
    if (recoveryEnd >= c) {
      tally.recovery.trials += recoveryEnd - c + 1;
      if (last === recoveryEnd && last <= R - 2 && (q === NEVER || last < q)) tally.recovery.events++;
    }
    const detectionEnd = Math.min(last, R - 1, q === NEVER ? Infinity : q);
    tally.detection.trials += detectionEnd - c + 1;
    tally.detection.events += options.detection === 'quarantine' ? (q !== NEVER && q <= detectionEnd ? 1 : 0) : flagsIn(i, c, detectionEnd);
  }

  // False positives: rounds in which an agent is neither compromised nor isolated (the round it is isolated included).
  for (let j = 0; j < n; j++) {
    if (adversary[j] === 1) continue;
    const c = compromisedAt[j] as number;
    const q = isolatedAt[j] as number;
    const end = q === NEVER ? R - 1 : Math.min(q, R - 1);
    const spans: [number, number][] = [];
    if (c === NEVER || (q !== NEVER && q < c)) spans.push([0, end]);
    else {
      spans.push([0, Math.min(c - 1, end)]);
      spans.push([(lastMalicious[j] as number) + 1, end]);
    }
    for (const [from, to] of spans) {
      if (to < from) continue;
      tally.falsePositive.trials += to - from + 1;
      tally.falsePositive.events += options.detection === 'quarantine' ? (q !== NEVER && q >= from && q <= to ? 1 : 0) : flagsIn(j, from, to);
    }
  }
  return tally;
}

/** The estimates from pooled counts. */
export function estimateFromTally(tally: CalibrationTally): ArmCalibration {
  const groups: ExposureGroup[] = [...tally.exposures].sort(([a], [b]) => a - b).map(([contacts, g]) => ({ contacts, ...g }));
  const transmission = exposureEstimate(groups);
  const exposed = groups.reduce((s, g) => s + g.exposed, 0);
  return {
    transmission,
    recovery: wilsonEstimate(tally.recovery.events, tally.recovery.trials),
    detection: wilsonEstimate(tally.detection.events, tally.detection.trials),
    falsePositive: wilsonEstimate(tally.falsePositive.events, tally.falsePositive.trials),
    runs: tally.runs,
    diagnostics: {
      infections: tally.infections,
      offGraph: tally.offGraph,
      seeded: tally.seeded,
      afterIsolation: tally.afterIsolation,
      meanContacts: exposed === 0 ? 0 : transmission.trials / exposed,
      perContactRatio: wilsonEstimate(transmission.events, transmission.trials),
    },
  };
}

/** Estimates for one arm from its runs (all seeds). */
export function calibrateArm(runs: readonly CalibrationRun[], options: CalibrationOptions): ArmCalibration {
  if (runs.length === 0) throw new RangeError('calibration needs at least one run');
  return estimateFromTally(runs.map((run) => tallyRun(run, options)).reduce(addTallies, emptyTally()));
}
