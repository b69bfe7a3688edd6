import { describe, expect, it } from 'vitest';
import { isMasecError } from '@masec/spec';
import { parseShieldConfig } from './load.js';

function problems(text: string): string[] {
  try {
    parseShieldConfig(text, { file: 'shield.yaml' });
  } catch (error) {
    if (!isMasecError(error)) throw error;
    expect(error.code).toBe('CONFIG_INVALID');
    return error.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`);
  }
  return [];
}

const AGENT = 'agents:\n  - { id: planner, path: /agents/planner, upstream: "http://127.0.0.1:4001/" }\n';

describe('shield config', () => {
  it('applies defaults: loopback, audit beside the config, no admin token, guards parsed by their own schema', () => {
    const { config } = parseShieldConfig(`${AGENT}guards:\n  - id: content-detector\n`, { file: 'shield.yaml' });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(config.agents[0]).toMatchObject({ protocol: 'a2a', clearance: 'internal', cardUrls: 'keep', guards: [] });
    expect(config.guards[0]?.config).toMatchObject({ threshold: 0.5, action: 'flag' });
    expect(config.admin).toEqual({});
  });

  it("checks each guard's config against its defense, at the field's line", () => {
    expect(problems(`${AGENT}guards:\n  - id: content-detector\n    config: { threshold: 2, colour: red }\n`)).toEqual([
      "5:26 guards[0].config.threshold: Too big: expected number to be <=1",
      "5:29 guards[0].config.colour: unknown field 'colour' of content-detector",
    ]);
  });

  it('refuses duplicate ids and paths, admin paths, a setup-only defense and a defense listed twice', () => {
    const text = [
      'agents:',
      '  - { id: a, path: /x, upstream: "http://127.0.0.1:1/" }',
      '  - { id: a, path: /x, upstream: "http://127.0.0.1:2/" }',
      '  - { id: b, path: /_masec/b, upstream: "http://127.0.0.1:3/" }',
      'guards:',
      '  - { id: diversity }',
      '  - { id: quarantine }',
      '  - { id: quarantine }',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      "3:11 agents[1].id: agent 'a' is already agents[0]",
      "3:20 agents[1].path: path '/x' is already agents[0]'s",
      '4:20 agents[2].path: paths under /_masec are the gateway\u2019s admin endpoints',
      "6:11 guards[0].id: defense 'diversity' acts at simulation setup only; it has no hook the gateway could run",
      "8:11 guards[2].id: defense 'quarantine' appears twice in this list",
    ]);
  });

  it('refuses what is not a config: a list, YAML errors, an oversized file', () => {
    expect(problems('- a\n- b\n')).toEqual(['undefined:undefined : a shield config is a YAML mapping with at least `agents`']);
    expect(problems('agents: [\n')[0]).toMatch(/^\d+:\d+ : Flow sequence/);
    expect(problems(`# ${'x'.repeat(1024 * 1024)}\n${AGENT}`)[0]).toMatch(/at most 1048576 \(1 MiB\)$/);
  });
});
