import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { callUpstream, upstreamHeaders } from './http.js';

describe('upstreamHeaders', () => {
  it('passes the caller\u2019s headers less hop-by-hop ones, dropped ones and any masec- header it sent, and names the verified caller', () => {
    const inbound = new Headers({
      'content-type': 'application/json',
      'a2a-version': '1.0',
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      host: 'gateway:8080',
      'content-length': '42',
      authorization: 'Bearer caller-secret',
      'masec-caller': 'admin',
      'masec-caller-verified': 'true',
      'masec-clearance': 'secret',
      'accept-encoding': 'gzip',
    });
    expect(upstreamHeaders(inbound, { id: 'alice', verified: false }, ['authorization'])).toEqual({
      'content-type': 'application/json',
      'a2a-version': '1.0',
      'accept-encoding': 'identity',
      'masec-caller': 'alice',
      'masec-caller-verified': 'false',
    });
  });
});

describe('callUpstream', () => {
  it('gives the answer’s content type, all its headers, and the ones to send back: less hop-by-hop ones and content-encoding', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(200, { 'content-type': 'application/json', 'x-trace': 't-1', 'keep-alive': 'timeout=5', 'content-encoding': 'identity' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await callUpstream(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'GET', headers: {} }, 5000);
      expect(answer.contentType).toBe('application/json');
      const back = answer.answerHeaders();
      expect([back.get('content-type'), back.get('x-trace'), back.getSetCookie()]).toEqual(['application/json', 't-1', ['a=1', 'b=2']]);
      for (const name of ['keep-alive', 'connection', 'content-encoding', 'content-length', 'transfer-encoding']) expect(back.has(name)).toBe(false);
      expect(answer.headers.get('content-encoding')).toBe('identity');
      expect(answer.answerHeaders()).not.toBe(back);
      expect(new TextDecoder().decode(await answer.read(100))).toBe('{}');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
