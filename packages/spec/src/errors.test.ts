import { describe, expect, it } from 'vitest';
import { MasecError, errorCodeOf, errorMessageOf, formatIssue, unknownPluginError } from './errors.js';

describe('errors', () => {
  it('the code of a failure: its own for a MasecError, RUN_CANCELLED for an abort, RUN_FAILED otherwise', () => {
    expect(errorCodeOf(new MasecError('SERVICE_MISSING', 'x'))).toBe('SERVICE_MISSING');
    const abort = new Error('stop');
    abort.name = 'AbortError';
    expect(errorCodeOf(abort)).toBe('RUN_CANCELLED');
    expect(errorCodeOf(new TypeError('boom'))).toBe('RUN_FAILED');
    expect(errorCodeOf('a string')).toBe('RUN_FAILED');
    expect(errorMessageOf(new TypeError('boom'))).toBe('TypeError: boom');
    expect(errorMessageOf(42)).toBe('42');
  });

  it('formats a located issue as file:line:column: path: message, leaving out what is unknown', () => {
    expect(formatIssue({ file: 's.yaml', line: 3, column: 5, path: 'agents.count', message: 'too small' })).toBe('s.yaml:3:5: agents.count: too small');
    expect(formatIssue({ file: 's.yaml', path: '', message: 'empty file' })).toBe('s.yaml: empty file');
    expect(formatIssue({ path: 'seeds', message: 'bad' })).toBe('seeds: bad');
  });

  it('an unknown plugin error lists the valid ids and carries the location', () => {
    const error = unknownPluginError('defense', 'nope', ['a', 'b'], { file: 'f.yaml', line: 2, path: 'defenses[0].id' });
    expect(error.code).toBe('UNKNOWN_PLUGIN');
    expect(error.message).toBe("unknown defense 'nope'; valid defense ids: a, b");
    expect(error.issues).toEqual([{ file: 'f.yaml', line: 2, path: 'defenses[0].id', message: error.message }]);
  });
});
