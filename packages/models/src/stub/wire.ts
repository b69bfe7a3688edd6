/** What the three wire protocols share: reading a JSON body's fields, answer ids, token counts. */
import { createHash } from 'node:crypto';
import type { StubAnswer, StubRequest } from './behaviours.js';
import { stubTokens } from './behaviours.js';

/** A protocol's answer to a request: a status, and a body written whole or as chunks of a stream. */
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  /** The whole body, or the chunks of a stream (each written as it is, `\n` and SSE framing included). */
  body: string | string[];
}

export interface Wire {
  /** Reads the protocol's request body; throws `WireError` (400) for a body that is not one. */
  parse(body: unknown): { request: StubRequest; stream: boolean };
  reply(request: StubRequest, answer: StubAnswer, stream: boolean): WireReply;
  /** A protocol error body with this status and message. */
  error(status: number, message: string): WireReply;
}

export class WireError extends Error {}

export function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WireError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

export function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new WireError(`${what} must be an array`);
  return value;
}

export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map((part) => {
        const p = part as { type?: unknown; text?: unknown; content?: unknown };
        if (typeof p.text === 'string') return p.text;
        if (p.content !== undefined) return text(p.content);
        return '';
      })
      .join('');
  }
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/** A stable id for the answer to this request (and the i-th tool call in it). */
export function answerId(request: StubRequest, prefix: string, i = -1): string {
  return `${prefix}${createHash('sha256').update(JSON.stringify([request.messages, request.seed ?? null, i])).digest('hex').slice(0, 24)}`;
}

export function usageOf(request: StubRequest, answer: StubAnswer): { input: number; output: number } {
  return {
    input: stubTokens(JSON.stringify(request.messages) + JSON.stringify(request.tools)),
    output: stubTokens(answer.text + answer.toolCalls.map((c) => (typeof c.args === 'string' ? c.args : JSON.stringify(c.args))).join('')),
  };
}

export function argsText(args: Record<string, unknown> | string): string {
  return typeof args === 'string' ? args : JSON.stringify(args);
}

export const JSON_HEADERS = { 'content-type': 'application/json' };
export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
