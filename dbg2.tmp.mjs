import { loadScenarioFile } from '@masec/runner';
import { createRegistries, runScenario } from '@masec/sim';
const [file, arm, seeds, ...sets] = process.argv.slice(2);
const { scenario } = loadScenarioFile(file, sets);
const counts = {};
for (let seed = 1; seed <= Number(seeds); seed++) {
  const out = await runScenario(scenario, { seed, arm, registries: createRegistries() });
  const sends = new Map(out.events.filter(e => e.type === 'message-send').map(e => [e.id, e]));
  for (const e of out.events) {
    let key;
    if (e.type === 'message-block') { const s = sends.get(e.id); key = `block msg ${s?.malicious ? 'mal' : 'benign'} ${e.reason.replace(/a\d+/g,'aN')}`; }
    else if ((e.type === 'tool-call') && !e.allowed) key = `block tool ${e.tool} ${e.malicious ? 'mal':'benign'}`;
    else if (e.type === 'memory-write' && !e.allowed) key = `block write ${e.store} ${e.malicious ? 'mal':'benign'}`;
    else if (e.type === 'agent-output' && !e.allowed) key = `block output ${e.malicious ? 'mal':'benign'}`;
    if (key) counts[key] = (counts[key] ?? 0) + 1;
  }
}
console.log(Object.entries(counts).sort().map(([k,v]) => `${(v/Number(seeds)).toFixed(1)}\t${k}`).join('\n'));
