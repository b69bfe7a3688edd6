import { describe, expect, it } from 'vitest';
import { expandGrid, gridSize, parseGrid, parseGridOption, splitValues } from './grid.js';
import { usageMessage } from '../testing/usage-error.js';


describe('sweep grid: parsing --grid', () => {
  it('splits values at top-level commas only (lists, mappings and quoted strings stay whole)', () => {
    expect(splitValues('0.3, 0.5,0.7')).toEqual(['0.3', '0.5', '0.7']);
    expect(splitValues('[classic, stealth],[polite]')).toEqual(['[classic, stealth]', '[polite]']);
    expect(splitValues('{a: 1, b: 2},"x, y",\'p,q\'')).toEqual(['{a: 1, b: 2}', '"x, y"', "'p,q'"]);
    expect(splitValues('a,,b,')).toEqual(['a', '', 'b', '']);
  });

  it('keeps the path and the value texts as given', () => {
    expect(parseGridOption(' arms[2].defenses[0].config.threshold = 0.3,0.5 ')).toEqual({ path: 'arms[2].defenses[0].config.threshold', values: ['0.3', '0.5'] });
    expect(parseGridOption('threats[0].config.variants=[classic],[classic, stealth]')).toEqual({
      path: 'threats[0].config.variants',
      values: ['[classic]', '[classic, stealth]'],
    });
  });

  it('rejects a missing =, a bad path, an empty grid, an empty value, invalid YAML and a repeated value', () => {
    expect(usageMessage(() => parseGridOption('arms[1].defenses'))).toBe(": expected path=v1,v2,... (no '=' found), e.g. arms[1].defenses[0].config.threshold=0.3,0.5");
    expect(usageMessage(() => parseGridOption('[0].x=1,2'))).toBe("[0].x: a path must start with a field name, not an index (at '[0].x')");
    expect(usageMessage(() => parseGridOption('a..b=1'))).toBe("a..b: expected a field name at '.b'");
    expect(usageMessage(() => parseGridOption('agents.count='))).toBe('agents.count: empty grid: give at least one value after =');
    expect(usageMessage(() => parseGridOption('agents.count=10,,20'))).toBe('agents.count: value 2 of 3 is empty (two commas in a row, or a trailing comma?)');
    expect(usageMessage(() => parseGridOption('agents.count=[1'))).toMatch(/^agents\.count: value is not valid YAML: /);
    expect(usageMessage(() => parseGridOption('x.threshold=0.5,0.50'))).toBe("x.threshold: values '0.5' and '0.50' are the same value");
  });

  it('rejects the same path twice and paths inside one another', () => {
    expect(usageMessage(() => parseGrid(['a.b=1', 'a.b=2']))).toBe("a.b: path 'a.b' is already swept by an earlier --grid; list all its values in one");
    expect(usageMessage(() => parseGrid(['arms[1]={name: x, defenses: []}', 'arms[1].name=y']))).toBe("arms[1].name: path 'arms[1].name' overlaps 'arms[1]' of an earlier --grid; one would overwrite the other");
    // A shared prefix of characters is not nesting.
    expect(parseGrid(['arms[1].name=a', 'arms[10].name=b']).map((a) => a.path)).toEqual(['arms[1].name', 'arms[10].name']);
  });
});

describe('sweep grid: expansion', () => {
  it('is the cartesian product, first axis slowest, each point as --set overrides', () => {
    const axes = parseGrid(['a=1,2', 'b.c=x,y,z']);
    expect(gridSize(axes)).toBe(6);
    const points = expandGrid(axes);
    expect(points.map((p) => p.assignment)).toEqual([
      { a: '1', 'b.c': 'x' },
      { a: '1', 'b.c': 'y' },
      { a: '1', 'b.c': 'z' },
      { a: '2', 'b.c': 'x' },
      { a: '2', 'b.c': 'y' },
      { a: '2', 'b.c': 'z' },
    ]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(points[4]?.sets).toEqual(['a=2', 'b.c=y']);
  });

  it('a single axis gives one point per value; three axes multiply', () => {
    expect(expandGrid(parseGrid(['x=5'])).map((p) => p.sets)).toEqual([['x=5']]);
    expect(expandGrid(parseGrid(['a=1,2', 'b=1,2,3', 'c=1,2,3,4']))).toHaveLength(24);
  });

  it('refuses no axis, and more points than the limit before building them', () => {
    expect(usageMessage(() => expandGrid([]))).toMatch(/^no --grid given/);
    const axes = parseGrid(['a=1,2,3', 'b=1,2,3,4,5']);
    expect(usageMessage(() => expandGrid(axes, 14))).toBe('the grid has 15 points (3 × 5), more than the limit of 14; narrow it or raise --max-points');
    expect(expandGrid(axes, 15)).toHaveLength(15);
  });
});
