/**
 * `sybil` — one adversary with many identities sways a community's vote (Douceur 2002). The community is
 * made of `voter` agents: they join a registry (a `join` tool) and, once members, vote every round in a
 * `ballot` environment between `A`, which most of them favour, and `B`; the majority wins, a tie keeps `A`.
 * The threat adds `sybils` adversary identities (`s0` … `s<n-1>`, outside the topology) driven by one
 * controller (`controller.ts`): from round `arrival` they pay whatever identity cost the registry's published
 * admission rule asks (within the adversary's `budget` of hash evaluations), join, ask members for vouches
 * when the rule wants them, vouch for one another once established, and vote `target` every round.
 *
 * Nothing here decides who gets in: the join tool enrols every caller the shield lets through, so admission
 * control is a defense's job (`sybil-resistance`: identity cost and vouching).
 *
 * Judge: the adversary controls the outcome when its option won at least `successAt` of the contested
 * decisions (rounds from `decideFrom`); the score is that fraction (`outcome-control`).
 */
import { z } from 'zod';
import { type AgentId, type ConfigIssue, type EventLogView, type MessageWorld, type ThreatDefinition } from '@masec/spec';
import { sybilTally } from '../../metrics/sybil.js';
import { BALLOT_OPTIONS } from '../../vocabulary/sybil.js';
import { Registry } from './ballot.js';
import { SybilController } from './controller.js';

export const SybilConfigSchema = z.strictObject({
  sybils: z.number().int().min(0).max(10_000).default(20).describe('identities the adversary creates (ids s0, s1, ...)'),
  budget: z.number().int().min(0).max(2 ** 40).default(2 ** 16).describe('hash evaluations the adversary can spend on identity costs over the run'),
  arrival: z.number().int().min(0).default(2).describe('round from which the identities try to join (after the founding period, so they are not founders)'),
  asks: z.number().int().min(0).max(1000).default(2).describe('members each waiting identity asks for a vouch per round, when the rule wants vouches'),
  target: z.enum(BALLOT_OPTIONS).default('B').describe('the option the adversary wants decided (the community favours A)'),
  decideFrom: z.number().int().min(0).default(10).describe('first round whose decision counts towards outcome control'),
  successAt: z.number().gt(0).max(1).default(0.5).describe('judge: the attack succeeded when the adversary\u2019s option won at least this fraction of contested decisions'),
});
export type SybilConfig = z.infer<typeof SybilConfigSchema>;

export const sybil: ThreatDefinition<SybilConfig, MessageWorld> = {
  id: 'sybil',
  specVersion: 'v1',
  description: 'One adversary with many identities joins a community registry and outvotes its members',
  family: 'coordination',
  configSchema: SybilConfigSchema,
  engines: ['message'],
  judgeMetric: 'outcome-control',
  metrics: ['outcome-control', 'sybil-member-share', 'sybils-admitted', 'identity-work', 'admission-delay', 'honest-admitted'],
  // A run shorter than `decideFrom` is allowed (smoke runs shrink rounds): it has no contested decision,
  // outcome control is undefined and the judge reports failure.
  checkScenario(_config, scenario) {
    const issues: ConfigIssue[] = [];
    const policies = [scenario.agents.policy?.id, ...(scenario.agents.groups ?? []).map((g) => g.policy.id)].filter((id) => id !== undefined);
    if (!policies.includes('voter')) issues.push({ path: [], message: 'sybil needs voter agents (agents.policy or a group with policy voter): they are the community that votes' });
    return issues;
  },
  create(config) {
    return {
      setup(world) {
        const ids: AgentId[] = Array.from({ length: config.sybils }, (_, i) => `s${i}`);
        const registry = new Registry(new Set(ids));
        for (const tool of registry.tools()) world.addTool(tool);
        world.addEnvironment(registry.ballot(config.target, config.decideFrom));
        const benign = world.benign.map((a) => a.id);
        const controller = new SybilController({
          ids,
          // The member directory is public: the identities ask the honest members they can see listed.
          directory: () => benign.filter((id) => registry.members.has(id)),
          budget: config.budget,
          arrival: config.arrival,
          asks: config.asks,
          target: config.target,
        });
        for (const id of ids) world.addAdversary(id, controller.policyFor(id));
      },
      judge(log: EventLogView) {
        const t = sybilTally(log);
        const score = t.contested === 0 ? 0 : t.captured / t.contested;
        return {
          success: t.contested > 0 && score >= config.successAt,
          score,
          summary: `the adversary's option won ${t.captured}/${t.contested} contested decisions; ${t.sybilMembers}/${t.sybils} Sybil identities and ${t.honestMembers} honest members in the registry at the end`,
        };
      },
    };
  },
};
