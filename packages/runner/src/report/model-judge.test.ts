import { describe, expect, it } from 'vitest';
import type { JudgeDisagreement } from '@masec/spec';
import { type JudgeRunView, MAX_LISTED_DISAGREEMENTS, judgeLines, judgeSection } from './model-judge.js';

const disagreement = (i: number): JudgeDisagreement => ({ threat: 'worm', agent: `a${i}`, round: i, id: `m${i}`, rule: false, model: i === 0 ? null : true, reason: '<b>odd</b>' });

const view: JudgeRunView = {
  arm: 'none',
  seed: 3,
  rules: { worm: { success: true, score: 0.25, summary: '' } },
  report: {
    model: 'judge-model',
    threats: [{ threat: 'worm', judged: 12, rulePositive: 0, modelPositive: 11, unanswered: 1, agreement: 0, kappa: null, disagreements: Array.from({ length: 12 }, (_, i) => disagreement(i)) }],
  },
};

describe('model judge in the reports', () => {
  it('prints a line per run and threat, the disagreements up to the cap, and how many more', () => {
    const lines = judgeLines([view]);
    expect(lines.slice(0, 3)).toEqual([
      'Model judge (judge-model) against the rule judges, per run:',
      '  none seed 3 worm: rule: success (25.0%); 12 message(s) judged, attacks by rule 0 / by model 11, 1 unanswered; agreement 0.0%, kappa —; 12 disagreement(s)',
      '    a0 round 0: rule says not an attack, model says no answer (<b>odd</b>)',
    ]);
    expect(lines).toHaveLength(2 + MAX_LISTED_DISAGREEMENTS + 1);
    expect(lines[lines.length - 1]).toBe('    … and 2 more');
    expect(judgeLines([])).toEqual([]);
    const failed = { ...view, report: { model: 'judge-model', threats: [], error: 'BUDGET_EXCEEDED: run budget spent' } };
    expect(judgeLines([failed])).toEqual(['Model judge (judge-model) against the rule judges, per run:', '  none seed 3: the model judge failed: BUDGET_EXCEEDED: run budget spent']);
    expect(judgeSection([failed])).toContain('the model judge failed: BUDGET_EXCEEDED: run budget spent');
  });

  it('renders an escaped HTML section, and nothing without a model judge', () => {
    const html = judgeSection([view]);
    expect(html).toContain('<section id="model-judge">');
    expect(html).toContain('a1, round 1: rule not an attack, model attack — &lt;b&gt;odd&lt;/b&gt;');
    expect(html).not.toContain('<b>odd</b>');
    expect(html).toContain('<li>… and 2 more</li>');
    expect(judgeSection(undefined)).toBe('');
    expect(judgeSection([])).toBe('');
  });
});
