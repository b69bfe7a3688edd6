/**
 * `email-assistant`: a surrogate for an LLM email assistant with retrieval-augmented replies.
 *
 * Each round it answers new mail (replies go back to the sender) and, with probability `sendRate`, writes
 * a new mail to a contact. To draft either, it retrieves the `topK` most relevant items from its memory — like a
 * RAG assistant — and "reads" them. If a retrieved item holds an adversarial instruction (recognised by the
 * threat's oracle, standing in for the model's reading), a susceptible agent obeys with probability
 * `compliance`, reduced by `spotlightCompliance` when the item arrived spotlighted (provenance tagging).
 * Obeying means copying the payload into the reply and sending its records where the payload says.
 * These probabilities are assumptions of the surrogate, to be calibrated against real models.
 */
import { z } from 'zod';
import type { Action, PolicyDefinition } from '@masec/spec';
import { answer, maybeNewMail } from '../mail.js';
import { displayName } from '../../world-data/names.js';

const probability = z.number().min(0).max(1);

export const EmailAssistantConfigSchema = z.strictObject({
  sendRate: probability.default(0.3).describe('probability of writing a new mail each round'),
  replyRate: probability.default(0.9).describe('probability of answering a new (non-reply) mail'),
  casualReplyRate: probability.default(0.1).describe('probability of answering a reply'),
  maxRepliesPerRound: z.number().int().min(0).default(3).describe('answers written per round; the rest go unanswered'),
  topK: z.number().int().min(0).max(100).default(5).describe('memory items retrieved as context per draft'),
  susceptibility: probability.default(0.85).describe('fraction of agents whose model can be hijacked at all'),
  compliance: probability.default(0.6).describe('probability a susceptible agent obeys an instruction it retrieved'),
  spotlightCompliance: probability
    .default(0.25)
    .describe('multiplier on compliance when the instruction arrived spotlighted (datamarked/delimited)'),
  replicationFidelity: probability.default(0.97).describe('probability a replicated payload is copied verbatim'),
});
export type EmailAssistantConfig = z.infer<typeof EmailAssistantConfigSchema>;

export const emailAssistant: PolicyDefinition<EmailAssistantConfig> = {
  id: 'email-assistant',
  specVersion: 'v1',
  description: 'Surrogate LLM email assistant: answers mail with retrieval over its inbox; may obey injected instructions',
  configSchema: EmailAssistantConfigSchema,
  create(config, context) {
    const susceptible = context.rng.chance(config.susceptibility);
    const self = context.agent.id;
    const selfName = displayName(self);
    return {
      specVersion: 'v1',
      act(obs) {
        const actions: Action[] = [];
        const rng = obs.rng;
        let exfiltrated = false;

        /**
         * Draft `text` with retrieved context, as a RAG assistant does. If the context holds an instruction
         * and the model obeys it, the payload is copied into the draft and records go where it says.
         */
        const draftWithContext = (query: string, text: string): { text: string; cause?: string } => {
          for (const item of obs.memory.retrieve(query, config.topK)) {
            const instruction = context.instructions.find(item.text);
            if (instruction === undefined || !susceptible) continue;
            const p = config.compliance * (item.marking === 'none' ? 1 : config.spotlightCompliance);
            if (!rng.chance(p)) continue;
            if (instruction.exfiltrateTo !== undefined && !exfiltrated && obs.records.length > 0) {
              exfiltrated = true;
              actions.push(exfiltration(instruction.exfiltrateTo, obs.records.map((r) => `${r.label}: ${r.value}`), item.id));
            }
            if (instruction.replicate === undefined) return { text, cause: item.id };
            const copy = instruction.mutate !== undefined && !rng.chance(config.replicationFidelity) ? instruction.mutate(rng) : instruction.replicate;
            return { text: `${text}\n\n${copy}`, cause: item.id };
          }
          return { text };
        };

        let replies = 0;
        for (const mail of obs.incoming) {
          if (replies >= config.maxRepliesPerRound) break;
          const rate = mail.inReplyTo === undefined ? config.replyRate : config.casualReplyRate;
          if (!rng.chance(rate)) continue;
          replies++;
          const { action, incomingText } = answer(obs, mail, selfName);
          const draft = draftWithContext(incomingText, action.text);
          actions.push({ ...action, text: draft.text, ...(draft.cause === undefined ? {} : { cause: draft.cause }) });
        }
        const mail = maybeNewMail(obs, config.sendRate, selfName);
        if (mail !== undefined) {
          // The body is the query (its subject line is a summary of it); the same string is filed on delivery.
          const draft = draftWithContext(mail.text, mail.text);
          actions.push({ ...mail, text: draft.text, ...(draft.cause === undefined ? {} : { cause: draft.cause }) });
        }
        return actions;
      },
    };
  },
};

function exfiltration(to: string, lines: string[], cause: string): Action {
  return { kind: 'send', to, subject: 'Contacts export', text: `As requested, here are my saved details:\n${lines.join('\n')}`, cause };
}
