/**
 * The `llm` policy's actions, as tools a model calls: each a name, a description and a zod schema of its
 * arguments, shown to the model as JSON Schema. A call is checked against the schema of a tool that was
 * offered; what does not pass — an unknown tool, arguments that are not JSON or fail the schema, an answer
 * that could not be read, a refusal — becomes an `invalid` action (an `action-invalid` event), never a crash.
 */
import { z } from 'zod';
import type { Action, ModelResponse, ModelTool, Observation, Policy } from '@masec/spec';

/** What one tool turns into: the actions for valid arguments. */
export interface LlmTool<A = unknown> {
  name: string;
  description: string;
  schema: z.ZodType<A>;
  toActions(args: A): Action[];
}

/** Longest piece of a model's text kept in an `invalid` action's detail. */
const DETAIL_CHARS = 200;

function clip(text: string): string {
  return text.length <= DETAIL_CHARS ? text : `${text.slice(0, DETAIL_CHARS)}…`;
}

const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/** The JSON Schema a model is shown for a zod schema (without `$schema`, so every provider accepts it). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let json = jsonSchemas.get(schema);
  if (json === undefined) {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
    json = rest;
    jsonSchemas.set(schema, json);
  }
  return json;
}

export function modelTools(tools: readonly LlmTool[]): ModelTool[] {
  return tools.map((t) => ({ name: t.name, description: t.description, parameters: jsonSchemaOf(t.schema) }));
}

/** The actions a model's answer asks for, with an `invalid` action for each call that cannot be carried out. */
export function actionsOf(response: ModelResponse, tools: readonly LlmTool[]): Action[] {
  if (response.finishReason === 'error') return [{ kind: 'invalid', reason: 'malformed-answer', detail: clip(response.error ?? 'the answer could not be read') }];
  if (response.finishReason === 'content-filter') return [{ kind: 'invalid', reason: 'refused', detail: clip(response.text || 'content filter') }];
  const actions: Action[] = [];
  for (const call of response.toolCalls) {
    const tool = tools.find((t) => t.name === call.name);
    if (tool === undefined) {
      actions.push({ kind: 'invalid', reason: 'unknown-tool', tool: clip(call.name), detail: `offered: ${tools.map((t) => t.name).join(', ')}` });
      continue;
    }
    if (typeof call.args === 'string') {
      actions.push({ kind: 'invalid', reason: 'invalid-arguments', tool: tool.name, detail: `not JSON: ${clip(call.args)}` });
      continue;
    }
    const parsed = tool.schema.safeParse(call.args);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ');
      actions.push({ kind: 'invalid', reason: 'invalid-arguments', tool: tool.name, detail: clip(issues) });
      continue;
    }
    actions.push(...tool.toActions(parsed.data));
  }
  return actions;
}

const address = z.string().min(1).max(200);
const body = z.string().max(20_000);

export const SendMailArgs = z.strictObject({
  to: address.describe('the address of the recipient, e.g. a12'),
  text: body.describe('the text of the mail'),
  subject: z.string().max(200).optional().describe('a subject line'),
});
export type SendMailArgs = z.infer<typeof SendMailArgs>;

export const FinalAnswerArgs = z.strictObject({
  text: body.describe('the answer for your user'),
});

/**
 * A surrogate whose decisions a model makes through hooks: the `action-invalid` events the hooks push onto
 * `invalid` during a turn come first among that turn's actions (the list is emptied at each turn).
 */
export function withInvalidActions(inner: Policy, invalid: Action[]): Policy {
  return {
    specVersion: 'v1',
    async act(obs: Observation): Promise<Action[]> {
      invalid.length = 0;
      const actions = await inner.act(obs);
      return [...invalid, ...actions];
    },
  };
}
