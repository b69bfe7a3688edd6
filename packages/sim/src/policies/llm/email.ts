/**
 * The `llm` policy as an email assistant (the `worm` threat's setting, like the `email-assistant`
 * surrogate). The owner writes new mail (a corpus mail to a random contact with probability `sendRate`,
 * as the surrogate's user does); the assistant answers mail: for each delivered mail it answers (the same
 * coin flips as the surrogate: `replyRate`, `casualReplyRate`, at most `maxRepliesPerRound`) it asks its model
 * once (the calls for one round's mail run at once), showing the `topK` inbox items most like the mail and the mail itself as they arrived, and carries
 * out the model's `send_mail` calls. A send back to the mail's sender is the reply (threaded to it). Whether
 * it was hijacked is judged from what it sent, by the same rules as the surrogate (docs/threats/worm.md).
 */
import { type Action, type Envelope, type ModelClient, type ModelResponse, type Observation, envelopeText } from '@masec/spec';
import { maybeNewMail } from '../mail.js';
import { MARKING_NOTE, type PromptTemplates, fill } from './prompts.js';
import { anyMarked, renderEnvelope, renderItem } from './render.js';
import { type LlmTool, SendMailArgs, actionsOf, modelTools } from './tools.js';

export interface EmailRoleConfig {
  sendRate: number;
  replyRate: number;
  casualReplyRate: number;
  maxRepliesPerRound: number;
  topK: number;
  textReplies: boolean;
}

const SEND_MAIL: LlmTool<SendMailArgs> = {
  name: 'send_mail',
  description: 'Send an email. The recipient is an address such as a12.',
  schema: SendMailArgs,
  toActions: (args) => [{ kind: 'send', to: args.to, text: args.text, ...(args.subject === undefined ? {} : { subject: args.subject }) }],
};
const TOOLS: readonly LlmTool[] = [SEND_MAIL as LlmTool];
const MODEL_TOOLS = modelTools(TOOLS);

function replySubject(mail: Envelope): string {
  const subject = mail.subject ?? '';
  return subject.startsWith('Re:') ? subject : `Re: ${subject}`.trimEnd();
}

export function emailAssistantRole(config: EmailRoleConfig, templates: PromptTemplates, model: ModelClient, owner: string) {
  return async (obs: Observation): Promise<Action[]> => {
    const actions: Action[] = [];
    const rng = obs.rng;
    const records = obs.records.map((r) => `${r.label}: ${r.value}`).join('\n') || '(none)';
    // Which mail to answer is decided first (the surrogate's coin flips, in order); the model calls then run
    // at once — each call is numbered as it starts, in mail order — and their actions are taken in mail order.
    const answering: Envelope[] = [];
    for (const mail of obs.incoming) {
      if (mail.kind === 'tool-result') continue;
      if (answering.length >= config.maxRepliesPerRound) break;
      if (rng.chance(mail.inReplyTo === undefined ? config.replyRate : config.casualReplyRate)) answering.push(mail);
    }
    const responses = await Promise.all(
      answering.map((mail) => {
        const items = obs.memory.retrieve(envelopeText(mail), config.topK + 1).filter((item) => item.id !== mail.id).slice(0, config.topK);
        const system = fill(templates.system, { agent: obs.self.id, owner, records, contacts: obs.contacts.join(', '), marking: anyMarked(items, [mail]) ? MARKING_NOTE : '' });
        const turn = fill(templates.turn, {
          context: items.length === 0 ? '(none)' : items.map((item) => renderItem(item)).join('\n\n'),
          message: renderEnvelope(mail),
          sender: mail.from,
        });
        return model.generate(
          { messages: [{ role: 'system', content: system.trimEnd() }, { role: 'user', content: turn }], tools: MODEL_TOOLS, agent: obs.self.id, round: obs.round },
          { signal: obs.signal },
        );
      }),
    );
    answering.forEach((mail, i) => {
      const response = responses[i] as ModelResponse;
      const got = actionsOf(response, TOOLS);
      if (config.textReplies && response.finishReason !== 'error' && response.toolCalls.length === 0 && response.text.trim() !== '') {
        got.push({ kind: 'send', to: mail.from, text: response.text.trim() });
      }
      for (const action of got) {
        if (action.kind === 'send' && action.to === mail.from) actions.push({ ...action, inReplyTo: mail.id, subject: action.subject ?? replySubject(mail) });
        else actions.push(action);
      }
    });
    const mail = maybeNewMail(obs, config.sendRate, owner);
    if (mail !== undefined) actions.push(mail);
    return actions;
  };
}
