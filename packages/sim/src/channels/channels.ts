/** The channel implementations the message engine delivers through (see `Channel` in @masec/spec). */
import { BOARD_ADDRESS, type Channel, type ChannelKind } from '@masec/spec';

const pointToPoint = (kind: ChannelKind, remembers: boolean): Channel => ({
  kind,
  remembers,
  recipients: (envelope) => [envelope.to],
});

export const directChannel: Channel = pointToPoint('direct', false);
export const inboxChannel: Channel = pointToPoint('inbox', true);
export const boardChannel: Channel = {
  kind: 'board',
  remembers: true,
  recipients: (envelope, agents) => agents.filter((id) => id !== envelope.from),
};

const BY_KIND: Readonly<Record<ChannelKind, Channel>> = { direct: directChannel, inbox: inboxChannel, board: boardChannel };

export function channelOf(kind: ChannelKind): Channel {
  return BY_KIND[kind];
}

/** The channel a message takes: the board when addressed to it, else the scenario's point-to-point channel. */
export function channelFor(to: string, scenarioChannel: Channel): Channel {
  return to === BOARD_ADDRESS ? boardChannel : scenarioChannel;
}
