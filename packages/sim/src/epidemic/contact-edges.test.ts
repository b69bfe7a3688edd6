import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { EdgeBuffer, checkCsr, erdosRenyi, star } from '../topology/index.js';
import { ContactEdges } from './contact-edges.js';

describe('ContactEdges', () => {
  it('numbers each undirected edge once, smaller endpoint first, and finds ids back', () => {
    const g = erdosRenyi(300, { meanDegree: 5 }, createRng(3));
    const edges = ContactEdges.of(g);
    expect(edges.count).toBe(g.neighbors.length / 2);
    const seen = new Set<string>();
    for (let e = 0; e < edges.count; e++) {
      const u = edges.src[e]!;
      const v = edges.dst[e]!;
      expect(u).toBeLessThan(v);
      seen.add(`${u}-${v}`);
      expect(edges.edgeId(u, v)).toBe(e);
      expect(edges.edgeId(v, u)).toBe(e);
    }
    expect(seen.size).toBe(edges.count);
    for (let u = 0; u < 50; u++) {
      for (let v = 0; v < 50; v++) {
        const id = edges.edgeId(u, v);
        expect(id >= 0).toBe(seen.has(`${Math.min(u, v)}-${Math.max(u, v)}`));
      }
    }
    expect(edges.edgeId(0, 300)).toBe(-1);
    expect(edges.edgeId(-1, 2)).toBe(-1);
  });

  it('symmetrises a directed graph (arcs both ways become one edge)', () => {
    const buf = new EdgeBuffer();
    for (const [u, v] of [[0, 1], [1, 0], [1, 2], [3, 2]] as const) buf.push(u, v);
    const edges = ContactEdges.of(buf.toCsr(5, true));
    expect(edges.graph.directed).toBe(false);
    expect(checkCsr(edges.graph)).toBeUndefined();
    expect([...edges.src].map((u, e) => [u, edges.dst[e]])).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect([0, 1, 2, 3, 4].map((u) => edges.degree(u))).toEqual([1, 2, 2, 1, 0]);
  });

  it('keeps an undirected graph as it is', () => {
    const g = star(4);
    expect(ContactEdges.of(g).graph).toBe(g);
  });
});
