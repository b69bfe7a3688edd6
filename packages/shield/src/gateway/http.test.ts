import { describe, expect, it } from 'vitest';
import { upstreamHeaders } from './http.js';

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
