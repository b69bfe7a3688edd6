/**
 * Behaviours named on the command line (`obedient`, `careful`, `mixture:0.3`, `script:<file>`) and scripted
 * transcript files: a YAML or JSON list of rules, each an optional `match` (a regular expression tried on the
 * request's non-system text) and the answer (`text`, `toolCalls: [{name, args}]`); the first rule that
 * matches answers, and a request no rule matches gets the `otherwise` behaviour (default careful).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ScriptRule, StubBehaviour } from './behaviours.js';

const RuleSchema = z.strictObject({
  match: z
    .string()
    .refine((source) => {
      try {
        new RegExp(source, 'i');
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression')
    .optional(),
  text: z.string().optional(),
  toolCalls: z.array(z.strictObject({ name: z.string().min(1), args: z.union([z.record(z.string(), z.unknown()), z.string()]) })).optional(),
});

const ScriptSchema = z.union([
  z.array(RuleSchema),
  z.strictObject({ rules: z.array(RuleSchema), otherwise: z.enum(['obedient', 'careful']).optional() }),
]);

/** Reads a script file; throws an Error naming the file and the bad field. */
export function readScript(file: string): { rules: ScriptRule[]; otherwise?: 'obedient' | 'careful' } {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`script ${file}: ${(error as Error).message}`);
  }
  const parsed = ScriptSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`script ${file}: ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'} (a list of rules {match?, text?, toolCalls?}, or {rules, otherwise})`);
  }
  const value = parsed.data;
  return Array.isArray(value) ? { rules: value as ScriptRule[] } : { rules: value.rules as ScriptRule[], ...(value.otherwise === undefined ? {} : { otherwise: value.otherwise }) };
}

/** `obedient`, `careful`, `colluder`, `paraphraser`, `mixture:<obedience in [0, 1]>`, `by-model` or `script:<file>`. */
export function parseBehaviour(text: string): StubBehaviour {
  if (text === 'obedient' || text === 'careful' || text === 'colluder' || text === 'paraphraser') return { kind: text };
  if (text === 'by-model') return { kind: 'by-model' };
  const [kind, ...rest] = text.split(':');
  const value = rest.join(':');
  if (kind === 'mixture') {
    const p = Number(value);
    if (value === '' || !(p >= 0 && p <= 1)) throw new Error(`behaviour '${text}': mixture needs the obedient share in [0, 1], e.g. mixture:0.3`);
    return { kind: 'mixture', obedience: p };
  }
  if (kind === 'script' && value !== '') return { kind: 'script', ...readScript(value) };
  throw new Error(`unknown behaviour '${text}'; behaviours: obedient, careful, colluder, paraphraser, mixture:<p>, by-model, script:<file>`);
}
