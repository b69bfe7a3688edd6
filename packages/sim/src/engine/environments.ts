/**
 * Environments in the message engine (markets, votes, auctions, boards: see `Environment` in @masec/spec).
 * While actions are applied, each `environment` action is checked and kept (an agent's last action of the
 * round counts); a refused one is logged as `environment-reject`. After every action of the round, each
 * environment steps over its moves in agent order, with its own random stream; the step is logged as
 * `environment-step` and what it shows each agent appears in that agent's next observations.
 */
import type { EnvironmentAction } from '@masec/spec';
import type { AgentState } from './agents.js';
import type { RunContext } from './run-context.js';

export function collectMove(ctx: RunContext, from: AgentState, action: EnvironmentAction, round: number): void {
  const environment = ctx.setup.environments.get(action.environment);
  const agent = from.view.id;
  const reason =
    environment === undefined
      ? `no environment '${action.environment}' (environments: ${[...ctx.setup.environments.keys()].join(', ') || 'none'})`
      : environment.check?.(action.value, agent);
  if (reason !== undefined) {
    ctx.events.push({ type: 'environment-reject', round, environment: action.environment, agent, reason });
    return;
  }
  let moves = ctx.moves.get(action.environment);
  if (moves === undefined) ctx.moves.set(action.environment, (moves = new Map()));
  moves.set(agent, action.value);
}

/** Steps every environment (in the order threats added them) over the round's moves. */
export async function stepEnvironments(ctx: RunContext, round: number): Promise<void> {
  if (ctx.setup.environments.size === 0) return;
  for (const [name, environment] of ctx.setup.environments) {
    const byAgent = ctx.moves.get(name);
    const moves = [...(byAgent ?? [])].map(([agent, value]) => ({ agent, value }));
    const output = await environment.step({ round, moves, rng: ctx.rng.fork(`environment:${name}`).fork(round) });
    ctx.events.push({
      type: 'environment-step',
      round,
      environment: name,
      moves: moves.length,
      ...(output.state === undefined ? {} : { state: { ...output.state } }),
      ...(output.outcomes === undefined ? {} : { outcomes: { ...output.outcomes } }),
    });
    for (const [agent, view] of Object.entries(output.observations ?? {})) {
      const state = ctx.table.byId.get(agent);
      if (state === undefined) throw new Error(`environment '${name}' shows something to unknown agent '${agent}'`);
      state.environments[name] = view;
    }
  }
  ctx.moves.clear();
}
