/**
 * What topological containment cost on the message engine. The population engine counts `edges-cut` as the
 * degree of every muted agent; a message-engine guard cannot write events, so here a cut edge shows in the
 * log when edge pruning blocks a message over it.
 */
import type { MetricDefinition } from '@masec/spec';
import { indexLog } from './log-index.js';

/** The guard id whose blocks are cut edges. */
export const EDGE_PRUNING_GUARD = 'edge-pruning';

export const edgesSevered: MetricDefinition = {
  id: 'edges-severed',
  specVersion: 'v1',
  label: 'edges severed',
  description:
    'Contact edges (unordered agent pairs) over which edge pruning blocked at least one message: the message-engine counterpart of edges-cut, counting the cut edges that would have carried traffic',
  unit: 'count',
  better: 'lower',
  reduce: (log) => {
    const index = indexLog(log);
    const pairs = new Set<string>();
    for (const e of log.events) {
      if (e.type !== 'message-block' || e.guard !== EDGE_PRUNING_GUARD) continue;
      const send = index.sends.get(e.id);
      if (send === undefined) continue;
      pairs.add(send.from < send.to ? `${send.from}\u0000${send.to}` : `${send.to}\u0000${send.from}`);
    }
    return pairs.size;
  },
};
