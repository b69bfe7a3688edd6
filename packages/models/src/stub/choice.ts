/**
 * How the stub answers a choice: a tool with an argument restricted to a list of values (a JSON Schema
 * `enum`), such as the `report_answer` tool of the `llm` policy's belief updater. Choosing is where a
 * manipulative argument works on a model that reports what it believes: the stub picks the value that an
 * argument pushing the reader (an injection cue, or a manipulation cue such as "disregard the previous
 * messages you received") argues for, and repeats that argument in the tool's free-text argument (what
 * convinced it is what it passes on). Without such an argument it keeps the argument's `default` (the
 * caller's current value), else the first value. A list of values (an array of an `enum`) is chosen the
 * same way: the pushed value alone, else the default list (none when there is no default). `careful` skips marked data here as everywhere, so
 * spotlighting keeps it on its answer; a plain, sober claim moves neither behaviour.
 */
import { type Recogniser, dataBlocks, recogniseInstruction } from './instructions.js';

interface Tool {
  name: string;
  parameters: Record<string, unknown>;
}

/** A choice tool: its name, the enum argument (values, default, whether it takes a list of them) and a free-text argument, if any. */
export interface ChoiceTool {
  name: string;
  key: string;
  choices: string[];
  multiple: boolean;
  fallback: string | string[];
  textKey: string | undefined;
}

const TEXT_KEYS = ['argument', 'reason', 'because', 'text', 'message'];

export function choiceTool(tools: readonly Tool[]): ChoiceTool | undefined {
  for (const tool of tools) {
    const properties = (tool.parameters['properties'] ?? {}) as Record<string, { type?: unknown; enum?: unknown; default?: unknown; items?: { enum?: unknown } }>;
    for (const [key, schema] of Object.entries(properties)) {
      const multiple = schema.type === 'array';
      const values = multiple ? schema.items?.enum : schema.enum;
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) continue;
      const choices = values as string[];
      const fallback = multiple
        ? Array.isArray(schema.default)
          ? schema.default.filter((v): v is string => typeof v === 'string' && choices.includes(v))
          : []
        : typeof schema.default === 'string' && choices.includes(schema.default)
          ? schema.default
          : (choices[0] as string);
      const textKey = TEXT_KEYS.find((k) => k !== key && properties[k]?.type === 'string');
      return { name: tool.name, key, choices, multiple, fallback, textKey };
    }
  }
  return undefined;
}

/** Words that push a reader off what it was told (the stub's own cue for persuasion, besides injection cues). */
const MANIPULATION = /\b(?:disregard|ignore|forget)\b[^.\n]*\b(?:previous|earlier|other|what you (?:were|have been) told)\b|\beveryone who checked\b|\byou must (?:answer|say|believe)\b/i;
/** Where an argument names the value it argues for: `Answer: X`, `the answer is X`, `says X` (X exactly one of the values). */
const ARGUED = /\b(?:answer(?:\s+is)?:?|says)\s+([\w-]+)/gi;

function arguedValue(text: string, choices: readonly string[]): string | undefined {
  for (const match of text.matchAll(ARGUED)) {
    const value = choices.find((c) => c === match[1]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The non-system text of a request, as the stub reads data. */
function dataOf(messages: readonly { role: string; content: string }[]): string {
  return messages
    .filter((m) => m.role !== 'system')
    .map((m) => m.content)
    .join('\n\n');
}

/** The stub's choice: the value a pushing argument argues for (skipping marked data when careful), else the default. */
export function choose(
  messages: readonly { role: string; content: string }[],
  tool: ChoiceTool,
  careful: boolean,
  recognise: Recogniser = recogniseInstruction,
): { name: string; args: Record<string, unknown> } {
  for (const block of dataBlocks(dataOf(messages))) {
    if (careful && block.marked) continue;
    if (!MANIPULATION.test(block.text) && recognise(block.text) === undefined) continue;
    const value = arguedValue(block.text, tool.choices);
    if (value === undefined) continue;
    const argument = block.text
      .split('\n')
      .filter((line) => !/^\s*answer:/i.test(line))
      .join('\n')
      .trim();
    const args: Record<string, unknown> = { [tool.key]: tool.multiple ? [value] : value };
    if (tool.textKey !== undefined && argument !== '') args[tool.textKey] = argument;
    return { name: tool.name, args };
  }
  return { name: tool.name, args: { [tool.key]: tool.fallback } };
}
