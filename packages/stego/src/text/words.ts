/**
 * The word-level text form of the built-in language model: lower-case words and punctuation tokens, rendered
 * with single spaces, punctuation attached to the word before it and sentence starts capitalised. Tokenising
 * lower-cases, drops invisible format characters (so a zero-width mark does not hide a word from a detector)
 * and splits on any run of white space, so it inverts rendering exactly.
 */

/** Tokens written without a space before them. */
export const PUNCTUATION: ReadonlySet<string> = new Set(['.', ',', '?', '!', ':', ';']);
/** Punctuation that ends a sentence. */
export const SENTENCE_END: ReadonlySet<string> = new Set(['.', '?', '!']);

/** Invisible format characters (Unicode category Cf: zero-width, bidi controls, tags...). */
const FORMAT = /\p{Cf}/gu;

/** Words and punctuation of `text`, lower-cased, as strings (not yet ids). */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.replace(FORMAT, '').toLowerCase().split(/\s+/u)) {
    if (chunk === '') continue;
    let end = chunk.length;
    while (end > 0 && PUNCTUATION.has(chunk[end - 1] as string)) end--;
    if (end > 0) out.push(chunk.slice(0, end));
    for (let i = end; i < chunk.length; i++) out.push(chunk[i] as string);
  }
  return out;
}

/** Joins words: a space before each word, none before punctuation; sentence starts and `proper` words capitalised. */
export function joinWords(words: readonly string[], proper: ReadonlySet<string>, sentenceStart = true): string {
  let text = '';
  let start = sentenceStart;
  for (const word of words) {
    if (PUNCTUATION.has(word)) {
      text += word;
      start = SENTENCE_END.has(word);
      continue;
    }
    const shown = start || proper.has(word) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    text += text === '' ? shown : ` ${shown}`;
    start = false;
  }
  return text;
}
