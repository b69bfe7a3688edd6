// The security–security trade-off of isolation: the same detector + edge-pruning arm on the same topologies,
// against the email worm and against disinformation. Pruning cuts the edges of whoever the injection detector
// flags. Against the worm that is pure gain: an infected agent is never cured by its neighbours. Against a
// disinformation campaign it also cuts the corrections a convinced agent would have heard.
// Run after `npm run build`:
//   node examples/isolation-tradeoff/run.mjs [--seeds 20] [--topologies chain,cycle,tree,star,random,complete]
import { parseArgs } from 'node:util';
import { loadScenarioFile } from '@masec/runner';
import { pickTopologies, sweep, table } from '../topology-sweep/sweep.mjs';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '20' }, topologies: { type: 'string' } } });
const seeds = Number(values.seeds);
const topologies = pickTopologies(values.topologies);

// One pruning arm for both threats: the built-in disinformation scenario's.
const pruning = loadScenarioFile('disinformation').scenario.arms.find((a) => a.name === 'detector-pruning');
const none = { name: 'none', defenses: [] };
const arms = [none, pruning];

// The worm: the built-in email worm on 30 agents for 30 rounds.
const worm = await sweep({
  scenario: 'worm-email',
  overrides: ['agents.count=30', 'rounds=30'],
  arms,
  topologies,
  seeds,
  metrics: ['infected-fraction', 'benign-blocked'],
});

// Disinformation from outside (the attacker has no edge to cut): it mails 3 random agents a round for
// 15 rounds, then stops. Two networks: one where neighbours' plain answers correct a convinced agent more
// readily than its argument convinces them (cross-checking), and the built-in one, where they do not.
const campaign = ['threats[0].config.entry=outside', 'threats[0].config.reach=sample', 'threats[0].config.targets=3', 'threats[0].config.attackRounds=15'];
const beliefs = ['misinformed-fraction', 'misinformed-recovery', 'benign-blocked'];
const regimes = {
  'cross-checking (correction 0.5)': await sweep({ scenario: 'disinformation', overrides: [...campaign, 'agents.policy.config.correction=0.5'], arms, topologies, seeds, metrics: beliefs }),
  'amplifying (correction 0.1, built-in)': await sweep({ scenario: 'disinformation', overrides: campaign, arms, topologies, seeds, metrics: beliefs }),
};

console.log(`worm-email, 30 agents, 30 rounds: infected fraction, mean [95% CI] over ${seeds} seeds`);
console.log(
  table(
    ['topology', 'none', 'detector-pruning', 'benign blocked (pruning)'],
    worm.map((r) => [r.topology, r.cells.none['infected-fraction'], r.cells['detector-pruning']['infected-fraction'], r.cells['detector-pruning']['benign-blocked']]),
  ),
);
for (const [regime, rows] of Object.entries(regimes)) {
  console.log(`\ndisinformation, outside campaign for 15 of 30 rounds, ${regime}: misinformed at the end and recovery from the peak`);
  console.log(
    table(
      ['topology', 'misinformed none', 'misinformed pruning', 'recovered none', 'recovered pruning', 'benign blocked (pruning)'],
      rows.map((r) => [
        r.topology,
        r.cells.none['misinformed-fraction'],
        r.cells['detector-pruning']['misinformed-fraction'],
        r.cells.none['misinformed-recovery'],
        r.cells['detector-pruning']['misinformed-recovery'],
        r.cells['detector-pruning']['benign-blocked'],
      ]),
    ),
  );
}
