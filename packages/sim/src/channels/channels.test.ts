import { describe, expect, it } from 'vitest';
import type { Envelope } from '@masec/spec';
import { boardChannel, channelFor, channelOf, directChannel, inboxChannel } from './channels.js';

const env = (from: string, to: string) => ({ from, to }) as Envelope;

describe('channels', () => {
  it('direct and inbox go to the addressee; only the inbox files mail in memory', () => {
    expect(directChannel.recipients(env('a0', 'a2'), ['a0', 'a1', 'a2'])).toEqual(['a2']);
    expect(inboxChannel.recipients(env('a0', 'a2'), ['a0', 'a1', 'a2'])).toEqual(['a2']);
    expect([directChannel.remembers, inboxChannel.remembers]).toEqual([false, true]);
  });

  it('the board reaches every agent but the poster, and is remembered', () => {
    expect(boardChannel.recipients(env('a1', 'board'), ['a0', 'a1', 'a2', 'attacker'])).toEqual(['a0', 'a2', 'attacker']);
    expect(boardChannel.remembers).toBe(true);
  });

  it('routes mail addressed to the board through the board, the rest through the scenario channel', () => {
    expect(channelFor('board', directChannel)).toBe(boardChannel);
    expect(channelFor('a3', directChannel)).toBe(directChannel);
    expect(channelOf('inbox')).toBe(inboxChannel);
  });
});
