import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dirs.js';
import { codeFingerprint, fingerprintDirs } from './manifest.js';
import { experimentId } from './run-experiment.js';

describe('code fingerprint', () => {
  it('changes when compiled code changes, and only then', () => {
    const root = tempDir('masec-fp-');
    mkdirSync(join(root, 'engine'));
    writeFileSync(join(root, 'index.js'), 'export const a = 1;\n');
    writeFileSync(join(root, 'engine', 'run.js'), 'export const b = 2;\n');
    writeFileSync(join(root, 'index.d.ts'), 'export declare const a: number;\n');
    const before = fingerprintDirs({ '@masec/sim': root });
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintDirs({ '@masec/sim': root })).toBe(before);
    writeFileSync(join(root, 'index.d.ts'), 'export declare const a: 1;\n');
    expect(fingerprintDirs({ '@masec/sim': root })).toBe(before);
    writeFileSync(join(root, 'engine', 'run.js'), 'export const b = 3;\n');
    expect(fingerprintDirs({ '@masec/sim': root })).not.toBe(before);
  });

  it('distinguishes a missing package from an empty one', () => {
    const empty = tempDir('masec-fp-');
    expect(fingerprintDirs({ x: null })).not.toBe(fingerprintDirs({ x: empty }));
  });

  it('fingerprints the compiled code of the four engine packages as they are installed', () => {
    // Resolved here independently of manifest.ts: the fingerprint must be of exactly these directories.
    const require = createRequire(import.meta.url);
    const names = ['@masec/spec', '@masec/defenses', '@masec/sim', '@masec/runner'];
    const roots = Object.fromEntries(names.map((name) => [name, dirname(require.resolve(name))]));
    for (const root of Object.values(roots)) expect(root).toMatch(/\/packages\/[a-z]+\/dist$/);
    expect(codeFingerprint()).toBe(fingerprintDirs(roots));
    // Not the fingerprint of packages that failed to resolve, nor of a set missing one of them.
    expect(codeFingerprint()).not.toBe(fingerprintDirs(Object.fromEntries(names.map((name) => [name, null]))));
    expect(codeFingerprint()).not.toBe(fingerprintDirs({ ...roots, '@masec/sim': null }));
  });

  it('is part of the experiment id: other engine code, another experiment', () => {
    const versions = { '@masec/sim': '0.1.0' };
    const id = experimentId('hash', ['none'], [1, 2], { ...versions, code: codeFingerprint() });
    expect(id).toMatch(/^exp-[0-9a-f]{12}$/);
    expect(experimentId('hash', ['none'], [1, 2], { ...versions, code: codeFingerprint() })).toBe(id);
    expect(experimentId('hash', ['none'], [1, 2], { ...versions, code: '0000000000000000' })).not.toBe(id);
  });
});
