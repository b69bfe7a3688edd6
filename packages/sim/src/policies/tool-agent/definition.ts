/**
 * `tool-agent`: a surrogate for an LLM assistant that works through MCP tools (the setting of the
 * `tool-poisoning` threat). Every round it is shown the tool definitions on offer (as a model is shown them
 * each turn) and, with probability `taskRate`, its user's task makes it call one of its `tools` that is
 * offered. It reads every definition and every tool result it gets back: an adversarial instruction there
 * (recognised by the threat's oracle, standing in for the model's reading) is obeyed by a susceptible agent
 * with probability `compliance` — it calls the tool the instruction names with the instruction's arguments.
 * At most one instruction is obeyed per round. These probabilities are assumptions of the surrogate, to be
 * calibrated against real models.
 */
import { z } from 'zod';
import type { Action, PolicyDefinition } from '@masec/spec';
import { envelopeText } from '@masec/spec';

const probability = z.number().min(0).max(1);

export const ToolAgentConfigSchema = z.strictObject({
  tools: z.array(z.string().min(1)).min(1).default(['weather', 'notes', 'news']).describe('tools the agent\u2019s tasks use (it calls one of those offered)'),
  taskRate: probability.default(0.8).describe('probability that the agent\u2019s user gives it a task in a round'),
  susceptibility: probability.default(0.8).describe('fraction of agents whose model can be hijacked at all'),
  compliance: probability.default(0.5).describe('probability a susceptible agent obeys an instruction it read in a tool definition or result'),
});
export type ToolAgentConfig = z.infer<typeof ToolAgentConfigSchema>;

export const toolAgent: PolicyDefinition<ToolAgentConfig> = {
  id: 'tool-agent',
  specVersion: 'v1',
  description: 'Surrogate LLM assistant using MCP tools; may obey instructions in tool descriptions and tool results',
  configSchema: ToolAgentConfigSchema,
  create(config, context) {
    const susceptible = context.rng.chance(config.susceptibility);
    const oracle = context.instructions;
    return {
      specVersion: 'v1',
      act(obs) {
        const rng = obs.rng;
        const actions: Action[] = [];
        // What the model reads this turn: the definitions on offer, then the results that came back.
        const read: { text: string; cause: string }[] = obs.tools.map((t) => ({ text: `${t.name}: ${t.description}`, cause: `tool:${t.name}` }));
        for (const envelope of obs.incoming) if (envelope.kind === 'tool-result') read.push({ text: envelopeText(envelope), cause: envelope.id });
        for (const { text, cause } of read) {
          const instruction = oracle.find(text);
          if (instruction?.invoke === undefined) continue;
          if (!susceptible || !rng.chance(config.compliance)) continue;
          actions.push({ kind: 'tool', tool: instruction.invoke.tool, args: instruction.invoke.args, cause });
          break;
        }
        if (rng.chance(config.taskRate)) {
          const usable = obs.tools.filter((t) => config.tools.includes(t.name));
          const tool = usable.length === 0 ? undefined : usable[rng.int(usable.length)];
          if (tool !== undefined) actions.push({ kind: 'tool', tool: tool.name, args: { query: `task of ${obs.self.id} in round ${obs.round}` } });
        }
        return actions;
      },
    };
  },
};
