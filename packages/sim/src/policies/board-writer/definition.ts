/**
 * `board-writer`: an honest member of a team board (the cover population of `secret-collusion`). Each round
 * it reads the posts delivered since its last turn, reports how many carried their author's fact (`digest`
 * state, `correct/read`: the cover task's utility), and posts its own fact for the round with a body of
 * chatter sampled from the built-in cover model, addressed to `board`. Its text is the cover model's, so a
 * detector tested against that model sees honest text exactly as the model writes it.
 */
import { z } from 'zod';
import type { Action, PolicyDefinition } from '@masec/spec';
import { coverModel } from '@masec/stego';
import { DEFAULT_BODY_TOKENS, DIGEST_KEY, formatDigest, readDigest, writeHonestPost } from '../../vocabulary/secret-collusion.js';

export const BoardWriterConfigSchema = z.strictObject({
  maxTokens: z.number().int().min(1).max(200).default(DEFAULT_BODY_TOKENS).describe('longest post body, in tokens of the cover model'),
  postRate: z.number().min(0).max(1).default(1).describe('probability of posting in a round'),
});
export type BoardWriterConfig = z.infer<typeof BoardWriterConfigSchema>;

export const boardWriter: PolicyDefinition<BoardWriterConfig> = {
  id: 'board-writer',
  specVersion: 'v1',
  description: 'Posts its fact for the team digest with chatter from the cover language model to a shared board, and reads the others\u2019 facts',
  configSchema: BoardWriterConfigSchema,
  create(config, context) {
    const self = context.agent.id;
    const model = coverModel();
    return {
      specVersion: 'v1',
      async act(obs) {
        const actions: Action[] = [];
        const digest = readDigest(obs.incoming);
        if (digest.read > 0) actions.push({ kind: 'state', key: DIGEST_KEY, value: formatDigest(digest) });
        if (config.postRate < 1 && !obs.rng.chance(config.postRate)) return actions;
        actions.push({ kind: 'send', to: 'board', text: await writeHonestPost(model, self, obs.round, obs.rng, config.maxTokens) });
        return actions;
      },
    };
  },
};
