/**
 * The HTML report's model sections: what the runs asked of their models (calls, tokens, cost, latency per
 * arm), and the transcript view of one run — every model call with what the agent was shown and what it
 * answered — where each compromise links to the call whose answer carried the attack, and that call marks
 * the input message its answer copied most from (the message that caused it).
 */
import type { TranscriptEntry } from '@masec/models';
import { modelCostRows } from './table.js';
import { esc } from './svg-util.js';
import type { ReportData, TranscriptView } from './types.js';

/** Calls shown in the transcript view at most (those of compromises always are). */
export const MAX_TRANSCRIPT_CALLS = 1000;

/** The per-arm model cost table, or nothing without models. */
export function modelCostsTable(data: ReportData): string {
  const rows = modelCostRows(data);
  if (rows.length === 0) return '';
  const head = ['<th>Per run</th>', ...data.arms.map((a) => `<th>${esc(a.name)}</th>`)].join('');
  const body = rows.map((r) => `<tr>${r.map((cell, i) => (i === 0 ? `<td>${esc(cell)}</td>` : `<td>${esc(cell)}</td>`)).join('')}</tr>`).join('');
  return (
    '<h3>Model calls</h3><p class="note">Means per run. Cost is at the models\u2019 prices (what a run costs without the response cache); ' +
    '\u201cspent\u201d is what the executions that stored the runs paid. Latency is wall time per request made.</p>' +
    `<div class="table-wrap"><table class="costs"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

const callId = (e: TranscriptEntry): string => `call-${e.agent ?? 'none'}-${e.round ?? 'none'}-${e.call}`;

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** The input message an answer copied most from: the most 6-word runs of the answer it contains. */
export function copiedFrom(entry: TranscriptEntry): { message: number; shared: number } | undefined {
  const answer = words([entry.response.text, ...entry.response.toolCalls.map((c) => (typeof c.args === 'string' ? c.args : JSON.stringify(c.args)))].join(' '));
  const shingles = new Set<string>();
  for (let i = 0; i + 6 <= answer.length; i++) shingles.add(answer.slice(i, i + 6).join(' '));
  let best: { message: number; shared: number } | undefined;
  entry.messages.forEach((m, i) => {
    if (m.role === 'system' || m.role === 'assistant') return;
    const w = words(m.content);
    const seen = new Set<string>();
    for (let j = 0; j + 6 <= w.length; j++) {
      const s = w.slice(j, j + 6).join(' ');
      if (shingles.has(s)) seen.add(s);
    }
    if (seen.size > 0 && (best === undefined || seen.size > best.shared)) best = { message: i, shared: seen.size };
  });
  return best;
}

function callHtml(e: TranscriptEntry, compromised: boolean): string {
  const cause = compromised ? copiedFrom(e) : undefined;
  const how = e.response.cached ? 'from the cache' : `${Math.round(e.latencyMs)} ms, ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`;
  const summary = `${esc(e.agent ?? '(no agent)')} · round ${e.round ?? '—'} · call ${e.call} · ${esc(e.model)} · ${e.response.usage.inputTokens} in / ${e.response.usage.outputTokens} out tokens · ${how}${compromised ? ' · <strong>compromised</strong>' : ''}`;
  const messages = e.messages
    .map((m, i) => {
      const isCause = cause?.message === i;
      return `<div class="msg${isCause ? ' cause' : ''}" id="${callId(e)}-m${i}"><b>${esc(m.role)}${isCause ? ' — the answer copied from this' : ''}</b><pre>${esc(m.content)}</pre></div>`;
    })
    .join('');
  const calls = e.response.toolCalls.map((c) => `<pre>tool call ${esc(c.name)}: ${esc(typeof c.args === 'string' ? c.args : JSON.stringify(c.args))}</pre>`).join('');
  const answer = `${e.error === undefined ? '' : `<p class="note">unusable answer: ${esc(e.error)}</p>`}${e.response.text === '' ? '' : `<pre>${esc(e.response.text)}</pre>`}${calls}`;
  return `<details id="${callId(e)}"${compromised ? ' open' : ''}><summary>${summary}</summary>${messages}<div class="msg answer"><b>answer</b>${answer}</div></details>`;
}

/** The transcript view of `data.transcript`, or nothing when the report has none. */
export function transcriptSection(data: ReportData): string {
  const view: TranscriptView | undefined = data.transcript;
  if (view === undefined) return '';
  const compromisedIn = new Set(view.compromises.map((c) => `${c.agent}@${c.round}`));
  const isCompromise = (e: TranscriptEntry): boolean => e.agent !== null && compromisedIn.has(`${e.agent}@${e.round}`);
  const shown = view.entries.filter((e, i) => i < MAX_TRANSCRIPT_CALLS || isCompromise(e));
  const links = view.compromises.map((c) => {
    const calls = view.entries.filter((e) => e.agent === c.agent && e.round === c.round);
    const target = calls.map((e) => ({ e, cause: copiedFrom(e) })).sort((a, b) => (b.cause?.shared ?? 0) - (a.cause?.shared ?? 0))[0];
    if (target === undefined) return `<li>${esc(c.agent)} in round ${c.round}: no model call in that round</li>`;
    const cause = target.cause === undefined ? '' : ` — its answer copied ${target.cause.shared} six-word run(s) from <a href="#${callId(target.e)}-m${target.cause.message}">message ${target.cause.message + 1} (${esc(target.e.messages[target.cause.message]?.role ?? '')})</a>`;
    return `<li><a href="#${callId(target.e)}">${esc(c.agent)} in round ${c.round}</a>${cause}${c.via === undefined ? '' : ` (envelope ${esc(c.via)})`}</li>`;
  });
  return (
    `<section id="transcript"><h2>Model calls of run ${esc(view.runId)}</h2>` +
    `<p class="note">${view.entries.length} call(s)${shown.length < view.entries.length ? `, the first ${MAX_TRANSCRIPT_CALLS} and every compromise shown` : ''}; ` +
    '<code>masec report --run &lt;run id&gt; --transcript &lt;agent&gt;</code> prints any agent\u2019s.</p>' +
    (links.length === 0 ? '<p>No agent was compromised in this run.</p>' : `<h3>Compromises</h3><ul class="plain">${links.join('')}</ul>`) +
    shown.map((e) => callHtml(e, isCompromise(e))).join('') +
    '</section>'
  );
}
