// Every registered threat and defense must be exercised by at least one test that cites its id
// (in a test name or file), so a catalogue entry cannot land untested.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistries } from '@masec/sim';

const root = resolve(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (name.endsWith('.test.ts') && !full.endsWith('catalogue-coverage.test.ts')) out.push(full);
  }
  return out;
}

const corpus = [join(root, 'packages'), join(root, 'test'), join(root, 'scenarios')].flatMap(testFiles).map((file) => ({
  file,
  text: readFileSync(file, 'utf8'),
}));

function citing(id: string): string[] {
  const pattern = new RegExp(`(['"\`/ :]|^)${id}(['"\`/ :.,)]|$)`, 'm');
  return corpus.filter(({ file, text }) => pattern.test(text) || file.includes(`/${id}/`)).map(({ file }) => file);
}

describe('catalogue coverage', () => {
  const registries = createRegistries();
  for (const threat of registries.threats.list()) {
    it(`threat '${threat.id}' is cited by a test`, () => expect(citing(threat.id).length).toBeGreaterThan(0));
  }
  for (const defense of registries.defenses.list()) {
    it(`defense '${defense.id}' is cited by a test`, () => expect(citing(defense.id).length).toBeGreaterThan(0));
  }
  it('fails for an id nobody tests', () => expect(citing('no-such-defense-xyz')).toEqual([]));
  // The propagation family of the catalogue and the defenses listed against it must all be registered
  // (and so, by the tests above, cited by a test).
  const PROPAGATION_THREATS = ['worm', 'infectious-jailbreak', 'privacy-leak', 'disinformation', 'memory-poisoning', 'cascading-failure'];
  const PROPAGATION_DEFENSES = [
    'provenance-tagging',
    'content-detector',
    'quarantine',
    'taint-labels',
    'propagation-monitor',
    'memory-partition',
    'memory-sanitize',
    'edge-pruning',
    'circuit-breaker',
    'channel-policy',
    'diversity',
  ];
  it('every listed propagation threat is registered', () => {
    for (const id of PROPAGATION_THREATS) expect(registries.threats.has(id), id).toBe(true);
  });
  it('every listed propagation defense is registered', () => {
    for (const id of PROPAGATION_DEFENSES) expect(registries.defenses.has(id), id).toBe(true);
  });
});
