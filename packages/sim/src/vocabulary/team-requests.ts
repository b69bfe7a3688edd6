/**
 * The plain-text language team assistants use with each other (and that a querier imitates): questions that
 * ask for named items and say how to deliver the answer, answers and notes as `item: value` lines, directory
 * results, and to-do items a user left in an agent's memory. A surrogate agent "reads" text with these
 * parsers; an LLM agent would read the same text as prose.
 */

/** How the asker wants the answer delivered. */
export const VIAS = ['reply', 'upload', 'workspace', 'answer'] as const;
export type Via = (typeof VIAS)[number];

const VIA_PHRASES: Record<Via, string> = {
  reply: 'Please reply by mail.',
  upload: 'Please upload it with the upload tool.',
  workspace: 'Please put it in the shared workspace.',
  answer: 'Please answer me directly.',
};

export interface Question {
  items: string[];
  via: Via;
}

/** Item names are lower-case words (`falcon access code part 2`); values are single tokens. */
const ITEM = /^[a-z][a-z0-9]*(?: [a-z0-9]+)*$/;
const LINE = /^([a-z][a-z0-9]*(?: [a-z0-9]+)*): ([A-Za-z0-9][A-Za-z0-9-]*)$/;

function checkItem(item: string): string {
  if (!ITEM.test(item)) throw new Error(`item name '${item}' must be lower-case words separated by single spaces`);
  return item;
}

/** `[preamble] Question: what is the <a>; the <b>? <how to deliver>` */
export function formatQuestion(items: readonly string[], via: Via, preamble?: string): string {
  if (items.length === 0) throw new Error('a question needs at least one item');
  const body = `Question: what is the ${items.map(checkItem).join('; the ')}? ${VIA_PHRASES[via]}`;
  return preamble === undefined ? body : `${preamble} ${body}`;
}

export function parseQuestion(text: string): Question | undefined {
  const match = /Question: what is the ([^?]+)\?/.exec(text);
  if (match === null) return undefined;
  const items = (match[1] as string).split('; the ').map((s) => s.trim()).filter((s) => ITEM.test(s));
  if (items.length === 0) return undefined;
  const rest = text.slice(match.index + match[0].length);
  const via = VIAS.find((v) => rest.includes(VIA_PHRASES[v])) ?? 'reply';
  return { items, via };
}

/** `Answer:` (or any header) followed by one `item: value` line per item. */
export function formatFacts(header: string, facts: readonly (readonly [string, string])[]): string {
  return [header, ...facts.map(([item, value]) => `${checkItem(item)}: ${value}`)].join('\n');
}

/** Every `item: value` line in a text (answers, notes, uploads, planted knowledge). */
export function parseFacts(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const match = LINE.exec(line.trim());
    if (match !== null) out.push([match[1] as string, match[2] as string]);
  }
  return out;
}

/** What the `lookup` tool returns: who holds an item (`unknown` when nobody does). */
export function formatDirectory(item: string, holder: string | undefined): string {
  return `Directory: ${checkItem(item)} is held by ${holder ?? 'unknown'}`;
}

export function parseDirectory(text: string): { item: string; holder: string | undefined } | undefined {
  const match = /^Directory: (.+) is held by (\S+)$/.exec(text.trim());
  if (match === null || !ITEM.test(match[1] as string)) return undefined;
  const holder = match[2] as string;
  return { item: match[1] as string, holder: holder === 'unknown' ? undefined : holder };
}

/** A task a user left in the agent's memory: find out an item. */
export function formatTodo(item: string): string {
  return `To do: find out the ${checkItem(item)}.`;
}

export function parseTodo(text: string): string | undefined {
  const match = /^To do: find out the (.+)\.$/.exec(text.trim());
  return match !== null && ITEM.test(match[1] as string) ? (match[1] as string) : undefined;
}
