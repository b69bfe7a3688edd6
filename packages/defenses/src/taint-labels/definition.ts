/**
 * `taint-labels`: information-flow control in the spirit of CaMeL and FIDES. Every envelope carries a
 * confidentiality label; the guard blocks any envelope whose label exceeds the clearance of the party it
 * goes to (`ctx.world.clearance`: an agent, `tool:<name>`, `store:<name>`, `user:<agent>`).
 *
 * Labels propagate through agents: an agent that received confidential content (a delivered message or
 * tool result, or an item read from a shared store) is tainted with that label, and everything it sends
 * afterwards — mail, outputs, tool arguments, shared-memory writes — carries at least that label and its
 * tags, because the guard cannot know which of the agent's later words depend on what it read. Taint is
 * sticky for the run. That is the cost: benign messages of tainted agents to parties cleared below the
 * taint are blocked (over-tainting), and so are their calls to low-clearance tools and writes to
 * low-clearance stores. Optionally, tools listed as privileged refuse calls from agents that read
 * untrusted content (integrity). The guard keeps no state that depends on the order of `memory-read`s:
 * taint only grows (a maximum and a union).
 *
 * State: the taint of every agent that received more than public, trusted, untagged content
 * (`taint-labels:taints`, at most `maxAgents` agents and `maxTags` tags each; past `maxTags` an agent's
 * taint keeps its level and integrity but collects no more tags).
 */
import { z } from 'zod';
import {
  type AgentId,
  CONFIDENTIALITY,
  type Confidentiality,
  type DefenseDefinition,
  type Envelope,
  type Hook,
  type Labels,
  block,
} from '@masec/spec';
import { DEFAULT_MAX_AGENTS, maxEntriesField } from '../state/bounds.js';

export const TaintLabelsConfigSchema = z.strictObject({
  propagate: z.boolean().default(true).describe('taint agents by what they receive (false: check only the labels envelopes already carry)'),
  privilegedTools: z
    .array(z.string().min(1))
    .default([])
    .describe('tools an agent that read untrusted (low-integrity) content may not call'),
  maxAgents: maxEntriesField('tainted agents', DEFAULT_MAX_AGENTS),
  maxTags: z.number().int().min(0).max(1_000_000).default(10_000).describe('most tags one agent’s taint collects (its level and integrity still rise past it)'),
});
export type TaintLabelsConfig = z.infer<typeof TaintLabelsConfigSchema>;

const HOOKS: readonly Hook[] = ['send', 'deliver', 'tool-call', 'memory-write', 'memory-read'];
const rank = (c: Confidentiality): number => CONFIDENTIALITY.indexOf(c);

/**
 * What an agent has read so far: the highest confidentiality, the tags (sorted), and whether any of it was
 * untrusted. Plain data, replaced whole when it grows, so that a shared store sees every change.
 */
interface Taint {
  level: Confidentiality;
  tags: string[];
  untrusted: boolean;
}

/** The labels an envelope leaving a tainted agent carries: at least the taint, with its tags. */
export function raiseLabels(labels: Labels, taint: { level: Confidentiality; tags: Iterable<string> }): Labels {
  const level = rank(taint.level) > rank(labels.confidentiality) ? taint.level : labels.confidentiality;
  const tags = [...new Set([...(labels.tags ?? []), ...taint.tags])].sort();
  const out: Labels = { ...labels, confidentiality: level };
  if (tags.length > 0) out.tags = tags;
  else delete out.tags;
  return out;
}

const CLEAN: Taint = { level: 'public', tags: [], untrusted: false };

function sameLabels(a: Labels, b: Labels): boolean {
  return a.confidentiality === b.confidentiality && (a.tags ?? []).join('\u0000') === (b.tags ?? []).join('\u0000');
}

export const taintLabels: DefenseDefinition<TaintLabelsConfig> = {
  id: 'taint-labels',
  specVersion: 'v1',
  description: 'Information-flow control: labels propagate through agents, memory and tools; flows above the receiver’s clearance are blocked',
  kind: 'provenance',
  targets: ['privacy-leak', 'memory-poisoning'],
  hooks: HOOKS,
  configSchema: TaintLabelsConfigSchema,
  cost: {
    utility: 'benign messages, tool calls and memory writes of tainted agents to low-clearance parties are blocked (over-tainting: taint is sticky)',
    rewritesContent: false,
  },
  create(config, services) {
    const taints = services.state.map<Taint>('taint-labels:taints', { maxEntries: config.maxAgents });
    // Only a taint that changed is written: an agent that read only public, trusted, untagged content has none.
    const absorb = (agent: AgentId, labels: Labels) => {
      const t = taints.get(agent) ?? CLEAN;
      const level = rank(labels.confidentiality) > rank(t.level) ? labels.confidentiality : t.level;
      const have = new Set(t.tags);
      const fresh = [...new Set(labels.tags ?? [])].filter((tag) => !have.has(tag)).slice(0, Math.max(0, config.maxTags - t.tags.length));
      const tags = fresh.length === 0 ? t.tags : [...t.tags, ...fresh].sort();
      const untrusted = t.untrusted || labels.integrity === 'untrusted';
      if (level !== t.level || tags !== t.tags || untrusted !== t.untrusted) taints.set(agent, { level, tags, untrusted });
    };
    return {
      id: 'taint-labels',
      hooks: HOOKS,
      async handle(envelope, ctx, next) {
        const inbound = ctx.hook === 'deliver' || ctx.hook === 'memory-read';
        let current: Envelope = envelope;
        if (!inbound && config.propagate) {
          const t = taints.get(envelope.from);
          if (t !== undefined) {
            const labels = raiseLabels(envelope.labels, t);
            if (!sameLabels(labels, envelope.labels)) {
              current = { ...envelope, labels };
              ctx.noteTransform(`label raised to ${labels.confidentiality} (sender tainted)`);
            }
          }
          if (ctx.hook === 'tool-call' && t?.untrusted === true && config.privilegedTools.includes(envelope.to.replace(/^tool:/, ''))) {
            return block('taint-labels', 'LABEL_FLOW_DENIED', `privileged ${envelope.to} called by an agent that read untrusted content`);
          }
        }
        const level = current.labels.confidentiality;
        const clearance = ctx.world.clearance(current.to);
        if (rank(level) > rank(clearance)) {
          return block('taint-labels', 'LABEL_FLOW_DENIED', `${level} content to ${current.to}, cleared for ${clearance}`);
        }
        const verdict = await next(current);
        if (inbound && config.propagate && verdict.action === 'deliver') absorb(current.to, verdict.envelope.labels);
        return verdict;
      },
    };
  },
};
