/**
 * `contagion`: an agent that spreads whatever payload it obeys like an epidemic, with no other traffic —
 * the message-level twin of the population engine's contact model, for checking one against the other and
 * for calibration tests where the true parameters are known.
 *
 * Each round a compromised agent sends the payload to every contact, then recovers (its memory cured, and
 * it is immune) with probability `recovery`. A susceptible agent obeys each payload-bearing message it
 * receives with probability `transmission`, independently, and is compromised from that round on. An agent
 * whose memory holds a payload at its first turn (a worm's patient zero) is compromised at once.
 */
import { z } from 'zod';
import type { Action, AdversarialInstruction, PolicyDefinition } from '@masec/spec';

const probability = z.number().min(0).max(1);

export const ContagionConfigSchema = z.strictObject({
  transmission: probability.default(0.1).describe('probability of obeying each payload-bearing message (per contact and round)'),
  recovery: probability.default(0).describe('probability that a compromised agent recovers after each round of spreading'),
});
export type ContagionConfig = z.infer<typeof ContagionConfigSchema>;

export const contagion: PolicyDefinition<ContagionConfig> = {
  id: 'contagion',
  specVersion: 'v1',
  description: 'Epidemic surrogate: obeys a payload with a fixed probability per message, forwards it to every contact, recovers at a fixed rate',
  configSchema: ContagionConfigSchema,
  create(config, context) {
    let status: 'susceptible' | 'compromised' | 'recovered' = 'susceptible';
    let payload: AdversarialInstruction | undefined;
    let cause: string | undefined;
    let firstTurn = true;
    return {
      specVersion: 'v1',
      act(obs) {
        if (status === 'susceptible' && firstTurn) {
          for (const item of obs.memory.items()) {
            const found = context.instructions.find(item.text);
            if (found === undefined) continue;
            [status, payload, cause] = ['compromised', found, item.id];
            break;
          }
        }
        firstTurn = false;
        if (status === 'susceptible') {
          for (const mail of obs.incoming) {
            const text = mail.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('\n');
            const found = context.instructions.find(text);
            if (found === undefined || !obs.rng.chance(config.transmission)) continue;
            [status, payload, cause] = ['compromised', found, mail.id];
            break;
          }
        }
        if (status !== 'compromised' || payload === undefined) return [];
        const text = payload.replicate ?? '';
        const actions: Action[] = obs.contacts.map((to) => ({ kind: 'send', to, text, ...(cause === undefined ? {} : { cause }) }));
        cause = undefined;
        if (obs.rng.chance(config.recovery)) status = 'recovered';
        return actions;
      },
    };
  },
};
