// Threat `sybil`: the controller behind the Sybil identities, driven by hand-made observations.
import { describe, expect, it } from 'vitest';
import type { Action, Envelope, Observation, ToolInfo } from '@masec/spec';
import { formatAdmission, solveWork } from '@masec/defenses';
import { SybilController } from './controller.js';

const IDS = ['s0', 's1', 's2', 's3', 's4', 's5'];
const joinTool = (rule?: { work: number; vouches: number; maturity: number; vouchBudget: number }): ToolInfo =>
  ({ name: 'join', description: `Join.${rule === undefined ? '' : `\n${formatAdmission(rule)}`}` }) as ToolInfo;
const admitted = (to: string, round: number): Envelope =>
  ({ id: `t${round}${to}.result`, from: 'tool:join', to, channel: 'tool', parts: [{ kind: 'text', text: 'admitted' }], time: round }) as unknown as Envelope;
const obs = (self: string, round: number, tools: ToolInfo[], incoming: Envelope[] = []): Observation =>
  ({ self, round, tools, incoming, refusals: [], contacts: [] }) as unknown as Observation;

/** Runs `rounds` rounds, admitting every identity the round after it called join when `admit` says so. */
function drive(controller: SybilController, tools: ToolInfo[], rounds: number, order: (ids: string[]) => string[], admit: (id: string, round: number) => boolean) {
  const log: string[] = [];
  const inbox = new Map<string, Envelope[]>();
  for (let round = 0; round < rounds; round++) {
    const acted: [string, Action[]][] = [];
    for (const id of order(IDS)) acted.push([id, controller.policyFor(id).act(obs(id, round, tools, inbox.get(id) ?? [])) as Action[]]);
    inbox.clear();
    for (const [id, actions] of acted.sort((a, b) => a[0].localeCompare(b[0]))) {
      for (const a of actions) {
        log.push(`${round} ${id} ${a.kind} ${a.kind === 'tool' ? `${a.tool} ${JSON.stringify(a.args)}` : a.kind === 'send' ? a.to : a.kind === 'environment' ? String(a.value) : ''}`);
        if (a.kind === 'tool' && a.tool === 'join' && admit(id, round)) inbox.set(id, [admitted(id, round + 1)]);
      }
    }
  }
  return log;
}

const make = (budget: number) => new SybilController({ ids: IDS, directory: () => ['a0', 'a1', 'a2'], budget, arrival: 1, asks: 1, target: 'B' });

describe('sybil controller (sybil)', () => {
  it('pays the identity cost in id order until its budget runs out; only paid-for identities join', () => {
    const rule = { work: 8, vouches: 0, maturity: 0, vouchBudget: 1 };
    const costs = IDS.map((id) => solveWork(id, 8, 1 << 20).evaluations);
    const budget = (costs[0] as number) + (costs[1] as number) + (costs[2] as number);
    const controller = make(budget);
    const log = drive(controller, [joinTool(rule)], 3, (ids) => ids, () => true);
    expect(log.filter((l) => l.startsWith('0 '))).toEqual([]); // before arrival: nothing
    expect(log.filter((l) => l.startsWith('1 ')).map((l) => l.split(' ')[1])).toEqual(['s0', 's1', 's2']);
    expect(controller.affordable).toBe(3);
    expect(controller.spent).toBe(budget);
    // Admitted, they vote for the target.
    expect(log.filter((l) => l.startsWith('2 ') && l.endsWith('environment B'))).toHaveLength(3);
  });

  it('under vouching, asks the directory for vouches; once established, its identities vouch for the waiting ones within the budget', () => {
    const rule = { work: 0, vouches: 2, maturity: 1, vouchBudget: 2 };
    // s0 and s1 get in through gullible members in round 1; the others wait.
    const log = drive(make(0), [joinTool(rule)], 5, (ids) => ids, (id, round) => round === 1 && (id === 's0' || id === 's1'));
    expect(log).toContain('1 s3 send a0');
    const vouches = log.filter((l) => l.includes('tool vouch'));
    // s0 and s1 are established from round 3 (admitted in round 2, maturity 1): 2 vouches each, 2 per candidate.
    expect(vouches.every((l) => l.startsWith('3 '))).toBe(true);
    expect(vouches).toHaveLength(4);
    expect(vouches.map((l) => JSON.parse(l.split(' tool vouch ')[1] as string).for).sort()).toEqual(['s2', 's2', 's3', 's3']);
  });

  it('acts the same whatever order the engine calls its identities in', () => {
    const rule = { work: 4, vouches: 2, maturity: 1, vouchBudget: 3 };
    const admit = (id: string, round: number) => round >= 1 && (id === 's0' || id === 's4' || round >= 4);
    const forward = drive(make(1 << 12), [joinTool(rule)], 7, (ids) => ids, admit);
    const backward = drive(make(1 << 12), [joinTool(rule)], 7, (ids) => [...ids].reverse(), admit);
    expect(backward).toEqual(forward);
    expect(forward.some((l) => l.includes('tool vouch'))).toBe(true);
  });
});
