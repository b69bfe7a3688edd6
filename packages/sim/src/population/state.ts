/**
 * Struct-of-arrays state of a population run: one byte of compartment per agent, the lists of exposed and
 * compromised agents (each entry with the round its agent was infected, for R_eff by cohort) and running
 * compartment counts, so no step ever scans all agents except where the model itself must.
 */
import { sharedUint8 } from '../topology/memory.js';

/** Compartment codes in `PopulationState.state`. */
export const S = 0;
export const E = 1;
export const I = 2;
export const R = 3;
export const Q = 4;
/** Infected during the current round's transmission step; promoted at the start of the next round. */
export const NEW = 5;

/** The capacity after doubling `current` until it holds `needed`. */
function doubledCapacity(current: number, needed: number): number {
  let c = current * 2;
  while (c < needed) c *= 2;
  return c;
}

/** `into`, holding the first `length` entries of `from`. */
function grown<T extends Int32Array | Float64Array>(from: T, into: T, length: number): T {
  into.set(from.subarray(0, length));
  return into;
}

/** A growable list of (agent, infection round) pairs in two typed arrays. */
export class AgentList {
  ids: Int32Array;
  rounds: Int32Array;
  length = 0;
  /**
   * Optional cache of each entry's contact-graph row (start in `neighbors`, degree), valid for the entries
   * [0, rowsValid) and moved along by compaction (`keepEntry`), so that an agent compromised for several rounds
   * has its row read from the graph once: at 10^8 agents every such read is a cache miss. The contact model
   * turns it on (`enableRows`) and fills it.
   */
  rowStart: Float64Array | null = null;
  rowDegree: Int32Array | null = null;
  rowsValid = 0;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.ids = new Int32Array(c);
    this.rounds = new Int32Array(c);
  }

  push(id: number, round: number): void {
    if (this.length === this.ids.length) this.reserve(this.length + 1);
    this.ids[this.length] = id;
    this.rounds[this.length] = round;
    this.length++;
  }

  clear(): void {
    this.length = 0;
  }

  /** Makes room for `capacity` entries (doubling), so a loop can write `ids`/`rounds` directly. */
  reserve(capacity: number): void {
    if (capacity <= this.ids.length) return;
    const c = doubledCapacity(this.ids.length, capacity);
    this.ids = grown(this.ids, new Int32Array(c), this.length);
    this.rounds = grown(this.rounds, new Int32Array(c), this.length);
    if (this.rowStart !== null && this.rowDegree !== null) {
      this.rowStart = grown(this.rowStart, new Float64Array(c), this.rowsValid);
      this.rowDegree = grown(this.rowDegree, new Int32Array(c), this.rowsValid);
    }
  }

  /** Turns the row cache on (empty). */
  enableRows(): void {
    if (this.rowStart !== null) return;
    this.rowStart = new Float64Array(this.ids.length);
    this.rowDegree = new Int32Array(this.ids.length);
    this.rowsValid = 0;
  }

  /**
   * Compaction: entry `from` moves to position `to` (to <= from, called in increasing order of both, for
   * each kept entry), with its cached row. Returns the new `rowsValid` given the one so far (`valid`), for
   * the caller to store once compaction is done.
   */
  keepEntry(from: number, to: number, valid: number): number {
    this.ids[to] = this.ids[from] as number;
    this.rounds[to] = this.rounds[from] as number;
    const start = this.rowStart;
    if (start === null || from >= this.rowsValid) return valid;
    start[to] = start[from] as number;
    (this.rowDegree as Int32Array)[to] = (this.rowDegree as Int32Array)[from] as number;
    return to + 1;
  }
}

/** A growable list of agent ids (the infections of the current round, whose round is implied). */
export class IdList {
  ids: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(Math.max(16, capacity));
  }

  push(id: number): void {
    if (this.length === this.ids.length) this.reserve(this.length + 1);
    this.ids[this.length++] = id;
  }

  clear(): void {
    this.length = 0;
  }

  /** Makes room for `capacity` ids (doubling), so a loop can write `ids` directly. */
  reserve(capacity: number): void {
    if (capacity <= this.ids.length) return;
    this.ids = grown(this.ids, new Int32Array(doubledCapacity(this.ids.length, capacity)), this.length);
  }
}

export interface RoundCounters {
  newCompromised: number;
  detected: number;
  falseFlags: number;
  newQuarantined: number;
  falseQuarantined: number;
  edgesCut: number;
}

export class PopulationState {
  readonly n: number;
  readonly state: Uint8Array;
  /** Agents whose outgoing edges were cut (edge pruning); allocated on first use. */
  muted: Uint8Array | null = null;
  /** Agents compromised at least once (only needed when agents can become susceptible again). */
  ever: Uint8Array | null;
  /** Agents of the more resistant kind (diversity); null without it. */
  resistant: Uint8Array | null = null;
  /** Compromised agents, and exposed ones, each with its infection round. */
  compromised: AgentList;
  exposed: AgentList;
  /** Infected in this round's transmission step, waiting for the next round. */
  incoming: IdList;
  /**
   * Whether an agent in the compromised list may have left compartment I during this round (quarantine, or
   * eviction in the pairing model). While false every listed agent is compromised, so the transmission and
   * recovery steps need not read each one's state byte (a cache miss per agent at 10^8 agents).
   */
  listStale = false;
  counts = { susceptible: 0, exposed: 0, compromised: 0, recovered: 0, quarantined: 0 };
  everCompromised = 0;
  /** Agents infected in round t, and how many agents those went on to infect. */
  cohortSize: number[] = [];
  cohortOffspring: number[] = [];
  round: RoundCounters = blankCounters();

  constructor(n: number, trackEver: boolean) {
    this.n = n;
    // Shared, so that a helper thread can resolve transmissions (hit-sink.ts).
    this.state = sharedUint8(n);
    this.ever = trackEver ? new Uint8Array(n) : null;
    this.counts.susceptible = n;
    const guess = Math.min(n, 1 << 16);
    this.compromised = new AgentList(guess);
    this.exposed = new AgentList(guess);
    this.incoming = new IdList(guess);
  }

  /** Agents infected in round `round`: their cohort grows by `count`. */
  addToCohort(round: number, count: number): void {
    while (this.cohortSize.length <= round) {
      this.cohortSize.push(0);
      this.cohortOffspring.push(0);
    }
    this.cohortSize[round] = (this.cohortSize[round] as number) + count;
  }

  /** Agent `id` becomes compromised in round `round` (from S, E or NEW). */
  compromise(id: number, round: number, from: number): void {
    this.state[id] = I;
    if (from === S) this.counts.susceptible--;
    else if (from === E) this.counts.exposed--;
    this.counts.compromised++;
    this.compromised.push(id, round);
    this.round.newCompromised++;
    const ever = this.ever;
    if (ever === null) this.everCompromised++;
    else if (ever[id] === 0) {
      ever[id] = 1;
      this.everCompromised++;
    }
    this.addToCohort(round, 1);
  }

  /** Credits one secondary infection to the cohort of round `round`. */
  creditOffspring(round: number): void {
    this.cohortOffspring[round] = (this.cohortOffspring[round] as number) + 1;
  }

  /** Whether `id` has ever been compromised (valid for agents not in the compromised list right now). */
  wasCompromised(id: number): boolean {
    const s = this.state[id];
    if (s === I) return true;
    if (this.ever !== null) return this.ever[id] === 1;
    return s === R;
  }

  resetRound(): void {
    this.round = blankCounters();
    this.listStale = false;
  }
}

function blankCounters(): RoundCounters {
  return { newCompromised: 0, detected: 0, falseFlags: 0, newQuarantined: 0, falseQuarantined: 0, edgesCut: 0 };
}
