/**
 * Finds secrets in what leaves an agent and logs them as `secret-leak` events, by sink (message, shared
 * memory, tool arguments, final output). A leak is external when an adversary receives it (exfiltration);
 * internal exposures — a secret reaching another benign agent, a store or a tool nobody hostile reads — are
 * logged only when a threat asked for them (`trackInternalLeaks`), because scanning every delivery costs time.
 */
import type { AgentId, LeakSink, SecretRecord } from '@masec/spec';
import type { EventSinkLike } from './run-context.js';
import { SecretScanner } from './secret-scanner.js';

export interface LeakSite {
  round: number;
  /** Receiving party: an agent id, `store:<name>`, `tool:<name>` or `user:<agent>`. */
  to: string;
  /** Envelope, write, call or output that carried the text. */
  id: string;
  channel: string;
  sink: LeakSink;
  external: boolean;
  /** Records of this owner are not leaks (an agent's own data reaching itself or its own user). */
  skipOwner?: AgentId;
}

export class LeakTracker {
  readonly #scanner: SecretScanner;
  readonly #internal: boolean;
  readonly #events: EventSinkLike;

  constructor(records: readonly SecretRecord[], events: EventSinkLike, trackInternal: boolean) {
    this.#scanner = new SecretScanner(records);
    this.#internal = trackInternal;
    this.#events = events;
  }

  /** Whether a site of this kind is scanned at all (external sites always are). */
  watches(external: boolean): boolean {
    return external || this.#internal;
  }

  /**
   * Logs every record whose value occurs in `text`; returns how many were logged. `into` collects the
   * events elsewhere first (reads buffered per agent while policies act concurrently).
   */
  scan(text: string, site: LeakSite, into: EventSinkLike = this.#events): number {
    if (!this.watches(site.external)) return 0;
    let count = 0;
    for (const record of this.#scanner.scan(text)) {
      if (record.owner === site.skipOwner) continue;
      into.push({
        type: 'secret-leak',
        round: site.round,
        secret: record.id,
        owner: record.owner,
        to: site.to,
        id: site.id,
        channel: site.channel,
        sink: site.sink,
        external: site.external,
      });
      count++;
    }
    return count;
  }
}
