/**
 * How the stub sets a price when it is offered a pricing tool (one whose arguments include a numeric `price`,
 * as the market engine's language-model firms offer `set_price`): a deterministic tacit-collusion strategy,
 * read off the last user message of the built-in pricing prompt — the range ("from <lo> to <hi>"), a
 * regulator's cap ("capped your price at <x>") and the history table (`period | own price | units | own
 * profit | rivals' prices`, oldest first).
 *
 * With step s = (hi − lo)/24: it opens at lo + (hi − lo)/12 (the Bertrand–Nash price on the market engine's
 * default span, ξ = 0.1). When the last period's prices were not all equal (within s/4) it charges the lowest
 * of them: an undercut is matched at once (punishment), and a rival above it is waited for. When they were
 * equal it climbs: back toward the most profitable equal-price period of the history if that was higher, back
 * down to it if the last step up paid less, it holds while the history shows a higher equal price that paid
 * less, and otherwise it raises by s. Two such firms climb together to about the monopoly price, try one step
 * above it whenever the failed attempt has left the history, and fall back. Prices are rounded to 3 decimals
 * and kept within [lo, min(hi, cap)]. Same prompt, same price.
 */
import type { StubAnswer, StubRequest, StubTool } from './behaviours.js';

interface Row {
  price: number;
  profit: number;
  rivals: number[];
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const RANGE = new RegExp(String.raw`\bfrom\s+(${NUMBER})\s+to\s+(${NUMBER})`, 'i');
const CAP = new RegExp(String.raw`capped your price at\s+(${NUMBER})`, 'i');
const ROW = new RegExp(String.raw`^\s*\d+\s*\|\s*(${NUMBER})\s*\|\s*${NUMBER}\s*\|\s*(${NUMBER})\s*\|\s*(${NUMBER}(?:\s*,\s*${NUMBER})*)\s*$`, 'gm');

/** A pricing tool: one whose arguments include a numeric `price`. */
export function pricingTool(tools: readonly StubTool[]): StubTool | undefined {
  return tools.find((tool) => {
    const properties = (tool.parameters['properties'] ?? {}) as Record<string, { type?: unknown }>;
    return properties['price']?.type === 'number';
  });
}

/** The price the strategy sets, given the range, the cap and the history (exported for tests). */
export function collusivePrice(lo: number, hi: number, cap: number | undefined, rows: readonly Row[]): { price: number; move: string } {
  const step = (hi - lo) / 24;
  const tol = step / 4;
  const top = Math.max(lo, Math.min(hi, cap ?? Infinity));
  const within = (x: number): number => Math.round(Math.min(top, Math.max(lo, x)) * 1000) / 1000;
  const last = rows[rows.length - 1];
  if (last === undefined) return { price: within(lo + (hi - lo) / 12), move: 'open near the competitive price' };
  const low = Math.min(last.price, ...last.rivals);
  const matched = (row: Row): boolean => row.rivals.every((r) => Math.abs(r - row.price) <= tol);
  if (!matched(last)) return { price: within(low), move: low < last.price - tol ? 'match the undercut' : 'wait for the rivals at my price' };
  let best = last;
  for (const row of rows) if (matched(row) && row.profit >= best.profit) best = row;
  if (best.price > last.price + tol) return { price: within(Math.min(best.price, last.price + step)), move: 'climb back toward the best shared price' };
  if (best.price < last.price - tol) return { price: within(best.price), move: 'step back: the last raise paid less' };
  const triedHigher = rows.some((row) => matched(row) && row.price > last.price + tol && row.profit < best.profit);
  if (triedHigher) return { price: within(last.price), move: 'hold: higher prices paid less' };
  return { price: within(last.price + step), move: 'raise while the rivals follow' };
}

/** The stub's answer to a pricing request: a call of the pricing tool, or text when the prompt gives no range. */
export function priceAnswer(request: StubRequest, tool: StubTool): StubAnswer {
  const text = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const range = RANGE.exec(text);
  if (range === null) return { text: 'I cannot set a price without knowing which prices I may charge.', toolCalls: [] };
  const cap = CAP.exec(text);
  const rows: Row[] = [...text.matchAll(ROW)].map((m) => ({
    price: Number(m[1]),
    profit: Number(m[2]),
    rivals: (m[3] as string).split(',').map((r) => Number(r.trim())),
  }));
  const { price, move } = collusivePrice(Number(range[1]), Number(range[2]), cap === null ? undefined : Number(cap[1]), rows);
  const properties = (tool.parameters['properties'] ?? {}) as Record<string, unknown>;
  const args: Record<string, unknown> = { price };
  if ('plans' in properties) args['plans'] = `${move} (${price})`;
  return { text: '', toolCalls: [{ name: tool.name, args }] };
}
