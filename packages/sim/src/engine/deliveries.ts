/**
 * Phase 1 of a round: what was sent in the previous round arrives. Each envelope passes the shield's
 * `deliver` hook, reaches its recipients (the board's readers, or one agent), is filed in retrieval memory
 * when the channel remembers, is scanned for secrets on its way to an adversary, and completes the task it
 * answers.
 */
import { envelopeText } from '@masec/spec';
import { channelFor, directChannel } from '../channels/channels.js';
import type { AgentState } from './agents.js';
import { type RoundTally, type RunContext, isBlock, noteRefusal, shieldPass } from './run-context.js';

export async function deliverPhase(ctx: RunContext, round: number, tally: RoundTally): Promise<void> {
  const arriving = ctx.inFlight;
  ctx.inFlight = [];
  for (const { envelope, chars } of arriving) {
    const current = await shieldPass(ctx, envelope, 'deliver', round);
    if (isBlock(current)) {
      noteRefusal(ctx.table.byId.get(envelope.from), envelope.id, envelope.to, current.code);
      tally.blocked++;
      continue;
    }
    const text = envelopeText(current);
    ctx.charsAdded += text.length - chars;
    const mail = current.channel !== 'tool' && current.channel !== 'output';
    const channel = mail ? channelFor(current.to, ctx.channel) : directChannel;
    const recipients = channel.recipients(current, ctx.allIds).map((id) => ctx.table.byId.get(id) as AgentState);
    for (const recipient of recipients) {
      recipient.incoming.push(current);
      if (channel.remembers) {
        const first = current.parts[0];
        const marking = first !== undefined && first.kind === 'text' ? (first.marking ?? 'none') : 'none';
        recipient.memory.add({ id: current.id, from: current.from, text, marking, round });
      }
      // What reached the recipient is the content as sent: a deliver-time rewrite (datamarking) changes
      // how it looks, not what it discloses.
      if (mail && ctx.leaks.watches(recipient.view.role === 'adversary')) {
        ctx.leaks.scan(envelopeText(envelope), {
          round,
          to: recipient.view.id,
          id: current.id,
          channel: current.channel,
          sink: 'message',
          external: recipient.view.role === 'adversary',
          skipOwner: recipient.view.id,
        });
      }
    }
    ctx.events.push({ type: 'message-deliver', round, id: current.id, to: current.to });
    tally.delivered++;
    const task = current.inReplyTo;
    if (task !== undefined && ctx.taskSender.get(task) === current.to && !ctx.tasksDone.has(task)) {
      ctx.tasksDone.add(task);
      ctx.events.push({ type: 'task-complete', round, task, agent: current.to });
    }
  }
}
