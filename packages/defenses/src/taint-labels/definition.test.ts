import { describe, expect, it } from 'vitest';
import { type TestPipeline, guardOf, testPipeline, testServices } from '../testing/index.js';
import type { Confidentiality, DefenseDefinition, Envelope, GuardWorld, Hook, Labels } from '@masec/spec';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { raiseLabels, taintLabels } from './definition.js';

/** Benign agents cleared for confidential, `outsider` and `tool:lookup` for internal, `public-bot` for public. */
const world: GuardWorld = {
  clearance: (party): Confidentiality => (party === 'public-bot' ? 'public' : party === 'outsider' || party.startsWith('tool:') || party.startsWith('store:') ? 'internal' : 'confidential'),
  adjacent: () => true,
  principal: (agent) => agent,
};

runDefenseContract(taintLabels as DefenseDefinition<unknown>, {
  benign: [textEnvelope('Lunch on Friday?')],
  suspicious: {
    world,
    steps: [
      { hook: 'deliver', envelope: textEnvelope('the code is 4711', { from: 'a2', to: 'a1', labels: { confidentiality: 'confidential', integrity: 'trusted', tags: ['s1'] } }) },
      { hook: 'send', envelope: textEnvelope('Lunch on Friday?', { from: 'a1', to: 'outsider' }), at: 1 },
    ],
  },
  flood: { config: { maxAgents: 1_000, maxTags: 100 } },
});

function pipeline(config: unknown = {}) {
  return testPipeline([guardOf(taintLabels, (config))], { world });
}

const confidential: Labels = { confidentiality: 'confidential', integrity: 'trusted', tags: ['s1'] };
const mail = (from: string, to: string, labels?: Envelope['labels']) => textEnvelope('hello', { from, to, ...(labels === undefined ? {} : { labels }) });

async function verdict(p: TestPipeline, envelope: Envelope, hook: Hook) {
  return (await p.process(envelope, hook)).verdict;
}

describe('taint-labels (privacy-leak information-flow control)', () => {
  it('blocks an explicitly labelled envelope above the receiver’s clearance and lets it through to a cleared one', async () => {
    const p = pipeline();
    expect(await verdict(p, mail('a1', 'outsider', confidential), 'send')).toEqual({
      action: 'block',
      guard: 'taint-labels',
      code: 'LABEL_FLOW_DENIED',
      reason: 'confidential content to outsider, cleared for internal',
    });
    expect((await verdict(p, mail('a1', 'a2', confidential), 'send')).action).toBe('deliver');
  });

  it('taints an agent by what is delivered to it: its later mail, tool calls and writes carry the label', async () => {
    const p = pipeline();
    expect((await verdict(p, mail('a1', 'outsider'), 'send')).action).toBe('deliver');
    expect((await verdict(p, mail('a2', 'a1', confidential), 'deliver')).action).toBe('deliver');
    // The same harmless text is now blocked: a1 read confidential content (over-tainting).
    expect(await verdict(p, mail('a1', 'outsider'), 'send')).toMatchObject({ action: 'block', reason: 'confidential content to outsider, cleared for internal' });
    const toTool = textEnvelope('lookup', { from: 'a1', to: 'tool:lookup', channel: 'tool' });
    expect((await verdict(p, toTool, 'tool-call')).action).toBe('block');
    const write = textEnvelope('note', { from: 'a1', to: 'store:team', channel: 'memory' });
    expect((await verdict(p, write, 'memory-write')).action).toBe('block');
    // To a cleared teammate it goes, relabelled, and the rewrite is noted.
    const outcome = await p.process(mail('a1', 'a3'), 'send', 1);
    expect(outcome.verdict.action === 'deliver' && outcome.verdict.envelope.labels).toEqual({ confidentiality: 'confidential', integrity: 'untrusted', tags: ['s1'] });
    expect(outcome.transforms).toEqual([{ guard: 'taint-labels', reason: 'label raised to confidential (sender tainted)' }]);
    // Other agents are untouched.
    expect((await verdict(p, mail('a4', 'outsider'), 'send')).action).toBe('deliver');
  });

  it('taints the reader of a shared-store item, and withholds items above the reader’s clearance', async () => {
    const p = pipeline();
    const item = textEnvelope('s1 part', { from: 'a2', to: 'a1', channel: 'memory', labels: confidential });
    expect((await verdict(p, item, 'memory-read')).action).toBe('deliver');
    expect((await verdict(p, mail('a1', 'outsider'), 'send')).action).toBe('block');
    expect((await verdict(p, { ...item, to: 'outsider' }, 'memory-read')).action).toBe('block');
  });

  it('does not taint on a blocked delivery, and without propagation checks only the labels envelopes carry', async () => {
    const p = pipeline();
    expect((await verdict(p, mail('a2', 'outsider', confidential), 'deliver')).action).toBe('block');
    // Had the blocked envelope tainted `outsider`, its call to an internal tool would be blocked.
    expect((await verdict(p, textEnvelope('lookup', { from: 'outsider', to: 'tool:lookup', channel: 'tool' }), 'tool-call')).action).toBe('deliver');
    const flat = pipeline({ propagate: false });
    await verdict(flat, mail('a2', 'a1', confidential), 'deliver');
    expect((await verdict(flat, mail('a1', 'outsider'), 'send')).action).toBe('deliver');
    expect((await verdict(flat, mail('a1', 'outsider', confidential), 'send')).action).toBe('block');
  });

  it('keeps privileged tools from agents that read untrusted content', async () => {
    const p = pipeline({ privilegedTools: ['pay'] });
    const call = textEnvelope('{"amount":5}', { from: 'a1', to: 'tool:pay', channel: 'tool' });
    expect((await verdict(p, call, 'tool-call')).action).toBe('deliver');
    await verdict(p, mail('a2', 'a1'), 'deliver'); // default labels: internal, untrusted
    expect(await verdict(p, call, 'tool-call')).toEqual({ action: 'block', guard: 'taint-labels', code: 'LABEL_FLOW_DENIED', reason: 'privileged tool:pay called by an agent that read untrusted content' });
  });

  it('raises labels to the taint and merges tags, never lowering them', () => {
    expect(raiseLabels({ confidentiality: 'internal', integrity: 'trusted', tags: ['b'] }, { level: 'confidential', tags: new Set(['a']) })).toEqual({
      confidentiality: 'confidential',
      integrity: 'trusted',
      tags: ['a', 'b'],
    });
    expect(raiseLabels({ confidentiality: 'secret', integrity: 'trusted' }, { level: 'internal', tags: new Set() })).toEqual({ confidentiality: 'secret', integrity: 'trusted' });
  });
});

describe('taint-labels: bounded taints', () => {
  const labelled = (tags: string[]): Labels => ({ confidentiality: 'confidential', integrity: 'trusted', tags });

  it('collects exactly maxTags tags per agent; its level still rises past them', async () => {
    const p = pipeline({ maxTags: 2 });
    await verdict(p, mail('a2', 'a1', { confidentiality: 'internal', integrity: 'trusted', tags: ['s3', 's1', 's2'] }), 'deliver');
    await verdict(p, mail('a2', 'a1', labelled(['s4'])), 'deliver');
    const outcome = await p.process(mail('a1', 'a3'), 'send', 1);
    expect(outcome.verdict.action === 'deliver' && outcome.verdict.envelope.labels).toEqual({ confidentiality: 'confidential', integrity: 'untrusted', tags: ['s1', 's3'] });
  });

  it('keeps the taints of at most maxAgents agents, forgetting the least recently used', async () => {
    const p = pipeline({ maxAgents: 2 });
    for (const to of ['a1', 'a2', 'a3']) await verdict(p, mail('a9', to, confidential), 'deliver');
    // a1's taint was forgotten when a3 was tainted (the cost of a bound: size it above the deployment's agents).
    expect((await verdict(p, mail('a1', 'outsider'), 'send')).action).toBe('deliver');
    expect((await verdict(p, mail('a2', 'outsider'), 'send')).action).toBe('block');
  });

  it('notes a rewrite only when the labels change, and keeps privileged tools named with or without the tool: prefix', async () => {
    const p = pipeline({ privilegedTools: ['pay'] });
    await verdict(p, mail('a2', 'a1', confidential), 'deliver');
    const already = await p.process(mail('a1', 'a3', { confidentiality: 'confidential', integrity: 'untrusted', tags: ['s1'] }), 'send', 1);
    expect(already.transforms).toEqual([]);
    const call = (to: string) => textEnvelope('{}', { from: 'a1', to, channel: 'tool', labels: { confidentiality: 'public', integrity: 'trusted' } });
    await verdict(p, mail('a2', 'a1'), 'deliver');
    expect((await verdict(p, call('tool:pay'), 'tool-call')).action).toBe('block');
    expect((await verdict(p, call('tool:paypal'), 'tool-call')).action).toBe('block'); // confidential taint, tool cleared internal
    const clean = pipeline({ privilegedTools: ['pay'] });
    await verdict(clean, mail('a2', 'a1'), 'deliver');
    expect(await verdict(clean, call('tool:pay'), 'tool-call')).toMatchObject({ reason: 'privileged tool:pay called by an agent that read untrusted content' });
    expect((await verdict(clean, call('tool:toolpay'), 'tool-call')).action).toBe('deliver');
  });

  it('writes no taint for public, trusted, untagged content', async () => {
    const services = testServices();
    const p = testPipeline([guardOf(taintLabels, {}, services)], { world, services });
    await verdict(p, mail('a2', 'a1', { confidentiality: 'public', integrity: 'trusted' }), 'deliver');
    expect(services.state.map('taint-labels:taints', { maxEntries: 1 }).size).toBe(0);
  });
});
