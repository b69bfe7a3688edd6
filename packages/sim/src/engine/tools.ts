/**
 * Tools in the message engine. Each round the tools' definitions pass the shield's `tool-list` hook before
 * agents see them (where a poisoned description or a changed definition — a rug pull — arrives); a guard
 * may withhold a tool for the round or rewrite its description. A `tool` action becomes a call envelope that
 * passes `tool-call`; the tool runs (possibly asynchronously, with the run's abort signal); its result passes
 * `tool-result` and reaches the caller with the next round's deliveries. A call to a tool that is not
 * offered this round is refused by the engine (`TOOL_NOT_OFFERED`).
 */
import { DEFAULT_LABELS, type Envelope, type ToolAction, type ToolInfo, envelopeText } from '@masec/spec';
import { attackIn, envelopeOf } from './actions.js';
import type { AgentState } from './agents.js';
import { type RunContext, blockedBy, isBlock, noteCompromise, noteRefusal, shieldPass } from './run-context.js';

const NO_TOOLS: readonly ToolInfo[] = Object.freeze([]);

/** The tools offered this round: every tool's definition after the `tool-list` pass (logged when a guard listens). */
export async function offerTools(ctx: RunContext, round: number): Promise<readonly ToolInfo[]> {
  const tools = ctx.setup.tools;
  if (tools.size === 0) {
    ctx.offered = NO_TOOLS;
    return NO_TOOLS;
  }
  const listed = ctx.pipeline.handles('tool-list');
  const offered: ToolInfo[] = [];
  const withheld: { tool: string; guard: string; code: string }[] = [];
  let i = 0;
  for (const tool of tools.values()) {
    const description = tool.describe?.(round) ?? tool.description;
    const info: ToolInfo = { name: tool.name, description, ...(tool.inputSchema === undefined ? {} : { inputSchema: tool.inputSchema }) };
    if (!listed) {
      offered.push(info);
      continue;
    }
    const envelope: Envelope = {
      id: `l${round}.${i++}`,
      kind: 'tool-list',
      from: `tool:${tool.name}`,
      to: '*',
      channel: 'tool',
      parts: [{ kind: 'data', data: { ...info } }],
      labels: DEFAULT_LABELS,
      provenance: { origin: { kind: 'tool', id: tool.name }, hops: [] },
      time: round,
    };
    const current = await shieldPass(ctx, envelope, 'tool-list', round);
    if (isBlock(current)) {
      withheld.push({ tool: tool.name, ...blockedBy(current) });
      continue;
    }
    const data = current.parts.find((p) => p.kind === 'data')?.data;
    offered.push(typeof data?.description === 'string' && data.description !== description ? { ...info, description: data.description } : info);
  }
  if (listed) ctx.events.push({ type: 'tool-list', round, offered: offered.map((t) => t.name), withheld });
  ctx.offered = offered;
  return offered;
}

export async function handleTool(ctx: RunContext, from: AgentState, action: ToolAction, id: string, round: number): Promise<void> {
  const tool = ctx.setup.tools.get(action.tool);
  const envelope = envelopeOf(id, from.view.id, `tool:${action.tool}`, 'tool', [{ kind: 'data', data: action.args }], action.labels, round, 'tool-call');
  const text = envelopeText(envelope);
  const attack = attackIn(ctx, text, action.cause);
  const base = { type: 'tool-call' as const, round, id, agent: from.view.id, tool: action.tool, chars: text.length, malicious: attack.malicious, ...(attack.threat === undefined ? {} : { threat: attack.threat }) };
  noteCompromise(ctx, from, round, attack);
  if (tool === undefined || !ctx.offered.some((t) => t.name === action.tool)) {
    ctx.events.push({ ...base, allowed: false, guard: 'engine', code: 'TOOL_NOT_OFFERED' });
    noteRefusal(from, id, envelope.to, 'TOOL_NOT_OFFERED');
    return;
  }
  const current = await shieldPass(ctx, envelope, 'tool-call', round);
  if (isBlock(current)) {
    ctx.events.push({ ...base, allowed: false, ...blockedBy(current) });
    noteRefusal(from, id, envelope.to, current.code);
    return;
  }
  ctx.events.push({ ...base, allowed: true });
  const args = current.parts.find((p) => p.kind === 'data')?.data ?? action.args;
  ctx.leaks.scan(envelopeText(current), { round, to: envelope.to, id, channel: 'tool', sink: 'tool', external: tool.owner !== undefined && ctx.table.isAdversary(tool.owner) });
  const result = await tool.run(args, { agent: from.view.id, round, signal: ctx.services.signal });
  if (result === undefined) return;
  const reply: Envelope = {
    id: `${id}.result`,
    kind: 'tool-result',
    from: `tool:${action.tool}`,
    to: from.view.id,
    channel: 'tool',
    inReplyTo: id,
    parts: [{ kind: 'text', text: result }],
    labels: DEFAULT_LABELS,
    provenance: { origin: { kind: 'tool', id: action.tool }, hops: [] },
    time: round,
  };
  const passed = await toolResultPass(ctx, reply, from, action.tool, round);
  if (passed === undefined) return;
  const chars = passed === reply ? result.length : envelopeText(passed).length;
  ctx.charsAdded += chars - result.length;
  ctx.inFlight.push({ envelope: passed, chars });
}

/** The `tool-result` pass, logged when a guard listens on it; the result to deliver, or undefined when blocked. */
async function toolResultPass(ctx: RunContext, reply: Envelope, caller: AgentState, tool: string, round: number): Promise<Envelope | undefined> {
  if (!ctx.pipeline.handles('tool-result')) return reply;
  const text = envelopeText(reply);
  const attack = attackIn(ctx, text, undefined);
  const current = await shieldPass(ctx, reply, 'tool-result', round);
  ctx.events.push({
    type: 'tool-result',
    round,
    id: reply.id,
    agent: caller.view.id,
    tool,
    chars: text.length,
    malicious: attack.malicious,
    ...(attack.threat === undefined ? {} : { threat: attack.threat }),
    allowed: !isBlock(current),
    ...(isBlock(current) ? blockedBy(current) : {}),
  });
  return isBlock(current) ? undefined : current;
}
