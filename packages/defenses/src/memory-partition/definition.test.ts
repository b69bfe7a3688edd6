import { describe, expect, it } from 'vitest';
import { guardOf, testPipeline } from '../testing/index.js';
import type { DefenseDefinition, Envelope, GuardWorld } from '@masec/spec';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { memoryPartition } from './definition.js';

/** Memory reads are envelopes from the item's writer to the reader, with the store as origin. */
const item = (writer: string, reader: string, store = 'team'): Envelope =>
  textEnvelope('a note', { from: writer, to: reader, channel: 'memory', provenance: { origin: { kind: 'memory', id: store }, hops: [writer] } });

runDefenseContract(memoryPartition as DefenseDefinition<unknown>, {
  benign: [item('a1', 'a1')],
  suspicious: { steps: [{ hook: 'memory-read', envelope: item('a1', 'a2') }] },
});

/** a1 and a2 act for the same principal (`sales`); every other agent is its own. */
const world: GuardWorld = {
  clearance: () => 'confidential',
  adjacent: () => true,
  principal: (agent) => (agent === 'a1' || agent === 'a2' ? 'sales' : agent),
};

async function read(config: unknown, envelope: Envelope) {
  const p = testPipeline([guardOf(memoryPartition, (config))], { world });
  return (await p.process(envelope, 'memory-read', 0)).verdict;
}

describe('memory-partition (privacy-leak shared memory)', () => {
  it("returns items of the reader's own principal and withholds the others", async () => {
    expect((await read({}, item('a1', 'a2'))).action).toBe('deliver');
    expect(await read({}, item('a3', 'a1'))).toEqual({ action: 'block', guard: 'memory-partition', code: 'PARTITION_DENIED', reason: "item of partition 'a3' read by 'sales'" });
    expect((await read({}, item('a1', 'querier'))).action).toBe('block');
  });

  it('lets shared partitions and granted capabilities through', async () => {
    expect((await read({ shared: ['a3'] }, item('a3', 'a1'))).action).toBe('deliver');
    expect((await read({ grants: { sales: ['a3'] } }, item('a3', 'a2'))).action).toBe('deliver');
    expect((await read({ grants: { sales: ['a3'] } }, item('a4', 'a2'))).action).toBe('block');
  });

  it('partitions only the listed stores when given', async () => {
    expect((await read({ stores: ['team'] }, item('a3', 'a1', 'workspace'))).action).toBe('deliver');
    expect((await read({ stores: ['team'] }, item('a3', 'a1', 'team'))).action).toBe('block');
  });
});
