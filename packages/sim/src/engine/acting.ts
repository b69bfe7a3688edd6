/**
 * Phase 2 of a round: the tools on offer pass the `tool-list` hook, then every agent with a policy acts on
 * what it received. Policies run concurrently (at most `concurrency` at once) and their results are kept in
 * agent order; shared-store reads made meanwhile are logged afterwards, in agent order. A policy that fails
 * stops the others (mapLimit aborts their signal) and fails the run. The actions come back in the order the
 * engine applies them: the messages threats injected for this round first, then each agent's actions in
 * agent order.
 */
import type { Action, Observation, Policy } from '@masec/spec';
import type { AgentState } from './agents.js';
import { mapLimit } from './concurrency.js';
import type { RunContext } from './run-context.js';
import { type ReadBuffer, flushReads, storeViews } from './store-reads.js';
import { offerTools } from './tools.js';

/** An action with the agent that takes it. */
export interface Outgoing {
  from: AgentState;
  action: Action;
}

export async function actPhase(ctx: RunContext, round: number): Promise<Outgoing[]> {
  const tools = await offerTools(ctx, round);
  const acting = ctx.table.states.filter((s) => s.policy !== undefined);
  const buffers: ReadBuffer[] = acting.map(() => ({ events: [], quarantines: [] }));
  const actions = await mapLimit(
    acting,
    ctx.scenario.concurrency,
    (state, i, signal) => {
      const observation: Observation = {
        self: state.view,
        round,
        contacts: ctx.contacts.of(state.view.index, round),
        incoming: state.incoming,
        memory: state.memory,
        records: state.records,
        stores: storeViews(ctx, state, round, buffers[i] as ReadBuffer),
        tools,
        environments: state.environments,
        rng: state.rng.fork(round),
        signal,
        ...(state.refusals.length === 0 ? {} : { refusals: state.refusals }),
      };
      return (state.policy as Policy).act(observation);
    },
    ctx.services.signal,
  );
  for (const state of acting) {
    state.incoming = [];
    if (state.refusals.length > 0) state.refusals = [];
  }
  flushReads(ctx, buffers, round);

  const outgoing: Outgoing[] = [];
  for (const message of ctx.setup.injected) {
    if (message.round !== round || message.network !== undefined) continue;
    const from = ctx.table.get(message.from, 'an injected message');
    outgoing.push({ from, action: { kind: 'send', to: message.to, text: message.text, ...(message.subject === undefined ? {} : { subject: message.subject }) } });
  }
  acting.forEach((state, i) => {
    for (const action of actions[i] ?? []) outgoing.push({ from: state, action });
  });
  return outgoing;
}
