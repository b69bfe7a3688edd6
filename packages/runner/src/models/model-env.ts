/**
 * Pointing a scenario's models elsewhere through the environment: `MASEC_MODEL_<ID>_BASE_URL`,
 * `MASEC_MODEL_<ID>_MODEL` and `MASEC_MODEL_<ID>_PROVIDER` replace the `baseUrl`, `model` and `provider`
 * of the declared model `<id>` (upper-cased, every character other than a letter or digit turned into `_`:
 * `local-llama` → `MASEC_MODEL_LOCAL_LLAMA_BASE_URL`). They apply when the scenario is loaded, so the
 * experiment records (and its hash and cache keys follow) the endpoint that is actually called. A `--set` of
 * the same field wins over the variable. Values are checked as the scenario's own fields are, and a bad one
 * is an error naming the variable. Keys never come from here: only from the variable `apiKeyEnv` names.
 * A variable for a model the scenario does not declare is ignored (one environment serves many scenarios).
 */
import { MasecError, ModelDeclarationSchema, type Scenario, modelIssues } from '@masec/spec';

export type Env = Readonly<Record<string, string | undefined>>;

const FIELDS = [
  { suffix: 'BASE_URL', field: 'baseUrl' },
  { suffix: 'MODEL', field: 'model' },
  { suffix: 'PROVIDER', field: 'provider' },
] as const;

/** The environment variable that sets `field` of model `id` (`MASEC_MODEL_<ID>_<FIELD>`). */
export function modelEnvName(id: string, suffix: 'BASE_URL' | 'MODEL' | 'PROVIDER'): string {
  return `MASEC_MODEL_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${suffix}`;
}

/** Whether a `--set` names this field of models[index] (or the whole model, or the whole block). */
function setByOption(sets: readonly string[], index: number, field: string): boolean {
  return sets.some((set) => {
    const key = set.slice(0, set.indexOf('=') < 0 ? set.length : set.indexOf('=')).trim();
    return key === 'models' || key === `models[${index}]` || key === `models[${index}].${field}`;
  });
}

function fail(variable: string, message: string, file: string): never {
  throw new MasecError('SCENARIO_INVALID', `${file}: environment variable ${variable}: ${message}`, { issues: [{ file, path: variable, message }] });
}

/** The names of the variables that changed the scenario's models, in order (empty: none did). */
export interface ModelEnvResult {
  scenario: Scenario;
  applied: string[];
}

/**
 * `scenario` with the environment's model overrides applied (the same object when none apply). `file` is
 * where errors are located (the scenario file's name as the user gave it).
 */
export function applyModelEnv(scenario: Scenario, env: Env, sets: readonly string[] = [], file = 'scenario'): ModelEnvResult {
  const models = scenario.models ?? [];
  if (models.length === 0) return { scenario, applied: [] };
  const applied: string[] = [];
  const byName = new Map<string, string>();
  const resolved = models.map((model, index) => {
    let next: Record<string, unknown> = { ...model };
    for (const { suffix, field } of FIELDS) {
      const variable = modelEnvName(model.id, suffix);
      const value = env[variable];
      if (value === undefined || value === '') continue;
      const other = byName.get(variable);
      if (other !== undefined && other !== model.id) fail(variable, `names two models ('${other}' and '${model.id}'); give them ids that differ in letters or digits`, file);
      byName.set(variable, model.id);
      if (setByOption(sets, index, field)) continue;
      next = { ...next, [field]: value.trim() };
      const checked = ModelDeclarationSchema.safeParse(next);
      if (!checked.success) {
        const issue = checked.error.issues.find((i) => i.path[0] === field) ?? checked.error.issues[0];
        fail(variable, `${issue?.message ?? 'invalid'} (sets models[${index}].${field} of model '${model.id}')`, file);
      }
      next = checked.data as Record<string, unknown>;
      applied.push(variable);
    }
    return next;
  });
  if (applied.length === 0) return { scenario, applied };
  const out = { ...scenario, models: resolved } as Scenario;
  const problem = modelIssues(out).find((issue) => issue.path[0] === 'models');
  if (problem !== undefined) {
    const index = Number(problem.path[1]);
    const model = models[index];
    // The model's own variables: a problem between fields (a provider that needs a key or a base URL) is the provider's.
    const own = applied.filter((v) => model !== undefined && v.startsWith(modelEnvName(model.id, 'MODEL').replace(/MODEL$/, '')));
    const culprit = own.find((v) => v.endsWith('_PROVIDER')) ?? own[0] ?? applied[0] ?? 'MASEC_MODEL_*';
    fail(culprit, `${problem.message} (models[${index}] after the environment's overrides)`, file);
  }
  return { scenario: out, applied };
}
