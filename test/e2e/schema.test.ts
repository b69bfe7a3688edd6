/**
 * `masec schema`: the JSON Schema editors validate and complete scenario files with, checked with a real
 * draft 2020-12 validator (ajv): every scenario masec accepts passes it; scenarios with a wrong type or an
 * unknown field in a plugin's config, an unknown plugin id, or an unknown top-level field fail it at that
 * field; each plugin's config schema is there for completion.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The formats masec's schema uses (`models[].baseUrl` is a `uri`); any other is an error under strict. */
const FORMATS = { uri: (text: string): boolean => URL.canParse(text) };
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { listBuiltinScenarios, loadScenario } from '@masec/runner';
import { createRegistries } from '@masec/sim';
import { FIXTURES, REPO_ROOT, masec, masecInProcess, parseJson, tempDir } from './helpers.js';

type Schema = Record<string, unknown> & { $defs: Record<string, { allOf: { if: { properties: { id: { const: string } } }; then: { properties: { config: Record<string, unknown> } } }[] }> };

let schema: Schema;
let validate: ValidateFunction;
const GUARD = join(REPO_ROOT, 'test/fixtures/plugins/guard-plugin.mjs');

/** `(instance path) keyword` of each error, e.g. `/threats/0/config/variant enum`. */
const errorsOf = (data: unknown, check: ValidateFunction = validate): string[] => (check(data) ? [] : (check.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.keyword}`));
const yamlFile = (path: string): Record<string, unknown> => parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const configOf = (kind: string, id: string): Record<string, unknown> | undefined =>
  schema.$defs[`${kind}-ref`]?.allOf.find((branch) => branch.if.properties.id.const === id)?.then.properties.config;

beforeAll(async () => {
  const printed = await masec(['schema'], { cwd: tempDir('schema') });
  expect(printed.status).toBe(0);
  schema = parseJson<Schema>(printed.stdout);
  // strict: unknown keywords, formats or ambiguous types in what masec emits are errors too.
  validate = new Ajv2020({ allErrors: true, strict: true, formats: FORMATS }).compile(schema);
});

describe('masec schema', () => {
  it('is a draft 2020-12 schema of strict objects with the required fields', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false });
    expect(schema['required']).toEqual(expect.arrayContaining(['id', 'rounds', 'agents', 'topology']));
  });

  it('accepts every built-in scenario and every test fixture that masec validate accepts', async () => {
    for (const { name, path } of listBuiltinScenarios()) expect([name, ...errorsOf(yamlFile(path))]).toEqual([name]);
    let accepted = 0;
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'))) {
      const valid = await loadScenario(join(FIXTURES, file)).then(
        () => true,
        () => false,
      );
      if (!valid) continue;
      accepted++;
      expect([file, ...errorsOf(yamlFile(join(FIXTURES, file)))]).toEqual([file]);
    }
    expect(accepted).toBeGreaterThanOrEqual(3);
  });

  it("rejects a wrong type or an unknown field in a plugin's config, an unknown plugin id and an unknown top-level field", () => {
    const worm = yamlFile(join(REPO_ROOT, 'scenarios/worm-email.yaml'));
    const withThreat = (config: Record<string, unknown>, id = 'worm'): unknown => ({ ...worm, threats: [{ id, config }] });
    expect(errorsOf(withThreat({ variant: 5 }))).toEqual(expect.arrayContaining(['/threats/0/config/variant type', '/threats/0/config/variant enum', '/threats/0 if']));
    expect(errorsOf(withThreat({ variant: 'stealthy' }))).toContain('/threats/0/config/variant enum');
    expect(errorsOf(withThreat({ varaint: 'stealth' }))).toContain('/threats/0/config additionalProperties');
    expect(errorsOf(withThreat({}, 'worn'))).toContain('/threats/0/id anyOf');
    expect(errorsOf({ ...worm, seedz: 3 })).toEqual([' additionalProperties']);
    // Defenses in arms and policies of groups are plugin references too.
    const arms = [{ name: 'x', defenses: [{ id: 'quarantine', config: { afterFlags: 'two' } }] }];
    expect(errorsOf({ ...worm, arms })).toContain('/arms/0/defenses/0/config/afterFlags type');
    const policy = { id: 'email-assistant', config: { susceptibility: 2 } };
    expect(errorsOf({ ...worm, agents: { count: 500, policy } })).toContain('/agents/policy/config/susceptibility maximum');
    expect(errorsOf({ ...worm, agents: { count: 500, groups: [{ name: 'g', count: 2, policy }] } })).toContain('/agents/groups/0/policy/config/susceptibility maximum');
  });

  it('carries every registered plugin: its id with its description, and its config schema for completion', () => {
    const registries = createRegistries();
    for (const [kind, registry] of [['threat', registries.threats], ['defense', registries.defenses], ['policy', registries.policies]] as const) {
      const idSchema = (schema.$defs[`${kind}-ref`] as unknown as { properties: { id: { anyOf: { const: string; description: string }[] } } }).properties.id;
      expect(idSchema.anyOf).toEqual(registry.list().map((d) => ({ const: d.id, description: d.description })));
      for (const definition of registry.list()) expect([kind, definition.id, configOf(kind, definition.id)?.['type']]).toEqual([kind, definition.id, 'object']);
    }
    expect(configOf('threat', 'worm')).toMatchObject({ properties: { variant: { enum: ['classic', 'polite', 'obfuscated', 'stealth'], default: 'classic' } }, additionalProperties: false });
    expect(configOf('defense', 'quarantine')).toMatchObject({ properties: { afterFlags: { type: 'integer', minimum: 1, default: 1 } } });
    expect(schema['properties']).toMatchObject({ threats: { items: { $ref: '#/$defs/threat-ref' } }, agents: { properties: { policy: { $ref: '#/$defs/policy-ref' } } } });
  });

  it('with --plugin, carries the plugin too: its config is completed and checked', async () => {
    const dir = tempDir('schema');
    const printed = await masecInProcess(['schema', '--plugin', GUARD], dir);
    const extended = parseJson<Schema>(printed.stdout);
    const check = new Ajv2020({ allErrors: true, strict: true, formats: FORMATS }).compile(extended);
    const guarded = yamlFile(join(REPO_ROOT, 'test/fixtures/plugins/guarded.yaml'));
    expect(errorsOf(guarded, check)).toEqual([]);
    expect(errorsOf(guarded)).toContain('/arms/1/defenses/0/id anyOf');
    expect(errorsOf(yamlFile(join(REPO_ROOT, 'test/fixtures/plugins/guarded-bad-config.yaml')), check)).toEqual(
      expect.arrayContaining(['/defenses/0/config/strict type', '/defenses/0/config additionalProperties']),
    );
  });

  it('-o writes what it prints', async () => {
    const dir = tempDir('schema');
    const printed = await masecInProcess(['schema'], dir);
    const written = await masecInProcess(['schema', '-o', 'out.json'], dir);
    expect(written.status).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe(`wrote ${join(dir, 'out.json')}\n`);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(printed.stdout);
  });
});
