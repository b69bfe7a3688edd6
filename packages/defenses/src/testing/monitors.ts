/** Stand-in monitors for tests of defenses that act on flags (quarantine, edge pruning, ...). */
import type { Guard } from '@masec/spec';

/**
 * A monitor on `send` that flags a message containing a keyword with that keyword's score (default: 'EVIL'
 * with 0.9 and 'meh' with 0.3), with the keyword in lower case as the reason, and passes it on.
 */
export function keywordMonitor(scores: Readonly<Record<string, number>> = { EVIL: 0.9, meh: 0.3 }): Guard {
  return {
    id: 'monitor',
    hooks: ['send'],
    async handle(envelope, ctx, next) {
      const text = envelope.parts[0]?.kind === 'text' ? envelope.parts[0].text : '';
      for (const [word, score] of Object.entries(scores)) if (text.includes(word)) ctx.flag(score, word.toLowerCase());
      return next(envelope);
    },
  };
}
