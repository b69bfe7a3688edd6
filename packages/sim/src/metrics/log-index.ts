/** Joins over an event log that several metrics share, computed once per log and cached. */
import type { EventLogView, MessageSendEvent } from '@masec/spec';

export interface LogIndex {
  sends: Map<string, MessageSendEvent>;
  /** Envelope ids flagged by any guard. */
  flagged: Set<string>;
  blocked: Set<string>;
  /** Round each benign agent was first compromised. */
  compromisedAt: Map<string, number>;
  defenses: string[];
}

const cache = new WeakMap<object, LogIndex>();

export function indexLog(log: EventLogView): LogIndex {
  const hit = cache.get(log.events);
  if (hit !== undefined) return hit;
  const index: LogIndex = { sends: new Map(), flagged: new Set(), blocked: new Set(), compromisedAt: new Map(), defenses: [] };
  for (const event of log.events) {
    switch (event.type) {
      case 'run-start':
        index.defenses = event.defenses;
        break;
      case 'message-send':
        index.sends.set(event.id, event);
        break;
      case 'guard-verdict':
        if (event.action === 'flag') index.flagged.add(event.id);
        break;
      case 'message-block':
        index.blocked.add(event.id);
        break;
      case 'agent-compromise':
        if (!index.compromisedAt.has(event.agent)) index.compromisedAt.set(event.agent, event.round);
        break;
      default:
        break;
    }
  }
  cache.set(log.events, index);
  return index;
}
