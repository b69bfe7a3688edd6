/**
 * `masec report --run <run id> --transcript <agent>`: the model calls an agent made in one run, round by
 * round — what it was shown, what it answered (text and tool calls), tokens, cost, latency and whether the
 * answer came from the cache — with the rounds in which the agent was compromised marked.
 */
import type { MasecEvent } from '@masec/spec';
import type { TranscriptEntry } from '@masec/models';
import type { CliIo } from '../io.js';

const INDENT = '    ';

function indent(text: string): string {
  return text.split('\n').map((line) => `${INDENT}${line}`).join('\n');
}

export function printTranscript(io: CliIo, runId: string, agent: string, entries: readonly TranscriptEntry[], events: readonly MasecEvent[]): void {
  const mine = agent === 'all' ? entries : entries.filter((e) => e.agent === agent);
  const compromised = new Map<string, number>();
  for (const event of events) if (event.type === 'agent-compromise') compromised.set(event.agent, event.round);
  io.stdout(`transcript of run ${runId}, ${agent === 'all' ? 'all agents' : `agent ${agent}`}: ${mine.length} model call(s)\n`);
  for (const e of mine) {
    const who = e.agent ?? '(no agent)';
    const cost = e.costUsd > 0 ? `, $${e.costUsd.toFixed(6)}` : '';
    const how = e.response.cached ? 'from the cache' : `${Math.round(e.latencyMs)} ms, ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`;
    io.stdout(`\n── ${agent === 'all' ? `${who}, ` : ''}round ${e.round ?? '-'}, call ${e.call}: model ${e.model}, ${how}, ${e.response.usage.inputTokens} in / ${e.response.usage.outputTokens} out tokens${cost}\n`);
    if (e.agent !== null && compromised.get(e.agent) === e.round) io.stdout(`${INDENT}! ${e.agent} was compromised in this round: its actions after this answer carried the attack\n`);
    for (const m of e.messages) io.stdout(`  ${m.role}:\n${indent(m.content)}\n`);
    if (e.error !== undefined) io.stdout(`  answer: unusable (${e.error})\n`);
    if (e.response.text !== '') io.stdout(`  answer:\n${indent(e.response.text)}\n`);
    for (const call of e.response.toolCalls) io.stdout(`  tool call ${call.name}: ${typeof call.args === 'string' ? call.args : JSON.stringify(call.args)}\n`);
  }
}
