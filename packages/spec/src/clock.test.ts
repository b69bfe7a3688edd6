import { describe, expect, it } from 'vitest';
import { RoundClock, millisecondClock } from './clock.js';

describe('clocks', () => {
  it('a round clock reads the round it was set to and never goes back', () => {
    const clock = new RoundClock();
    expect([clock.unit, clock.now()]).toEqual(['round', 0]);
    clock.set(3);
    clock.set(3);
    expect(clock.now()).toBe(3);
    expect(() => clock.set(2)).toThrow('round clock cannot go back from 3 to 2');
    expect(() => clock.set(Number.NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(3);
  });

  it('a millisecond clock follows its source but never runs backwards when the source steps back', () => {
    let wall = 1_000;
    const clock = millisecondClock(() => wall);
    expect([clock.unit, clock.now()]).toEqual(['ms', 1_000]);
    wall = 1_500;
    expect(clock.now()).toBe(1_500);
    wall = 900; // NTP stepped the wall clock back
    expect(clock.now()).toBe(1_500);
    wall = 2_000;
    expect(clock.now()).toBe(2_000);
  });
});
