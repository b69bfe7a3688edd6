// A custom defense, registered next to the built-in ones and run on the built-in worm scenario.
// Run after `npm run build`:  node examples/custom-defense/run.mjs [--seeds N] [--agents N]
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { envelopeText } from '@masec/spec';
import { armsOf, createRegistries, runScenario } from '@masec/sim';
import { clampSummary, loadScenarioFile, summarize, unitDomain } from '@masec/runner';

// 1. The defense: a guard that blocks outgoing messages mentioning any configured phrase.
const phraseBlocker = {
  id: 'phrase-blocker',
  specVersion: 'v1',
  description: 'Blocks outgoing messages that contain any of the configured phrases (case-insensitive)',
  kind: 'monitoring',
  targets: ['worm'],
  hooks: ['send'],
  configSchema: z.strictObject({ phrases: z.array(z.string().min(1)).min(1) }),
  cost: { utility: 'benign messages that happen to contain a phrase are lost', rewritesContent: false },
  create(config) {
    const phrases = config.phrases.map((p) => p.toLowerCase());
    return {
      id: 'phrase-blocker',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        const text = envelopeText(envelope).toLowerCase();
        const hit = phrases.find((p) => text.includes(p));
        if (hit === undefined) return next(envelope);
        ctx.flag(1, `contains '${hit}'`);
        return { action: 'block', guard: 'phrase-blocker', reason: `contains '${hit}'` };
      },
    };
  },
};

// 2. Registries are plain data: add the defense next to the built-ins.
const registries = createRegistries();
registries.defenses.register(phraseBlocker);

// 3. Take the built-in scenario, shrink it, and compare no defense with the new one.
const { values } = parseArgs({ options: { seeds: { type: 'string', default: '4' }, agents: { type: 'string', default: '200' } } });
const { scenario } = loadScenarioFile('worm-email', [`agents.count=${values.agents}`]);
const arms = [
  armsOf(scenario)[0],
  { name: 'phrase-blocker', defenses: [{ id: 'phrase-blocker', config: { phrases: ['ignore all previous instructions'] } }] },
];
const withArms = { ...scenario, arms };

for (const arm of arms) {
  const infected = [];
  const blocked = [];
  for (let seed = 1; seed <= Number(values.seeds); seed++) {
    const out = await runScenario(withArms, { seed, arm: arm.name, registries });
    infected.push(out.metrics['infected-fraction']);
    blocked.push(out.metrics['benign-blocked']);
  }
  const s = clampSummary(summarize(infected), unitDomain('fraction'));
  console.log(
    `${arm.name.padEnd(15)} infected ${(100 * s.mean).toFixed(1)}% [${(100 * (s.lo ?? s.mean)).toFixed(1)}, ${(100 * (s.hi ?? s.mean)).toFixed(1)}]` +
      `  benign blocked per run ${summarize(blocked).mean?.toFixed(1)}`,
  );
}
