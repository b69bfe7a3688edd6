/**
 * Attack traffic written straight onto the network (`InjectedMessage.network`): forged, replayed or
 * tampered envelopes that reach their recipient's `deliver` hook without passing any sender-side `send`
 * hook — the claimed sender's client never saw them. A replay copies an envelope as it left its sender
 * (after its `send` pass, signature included), so the engine keeps the envelopes a replay asks for, and only
 * those.
 */
import { DEFAULT_LABELS, type Envelope, type InjectedMessage, envelopeText } from '@masec/spec';
import type { RoundTally, RunContext } from './run-context.js';

/** What replays ask for: the first envelope of `from` sent in or after `round`, captured when it is sent. */
export class ReplaySource {
  readonly #wanted = new Map<string, number[]>();
  readonly #captured = new Map<string, Envelope>();

  constructor(injected: readonly InjectedMessage[]) {
    for (const m of injected) {
      const r = m.network?.replayOf;
      if (r !== undefined) this.#wanted.set(r.from, [...(this.#wanted.get(r.from) ?? []), r.round]);
    }
  }

  get empty(): boolean {
    return this.#wanted.size === 0;
  }

  /** Called with every envelope after its `send` pass. */
  capture(envelope: Envelope, round: number): void {
    const rounds = this.#wanted.get(envelope.from);
    if (rounds === undefined) return;
    for (const wanted of rounds) {
      const key = `${envelope.from}@${wanted}`;
      if (round >= wanted && !this.#captured.has(key)) this.#captured.set(key, envelope);
    }
  }

  get(from: string, round: number): Envelope | undefined {
    return this.#captured.get(`${from}@${round}`);
  }
}

function envelopeFor(ctx: RunContext, message: InjectedMessage, id: string, round: number): Envelope | undefined {
  const replay = message.network?.replayOf;
  if (replay === undefined) {
    return {
      id,
      from: message.from,
      to: message.to,
      channel: 'direct',
      ...(message.subject === undefined ? {} : { subject: message.subject }),
      parts: [{ kind: 'text', text: message.text }],
      labels: DEFAULT_LABELS,
      provenance: { origin: { kind: 'agent', id: message.from }, hops: [message.from] },
      time: round,
    };
  }
  const original = ctx.replays.get(replay.from, replay.round);
  if (original === undefined) return undefined;
  const parts = replay.tamper === true ? original.parts.map((p, i) => (i === 0 && p.kind === 'text' ? { ...p, text: message.text } : p)) : original.parts;
  return { ...original, id, parts };
}

/** Puts this round's network injections in flight (delivered next round through `deliver` only). */
export function injectNetwork(ctx: RunContext, round: number, tally: RoundTally): void {
  let n = 0;
  for (const message of ctx.setup.injected) {
    const network = message.network;
    if (message.round !== round || network === undefined) continue;
    const envelope = envelopeFor(ctx, message, `n${round}.${n}`, round);
    if (envelope === undefined) continue;
    n++;
    const text = envelopeText(envelope);
    ctx.events.push({ type: 'message-send', round, id: envelope.id, from: envelope.from, to: envelope.to, channel: envelope.channel, chars: text.length, malicious: true, threat: network.threat, variant: network.variant });
    tally.sent++;
    ctx.envelopes++;
    ctx.inFlight.push({ envelope, chars: text.length });
  }
}
