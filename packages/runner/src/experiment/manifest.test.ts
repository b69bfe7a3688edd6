import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFingerprint, fingerprintDirs } from './manifest.js';

describe('code fingerprint', () => {
  it('changes when compiled code changes, and only then', () => {
    const root = mkdtempSync(join(tmpdir(), 'masec-fp-'));
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
    const empty = mkdtempSync(join(tmpdir(), 'masec-fp-'));
    expect(fingerprintDirs({ x: null })).not.toBe(fingerprintDirs({ x: empty }));
  });

  it('fingerprints the installed engine packages', () => {
    expect(codeFingerprint()).toMatch(/^[0-9a-f]{16}$/);
    expect(codeFingerprint()).toBe(codeFingerprint());
  });
});
