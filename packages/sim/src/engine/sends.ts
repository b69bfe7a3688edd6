/**
 * A `send` action becomes an envelope: it is logged with ground truth (does it carry an attack, or go to an
 * adversary?), marks its sender compromised when it does, passes the shield's `send` hook and is queued for
 * delivery next round. Mail to an unknown agent is blocked by the engine itself.
 */
import { type AgentId, BOARD_ADDRESS, type ChannelKind, DEFAULT_LABELS, type Envelope, type Part, type SendAction, envelopeText } from '@masec/spec';
import { channelFor } from '../channels/channels.js';
import type { AgentState } from './agents.js';
import { type RoundTally, type RunContext, isBlock, noteCompromise, noteRefusal, shieldPass } from './run-context.js';

export async function handleSend(ctx: RunContext, from: AgentState, action: SendAction, id: string, round: number, tally: RoundTally): Promise<void> {
  const envelope = makeEnvelope(id, from.view.id, action, channelFor(action.to, ctx.channel).kind, round);
  const text = envelopeText(envelope);
  const oracle = ctx.setup.oracle;
  const instruction = oracle.empty ? undefined : oracle.find(text);
  const recipient = envelope.to === BOARD_ADDRESS ? undefined : ctx.table.byId.get(envelope.to);
  const toAdversary = recipient?.view.role === 'adversary' ? ctx.table.adversaryThreat.get(recipient.view.id) : undefined;
  // Ground truth: a payload the oracle recognises, mail to an adversary, or an attack the policy named as its cause.
  const malicious = instruction !== undefined || toAdversary !== undefined || action.cause !== undefined;
  const threat = instruction?.threat ?? toAdversary;
  ctx.events.push({
    type: 'message-send',
    round,
    id: envelope.id,
    from: envelope.from,
    to: envelope.to,
    channel: envelope.channel,
    chars: text.length,
    ...(envelope.inReplyTo === undefined ? {} : { inReplyTo: envelope.inReplyTo }),
    ...(action.task === true ? { task: true } : {}),
    malicious,
    ...(threat === undefined ? {} : { threat }),
    ...(instruction === undefined ? {} : { variant: instruction.variant }),
  });
  tally.sent++;
  ctx.envelopes++;
  if (ctx.judgedTexts !== undefined && from.view.role === 'benign') {
    ctx.judgedTexts.set(envelope.id, { from: envelope.from, round, to: envelope.to, text: text.slice(0, ctx.scenario.judge?.maxChars) });
  }
  noteCompromise(ctx, from, round, { malicious, threat, variant: instruction?.variant, cause: action.cause });
  if (action.task === true) ctx.taskSender.set(envelope.id, envelope.from);
  if (envelope.to !== BOARD_ADDRESS && recipient === undefined) {
    ctx.events.push({ type: 'message-block', round, id: envelope.id, guard: 'engine', code: 'UNKNOWN_RECIPIENT', reason: `unknown recipient '${envelope.to}'` });
    noteRefusal(from, envelope.id, envelope.to, 'UNKNOWN_RECIPIENT');
    tally.blocked++;
    return;
  }
  const current = await shieldPass(ctx, envelope, 'send', round);
  if (isBlock(current)) {
    noteRefusal(from, envelope.id, envelope.to, current.code);
    tally.blocked++;
    return;
  }
  const chars = current === envelope ? text.length : envelopeText(current).length;
  ctx.charsAdded += chars - text.length;
  if (!ctx.replays.empty) ctx.replays.capture(current, round);
  ctx.inFlight.push({ envelope: current, chars });
}

function makeEnvelope(id: string, from: AgentId, action: SendAction, channel: ChannelKind, round: number): Envelope {
  const parts: Part[] = [{ kind: 'text', text: action.text }];
  if (action.data !== undefined) parts.push({ kind: 'data', data: action.data });
  return {
    id,
    from,
    to: action.to,
    channel,
    ...(action.subject === undefined ? {} : { subject: action.subject }),
    ...(action.inReplyTo === undefined ? {} : { inReplyTo: action.inReplyTo }),
    parts,
    labels: action.labels ?? DEFAULT_LABELS,
    provenance: { origin: { kind: 'agent', id: from }, hops: [from] },
    time: round,
  };
}
