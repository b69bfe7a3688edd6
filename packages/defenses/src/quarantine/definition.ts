/**
 * `quarantine`: isolate agents that monitors flag. Once an agent has sent `afterFlags` envelopes flagged
 * with a score of at least `minScore` by guards earlier in the pipeline, it is quarantined: that envelope
 * and everything it sends afterwards is blocked. Place it after the monitors whose flags it acts on.
 * Cost: every benign message a quarantined agent would have sent, counted from the event log.
 *
 * State: strikes per sender (`quarantine:strikes`, at most `maxAgents`). The quarantine itself is the
 * pipeline's set, which forgets no one (ADR 0016): a flood of new identities cannot free an attacker.
 */
import { z } from 'zod';
import { type DefenseDefinition, block } from '@masec/spec';
import { DEFAULT_MAX_AGENTS, maxEntriesField } from '../state/bounds.js';

export const QuarantineConfigSchema = z.strictObject({
  afterFlags: z.number().int().min(1).default(1).describe('the flagged envelope that isolates its sender (1 = the first); it is blocked too'),
  minScore: z.number().min(0).max(1).default(0.5).describe('flags below this score are ignored'),
  maxAgents: maxEntriesField('senders whose strikes are counted', DEFAULT_MAX_AGENTS),
});
export type QuarantineConfig = z.infer<typeof QuarantineConfigSchema>;

export const quarantine: DefenseDefinition<QuarantineConfig> = {
  id: 'quarantine',
  specVersion: 'v1',
  description: 'Isolates agents whose messages monitors flag: blocks everything they send afterwards',
  kind: 'containment',
  targets: ['worm', 'infectious-jailbreak', 'disinformation'],
  hooks: ['send'],
  configSchema: QuarantineConfigSchema,
  cost: { utility: 'all mail from quarantined agents, including benign mail of false positives', rewritesContent: false },
  // At population level a flagged agent is isolated at once: `afterFlags` is folded into the detection rate.
  population: { effect: () => ({ onFlag: 'quarantine' }) },
  create(config, services) {
    const strikes = services.state.map<number>('quarantine:strikes', { maxEntries: config.maxAgents });
    return {
      id: 'quarantine',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        const sender = envelope.from;
        if (ctx.isQuarantined(sender)) return block('quarantine', 'QUARANTINED', 'sender is quarantined');
        const strong = ctx.flags.filter((f) => f.score >= config.minScore);
        if (strong.length > 0) {
          const count = (strikes.get(sender) ?? 0) + 1;
          strikes.set(sender, count);
          if (count >= config.afterFlags) {
            const reason = `${count} flagged message(s): ${strong.map((f) => f.guard).join(', ')}`;
            ctx.quarantine(sender, reason);
            return block('quarantine', 'QUARANTINED', 'sender quarantined');
          }
        }
        return next(envelope);
      },
    };
  },
};
