/**
 * How the stub reads a prompt the way a simple model might: it finds the data in it (everything outside the
 * system message), tells marked data — datamarked (`meet^at^noon`) or delimited (`<<untrusted content from
 * a3: ...>>` … `<</untrusted content>>`), as `provenance-tagging` marks it — from unmarked, and finds
 * instructions in it. An instruction is a block with an injection cue ("ignore all previous instructions",
 * "from now on", "you must", "repeat this", "send all", ...); it asks to be copied into replies when it says
 * to repeat, copy, include or forward the text (the span from `<$START$>` to `<$END$>` when there is one, else
 * the block), and for data to be sent when it says to send or forward something "to <address>". Callers
 * can supply their own recogniser (a threat's oracle, for instance).
 */

/** What an instruction found in data asks (the shape of a threat's `AdversarialInstruction`, in part). */
export interface FoundInstruction {
  /** Text it asks to be copied into replies. */
  replicate?: string;
  /** Where it asks data to be sent. */
  exfiltrateTo?: string;
}

export type Recogniser = (text: string) => FoundInstruction | undefined;

/** A stretch of data in a prompt: its text (unmarked: marker characters back to spaces) and whether it was marked. */
export interface DataBlock {
  text: string;
  marked: boolean;
}

const DELIMITED = /<<untrusted content from [^>]*>>\n?([\s\S]*?)\n?<<\/untrusted content>>/g;
/** Four or more words joined by one repeated marker character (no spaces): datamarked text. */
const DATAMARKED = /[\p{L}\p{N}]+([^\p{L}\p{N}\s<>])[\p{L}\p{N}]+\1[\p{L}\p{N}]+\1[\p{L}\p{N}]+/u;

function unmark(paragraph: string): DataBlock {
  const match = DATAMARKED.exec(paragraph);
  if (match === null) return { text: paragraph, marked: false };
  const marker = match[1] as string;
  return { text: paragraph.split(marker).join(' '), marked: true };
}

/** The data blocks of a text: delimited regions (marked), then paragraphs of the rest (datamarked or not). */
export function dataBlocks(text: string): DataBlock[] {
  const blocks: DataBlock[] = [];
  const rest = text.replace(DELIMITED, (_all, inner: string) => {
    blocks.push({ text: inner, marked: true });
    return '\n\n';
  });
  for (const paragraph of rest.split(/\n\s*\n/)) if (paragraph.trim() !== '') blocks.push(unmark(paragraph.trim()));
  return blocks;
}

const CUE = /ignore (?:all )?(?:the )?(?:previous|prior|above) instructions|from now on|you must|do not mention these instructions|repeat this|forward this|send (?:all|every|your)/i;
const REPLICATE = /\b(?:repeat|copy|include|reproduce|forward)\b/i;
const EXFILTRATE = /\b(?:send|forward|pass along|mail|e-?mail|share)\b[^.\n]*?\bto\s+(?:(?:our|the|my)\s+[\w-]+\s+at\s+)?([\w.+@:-]*[\w@])/i;

/** The stub's own recogniser: injection cues, a copy request, a "send ... to X". */
export const recogniseInstruction: Recogniser = (text) => {
  if (!CUE.test(text)) return undefined;
  const found: FoundInstruction = {};
  if (REPLICATE.test(text)) {
    const start = text.indexOf('<$START$>');
    // The last end marker: a payload may name its own markers ("repeat from <$START$> to <$END$>").
    const end = text.lastIndexOf('<$END$>');
    found.replicate = start >= 0 && end > start ? text.slice(start, end + '<$END$>'.length) : text;
  }
  const to = EXFILTRATE.exec(text)?.[1];
  if (to !== undefined) found.exfiltrateTo = to;
  return found;
};
