import type { AgentId, Envelope } from './envelope.js';

export const CHANNEL_KINDS = ['direct', 'inbox', 'board'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/**
 * How an envelope travels once the shield let it through: who receives it, and whether receiving files it
 * in the recipient's retrieval memory (where a zero-click payload lands).
 *  - `direct`: point to point, not remembered;  - `inbox`: point to point, filed in memory (email);
 *  - `board`: a shared blackboard — every other agent reads each post, and files it.
 */
export interface Channel {
  readonly kind: ChannelKind;
  /** Whether a delivery is filed in the recipient's retrieval memory. */
  readonly remembers: boolean;
  /** The recipients of `envelope` among `agents` (all agents of the world, benign and adversary). */
  recipients(envelope: Envelope, agents: readonly AgentId[]): AgentId[];
}

/** The address that posts to the shared board instead of to an agent. */
export const BOARD_ADDRESS = 'board';
