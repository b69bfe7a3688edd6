/**
 * A deterministic stand-in for a perplexity filter (Jain et al. 2023; Alon & Kamfonas 2023): optimised
 * adversarial suffixes such as GCG's are strings of irregular tokens — punctuation glued to words, camel-case
 * joins, stray symbols — that a language model finds very unlikely. Without a model, masec scores the share
 * of irregular tokens in the worst window of `window` consecutive tokens (windowed, as Jain et al. do, so
 * that a suffix appended to long ordinary text is still seen).
 *
 * A token is regular when it is a word (letters, inner apostrophes or hyphens, no case change inside such as
 * `similarlyNow`), a number, or either with one leading opening bracket or quote and trailing closing
 * punctuation. Everything else — `IMG_2231.JPG`, `f/2.8`, `#sunset`, `giving**ONE`, `+` — is irregular.
 * Ordinary content that is not prose (file names, camera settings, hashtags, code) is irregular too: that
 * is where the false positives come from. Fluent jailbreaks written as prose score 0.
 */

const WORD = /^[(["'\u201c\u2018]?(?:[A-Za-z]+(?:['\u2019-][A-Za-z]+)*|\d+(?:[.,:]\d+)*)[)\]"'\u201d\u2019]?[.,;:!?]{0,3}[)\]"'\u201d\u2019]?$/;
const CASE_CHANGE = /[a-z][A-Z]/;

export function isRegularToken(token: string): boolean {
  return WORD.test(token) && !CASE_CHANGE.test(token);
}

/** Highest share of irregular tokens over windows of `window` consecutive tokens (all tokens if fewer); 0 for empty text. */
export function irregularity(text: string, window: number): number {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length === 0) return 0;
  const w = Math.min(window, tokens.length);
  const irregular = tokens.map((t) => (isRegularToken(t) ? 0 : 1));
  let inWindow = 0;
  for (let i = 0; i < w; i++) inWindow += irregular[i] as number;
  let worst = inWindow;
  for (let i = w; i < tokens.length; i++) {
    inWindow += (irregular[i] as number) - (irregular[i - w] as number);
    if (inWindow > worst) worst = inWindow;
  }
  return worst / w;
}
