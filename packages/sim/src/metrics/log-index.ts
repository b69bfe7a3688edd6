/** Joins over an event log that several metrics share, computed once per log and cached. */
import type { EventLogView, GuardVerdictEvent, MessageSendEvent, PopulationEndEvent, PopulationRoundEvent } from '@masec/spec';

export interface LogIndex {
  sends: Map<string, MessageSendEvent>;
  /** Envelope ids flagged by a monitor. */
  flagged: Set<string>;
  blocked: Set<string>;
  /** Round each benign agent was first compromised. */
  compromisedAt: Map<string, number>;
  defenses: string[];
  /** Monitoring defenses in the pipeline: their flags are detections. */
  monitors: string[];
  /** Population engine: one event per round (empty for message-engine logs), and the closing summary. */
  populationRounds: PopulationRoundEvent[];
  populationEnd: PopulationEndEvent | undefined;
}

const cache = new WeakMap<object, LogIndex>();

export function indexLog(log: EventLogView): LogIndex {
  const hit = cache.get(log.events);
  if (hit !== undefined) return hit;
  const index: LogIndex = {
    sends: new Map(),
    flagged: new Set(),
    blocked: new Set(),
    compromisedAt: new Map(),
    defenses: [],
    monitors: [],
    populationRounds: [],
    populationEnd: undefined,
  };
  const flags: GuardVerdictEvent[] = [];
  for (const event of log.events) {
    switch (event.type) {
      case 'run-start':
        index.defenses = event.defenses;
        index.monitors = event.monitors;
        break;
      case 'message-send':
        index.sends.set(event.id, event);
        break;
      case 'guard-verdict':
        if (event.action === 'flag') flags.push(event);
        break;
      case 'message-block':
        index.blocked.add(event.id);
        break;
      case 'agent-compromise':
        if (!index.compromisedAt.has(event.agent)) index.compromisedAt.set(event.agent, event.round);
        break;
      case 'population-round':
        index.populationRounds.push(event);
        break;
      case 'population-end':
        index.populationEnd = event;
        break;
      default:
        break;
    }
  }
  // Only monitors' flags are detections (a containment guard may flag too).
  const monitors = new Set(index.monitors);
  for (const flag of flags) if (monitors.has(flag.guard)) index.flagged.add(flag.id);
  cache.set(log.events, index);
  return index;
}

/**
 * How far a compartmental outbreak got, from a population-engine log (undefined for a message-engine log):
 * agents ever compromised by the end, and how many of them were patient zeros (compromised in round 0).
 */
export function populationOutbreak(log: EventLogView): { everCompromised: number; patientZeros: number } | undefined {
  const index = indexLog(log);
  const last = index.populationRounds[index.populationRounds.length - 1];
  if (last === undefined) return undefined;
  return { everCompromised: last.everCompromised, patientZeros: index.populationEnd?.cohortSize[0] ?? index.populationRounds[0]?.newCompromised ?? 0 };
}
