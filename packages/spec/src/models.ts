/**
 * Language models in a scenario: the `models` block that declares them once (provider, model, where it is
 * served, the *name* of the environment variable holding its key, sampling parameters, price and limits),
 * the `budget` block, and which model each agent runs. An agent's model is chosen by, most specific first:
 * its diversity variant (`arms[].variantModels`, then `agents.variantModels`), its group's `model`, its
 * arm's `model`, `agents.model`, and the first model declared. The engine puts the choice in
 * `AgentView.model`; policies pass it to `services.models.get(...)`.
 */
import { z } from 'zod';

/** Ways of reaching a model: any OpenAI-compatible server (vLLM, llama.cpp, LM Studio, hosted), OpenAI, Anthropic, Ollama. */
export const MODEL_PROVIDERS = ['openai-compatible', 'openai', 'anthropic', 'ollama'] as const;
export type ModelProviderKind = (typeof MODEL_PROVIDERS)[number];

/** Providers that cannot be called without a key. */
export const PROVIDERS_NEEDING_KEYS: readonly ModelProviderKind[] = ['openai', 'anthropic'];

export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const modelId = z.string().regex(MODEL_ID_PATTERN, 'a model id: lower-case letters, digits, dots, dashes and underscores, e.g. local-llama');

export const ModelLimitsSchema = z
  .strictObject({
    concurrency: z.number().int().min(1).max(1024).default(8).describe('requests in flight at once to this endpoint'),
    requestsPerMinute: z.number().int().min(1).optional().describe('requests started per minute (sliding window); unlimited when absent'),
    tokensPerMinute: z.number().int().min(1).optional().describe('input + output tokens per minute (sliding window, input estimated at 4 characters a token); unlimited when absent'),
    timeoutMs: z.number().int().min(1).max(3_600_000).default(60_000).describe('time one attempt may take before it is abandoned and retried'),
    retries: z.number().int().min(0).max(20).default(4).describe('attempts after the first, on 408, 409, 429, 5xx, timeouts and cut streams'),
    maxRetryDelayMs: z
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .default(60_000)
      .describe('longest wait before a retry; a Retry-After asking for more fails the call instead of waiting'),
  })
  .describe('how hard masec may drive the endpoint; models served from the same provider and base URL share one limiter (the smallest limits win)');
export type ModelLimits = z.infer<typeof ModelLimitsSchema>;

export const ModelPriceSchema = z
  .strictObject({
    inputPerMillion: z.number().min(0).describe('USD per million input tokens'),
    outputPerMillion: z.number().min(0).describe('USD per million output tokens'),
  })
  .describe('price table entry: what a million tokens cost (for budgets and reported cost); free when absent');
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const ModelDeclarationSchema = z
  .strictObject({
    id: modelId.describe('the id agents and arms refer to, and that transcripts and the manifest record'),
    provider: z.enum(MODEL_PROVIDERS).describe('how to reach the model: openai-compatible (vLLM, llama.cpp, hosted services), openai, anthropic or ollama'),
    model: z.string().min(1).describe('the model name the provider knows, e.g. llama3.1:8b or claude-sonnet-4-5'),
    baseUrl: z.url({ protocol: /^https?$/ }).optional().describe('where the API is served, e.g. http://localhost:8000/v1 (required for openai-compatible)'),
    apiKeyEnv: z
      .string()
      .regex(ENV_NAME_PATTERN, 'the name of an environment variable, e.g. OPENAI_API_KEY')
      .optional()
      .describe('NAME of the environment variable that holds the key (never the key itself); required for openai and anthropic'),
    temperature: z.number().min(0).max(2).optional().describe('sampling temperature; 0 shares cached answers across seeds, anything else (or none) gives each seed its own samples'),
    maxTokens: z.number().int().min(1).max(1_000_000).optional().describe('most tokens one answer may have (dry runs assume this many; 1024 when absent)'),
    topP: z.number().min(0).max(1).optional().describe('nucleus sampling'),
    topK: z.number().int().min(1).optional().describe('top-k sampling (anthropic, ollama)'),
    stop: z.array(z.string().min(1)).max(16).optional().describe('stop sequences'),
    stream: z.boolean().default(false).describe('ask for answers as streams (and read them whole); only changes the wire protocol'),
    price: ModelPriceSchema.optional(),
    limits: ModelLimitsSchema.default({ concurrency: 8, timeoutMs: 60_000, retries: 4, maxRetryDelayMs: 60_000 }),
  })
  .describe('a language model the scenario uses');
export type ModelDeclaration = z.infer<typeof ModelDeclarationSchema>;

const spend = z.strictObject({
  tokens: z.number().int().min(1).optional().describe('input + output tokens requested'),
  costUsd: z.number().positive().optional().describe('USD, from the models\u2019 prices'),
});

export const ModelBudgetSchema = z
  .strictObject({
    run: spend.optional().describe('limit of one run: past it the run ends with status budget-exceeded, its log so far kept'),
    experiment: spend.optional().describe('limit of all the runs one command executes: past it every further request fails with BUDGET_EXCEEDED'),
  })
  .describe('spending limits on model requests (answers from the response cache are free)');
export type ModelBudget = z.infer<typeof ModelBudgetSchema>;

export const VariantModelsSchema = z
  .record(z.string().min(1), modelId)
  .describe('model of the agents a diversity defense gives each variant, e.g. {resistant: other-model}');

/** What model selection reads from a scenario (a `Scenario` satisfies it). */
export interface ModelSelectionSource {
  models?: readonly ModelDeclaration[] | undefined;
  agents: {
    model?: string | undefined;
    variantModels?: Readonly<Record<string, string>> | undefined;
    groups?: readonly { name: string; model?: string | undefined }[] | undefined;
  };
  arms?: readonly { name: string; model?: string | undefined; variantModels?: Readonly<Record<string, string>> | undefined }[] | undefined;
}

/**
 * The model an agent runs in an arm, or undefined when the scenario declares none. Most specific first: the
 * model of its diversity variant (the arm's mapping, then the agents'), its group's, the arm's,
 * `agents.model`, the first declared.
 */
export function agentModel(scenario: ModelSelectionSource, arm: string, agent: { group?: string | undefined; variant?: string | undefined }): string | undefined {
  const models = scenario.models ?? [];
  if (models.length === 0) return undefined;
  const armEntry = scenario.arms?.find((a) => a.name === arm);
  if (agent.variant !== undefined && agent.variant !== 'default') {
    const byVariant = armEntry?.variantModels?.[agent.variant] ?? scenario.agents.variantModels?.[agent.variant];
    if (byVariant !== undefined) return byVariant;
  }
  const group = agent.group === undefined ? undefined : scenario.agents.groups?.find((g) => g.name === agent.group);
  return group?.model ?? armEntry?.model ?? scenario.agents.model ?? models[0]?.id;
}

/** The optional services a scenario declares for its plugins: `models` when it declares any. */
export function declaredServices(scenario: Pick<ModelSelectionSource, 'models'>): ('models')[] {
  return (scenario.models ?? []).length > 0 ? ['models'] : [];
}

/** A problem with the models block or a model reference: the field's path and what is wrong. */
export interface ModelIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Checks between the `models` block and the fields that name models: ids unique, every reference known,
 * a base URL where the provider needs one, the name of a key variable where the provider needs a key.
 */
export function modelIssues(scenario: ModelSelectionSource): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const models = scenario.models ?? [];
  const ids = models.map((m) => m.id);
  const seen = new Set<string>();
  models.forEach((model, i) => {
    if (seen.has(model.id)) issues.push({ path: ['models', i, 'id'], message: `model id '${model.id}' is declared twice` });
    seen.add(model.id);
    if (model.provider === 'openai-compatible' && model.baseUrl === undefined) {
      issues.push({ path: ['models', i, 'baseUrl'], message: `provider 'openai-compatible' needs baseUrl (where the server is, e.g. http://localhost:8000/v1)` });
    }
    if (PROVIDERS_NEEDING_KEYS.includes(model.provider) && model.apiKeyEnv === undefined) {
      issues.push({ path: ['models', i, 'apiKeyEnv'], message: `provider '${model.provider}' needs apiKeyEnv: the name of the environment variable holding the key` });
    }
  });
  const known = (id: string | undefined, path: (string | number)[]): void => {
    if (id === undefined || ids.includes(id)) return;
    const message = ids.length === 0 ? `model '${id}' is not declared: the scenario has no models block` : `unknown model '${id}'; declared models: ${ids.join(', ')}`;
    issues.push({ path, message });
  };
  known(scenario.agents.model, ['agents', 'model']);
  for (const [variant, id] of Object.entries(scenario.agents.variantModels ?? {})) known(id, ['agents', 'variantModels', variant]);
  (scenario.agents.groups ?? []).forEach((group, j) => known(group.model, ['agents', 'groups', j, 'model']));
  (scenario.arms ?? []).forEach((arm, j) => {
    known(arm.model, ['arms', j, 'model']);
    for (const [variant, id] of Object.entries(arm.variantModels ?? {})) known(id, ['arms', j, 'variantModels', variant]);
  });
  return issues;
}
