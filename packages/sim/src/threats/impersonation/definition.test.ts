import { describe, expect, it } from 'vitest';
import { type MasecEvent, type Scenario, ScenarioSchema } from '@masec/spec';
import { createRegistries } from '../../registries.js';
import { runMessageEngine } from '../../run/run-scenario.js';

const registries = createRegistries();

function scenario(threat: Record<string, unknown> = {}, defenses: unknown[] = []): Scenario {
  return ScenarioSchema.parse({
    id: 'impersonation-test',
    rounds: 8,
    agents: { count: 10, policy: { id: 'stochastic', config: { sendRate: 1, replyRate: 0 } } },
    topology: { kind: 'complete' },
    channel: { kind: 'direct' },
    threats: [{ id: 'impersonation', config: { perRound: 1, startRound: 2, every: 2, attackRounds: 3, ...threat } }],
    defenses,
  });
}

async function run(threat: Record<string, unknown> = {}, defenses: unknown[] = []) {
  const s = scenario(threat, defenses);
  return runMessageEngine({ scenario: s, seed: 5, arm: 'x', defenses: s.defenses, registries });
}

const sends = (events: MasecEvent[]) => events.filter((e): e is Extract<MasecEvent, { type: 'message-send' }> => e.type === 'message-send' && e.threat === 'impersonation');

describe('threat: impersonation', () => {
  it('writes forged, replayed and tampered envelopes onto the network in its attack rounds, under benign agents\u2019 ids', async () => {
    const out = await run();
    const spoofed = sends(out.events);
    expect(spoofed.map((e) => `${e.round}:${e.variant}`)).toEqual(['2:forged', '2:replayed', '2:tampered', '4:forged', '4:replayed', '4:tampered', '6:forged', '6:replayed', '6:tampered']);
    expect(spoofed.every((e) => e.malicious && /^a\d+$/.test(e.from) && e.id.startsWith('n'))).toBe(true);
    // Without defenses each is delivered: the judge and its metric agree.
    expect(out.metrics['impersonation-accepted']).toBe(1);
    expect(out.judges.impersonation).toMatchObject({ success: true, score: 1 });
  });
  it('network injections pass no send hook: with signed envelopes a forgery arrives unsigned and is refused', async () => {
    const out = await run({ variants: ['forged'] }, [{ id: 'signed-envelopes' }]);
    const blocks = out.events.filter((e) => e.type === 'message-block');
    expect(blocks.map((e) => (e as { code: string }).code)).toEqual(['SIGNATURE_INVALID', 'SIGNATURE_INVALID', 'SIGNATURE_INVALID']);
    expect(out.metrics['accepted-forged']).toBe(0);
    // Benign mail is signed by its sender and delivered.
    expect(out.metrics['benign-blocked']).toBe(0);
  });
  it('a replay is the real signed envelope sent again (REPLAY_DETECTED); a tampered one fails its signature', async () => {
    const out = await run({ variants: ['replayed', 'tampered'] }, [{ id: 'signed-envelopes' }]);
    const codes = out.events.filter((e) => e.type === 'message-block').map((e) => (e as { code: string }).code);
    expect(codes.filter((c) => c === 'REPLAY_DETECTED')).toHaveLength(3);
    expect(codes.filter((c) => c === 'SIGNATURE_INVALID')).toHaveLength(3);
    expect(out.metrics['impersonation-accepted']).toBe(0);
  });
});
