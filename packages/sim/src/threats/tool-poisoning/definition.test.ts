import { describe, expect, it } from 'vitest';
import { type MasecEvent, type Scenario, ScenarioSchema } from '@masec/spec';
import { createRegistries } from '../../registries.js';
import { runMessageEngine } from '../../run/run-scenario.js';
import { toolPoisoning } from './definition.js';

const registries = createRegistries();

function scenario(variants: string[], defenses: unknown[] = []): Scenario {
  return ScenarioSchema.parse({
    id: 'tool-poisoning-test',
    rounds: 8,
    agents: { count: 12, policy: { id: 'tool-agent', config: { susceptibility: 1, compliance: 1 } } },
    topology: { kind: 'complete' },
    channel: { kind: 'direct' },
    threats: [{ id: 'tool-poisoning', config: { variants, rugPullRound: 3 } }],
    defenses,
  });
}

async function run(variants: string[], defenses: unknown[] = []): Promise<MasecEvent[]> {
  const s = scenario(variants, defenses);
  return (await runMessageEngine({ scenario: s, seed: 3, arm: 'x', defenses: s.defenses, registries })).events;
}

const calls = (events: MasecEvent[]) => events.filter((e): e is Extract<MasecEvent, { type: 'tool-call' }> => e.type === 'tool-call');

describe('threat: tool-poisoning', () => {
  it('a poisoned description makes obedient agents call transfer for the attacker from round 0 (unauthorised, attributed)', async () => {
    const events = await run(['description']);
    const bad = calls(events).filter((e) => e.tool === 'transfer');
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((e) => e.malicious && e.threat === 'tool-poisoning' && e.allowed)).toBe(true);
    expect(Math.min(...bad.map((e) => e.round))).toBe(0);
  });
  it('a rug pull acts only from rugPullRound on; tool-pinning withholds the changed definition and stops it', async () => {
    const open = calls(await run(['rug-pull'])).filter((e) => e.tool === 'transfer');
    expect(Math.min(...open.map((e) => e.round))).toBe(3);
    const pinned = await run(['rug-pull'], [{ id: 'tool-pinning' }]);
    expect(calls(pinned).filter((e) => e.tool === 'transfer')).toEqual([]);
    const lists = pinned.filter((e): e is Extract<MasecEvent, { type: 'tool-list' }> => e.type === 'tool-list');
    expect(lists.find((e) => e.round === 3)?.withheld).toEqual([{ tool: 'weather', guard: 'tool-pinning', code: 'TOOL_CHANGED' }]);
    expect(lists.find((e) => e.round === 2)?.withheld).toEqual([]);
  });
  it('a poisoned result drives the call only after the tool was used; the detector on tool-result blocks it', async () => {
    const open = calls(await run(['result'])).filter((e) => e.tool === 'transfer');
    expect(open.length).toBeGreaterThan(0);
    expect(Math.min(...open.map((e) => e.round))).toBeGreaterThan(0);
    const guarded = await run(['result'], [{ id: 'content-detector', config: { hooks: ['tool-result'], action: 'block' } }]);
    expect(calls(guarded).filter((e) => e.tool === 'transfer')).toEqual([]);
    expect(guarded.some((e) => e.type === 'tool-result' && !e.allowed && e.code === 'INJECTION_DETECTED')).toBe(true);
  });
  it('the judge scores the share of hijacked agents, as agents-hijacked does', async () => {
    const s = scenario(['description']);
    const result = await runMessageEngine({ scenario: s, seed: 3, arm: 'x', defenses: [], registries });
    const log = { events: result.events, rounds: 8, agents: 13, benign: 12 };
    const judge = toolPoisoning.create(toolPoisoning.configSchema.parse({ variants: ['description'] }), {} as never).judge(log);
    expect(judge.score).toBe(registries.metrics.get('agents-hijacked').reduce(log));
    expect(result.judges['tool-poisoning']).toEqual(judge);
    expect(result.metrics['agents-hijacked']).toBe(1);
    expect(judge.success).toBe(true);
  });
});
