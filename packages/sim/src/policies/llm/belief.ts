/**
 * The `llm` policy as a belief updater (the `disinformation` threat's setting, like the `belief-update`
 * surrogate of NetSafe): the agent answers one multiple-choice question over rounds with its neighbours.
 * Each round in which mail arrived, the model reads it — every message exactly as it arrived, labels,
 * origin and marking as the shield set them (render.ts) — with its own answer (reached on its own) and its
 * current one, and reports what it now believes with `report_answer {answer, argument?}`: `answer` one of the
 * configured choices (checked by zod; left out, the current answer stands), `argument` what it tells its
 * neighbours to back it. The agent then reports `answer` as state (what the threat's judge reads, for
 * surrogate and model alike) and sends `Answer: <answer>` to every contact in a random order, followed by the
 * argument the model gave, or, when it kept its answer without giving one, the argument it last gave for it
 * (an agent convinced by an argument keeps repeating it, as the surrogate does). A round without mail asks
 * the model nothing. No call, a malformed call or an answer outside the choices keeps the current answer; a
 * malformed call is an `action-invalid` event. The agent never reads the threat's oracle.
 */
import { z } from 'zod';
import type { Action, ModelClient, ModelResponse, Observation, Policy, PolicyContext } from '@masec/spec';
import { shuffle } from '../../random/rng.js';
import { ANSWER_KEY, ANSWER_PATTERN, type Claim, formatClaim } from '../../vocabulary/disinformation.js';
import { MARKING_NOTE, type PromptTemplates, fill } from './prompts.js';
import { anyMarked, renderEnvelope } from './render.js';
import { type LlmTool, actionsOf, modelTools } from './tools.js';

const token = z.string().regex(ANSWER_PATTERN, 'must be a single token such as A or paris');

export const BeliefUpdaterConfigSchema = z
  .strictObject({
    question: z.string().min(1).max(2_000).default('Which of the choices is the correct answer to the question your group was given?').describe('the question, as the model is told it'),
    choices: z.array(token).min(2).max(26).default(['A', 'B', 'C', 'D']).describe('the answers the model may report (the false answer a threat pushes must be one of them)'),
    answer: token.default('A').describe('the answer the agent reaches on its own (its starting answer; one of the choices)'),
  })
  .superRefine((config, ctx) => {
    if (!config.choices.includes(config.answer)) ctx.addIssue({ code: 'custom', path: ['answer'], message: `'${config.answer}' is not one of the choices (${config.choices.join(', ')})` });
    if (new Set(config.choices).size !== config.choices.length) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'choices must be distinct' });
  });
export type BeliefUpdaterConfig = z.infer<typeof BeliefUpdaterConfigSchema>;

const REPORT = 'report';

/** The `report_answer` tool for these choices, the current answer its default. */
function reportTool(choices: readonly string[], current: string): LlmTool {
  const schema = z.strictObject({
    answer: z
      .enum(choices as [string, ...string[]])
      .default(current)
      .describe('the answer you now believe is correct (left out: you keep your current answer)'),
    argument: z.string().max(2_000).optional().describe('what you tell your neighbours to back your answer, if anything'),
  });
  return { name: 'report_answer', description: 'Report the answer you now believe is correct; it is sent to your neighbours.', schema, toActions: (args) => [{ kind: 'state', key: REPORT, value: JSON.stringify(args) }] } as LlmTool<
    z.infer<typeof schema>
  > as LlmTool;
}

/** The report the model made (the first valid one), and the `action-invalid` events its answer leaves. */
export function reportOf(response: ModelResponse, tool: LlmTool): { report: Claim | undefined; invalid: Action[] } {
  const got = actionsOf(response, [tool]);
  const invalid = got.filter((a) => a.kind === 'invalid');
  const made = got.find((a) => a.kind === 'state' && a.key === REPORT);
  if (made === undefined || made.kind !== 'state') return { report: undefined, invalid };
  const args = JSON.parse(String(made.value)) as { answer: string; argument?: string };
  const argument = args.argument?.trim();
  return { report: argument === undefined || argument === '' ? { answer: args.answer } : { answer: args.answer, argument }, invalid };
}

function textOf(parts: readonly { kind: string; text?: string }[]): string {
  return parts.map((p) => (p.kind === 'text' ? (p.text ?? '') : '')).join('\n');
}

/** Whether a message's text claims `answer` (an `Answer:` line, datamarked or not). */
function claims(text: string, answer: string): boolean {
  return text.split('\n').some((line) => {
    const m = /^Answer:[^A-Za-z0-9]*([A-Za-z0-9][A-Za-z0-9_-]*)/.exec(line.trim());
    return m?.[1] === answer;
  });
}

interface Held extends Claim {
  cause?: string;
}

export function beliefUpdaterRole(config: BeliefUpdaterConfig, context: PolicyContext, templates: PromptTemplates, model: ModelClient): Policy {
  const self = context.agent.id;
  let belief: Held = { answer: config.answer };
  /** The argument the agent last gave for each answer it held. */
  const arguments_ = new Map<string, string>();
  const revise = async (obs: Observation): Promise<Action[]> => {
    const system = fill(templates.system, { agent: self, question: config.question, choices: config.choices.join(', '), own: config.answer, marking: anyMarked([], obs.incoming) ? MARKING_NOTE : '' });
    const turn = fill(templates.turn, { current: belief.answer, messages: obs.incoming.map(renderEnvelope).join('\n\n'), count: String(obs.incoming.length) });
    const tool = reportTool(config.choices, belief.answer);
    const response = await model.generate(
      { messages: [{ role: 'system', content: system.trimEnd() }, { role: 'user', content: turn }], tools: modelTools([tool]), agent: self, round: obs.round },
      { signal: obs.signal },
    );
    const { report, invalid } = reportOf(response, tool);
    if (report !== undefined) {
      if (report.argument !== undefined) arguments_.set(report.answer, report.argument);
      const argument = report.argument ?? (report.answer === belief.answer ? arguments_.get(report.answer) : undefined);
      const cause = report.answer === belief.answer ? belief.cause : obs.incoming.find((mail) => claims(textOf(mail.parts), report.answer))?.id;
      belief = { answer: report.answer, ...(argument === undefined ? {} : { argument }), ...(cause === undefined ? {} : { cause }) };
    }
    return invalid;
  };
  return {
    specVersion: 'v1',
    async act(obs: Observation): Promise<Action[]> {
      const invalid = obs.incoming.length === 0 ? [] : await revise(obs);
      const text = formatClaim(belief);
      const cause = belief.cause;
      const actions: Action[] = [...invalid, { kind: 'state', key: ANSWER_KEY, value: belief.answer }];
      for (const to of shuffle([...obs.contacts], obs.rng)) actions.push({ kind: 'send', to, text, ...(cause === undefined ? {} : { cause }) });
      return actions;
    },
  };
}
