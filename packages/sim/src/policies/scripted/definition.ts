/**
 * `scripted`: agents do exactly what a script says — `{ round, agent, to, text }` steps. For tests,
 * reproductions of a published transcript, and attackers with a fixed plan.
 */
import { z } from 'zod';
import type { Action, PolicyDefinition } from '@masec/spec';

export const ScriptStepSchema = z.strictObject({
  round: z.number().int().min(0).describe('round the step runs in'),
  agent: z.string().describe('agent id that sends'),
  to: z.string().describe('recipient agent id, or `board`'),
  text: z.string(),
  subject: z.string().optional(),
  task: z.boolean().default(false).describe('the sender expects an answer'),
  inReplyTo: z.string().optional().describe('id of the envelope this step answers (ids are `m<round>.<n>`)'),
});

export const ScriptedConfigSchema = z.strictObject({
  steps: z.array(ScriptStepSchema).default([]).describe('what each agent sends, and when'),
});
export type ScriptedConfig = z.infer<typeof ScriptedConfigSchema>;

export const scripted: PolicyDefinition<ScriptedConfig> = {
  id: 'scripted',
  specVersion: 'v1',
  description: 'Sends exactly the scripted messages at the scripted rounds',
  configSchema: ScriptedConfigSchema,
  create(config, context) {
    const mine = config.steps.filter((s) => s.agent === context.agent.id);
    return {
      specVersion: 'v1',
      act(obs) {
        const actions: Action[] = [];
        for (const step of mine) {
          if (step.round !== obs.round) continue;
          actions.push({
            kind: 'send',
            to: step.to,
            text: step.text,
            ...(step.subject === undefined ? {} : { subject: step.subject }),
            ...(step.task ? { task: true } : {}),
            ...(step.inReplyTo === undefined ? {} : { inReplyTo: step.inReplyTo }),
          });
        }
        return actions;
      },
    };
  },
};
