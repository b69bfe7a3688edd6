/**
 * `llm`: a policy whose decisions come from a language model the scenario declares (`AgentView.model`,
 * through the `models` service). It plays a role of the built-in message-engine scenarios — for now the
 * email assistant of `worm`, the helpdesk assistant of `memory-poisoning` and the team assistant (hub and
 * workers) of `privacy-leak`, the album-chat agent of `infectious-jailbreak`, the belief updater of
 * `disinformation` and the service of `cascading-failure` (its retry decision only) — with the same workload as that role's surrogate, a prompt template per role
 * (files a user can override, prompts.ts), the observation rendered as the conversation a model reads with
 * spotlighting and provenance labels exactly as the shield set them (render.ts), and actions taken only
 * through tool calls with zod-checked arguments (tools.ts). A tool call that cannot be carried out is an
 * `action-invalid` event. Model failures the model layer cannot retry end the run as `error` (ADR 0014).
 */
import { z } from 'zod';
import { MasecError, type PolicyDefinition } from '@masec/spec';
import { displayName } from '../../world-data/names.js';
import { emailAssistantRole } from './email.js';
import { ragAgentRole } from './rag.js';
import { teamAssistantRole } from './team.js';
import { TeamAssistantConfigSchema } from '../team-assistant/definition.js';
import { albumChatRole } from './album.js';
import { AlbumChatConfigSchema } from '../album-chat/definition.js';
import { BeliefUpdaterConfigSchema, beliefUpdaterRole } from './belief.js';
import { serviceRole } from './service.js';
import { ServiceConfigSchema } from '../service/definition.js';
import { LLM_ROLES, loadTemplates } from './prompts.js';

const probability = z.number().min(0).max(1);

export const LlmPolicyConfigSchema = z.strictObject({
  role: z.enum(LLM_ROLES).default('email-assistant').describe('which built-in role the model plays'),
  prompts: z
    .strictObject({
      system: z.string().min(1).optional().describe('file with the system template, relative to the scenario (default: the role\u2019s built-in, scenarios/prompts/llm/<role>.system.md)'),
      turn: z.string().min(1).optional().describe('file with the turn template (default: scenarios/prompts/llm/<role>.turn.md)'),
    })
    .default({})
    .describe('prompt template files that replace the role\u2019s built-in ones ({{placeholders}} as in the built-ins)'),
  sendRate: probability.default(0.3).describe('email assistant: probability the owner writes a new mail each round'),
  replyRate: probability.default(0.9).describe('email assistant: probability of answering a new (non-reply) mail'),
  casualReplyRate: probability.default(0.1).describe('email assistant: probability of answering a reply'),
  maxRepliesPerRound: z.number().int().min(0).max(100).default(3).describe('email assistant: mails answered per round (one model call each)'),
  topK: z.number().int().min(0).max(100).default(5).describe('stored items shown as context per call'),
  textReplies: z.boolean().default(true).describe('email assistant: an answer in plain text without a tool call is sent as the reply'),
  store: z.string().min(1).default('kb').describe('rag agent: the shared store it retrieves from'),
  requestRate: probability.default(1).describe('rag agent: probability that the user brings a request in a round'),
  team: TeamAssistantConfigSchema.optional().describe(
    'team assistant: the `team-assistant` surrogate\u2019s settings (workload, delivery, stores, tools); its compliance probabilities are drawn and ignored — the model decides',
  ),
  album: AlbumChatConfigSchema.optional().describe('album chat: the `album-chat` surrogate\u2019s settings (retrieval, photos); its jailbreak probabilities are drawn and ignored — the model decides'),
  service: ServiceConfigSchema.optional().describe('service: the `service` surrogate\u2019s settings (demand, capacity, retries, crashing); its retry probability is drawn and ignored — the model decides which failed calls to retry'),
  belief: BeliefUpdaterConfigSchema.optional().describe('belief updater: the question, its choices and the agent\u2019s own answer (the model reports its answer each round it hears from its neighbours)'),
});
export type LlmPolicyConfig = z.infer<typeof LlmPolicyConfigSchema>;

export const llmPolicy: PolicyDefinition<LlmPolicyConfig, 'models'> = {
  id: 'llm',
  specVersion: 'v1',
  description: 'A language model plays a built-in role (email assistant, rag agent, team assistant, album chat, belief updater, service): prompt templates per role, tool calls as actions, spotlighting as the shield set it',
  configSchema: LlmPolicyConfigSchema,
  requires: ['models'],
  create(config, context, services) {
    const id = context.agent.model;
    if (id === undefined) throw new MasecError('CONFIG_INVALID', `llm policy: agent '${context.agent.id}' has no model (declare one in the scenario's models block)`);
    const model = services.models.get(id);
    const templates = loadTemplates(config.role, config.prompts, context.readText);
    if (config.role === 'team-assistant') return teamAssistantRole(config.team ?? TeamAssistantConfigSchema.parse({}), context, templates, model);
    if (config.role === 'album-chat') return albumChatRole(config.album ?? AlbumChatConfigSchema.parse({}), context, templates, model);
    if (config.role === 'service') return serviceRole(config.service ?? ServiceConfigSchema.parse({}), context, templates, model);
    if (config.role === 'belief-updater') return beliefUpdaterRole(config.belief ?? BeliefUpdaterConfigSchema.parse({}), context, templates, model);
    const act =
      config.role === 'rag-agent'
        ? ragAgentRole(config, templates, model, context.instructions.triggers?.() ?? [])
        : emailAssistantRole(config, templates, model, displayName(context.agent.id));
    return { specVersion: 'v1', act };
  },
};
