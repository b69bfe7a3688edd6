import type { CalibrationFile } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { calibrationFormatOf, formatCalibration, parseCalibration } from './calibration-file.js';

const estimate = (x: number, n: number) => ({ estimate: x / n, low: 0, high: 1, events: x, trials: n });
const FILE: CalibrationFile = {
  kind: 'masec-calibration',
  version: 1,
  scenario: 'worm-email',
  scenarioHash: 'abc',
  agents: 500,
  seeds: [1, 2],
  arms: { none: { transmission: estimate(3, 10), recovery: estimate(1, 4), detection: estimate(0, 5), falsePositive: estimate(0, 100), runs: 2 } },
};

describe('calibration files', () => {
  it('choose JSON or YAML by extension', () => {
    expect(['a.json', 'b.YAML', 'c.yml', 'd.txt', 'json'].map(calibrationFormatOf)).toEqual(['json', 'yaml', 'yaml', undefined, undefined]);
  });

  it('read back what they write, in both formats', () => {
    for (const format of ['json', 'yaml'] as const) {
      const text = formatCalibration(FILE, format);
      expect(text.endsWith('\n')).toBe(true);
      expect(parseCalibration(text, `f.${format}`)).toEqual(FILE);
    }
    expect(formatCalibration(FILE, 'json').startsWith('{\n  "kind": "masec-calibration"')).toBe(true);
    expect(formatCalibration(FILE, 'yaml').startsWith('kind: masec-calibration\n')).toBe(true);
  });

  it('refuse to write a file that would not read back', () => {
    expect(() => formatCalibration({ ...FILE, seeds: [] }, 'json')).toThrow();
  });

  it('name the file and the field of a problem', () => {
    const bad = formatCalibration(FILE, 'json').replace('"runs": 2', '"runs": 0');
    expect(() => parseCalibration(bad, 'cal.json')).toThrow(/cal\.json: arms\.none\.runs: Too small/);
  });
});
