import { describe, expect, it } from 'vitest';
import { childAbortController, createAbortController, parseUrl } from './platform.js';

describe('platform helpers', () => {
  it('a child controller aborts with its parent, can abort alone, and unties itself', () => {
    const parent = createAbortController();
    const child = childAbortController(parent.signal);
    const sibling = childAbortController(parent.signal);
    sibling.abort(new Error('only me'));
    expect([parent.signal.aborted, sibling.signal.aborted, child.signal.aborted]).toEqual([false, true, false]);
    parent.abort(new Error('all'));
    expect(child.signal.aborted).toBe(true);
    expect((child.signal.reason as Error).message).toBe('all');
    expect((sibling.signal.reason as Error).message).toBe('only me');
  });

  it('a disposed child no longer follows its parent', () => {
    const parent = createAbortController();
    const child = childAbortController(parent.signal);
    child.dispose();
    parent.abort();
    expect(child.signal.aborted).toBe(false);
  });

  it('a child of an aborted parent starts aborted', () => {
    const parent = createAbortController();
    parent.abort('gone');
    expect(childAbortController(parent.signal).signal.reason).toBe('gone');
  });

  it('parses URLs, and says undefined for what is not one', () => {
    expect(parseUrl('https://agents.example.com/a2a')).toMatchObject({ protocol: 'https:', hostname: 'agents.example.com' });
    expect(parseUrl('not a url')).toBeUndefined();
  });
});
