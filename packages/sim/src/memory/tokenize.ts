/** Word tokens for lexical retrieval: lower-cased letter/digit runs of 2+ characters, minus stop words. */
const STOP_WORDS = new Set(
  'the and for are but not you all any can her was one our out has had his how its may new now see two who did get let she too use that with have this will your from they been were what when which their there about would them then than into just like also only some'.split(
    ' ',
  ),
);

const WORD = /[\p{L}\p{N}]+/gu;
const ASCII_SEPARATOR = /[^a-z0-9]+/;
const NON_ASCII = /[\u0080-\uffff]/;

export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  // Plain-ASCII text (most mail) takes the cheaper split; the tokens are the same.
  const pieces = NON_ASCII.test(lower) ? (lower.match(WORD) ?? []) : lower.split(ASCII_SEPARATOR);
  const out: string[] = [];
  for (const token of pieces) {
    if (token.length >= 2 && !STOP_WORDS.has(token)) out.push(token);
  }
  return out;
}
