/**
 * Phase 3 of a round, and what the engine does with the actions that are not mail or tool calls: reported
 * state, shared-memory writes and final outputs. Each becomes an envelope that passes the shield on its own
 * hook (`memory-write`, and `send` for outputs), is logged with ground truth (did an attack drive it?), and is
 * scanned for secrets on its sink. Sends are in sends.ts, tool calls in tools.ts, environment actions in
 * environments.ts.
 */
import {
  type AgentId,
  DEFAULT_LABELS,
  type Envelope,
  type EnvelopeKind,
  type Labels,
  type MemoryWriteAction,
  type OutputAction,
  type Part,
  type StateAction,
  envelopeText,
} from '@masec/spec';
import type { Outgoing } from './acting.js';
import type { AgentState } from './agents.js';
import { collectMove } from './environments.js';
import { type RoundTally, type RunContext, blockedBy, isBlock, noteCompromise, noteRefusal, shieldPass } from './run-context.js';
import { handleSend } from './sends.js';
import { handleTool } from './tools.js';

/**
 * Phase 3 of a round: the actions in the order `actPhase` gave them. Ids are numbered per kind within the
 * round (`m<round>.<n>` for messages, `t`, `w`, `o` for tool calls, writes and outputs).
 */
export async function applyActions(ctx: RunContext, outgoing: readonly Outgoing[], round: number, tally: RoundTally): Promise<void> {
  const seq = { send: 0, tool: 0, write: 0, output: 0 };
  for (const { from, action } of outgoing) {
    switch (action.kind) {
      case 'state':
        handleState(ctx, from, action, round);
        break;
      case 'tool':
        await handleTool(ctx, from, action, `t${round}.${seq.tool++}`, round);
        break;
      case 'memory-write':
        await handleMemoryWrite(ctx, from, action, `w${round}.${seq.write++}`, round);
        break;
      case 'output':
        await handleOutput(ctx, from, action, `o${round}.${seq.output++}`, round);
        break;
      case 'send':
        await handleSend(ctx, from, action, `m${round}.${seq.send++}`, round, tally);
        break;
      case 'environment':
        collectMove(ctx, from, action, round);
        break;
      case 'invalid':
        ctx.events.push({
          type: 'action-invalid',
          round,
          agent: from.view.id,
          reason: action.reason,
          ...(action.tool === undefined ? {} : { tool: action.tool }),
          ...(action.detail === undefined ? {} : { detail: action.detail }),
        });
        break;
    }
  }
}

/** An envelope for an action of `from`'s (a tool call, a write, an output), as the engine builds it. */
export function envelopeOf(id: string, from: AgentId, to: string, channel: string, parts: Part[], labels: Labels | undefined, round: number, kind?: EnvelopeKind): Envelope {
  return {
    id,
    ...(kind === undefined ? {} : { kind }),
    from,
    to,
    channel,
    parts,
    labels: labels ?? DEFAULT_LABELS,
    provenance: { origin: { kind: 'agent', id: from }, hops: [from] },
    time: round,
  };
}

/** Ground truth for an action's content: an instruction an oracle recognises, or a cause the policy named. */
export function attackIn(ctx: RunContext, text: string, cause: string | undefined): { malicious: boolean; threat: string | undefined; variant: string | undefined; cause: string | undefined } {
  const instruction = ctx.setup.oracle.empty ? undefined : ctx.setup.oracle.find(text);
  return { malicious: instruction !== undefined || cause !== undefined, threat: instruction?.threat, variant: instruction?.variant, cause };
}

/**
 * A reported belief or status. A text value an oracle recognises (a threat's false claim, say) is ground
 * truth that the agent now holds what the attack pushed: the event is marked malicious and, for a benign
 * agent, the first such report counts as its compromise.
 */
export function handleState(ctx: RunContext, from: AgentState, action: StateAction, round: number): void {
  const instruction = typeof action.value === 'string' && !ctx.setup.oracle.empty ? ctx.setup.oracle.find(action.value) : undefined;
  if (instruction !== undefined) noteCompromise(ctx, from, round, { malicious: true, threat: instruction.threat, variant: instruction.variant });
  ctx.events.push({
    type: 'agent-state',
    round,
    agent: from.view.id,
    key: action.key,
    value: action.value,
    ...(instruction === undefined ? {} : { malicious: true, threat: instruction.threat }),
  });
}

export async function handleMemoryWrite(ctx: RunContext, from: AgentState, action: MemoryWriteAction, id: string, round: number): Promise<void> {
  const store = ctx.setup.stores.get(action.store);
  const envelope = envelopeOf(id, from.view.id, `store:${action.store}`, 'memory', [{ kind: 'text', text: action.text }], action.labels, round);
  const attack = attackIn(ctx, action.text, action.cause);
  const base = { type: 'memory-write' as const, round, id, agent: from.view.id, store: action.store, chars: action.text.length, malicious: attack.malicious, ...(attack.threat === undefined ? {} : { threat: attack.threat }) };
  noteCompromise(ctx, from, round, attack);
  if (store === undefined) {
    ctx.events.push({ ...base, allowed: false, guard: 'engine', code: 'UNKNOWN_RECIPIENT' });
    noteRefusal(from, id, envelope.to, 'UNKNOWN_RECIPIENT');
    return;
  }
  const current = await shieldPass(ctx, envelope, 'memory-write', round);
  if (isBlock(current)) {
    ctx.events.push({ ...base, allowed: false, ...blockedBy(current) });
    noteRefusal(from, id, envelope.to, current.code);
    return;
  }
  ctx.events.push({ ...base, allowed: true });
  const text = envelopeText(current);
  store.add({ id, from: from.view.id, text, labels: current.labels, partition: ctx.pipeline.world.principal(from.view.id) }, round);
  ctx.leaks.scan(text, { round, to: store.party, id, channel: 'memory', sink: 'memory', external: store.readers.size > 0 });
}

export async function handleOutput(ctx: RunContext, from: AgentState, action: OutputAction, id: string, round: number): Promise<void> {
  const self = from.view.id;
  const to = action.to ?? `user:${self}`;
  const envelope = envelopeOf(id, self, to, 'output', [{ kind: 'text', text: action.text }], action.labels, round);
  const attack = attackIn(ctx, action.text, action.cause);
  noteCompromise(ctx, from, round, attack);
  const recipient = action.to === undefined ? undefined : ctx.table.byId.get(action.to);
  const current =
    action.to !== undefined && recipient === undefined
      ? { action: 'block' as const, guard: 'engine', code: 'UNKNOWN_RECIPIENT', reason: `unknown recipient '${action.to}'` }
      : await shieldPass(ctx, envelope, 'send', round);
  ctx.events.push({
    type: 'agent-output',
    round,
    id,
    agent: self,
    to,
    chars: action.text.length,
    malicious: attack.malicious,
    ...(attack.threat === undefined ? {} : { threat: attack.threat }),
    allowed: !isBlock(current),
    ...(isBlock(current) ? blockedBy(current) : {}),
  });
  if (isBlock(current)) {
    noteRefusal(from, id, to, current.code);
    return;
  }
  const external = recipient?.view.role === 'adversary';
  ctx.leaks.scan(envelopeText(envelope), { round, to, id, channel: 'output', sink: 'output', external, skipOwner: recipient === undefined ? self : recipient.view.id });
  if (recipient !== undefined) ctx.inFlight.push({ envelope: current, chars: envelopeText(current).length });
}
