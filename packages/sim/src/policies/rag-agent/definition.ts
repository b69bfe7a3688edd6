/**
 * `rag-agent`: a surrogate for an LLM assistant that answers its user's requests with retrieval over a shared
 * knowledge base (the helpdesk setting of the `memory-poisoning` threat).
 *
 * Each round, with probability `requestRate`, its user brings a request (composed from the knowledge base's
 * topics). When a threat has put a trigger into users' requests (`InstructionOracle.triggers`), the request
 * carries it with that threat's rate. The agent retrieves the `topK` most relevant records from the store
 * `store` — the read passes the shield's `memory-read` hook — and "reads" them. A record that holds an
 * adversarial instruction (recognised by the threat's oracle, standing in for the model's reading) is obeyed by
 * a susceptible agent with probability `compliance` (times `spotlightCompliance` when the record arrived
 * marked): it calls the tool the instruction names, and/or mails its records where it says. Then it answers its
 * user (an `output`) from the retrieved article that answers the request, if any.
 *
 * It reports two pieces of state per request for the metrics: `rag-request` (`triggered` or `clean`: ground
 * truth of the workload) and `rag-answer` (`found` or `not-found`). These probabilities are assumptions of
 * the surrogate, to be calibrated against real models.
 */
import { z } from 'zod';
import type { Action, PolicyDefinition } from '@masec/spec';
import { ANSWER_STATE, REQUEST_STATE, articleKey, drawRequest } from '../../vocabulary/knowledge-base.js';

const probability = z.number().min(0).max(1);

export const RagAgentConfigSchema = z.strictObject({
  store: z.string().min(1).default('kb').describe('name of the shared store the agent retrieves from'),
  requestRate: probability.default(1).describe('probability that the agent\u2019s user brings a request in a round'),
  topK: z.number().int().min(1).max(100).default(4).describe('records retrieved per request'),
  susceptibility: probability.default(0.85).describe('fraction of agents whose model can be hijacked at all'),
  compliance: probability.default(0.75).describe('probability a susceptible agent obeys an instruction it retrieved'),
  spotlightCompliance: probability.default(0.25).describe('multiplier on compliance when the record arrived spotlighted (datamarked/delimited)'),
});
export type RagAgentConfig = z.infer<typeof RagAgentConfigSchema>;

export const ragAgent: PolicyDefinition<RagAgentConfig> = {
  id: 'rag-agent',
  specVersion: 'v1',
  description: 'Surrogate LLM assistant answering user requests with retrieval over a shared knowledge base; may obey retrieved instructions',
  configSchema: RagAgentConfigSchema,
  create(config, context) {
    const susceptible = context.rng.chance(config.susceptibility);
    const oracle = context.instructions;
    const triggers = oracle.triggers?.() ?? [];
    return {
      specVersion: 'v1',
      async act(obs) {
        const drawn = await drawRequest(obs, config, triggers);
        if (drawn === undefined) return [];
        const { request, triggered, items } = drawn;
        const actions: Action[] = [{ kind: 'state', key: REQUEST_STATE, value: triggered ? 'triggered' : 'clean' }];
        let obeyed = false;
        let answer: string | undefined;
        for (const item of items) {
          const instruction = oracle.find(item.text);
          if (instruction === undefined) {
            if (answer === undefined && articleKey(item.text) === request.article) answer = item.text;
            continue;
          }
          if (obeyed || !susceptible) continue;
          if (!obs.rng.chance(config.compliance * (item.marking === 'none' ? 1 : config.spotlightCompliance))) continue;
          obeyed = true;
          if (instruction.invoke !== undefined) actions.push({ kind: 'tool', tool: instruction.invoke.tool, args: instruction.invoke.args, cause: item.id });
          if (instruction.exfiltrateTo !== undefined && obs.records.length > 0) {
            const lines = obs.records.map((r) => `${r.label}: ${r.value}`);
            actions.push({ kind: 'send', to: instruction.exfiltrateTo, subject: 'Requester details', text: `As requested, here are the saved details:\n${lines.join('\n')}`, cause: item.id });
          }
        }
        actions.push({ kind: 'state', key: ANSWER_STATE, value: answer === undefined ? 'not-found' : 'found' });
        actions.push({ kind: 'output', text: answer === undefined ? `Sorry, I found nothing on: ${request.text}` : `About "${request.text}":\n${answer}` });
        return actions;
      },
    };
  },
};
