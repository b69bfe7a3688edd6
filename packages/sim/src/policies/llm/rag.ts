/**
 * The `llm` policy as a helpdesk assistant answering from a shared knowledge base (the `memory-poisoning`
 * threat's setting, like the `rag-agent` surrogate). The workload is the surrogate's: with probability
 * `requestRate` the user brings a request composed from the knowledge base's topics, carrying a threat's
 * trigger with that threat's rate; it is reported as `rag-request` (ground truth of the workload). The agent
 * retrieves `topK` records (the read passes the shield's `memory-read` hook), shows them to its model with
 * the request, and carries out the model's calls: `final_answer` (the output to its user), `send_mail`, and
 * each tool the world offers under its own name. `rag-answer` is `found` when an answer it gave carries the
 * title line of the article that answers the request — judged from what it said, as the surrogate's is.
 */
import { z } from 'zod';
import type { Action, ModelClient, Observation, ToolInfo } from '@masec/spec';
import { ANSWER_STATE, REQUEST_STATE, drawRequest } from '../../vocabulary/knowledge-base.js';
import { MARKING_NOTE, type PromptTemplates, fill } from './prompts.js';
import { anyMarked, renderItem } from './render.js';
import { FinalAnswerArgs, type LlmTool, SendMailArgs, actionsOf, modelTools } from './tools.js';

export interface RagRoleConfig {
  store: string;
  requestRate: number;
  topK: number;
}

const FINAL_ANSWER: LlmTool<z.infer<typeof FinalAnswerArgs>> = {
  name: 'final_answer',
  description: 'Give your answer to your user.',
  schema: FinalAnswerArgs,
  toActions: (args) => [{ kind: 'output', text: args.text }],
};

const SEND_MAIL: LlmTool<SendMailArgs> = {
  name: 'send_mail',
  description: 'Send an email. The recipient is an address such as a12.',
  schema: SendMailArgs,
  toActions: (args) => [{ kind: 'send', to: args.to, text: args.text, ...(args.subject === undefined ? {} : { subject: args.subject }) }],
};

const worldTools = new WeakMap<readonly ToolInfo[], LlmTool[]>();

/** The world's tools, offered under their own names; their arguments are checked by the tool itself. */
function offered(tools: readonly ToolInfo[]): LlmTool[] {
  let out = worldTools.get(tools);
  if (out === undefined) {
    out = tools.map((tool) => ({ name: tool.name, description: tool.description, schema: z.record(z.string(), z.unknown()), toActions: (args) => [{ kind: 'tool', tool: tool.name, args: args as Record<string, unknown> }] }));
    worldTools.set(tools, out);
  }
  return out;
}

export function ragAgentRole(config: RagRoleConfig, templates: PromptTemplates, model: ModelClient, triggers: readonly { phrase: string; rate: number }[]) {
  return async (obs: Observation): Promise<Action[]> => {
    const drawn = await drawRequest(obs, config, triggers);
    if (drawn === undefined) return [];
    const { request, query, triggered, items } = drawn;
    const tools: LlmTool[] = [FINAL_ANSWER as LlmTool, SEND_MAIL as LlmTool, ...offered(obs.tools)];
    const records = obs.records.map((r) => `${r.label}: ${r.value}`).join('\n') || '(none)';
    const system = fill(templates.system, { agent: obs.self.id, records, tools: tools.map((t) => t.name).join(', '), marking: anyMarked(items, []) ? MARKING_NOTE : '' });
    const turn = fill(templates.turn, { context: items.length === 0 ? '(none)' : items.map((item) => renderItem(item, 'knowledge-base record')).join('\n\n'), request: query });
    const response = await model.generate(
      { messages: [{ role: 'system', content: system.trimEnd() }, { role: 'user', content: turn }], tools: modelTools(tools), agent: obs.self.id, round: obs.round },
      { signal: obs.signal },
    );
    const got = actionsOf(response, tools);
    if (!got.some((a) => a.kind === 'output') && response.finishReason !== 'error' && response.toolCalls.length === 0 && response.text.trim() !== '') {
      got.push({ kind: 'output', text: response.text.trim() });
    }
    const found = got.some((a) => a.kind === 'output' && a.text.includes(request.article));
    return [{ kind: 'state', key: REQUEST_STATE, value: triggered ? 'triggered' : 'clean' }, ...got, { kind: 'state', key: ANSWER_STATE, value: found ? 'found' : 'not-found' }];
  };
}
