/**
 * Cross-field checks the schema cannot express on its own: constraints between fields (topology
 * parameters against the agent count), uniqueness of arm names, and the models that agents, groups and
 * arms name (`modelIssues` in spec).
 */
import { MAX_MESSAGE_AGENTS, type Scenario, modelIssues, resolveEngine } from '@masec/spec';
import type { RawIssue } from './zod-issues.js';

function topologyIssues(scenario: Scenario): RawIssue[] {
  const topology = scenario.topology;
  const n = scenario.agents.count;
  const issues: RawIssue[] = [];
  const add = (field: string, message: string, ...subfields: string[]): void => {
    issues.push({ path: ['topology', field, ...subfields], message });
  };
  switch (topology.kind) {
    case 'ring':
      if (2 * topology.k >= n) add('k', `ring k must be less than agents.count / 2 (k=${topology.k}, agents.count=${n})`);
      break;
    case 'watts-strogatz':
      if (topology.k % 2 !== 0) add('k', `watts-strogatz k must be even (k=${topology.k})`);
      if (topology.k >= n) add('k', `watts-strogatz k must be less than agents.count (k=${topology.k}, agents.count=${n})`);
      break;
    case 'barabasi-albert':
      if (topology.m >= n) add('m', `barabasi-albert m must be less than agents.count (m=${topology.m}, agents.count=${n})`);
      break;
    case 'erdos-renyi':
      if (topology.p === undefined && topology.meanDegree === undefined) {
        add('p', 'erdos-renyi needs p (edge probability) or meanDegree');
      } else if (topology.p !== undefined && topology.meanDegree !== undefined) {
        add('meanDegree', 'give either p or meanDegree, not both');
      } else if (topology.meanDegree !== undefined && topology.meanDegree > n - 1) {
        add('meanDegree', `meanDegree must be at most agents.count - 1 (meanDegree=${topology.meanDegree}, agents.count=${n})`);
      }
      break;
    case 'configuration-model': {
      const degrees = topology.degrees;
      if (degrees.kind === 'power-law') {
        if (degrees.max < degrees.min) add('degrees', `power-law max must be at least min (max=${degrees.max}, min=${degrees.min})`, 'max');
        else if (degrees.max > n - 1) add('degrees', `power-law max must be at most agents.count - 1 (max=${degrees.max}, agents.count=${n})`, 'max');
      } else if (degrees.kind === 'poisson' && degrees.mean > n - 1) {
        add('degrees', `poisson mean must be at most agents.count - 1 (mean=${degrees.mean}, agents.count=${n})`, 'mean');
      }
      break;
    }
    default:
      break;
  }
  return issues;
}

function armIssues(scenario: Scenario): RawIssue[] {
  const issues: RawIssue[] = [];
  const first = new Map<string, number>();
  (scenario.arms ?? []).forEach((arm, j) => {
    const earlier = first.get(arm.name);
    if (earlier === undefined) first.set(arm.name, j);
    else issues.push({ path: ['arms', j, 'name'], message: `duplicate arm name '${arm.name}' (also used by arms[${earlier}])` });
  });
  return issues;
}

/** What each engine needs: the message engine a policy and at most MAX_MESSAGE_AGENTS agents; the population engine its block. */
function engineIssues(scenario: Scenario): RawIssue[] {
  const engine = resolveEngine(scenario);
  const issues: RawIssue[] = [];
  if (engine === 'message') {
    const grouped = (scenario.agents.groups ?? []).reduce((sum, g) => sum + g.count, 0);
    if (scenario.agents.policy === undefined && grouped < scenario.agents.count) {
      const which = grouped === 0 ? '' : ` for the ${scenario.agents.count - grouped} agents outside groups`;
      issues.push({ path: ['agents'], message: `the message engine needs agents.policy${which} (or add a population block to run on the population engine)` });
    }
    if (scenario.agents.count > MAX_MESSAGE_AGENTS) {
      const hint = scenario.engine === 'auto' ? 'add a population block' : 'use engine: population with a population block';
      issues.push({
        path: ['agents', 'count'],
        message: `the message engine runs at most ${MAX_MESSAGE_AGENTS.toLocaleString('en-US')} agents, got ${scenario.agents.count.toLocaleString('en-US')}; ${hint}`,
      });
    }
  } else if (engine === 'market') {
    issues.push(...marketIssues(scenario));
  } else if (scenario.population === undefined) {
    issues.push({ path: ['engine'], message: 'the population engine needs a population block (transmission, recovery, ...)' });
  } else if (scenario.population.model === 'pairing' && scenario.topology.kind !== 'random-pairing') {
    issues.push({ path: ['population', 'model'], message: `the pairing model needs topology kind random-pairing, got ${scenario.topology.kind}` });
  } else if (scenario.population.model === 'contact' && scenario.topology.kind === 'random-pairing') {
    issues.push({ path: ['population', 'model'], message: 'the contact model needs a static topology; random-pairing goes with model: pairing' });
  }
  return issues;
}

/** Most entries the market engine's Q table may have (it is one typed array). */
const MAX_Q_ENTRIES = 2 ** 31;

/** Most periods a session of language-model firms may ask for. */
const MAX_LLM_PERIODS = 10_000;

/** The market engine: its block, firms that are Q-learners or models (no policies), per-firm values, table sizes or periods. */
function marketIssues(scenario: Scenario): RawIssue[] {
  const market = scenario.market;
  if (market === undefined) return [{ path: ['engine'], message: 'the market engine needs a market block (demand, grid, learning)' }];
  const issues: RawIssue[] = [];
  const firms = scenario.agents.count;
  if (scenario.agents.policy !== undefined) issues.push({ path: ['agents', 'policy'], message: 'the market engine\u2019s firms are Q-learners (or, with market.llm, language models): agents.policy does not apply (leave it out)' });
  for (const field of ['quality', 'cost'] as const) {
    const value = market.demand[field];
    if (Array.isArray(value) && value.length !== firms) issues.push({ path: ['market', 'demand', field], message: `${value.length} values for ${firms} firms (agents.count)` });
  }
  if (market.deviation.firm >= firms) issues.push({ path: ['market', 'deviation', 'firm'], message: `no firm ${market.deviation.firm}: firms are 0 to ${firms - 1}` });
  if (market.llm !== undefined) {
    if ((scenario.models ?? []).length === 0) issues.push({ path: ['market', 'llm'], message: 'language-model firms need a model: declare one in the models block' });
    if (market.window !== undefined) issues.push({ path: ['market', 'window'], message: 'language-model firms are checked every market.llm.window periods: market.window is for Q-learners (leave it out)' });
    if (scenario.rounds > MAX_LLM_PERIODS) {
      issues.push({ path: ['rounds'], message: `language-model firms play at most ${MAX_LLM_PERIODS.toLocaleString('en-US')} periods (one model call per firm per period), got ${scenario.rounds.toLocaleString('en-US')}` });
    }
    return issues;
  }
  const entries = firms * market.grid.prices ** (firms + 1);
  if (entries > MAX_Q_ENTRIES) {
    issues.push({ path: ['agents', 'count'], message: `${firms} firms with ${market.grid.prices} prices need a Q table of ${entries.toExponential(2)} entries, more than one array holds (${MAX_Q_ENTRIES.toExponential(2)}): use fewer firms or prices` });
  }
  return issues;
}

/** Groups: distinct names, no more agents than `agents.count`, and only on the message engine. */
function groupIssues(scenario: Scenario): RawIssue[] {
  const groups = scenario.agents.groups;
  if (groups === undefined) return [];
  const issues: RawIssue[] = [];
  if (resolveEngine(scenario) !== 'message') {
    issues.push({ path: ['agents', 'groups'], message: `agent groups run on the message engine only; the ${resolveEngine(scenario)} engine models one population` });
  }
  const first = new Map<string, number>();
  let total = 0;
  groups.forEach((group, j) => {
    const earlier = first.get(group.name);
    if (earlier === undefined) first.set(group.name, j);
    else issues.push({ path: ['agents', 'groups', j, 'name'], message: `duplicate group name '${group.name}' (also used by agents.groups[${earlier}])` });
    total += group.count;
  });
  if (total > scenario.agents.count) {
    issues.push({ path: ['agents', 'groups'], message: `the groups hold ${total} agents but agents.count is ${scenario.agents.count}` });
  }
  return issues;
}

/** The model judge: a declared model, threats the scenario has, and the message engine (it reads sent mail). */
function judgeIssues(scenario: Scenario): RawIssue[] {
  const judge = scenario.judge;
  if (judge === undefined) return [];
  const issues: RawIssue[] = [];
  const declared = (scenario.models ?? []).map((m) => m.id);
  if (!declared.includes(judge.model)) {
    issues.push({ path: ['judge', 'model'], message: `'${judge.model}' is not a declared model (declared: ${declared.length === 0 ? 'none' : declared.join(', ')})` });
  }
  const threats = scenario.threats.map((t) => t.id);
  judge.threats?.forEach((id, i) => {
    if (!threats.includes(id)) issues.push({ path: ['judge', 'threats', i], message: `'${id}' is not one of the scenario’s threats (${threats.join(', ') || 'none'})` });
  });
  if (threats.length === 0) issues.push({ path: ['judge'], message: 'the model judge checks the threats’ judges, and the scenario has no threats' });
  if (resolveEngine(scenario) !== 'message') {
    issues.push({ path: ['judge'], message: `the model judge reads the mail agents sent, which only the message engine has; this scenario runs on the ${resolveEngine(scenario)} engine` });
  }
  return issues;
}

/** Problems that involve more than one field of an otherwise schema-valid scenario. */
export function crossFieldIssues(scenario: Scenario): RawIssue[] {
  return [...armIssues(scenario), ...groupIssues(scenario), ...engineIssues(scenario), ...topologyIssues(scenario), ...modelIssues(scenario), ...judgeIssues(scenario)];
}
