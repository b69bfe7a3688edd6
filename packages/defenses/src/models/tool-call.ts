/**
 * How model-backed guards ask a model for a structured answer (ADR 0033, 0091): one system prompt, one user
 * message, one tool whose arguments a zod schema checks. The answer is the tool call's checked arguments,
 * else a JSON object in the text (for models that answer in text); anything else is no answer. Calls go
 * through the run's `models` service, so limits, budgets, the response cache, transcripts and the cost
 * columns cover them. Shared by `llm-classifier` and `llm-overseer`.
 */
import { z } from 'zod';
import type { AbortSignalLike, ModelClient, ModelProvider, ModelResponse, ModelTool } from '@masec/spec';

/** A model-backed monitor's population-engine form: declared rates, until `masec calibrate` measures them. */
export const MODEL_MONITOR_POPULATION = z
  .strictObject({
    detection: z.number().min(0).max(1).default(0.5).describe('per-round probability that a compromised agent is flagged'),
    falsePositive: z.number().min(0).max(1).default(0.001).describe('per-round probability that an agent that is not compromised is flagged'),
  })
  .default({ detection: 0.5, falsePositive: 0.001 })
  .describe('population engine: detection and false-positive rates per agent and round (measure them with `masec calibrate`)');

/** A tool whose parameters are the JSON Schema of `schema` (without `$schema`). */
export function toolOf(name: string, description: string, schema: z.ZodType): ModelTool {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(schema) as Record<string, unknown>;
  return { name, description, parameters };
}

/** The checked arguments of the call to `tool` in a model's answer, else a checked JSON object in its text. */
export function toolAnswer<T>(response: ModelResponse, tool: string, schema: z.ZodType<T>): T | undefined {
  if (response.finishReason === 'error') return undefined;
  const call = response.toolCalls.find((c) => c.name === tool);
  if (call !== undefined) {
    const parsed = schema.safeParse(call.args);
    return parsed.success ? parsed.data : undefined;
  }
  const json = /\{[\s\S]*\}/.exec(response.text)?.[0];
  if (json === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The client of model `id` (default: the first the scenario declares), looked up on first use. */
export function lazyModel(models: ModelProvider, id: string | undefined): () => ModelClient {
  let client: ModelClient | undefined;
  return () => (client ??= models.get(id ?? models.ids()[0] ?? ''));
}

export interface ToolQuestion {
  system: string;
  user: string;
  tool: ModelTool;
  /** Who the call is attributed to in the transcript (`shield:<sender>`, `overseer:<agent>`). */
  agent: string;
  round: number;
}

/** Asks `client` one question through one tool and reads the checked answer (undefined when unusable). */
export async function askThroughTool<T>(client: ModelClient, question: ToolQuestion, schema: z.ZodType<T>, signal: AbortSignalLike): Promise<T | undefined> {
  const response = await client.generate(
    {
      messages: [
        { role: 'system', content: question.system },
        { role: 'user', content: question.user },
      ],
      tools: [question.tool],
      agent: question.agent,
      round: question.round,
    },
    { signal },
  );
  return toolAnswer(response, question.tool.name, schema);
}
