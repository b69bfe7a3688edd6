// A masec plugin module: a defense (`phrase-blocker`) and a metric (`phrase-blocked`). A scenario loads it by
// naming it in `plugins` (see scenario.yaml), or the command line with `--plugin`; the runner imports it in
// every worker thread. Registration is plain data: no I/O here.
import { z } from 'zod';
import { block, envelopeText } from '@masec/spec';

/** The defense: a guard that blocks outgoing messages mentioning any configured phrase. */
const phraseBlocker = {
  id: 'phrase-blocker',
  specVersion: 'v1',
  description: 'Blocks outgoing messages that contain any of the configured phrases (case-insensitive)',
  kind: 'monitoring',
  targets: ['worm'],
  hooks: ['send'],
  configSchema: z.strictObject({
    phrases: z.array(z.string().min(1)).min(1).describe('phrases that get a message blocked, matched case-insensitively'),
  }),
  cost: { utility: 'benign messages that happen to contain a phrase are lost', rewritesContent: false },
  create(config) {
    const phrases = config.phrases.map((p) => p.toLowerCase());
    return {
      id: 'phrase-blocker',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        const text = envelopeText(envelope).toLowerCase();
        const hit = phrases.find((p) => text.includes(p));
        if (hit === undefined) return next(envelope);
        ctx.flag(1, `contains '${hit}'`);
        return block('phrase-blocker', 'INJECTION_DETECTED', `contains '${hit}'`);
      },
    };
  },
};

/** The metric: a pure reducer over the event log, counting the messages this defense blocked. */
const phraseBlocked = {
  id: 'phrase-blocked',
  specVersion: 'v1',
  description: 'Messages the phrase-blocker blocked, per run',
  label: 'blocked by phrase',
  unit: 'count',
  better: 'lower',
  reduce: (log) => {
    // `log.events` is iterable (a long run's log is read back one event at a time), not an array.
    let blocked = 0;
    for (const e of log.events) if (e.type === 'message-block' && e.guard === 'phrase-blocker') blocked++;
    return blocked;
  },
};

export default {
  specVersion: 'v1',
  name: 'phrase-blocker',
  defenses: [phraseBlocker],
  metrics: [phraseBlocked],
};
