/**
 * Mail writing shared by the mail policies: a new mail to a random contact, and an answer to a mail.
 * Each consumes the agent's random stream in a fixed order, so policies built on them stay reproducible.
 */
import { type Envelope, type Observation, type SendAction, envelopeText } from '@masec/spec';
import { composeBenignMail, composeReply } from '../world-data/corpus.js';
import { displayName } from '../world-data/names.js';

/** With probability `sendRate`, a new corpus mail to a random contact (a task when it asks for an answer). */
export function maybeNewMail(obs: Observation, sendRate: number, selfName: string): SendAction | undefined {
  if (obs.contacts.length === 0 || !obs.rng.chance(sendRate)) return undefined;
  const to = obs.rng.pick(obs.contacts);
  const mail = composeBenignMail(obs.rng, { from: obs.self.id, to, senderName: selfName, recipientName: displayName(to) });
  return { kind: 'send', to, subject: mail.subject, text: mail.text, ...(mail.task ? { task: true } : {}) };
}

/** An answer to `mail`, and the text of the mail it answers (what a reader would search its memory with). */
export function answer(obs: Observation, mail: Envelope, selfName: string): { action: SendAction; incomingText: string } {
  const incomingText = envelopeText(mail);
  const reply = composeReply(obs.rng, { subject: mail.subject ?? '', text: incomingText }, { senderName: selfName, recipientName: displayName(mail.from) });
  return { action: { kind: 'send', to: mail.from, subject: reply.subject, text: reply.text, inReplyTo: mail.id }, incomingText };
}
