import { describe, expect, it } from 'vitest';
import { createRng } from '../../random/rng.js';
import { type Heard, type UpdateParams, latestPerSender, updateBelief } from './update.js';

const base: UpdateParams = { rule: 'persuasion', stubbornness: 0, persuasion: 0, correction: 0, selfWeight: 1, argumentWeight: 2, factCheck: 0 };
const argued = (from: string, answer = 'C', id = `m-${from}`): Heard => ({ from, id, answer, argument: `trust me on ${answer}` });
const plain = (from: string, answer = 'A', id = `m-${from}`): Heard => ({ from, id, answer });
const rng = () => createRng(7);

describe('belief-update rules (disinformation)', () => {
  it('reads one claim per sender: its latest', () => {
    expect(latestPerSender([plain('a1', 'A', 'x'), argued('a2'), plain('a1', 'B', 'y')]).map((h) => [h.from, h.answer, h.id])).toEqual([
      ['a1', 'B', 'y'],
      ['a2', 'C', 'm-a2'],
    ]);
  });

  it('persuasion: an argued claim convinces with probability persuasion, a plain one with correction, and the argument is adopted', () => {
    const sure = { ...base, persuasion: 1 };
    expect(updateBelief({ answer: 'A' }, 'A', [plain('a1'), argued('a2')], sure, rng())).toEqual({ answer: 'C', argument: 'trust me on C', cause: 'm-a2' });
    expect(updateBelief({ answer: 'A' }, 'A', [argued('a2')], base, rng())).toEqual({ answer: 'A' });
    const corrected = updateBelief({ answer: 'C', argument: 'x' }, 'A', [plain('a1')], { ...base, correction: 1 }, rng());
    expect(corrected).toEqual({ answer: 'A', cause: 'm-a1' });
    // Agreeing claims change nothing.
    expect(updateBelief({ answer: 'A' }, 'A', [plain('a1'), plain('a3')], { ...base, correction: 1 }, rng())).toEqual({ answer: 'A' });
  });

  it('persuasion: the chance to be convinced grows with the number of differing claims (1 - (1-p)^k)', () => {
    const p = { ...base, persuasion: 0.2 };
    const rate = (k: number) => {
      const heard = Array.from({ length: k }, (_, i) => argued(`a${i}`));
      let convinced = 0;
      const r = createRng(11);
      for (let t = 0; t < 4000; t++) if (updateBelief({ answer: 'A' }, 'A', heard, p, r).answer === 'C') convinced++;
      return convinced / 4000;
    };
    expect(rate(1)).toBeCloseTo(0.2, 1);
    expect(rate(4)).toBeCloseTo(1 - 0.8 ** 4, 1);
  });

  it('majority: own answer weighs selfWeight, plain claims 1 and argued ones argumentWeight; a tie with the own answer keeps it', () => {
    const m = { ...base, rule: 'majority' as const };
    // 1 (own A) + 1 (plain A) = 2 vs 2 (argued C): tie keeps A.
    expect(updateBelief({ answer: 'A' }, 'A', [plain('a1'), argued('a2')], m, rng()).answer).toBe('A');
    // 1 + 1 = 2 vs 3: C wins, with the argument.
    expect(updateBelief({ answer: 'A' }, 'A', [plain('a1'), argued('a2')], { ...m, argumentWeight: 3 }, rng())).toEqual({ answer: 'C', argument: 'trust me on C', cause: 'm-a2' });
    // A lone argued claim among many plain ones is outvoted.
    const crowd = [argued('x'), ...Array.from({ length: 5 }, (_, i) => plain(`a${i}`))];
    expect(updateBelief({ answer: 'C', argument: 'x' }, 'A', crowd, { ...m, argumentWeight: 3 }, rng()).answer).toBe('A');
  });

  it('majority: a tie between two other answers is drawn at random, deterministically per stream', () => {
    const m = { ...base, rule: 'majority' as const, selfWeight: 0 };
    const heard = [plain('a1', 'B'), plain('a2', 'D'), plain('a3', 'B'), plain('a4', 'D')];
    const seen = new Set<string>();
    for (let s = 0; s < 40; s++) seen.add(updateBelief({ answer: 'A' }, 'A', heard, m, createRng(s)).answer);
    expect([...seen].sort()).toEqual(['B', 'D']);
    expect(updateBelief({ answer: 'A' }, 'A', heard, m, createRng(3))).toEqual(updateBelief({ answer: 'A' }, 'A', heard, m, createRng(3)));
  });

  it('stubbornness 1 ignores the neighbours; factCheck 1 returns to the prior', () => {
    expect(updateBelief({ answer: 'A' }, 'A', [argued('a1')], { ...base, persuasion: 1, stubbornness: 1 }, rng())).toEqual({ answer: 'A' });
    expect(updateBelief({ answer: 'C', argument: 'x' }, 'A', [], { ...base, factCheck: 1 }, rng())).toEqual({ answer: 'A' });
    // Fact-checking happens after the update, in the same round.
    expect(updateBelief({ answer: 'A' }, 'A', [argued('a1')], { ...base, persuasion: 1, factCheck: 1 }, rng())).toEqual({ answer: 'A' });
  });
});
