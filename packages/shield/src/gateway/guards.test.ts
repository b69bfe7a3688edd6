import { describe, expect, it } from 'vitest';
import { millisecondClock } from '@masec/spec';
import { parseShieldConfig } from '../config/load.js';
import { GatewayGuards } from './guards.js';

const config = (mode: 'block' | 'strict') =>
  parseShieldConfig(
    JSON.stringify({
      agents: [
        { id: 'a', path: '/a', upstream: 'http://127.0.0.1:1/', guards: [{ id: 'content-detector' }] },
        { id: 'b', path: '/b', upstream: 'http://127.0.0.1:2/' },
      ],
      guards: [{ id: 'quarantine' }],
      quarantine: { mode, strictGuards: [{ id: 'content-detector', config: { action: 'block' } }] },
    }),
    { file: 'x' },
  ).config;

describe('GatewayGuards', () => {
  it('shares the global guards across routes and adds each route\u2019s own after them', () => {
    const guards = new GatewayGuards(config('block'), { clock: millisecondClock(() => 0) });
    const [a, b] = [guards.pipelineFor(config('block').agents[0]!, 'x'), guards.pipelineFor(config('block').agents[1]!, 'x')];
    expect(a.guards.map((g) => g.id)).toEqual(['quarantine', 'content-detector']);
    expect(b.guards.map((g) => g.id)).toEqual(['quarantine']);
    expect(a.guards[0]).toBe(b.guards[0]);
  });

  it('block mode: a quarantine decided on one route holds on every route, and the gateway refuses the agent', () => {
    const c = config('block');
    const guards = new GatewayGuards(c, { clock: millisecondClock(() => 0) });
    guards.spread([{ agent: 'mallory', guard: 'quarantine', reason: 'flagged' }]);
    expect(guards.refuses('mallory')).toBe(true);
    expect(guards.pipelineFor(c.agents[1]!, 'mallory').isQuarantined('mallory')).toBe(true);
    expect(guards.quarantined()).toEqual([{ agent: 'mallory', guard: 'quarantine', reason: 'flagged' }]);
  });

  it('strict mode: a quarantined agent\u2019s traffic goes through the strict guards instead of being refused', () => {
    const c = config('strict');
    const guards = new GatewayGuards(c, { clock: millisecondClock(() => 0) });
    guards.spread([{ agent: 'mallory', guard: 'quarantine', reason: 'flagged' }]);
    expect(guards.refuses('mallory')).toBe(false);
    expect(guards.pipelineFor(c.agents[1]!, 'mallory').guards.map((g) => g.id)).toEqual(['content-detector']);
    expect(guards.pipelineFor(c.agents[1]!, 'alice').guards.map((g) => g.id)).toEqual(['quarantine']);
  });
});
