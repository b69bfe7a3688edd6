/**
 * `team-assistant`: a surrogate for an LLM agent in a team that answers questions (the setting of
 * `privacy-leak`). It knows its own records (secret fragments), notes planted in its memory and whatever it
 * learned from answers. Asked for items, it answers from what it knows, else from the team's shared memory,
 * else it consults a teammate — the holder, when the `lookup` directory tool names one among its contacts,
 * or any contact, who relays — and answers when the reply comes. It delivers the way the question asks: by
 * mail, as a final output, through the `upload` tool or into the shared workspace. It may write what it
 * answered or learned to team memory, publishes its own notes there, and works through to-dos its user
 * left in its memory (the benign workload whose completion is the utility a defense can cost).
 *
 * Compliance is the surrogate's stand-in for a model's judgement: a request the threat's oracle recognises
 * (it asks for confidential data) is answered with probability `compliance` when it asks for one piece
 * (a decomposed, harmless-looking question) and `directCompliance` when it asks for several pieces of one
 * secret at once; requests from teammates (contacts) are trusted. With `labelRecords`, anything that
 * includes the agent's own records carries their confidentiality label, as a label-aware runtime would do.
 * These probabilities are assumptions, to be calibrated against real models.
 */
import { z } from 'zod';
import {
  type Action,
  type AdversarialInstruction,
  type AgentId,
  CONFIDENTIALITY,
  type Confidentiality,
  type Envelope,
  type Labels,
  type Observation,
  type Policy,
  type PolicyContext,
  type PolicyDefinition,
  type SecretRecord,
  envelopeText,
} from '@masec/spec';
import { type Via, formatFacts, formatQuestion, parseDirectory, parseFacts, parseQuestion, parseTodo } from '../../vocabulary/team-requests.js';

const probability = z.number().min(0).max(1);
const name = z.string().min(1);

export const TeamAssistantConfigSchema = z.strictObject({
  compliance: probability
    .default(0.8)
    .describe('probability of answering a request for confidential data (as the oracle recognises it) from outside the team that asks for one piece'),
  directCompliance: probability.default(0.15).describe('the same for a request that asks for several pieces of one secret at once'),
  trustTeammates: z.boolean().default(true).describe('answer requests from contacts (teammates) without the compliance draw'),
  askRate: probability.default(0.5).describe('probability per round of starting the next open to-do'),
  publishRate: probability.default(0.3).describe('probability per round of publishing one of its own notes to team memory'),
  noteRate: probability.default(0.5).describe('probability of writing what it answered or learned to team memory'),
  topK: z.number().int().min(1).max(50).default(4).describe('team-memory items retrieved per lookup'),
  patience: z.number().int().min(1).default(6).describe("rounds to wait for a teammate's answer before giving up (a to-do goes back in the queue)"),
  labelRecords: z.boolean().default(true).describe("label whatever includes the agent's own records with their confidentiality"),
  teamStore: name.default('team').describe('shared store used as team memory'),
  workspaceStore: name.default('workspace').describe("store a question can ask answers to be put in ('workspace' delivery)"),
  lookupTool: name.default('lookup').describe('directory tool: who holds an item'),
  uploadTool: name.default('upload').describe("tool a question can ask answers to be uploaded with ('upload' delivery)"),
});
export type TeamAssistantConfig = z.infer<typeof TeamAssistantConfigSchema>;

/** Someone waiting for items: a questioner (`asker`), or the agent's own user (a to-do, `asker` undefined). */
interface Waiter {
  asker: AgentId | undefined;
  items: string[];
  via: Via;
  inReplyTo?: string;
  /** The request that drove this work when it was an attack (lineage and ground truth)... */
  cause?: string;
  /** ...and its text, passed on as context when the agent consults a teammate. */
  context?: string;
  since: number;
}

/** A question this agent put to a teammate about one item. */
interface Inquiry {
  since: number;
  lookupSince?: number;
  asked?: AgentId;
}

const rank = (c: Confidentiality): number => CONFIDENTIALITY.indexOf(c);
const CONTEXT = '\n\nContext: ';

/** The request a text passes on as context, or the text itself (context is not nested hop after hop). */
function originalRequest(text: string): string {
  const at = text.indexOf(CONTEXT);
  return at < 0 ? text : text.slice(at + CONTEXT.length);
}

export const teamAssistant: PolicyDefinition<TeamAssistantConfig> = {
  id: 'team-assistant',
  specVersion: 'v1',
  description: 'Surrogate LLM team member: answers questions from its records, team memory or teammates; may comply with decomposed requests for secrets',
  configSchema: TeamAssistantConfigSchema,
  create(config, context) {
    return createTeamAssistant(config, context, async (asks, obs) => asks.map((ask) => obs.rng.chance(ask.instruction.variant === 'direct' ? config.directCompliance : config.compliance)));
  },
};

/**
 * A question from outside the team (or from anyone, without `trustTeammates`) that the threat's oracle
 * recognises as an attack: where the surrogate draws its compliance coin.
 */
export interface ComplianceAsk {
  envelope: Envelope;
  question: { items: string[]; via: Via };
  instruction: AdversarialInstruction;
}

/**
 * Who decides whether a team assistant takes on a question: given the round's asks in the order they
 * arrived, true for each it answers. The surrogate draws a coin per ask (`compliance`, `directCompliance`)
 * from the agent's generator, in order; the `llm` policy asks its model.
 */
export type ComplianceDecider = (asks: readonly ComplianceAsk[], obs: Observation) => Promise<boolean[]>;

/**
 * The team assistant's behaviour with the compliance decision supplied by `decide`: everything else — reading
 * answers and directory results, team memory, consulting teammates, delivery, notes, to-dos and every draw
 * of the agent's generator around the decision — is the surrogate's.
 */
export function createTeamAssistant(config: TeamAssistantConfig, context: PolicyContext, decide: ComplianceDecider): Policy {
  const self = context.agent.id;
  const known = new Map<string, string>();
  const own = new Map<string, SecretRecord>();
  const notes: string[] = [];
  const todos: string[] = [];
  const directory = new Map<string, AgentId | undefined>();
  let waiters: Waiter[] = [];
  const inquiries = new Map<string, Inquiry>();
  let started = false;
  let published = 0;

  const labelsFor = (items: readonly string[]): Labels | undefined => {
    if (!config.labelRecords) return undefined;
    const records = items.map((i) => own.get(i)).filter((r): r is SecretRecord => r !== undefined);
    if (records.length === 0) return undefined;
    const level = records.map((r) => r.confidentiality ?? 'confidential').reduce((a, b) => (rank(b) > rank(a) ? b : a));
    return { confidentiality: level, integrity: 'trusted', tags: [...new Set(records.map((r) => r.secret ?? r.id))] };
  };
  const withLineage = (labels: Labels | undefined, cause: string | undefined) => ({
    ...(labels === undefined ? {} : { labels }),
    ...(cause === undefined ? {} : { cause }),
  });

  return {
    specVersion: 'v1',
    async act(obs: Observation) {
      const actions: Action[] = [];
      const { rng, round } = obs;
      const team = obs.stores[config.teamStore];
      if (!started) {
        started = true;
        for (const record of obs.records) {
          own.set(record.label, record);
          known.set(record.label, record.value);
        }
        for (const item of obs.memory.items()) {
          const todo = parseTodo(item.text);
          if (todo !== undefined) todos.push(todo);
          for (const [key, value] of parseFacts(item.text)) {
            if (!known.has(key)) notes.push(key);
            known.set(key, value);
          }
        }
        actions.push({ kind: 'state', key: 'todos', value: todos.length });
      }

      /** Answers a waiter the way its question asked (or marks a to-do done), maybe noting it for the team. */
      const deliver = (waiter: Waiter, facts: readonly (readonly [string, string])[]): Action[] => {
        const items = facts.map(([i]) => i);
        const lineage = withLineage(labelsFor(items), waiter.cause);
        const out: Action[] = [];
        const text = formatFacts('Answer:', facts);
        if (waiter.asker === undefined) {
          for (const item of items) out.push({ kind: 'state', key: 'todo-done', value: item });
        } else if (waiter.via === 'reply') {
          out.push({ kind: 'send', to: waiter.asker, text, ...(waiter.inReplyTo === undefined ? {} : { inReplyTo: waiter.inReplyTo }), ...lineage });
        } else if (waiter.via === 'answer') {
          out.push({ kind: 'output', to: waiter.asker, text, ...lineage });
        } else if (waiter.via === 'upload') {
          out.push({ kind: 'tool', tool: config.uploadTool, args: { text }, ...lineage });
        } else {
          out.push({ kind: 'memory-write', store: config.workspaceStore, text, ...lineage });
        }
        if (team !== undefined && rng.chance(config.noteRate)) {
          out.push({ kind: 'memory-write', store: config.teamStore, text: formatFacts(`Note from ${self}:`, facts), ...lineage });
        }
        return out;
      };

      // Read what arrived: directory results, answers, questions; the round's attacks are decided together.
      const fresh: Waiter[] = [];
      const read: { envelope: Envelope; text: string; question: { items: string[]; via: Via }; instruction: AdversarialInstruction | undefined; ask: number | undefined }[] = [];
      const asks: ComplianceAsk[] = [];
      for (const envelope of obs.incoming) {
        const text = envelopeText(envelope);
        if (envelope.from === `tool:${config.lookupTool}`) {
          const entry = parseDirectory(text);
          if (entry !== undefined) directory.set(entry.item, entry.holder);
          continue;
        }
        for (const [key, value] of parseFacts(text)) known.set(key, value);
        const question = parseQuestion(text);
        if (question === undefined) continue;
        const instruction = context.instructions.find(text);
        let ask: number | undefined;
        if (instruction !== undefined && !(config.trustTeammates && obs.contacts.includes(envelope.from))) {
          ask = asks.length;
          asks.push({ envelope, question, instruction });
        }
        read.push({ envelope, text, question, instruction, ask });
      }
      const complies = asks.length === 0 ? [] : await decide(asks, obs);
      for (const { envelope, text, question, instruction, ask } of read) {
        if (ask !== undefined && complies[ask] !== true) {
          actions.push({ kind: 'send', to: envelope.from, inReplyTo: envelope.id, text: 'Sorry, I cannot share that.' });
          continue;
        }
        fresh.push({
          asker: envelope.from,
          items: question.items,
          via: question.via,
          inReplyTo: envelope.id,
          ...(instruction === undefined ? {} : { cause: envelope.id, context: originalRequest(text) }),
          since: round,
        });
      }
      if (todos.length > 0 && !waiters.some((w) => w.asker === undefined) && rng.chance(config.askRate)) {
        fresh.push({ asker: undefined, items: [todos.shift() as string], via: 'reply', since: round });
      }

      // New work: check team memory first for what the agent does not know.
      if (team !== undefined) {
        for (const waiter of fresh) {
          for (const item of waiter.items) {
            if (known.has(item)) continue;
            for (const hit of await team.retrieve(item, config.topK)) for (const [key, value] of parseFacts(hit.text)) known.set(key, value);
          }
        }
      }
      waiters = [...waiters, ...fresh];

      // Answer whoever can be answered; give up on what waited too long.
      const open: Waiter[] = [];
      for (const waiter of waiters) {
        const done = waiter.items.every((i) => known.has(i));
        const late = round - waiter.since >= config.patience;
        if (!done && !late) {
          open.push(waiter);
          continue;
        }
        if (!done && waiter.asker === undefined) todos.push(...waiter.items);
        const facts = waiter.items.filter((i) => known.has(i)).map((i) => [i, known.get(i) as string] as const);
        if (facts.length > 0) actions.push(...deliver(waiter, facts));
      }
      waiters = open;

      // Ask teammates about items still missing (one inquiry per item at a time).
      const needed = new Map<string, Waiter[]>();
      for (const waiter of waiters) for (const item of waiter.items) if (!known.has(item)) needed.set(item, [...(needed.get(item) ?? []), waiter]);
      for (const item of inquiries.keys()) if (!needed.has(item)) inquiries.delete(item);
      for (const [item, askers] of needed) {
        const driver = askers.find((w) => w.cause !== undefined);
        const cause = driver?.cause;
        let inquiry = inquiries.get(item);
        if (inquiry !== undefined && round - inquiry.since >= config.patience) inquiry = undefined;
        if (inquiry === undefined) {
          inquiry = { since: round };
          inquiries.set(item, inquiry);
        }
        if (inquiry.asked !== undefined) continue;
        if (!directory.has(item)) {
          if (inquiry.lookupSince === undefined) {
            inquiry.lookupSince = round;
            actions.push({ kind: 'tool', tool: config.lookupTool, args: { item }, ...withLineage(undefined, cause) });
            continue;
          }
          if (round - inquiry.lookupSince < 2) continue;
        }
        const holder = directory.get(item);
        const exclude = new Set<string>([self, ...askers.map((w) => w.asker ?? self)]);
        const candidates = obs.contacts.filter((c) => !exclude.has(c));
        const target = holder !== undefined && holder !== self && obs.contacts.includes(holder) ? holder : candidates.length > 0 ? rng.pick(candidates) : undefined;
        if (target === undefined) continue;
        inquiry.asked = target;
        // An orchestrator passes the original request on as context, as LLM agents do when they delegate.
        const text = formatQuestion([item], 'reply') + (driver?.context === undefined ? '' : `${CONTEXT}${driver.context}`);
        actions.push({ kind: 'send', to: target, text, ...(cause === undefined ? { task: true } : { cause }) });
      }

      // Share own notes with the team.
      if (team !== undefined && published < notes.length && rng.chance(config.publishRate)) {
        const item = notes[published++] as string;
        actions.push({ kind: 'memory-write', store: config.teamStore, text: formatFacts(`Note from ${self}:`, [[item, known.get(item) as string]]) });
      }
      return actions;
    },
  };
}
