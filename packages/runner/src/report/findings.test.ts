import { describe, expect, it } from 'vitest';
import { describeFindings } from './findings.js';
import { reportFixture } from './fixture.js';

describe('describeFindings', () => {
  it('compares each arm with the first on security, utility and blocked benign mail', () => {
    const data = reportFixture();
    const lines = describeFindings(data);
    expect(lines).toHaveLength(data.arms.length);
    expect(lines[0]).toMatch(/^none: Infected fraction [\d.]+% \[/);
    for (const [i, arm] of data.arms.slice(1).entries()) expect(lines[i + 1]!.startsWith(`${arm.name} (`)).toBe(true);
    expect(lines.join('\n')).toMatch(/benign messages blocked per run/);
  });

  it('says when a difference is not clear from the intervals', () => {
    const data = reportFixture();
    const copy = structuredClone(data.arms[0]!);
    copy.name = 'same';
    copy.defenses = ['nothing-much'];
    data.arms = [data.arms[0]!, copy];
    const [, line] = describeFindings(data);
    expect(line).toContain('(not clearly different from none)');
    expect(line).toContain('(no clear utility cost)');
  });

  it('returns nothing for an empty report', () => {
    expect(describeFindings({ ...reportFixture(), arms: [] })).toEqual([]);
  });
});
