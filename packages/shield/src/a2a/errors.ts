/**
 * Refusals in A2A's own error shapes, each carrying the stable masec code a peer can branch on:
 *  - JSON-RPC: `{jsonrpc, id, error: {code, message, data: {code, guard, status}}}` (HTTP 200, as JSON-RPC
 *    errors travel); guard refusals use the implementation-defined code `SHIELD_RPC_CODE`, protocol faults
 *    the standard ones;
 *  - HTTP+JSON: the `google.rpc.Status` body A2A v1.0 uses, `{error: {code, status, message, details:
 *    [ErrorInfo]}}`, with the HTTP status of the verdict code and `ErrorInfo.reason` the masec code;
 *  - inside an SSE stream: an `event: error` frame holding either body.
 */
import type { WireError } from '@masec/spec';

/** JSON-RPC error code of a request or answer refused by a guard (implementation-defined server error range). */
export const SHIELD_RPC_CODE = -32050;
export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;
/** The upstream agent did not answer, or answered with something that is not A2A. */
export const RPC_UPSTREAM_ERROR = -32006;

export const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';
export const MASEC_ERROR_DOMAIN = 'masec.dev';

/** A refusal, whoever decided it: a guard (a verdict's wire error), the parser, the gateway itself. */
export interface Refusal extends WireError {
  /** JSON-RPC error code (SHIELD_RPC_CODE for guard decisions). */
  rpcCode: number;
}

export function guardRefusal(error: WireError): Refusal {
  return { ...error, rpcCode: SHIELD_RPC_CODE };
}

/** A protocol fault found by the gateway (malformed request, unknown method, bad upstream answer). */
export function protocolRefusal(rpcCode: number, status: number, code: string, message: string): Refusal {
  return { rpcCode, status, code, message, guard: 'gateway' };
}

export type RpcId = string | number | null;

export function jsonRpcError(id: RpcId, refusal: Refusal): Record<string, unknown> {
  return { jsonrpc: '2.0', id, error: { code: refusal.rpcCode, message: refusal.message, data: { code: refusal.code, guard: refusal.guard, status: refusal.status } } };
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  413: 'OUT_OF_RANGE',
  422: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function restError(refusal: Refusal): Record<string, unknown> {
  return {
    error: {
      code: refusal.status,
      status: STATUS_NAMES[refusal.status] ?? (refusal.status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'),
      message: refusal.message,
      details: [{ '@type': ERROR_INFO_TYPE, reason: refusal.code, domain: MASEC_ERROR_DOMAIN, metadata: { guard: refusal.guard } }],
    },
  };
}

/** An SSE frame closing a stream with an error body. */
export function sseError(body: Record<string, unknown>): string {
  return `event: error\ndata: ${JSON.stringify(body)}\n\n`;
}
