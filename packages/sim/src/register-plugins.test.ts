// Plugins next to the built-ins: the shape check of a module's export, and registration with id clashes.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type DefenseDefinition, HOOKS, type MasecPlugin, type MetricDefinition, isMasecError } from '@masec/spec';
import { quarantine } from '@masec/defenses';
import { createRegistries } from './registries.js';
import { checkPlugin, registerPlugins } from './register-plugins.js';

const guard: DefenseDefinition<{ strict: boolean }> = {
  id: 'test-guard',
  specVersion: 'v1',
  description: 'A guard for the plugin tests',
  kind: 'monitoring',
  targets: ['worm'],
  hooks: ['send'],
  configSchema: z.strictObject({ strict: z.boolean().default(false) }),
  cost: { utility: 'none', rewritesContent: false },
  create: () => ({ id: 'test-guard', hooks: ['send'], handle: (envelope, _ctx, next) => next(envelope) }),
};
const metric: MetricDefinition = { id: 'test-count', specVersion: 'v1', description: 'Events', label: 'events', unit: 'count', better: 'lower', reduce: (log) => [...log.events].length };
const plugin = (name: string, defenses: readonly unknown[] = [guard], metrics: readonly unknown[] = [metric]): MasecPlugin =>
  ({ specVersion: 'v1', name, defenses, metrics }) as unknown as MasecPlugin;

function problems(value: unknown): string[] {
  try {
    checkPlugin(value, '/plugins/p.mjs');
  } catch (error) {
    if (!isMasecError(error)) throw error;
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message.split('\n')[0]).toBe('plugin /plugins/p.mjs is not a valid masec plugin:');
    expect(error.issues.every((i) => i.file === '/plugins/p.mjs')).toBe(true);
    return error.issues.map((i) => i.message);
  }
  throw new Error('expected checkPlugin to throw');
}

describe('checkPlugin', () => {
  it('accepts a plugin with a defense and a metric, and returns it unchanged', () => {
    const p = plugin('p');
    expect(checkPlugin(p, 'p.mjs')).toBe(p);
    expect(checkPlugin({ specVersion: 'v1', name: 'empty' }, 'e.mjs')).toEqual({ specVersion: 'v1', name: 'empty' });
  });

  it('names every problem: not an object, wrong version, missing name, a section that is not a list, unknown fields', () => {
    expect(problems(null)).toEqual(['the plugin must be an object (got null)']);
    expect(problems(() => undefined)).toEqual(['the plugin must be an object (got function)']);
    expect(problems({ specVersion: 'v2', defenses: {}, extra: 1 })).toEqual([
      "specVersion must be 'v1' (got string)",
      'name must be a non-empty string (got undefined)',
      'defenses must be an array (got object)',
      "unknown field 'extra' (a plugin has specVersion, name, threats, defenses, policies, metrics)",
    ]);
  });

  it('checks each definition by kind and names it by section, index and id', () => {
    const noSchema = { ...guard, configSchema: { parse: () => ({}) }, hooks: ['sent'] };
    const badMetric = { ...metric, id: 'Bad Id', reduce: undefined, better: 'up' };
    expect(problems(plugin('p', [noSchema, 7], [badMetric]))).toEqual([
      "defenses[0] ('test-guard'): configSchema must be a zod 4 schema (got object)",
      `defenses[0] ('test-guard'): hooks must be an array of hooks (${HOOKS.join(', ')}) (got an array)`,
      'defenses[1] must be a defense definition object (got number)',
      "metrics[0] ('Bad Id'): id must be a kebab-case string (got 'Bad Id')",
      "metrics[0] ('Bad Id'): better must be 'higher' or 'lower' (got string)",
      "metrics[0] ('Bad Id'): reduce must be a function (got undefined)",
    ]);
    const threat = { id: 'x', specVersion: 'v1', description: 'd', configSchema: z.object({}), create: () => ({}), family: 'propagation', metrics: [], engines: [], judgeMetric: 'm' };
    expect(problems({ specVersion: 'v1', name: 'p', threats: [threat], policies: [{ id: 'pol', specVersion: 'v1', description: 'd' }] })).toEqual([
      "threats[0] ('x'): engines must be a non-empty array of 'message', 'population' (got an array)",
      "policies[0] ('pol'): configSchema must be a zod 4 schema (got undefined)",
      "policies[0] ('pol'): create must be a function (got undefined)",
    ]);
  });
});

describe('registerPlugins', () => {
  it('adds every definition next to the built-ins, in place', () => {
    const registries = createRegistries();
    expect(registerPlugins(registries, [plugin('p')])).toBe(registries);
    expect(registries.defenses.get('test-guard')).toBe(guard);
    expect(registries.metrics.get('test-count')).toBe(metric);
    expect(registries.defenses.has('quarantine')).toBe(true);
  });

  it('refuses an id a built-in has, or another plugin, naming both, and then registers nothing', () => {
    const registries = createRegistries();
    const clash = (plugins: MasecPlugin[]): string => {
      try {
        registerPlugins(registries, plugins);
      } catch (error) {
        if (!isMasecError(error)) throw error;
        expect(error.code).toBe('PLUGIN_INVALID');
        return error.message;
      }
      throw new Error('expected a clash');
    };
    expect(clash([plugin('mine', [guard, quarantine])])).toBe("plugin 'mine' defines defense 'quarantine', which is already registered by masec (built in)");
    expect(clash([plugin('first'), plugin('second', [guard], [])])).toBe("plugin 'second' defines defense 'test-guard', which is already registered by plugin 'first'");
    expect(registries.defenses.has('test-guard')).toBe(false);
    expect(registries.metrics.has('test-count')).toBe(false);
    registerPlugins(registries, [plugin('p')]);
    expect(clash([plugin('again', [], [metric])])).toBe("plugin 'again' defines metric 'test-count', which is already registered by a plugin loaded before");
  });
});
