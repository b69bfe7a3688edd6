/**
 * What the request and answer sides share: a payload's label carriage read with its fallback, a guard's
 * rewrite written back into the wire objects, and a refusal in the binding's error shape.
 */
import type { Labels } from '@masec/spec';
import type { Inspection } from '../gateway/inspect.js';
import { type Content, writePart } from './content.js';
import { RPC_INVALID_PARAMS, type Refusal, type RpcId, jsonRpcError, protocolRefusal, restError } from './errors.js';
import { LABELS_EXTENSION, type LabelCarriage, labelsOf, nextCarriage, readCarriage } from './labels.js';
import type { A2ABinding } from './requests.js';

/** The refusal as the binding's error response. */
export function refusalResponse(binding: A2ABinding, rpcId: RpcId, refusal: Refusal): Response {
  if (binding === 'jsonrpc') return Response.json(jsonRpcError(rpcId, refusal), { status: 200 });
  return Response.json(restError(refusal), { status: refusal.status });
}

/** Reads a payload's label carriage; the labels to inspect with. */
export function carriageOf(content: Content, fallback: Labels | undefined): { ok: true; carriage: LabelCarriage | undefined; labels: Labels } | { ok: false; refusal: Refusal } {
  const read = readCarriage(content.holder?.metadata);
  if (!read.ok) return { ok: false, refusal: protocolRefusal(RPC_INVALID_PARAMS, 400, 'LABELS_INVALID', read.message) };
  return { ok: true, carriage: read.carriage, labels: labelsOf(read.carriage, fallback) };
}

/** Writes what a guard changed back into the wire objects; true when anything was written. */
export function writeBack(content: Content, inspection: Extract<Inspection, { pass: true }>, carriage: LabelCarriage | undefined, hop: string): boolean {
  let written = false;
  inspection.partsChanged.forEach((isChanged, i) => {
    const slot = content.slots[i];
    const part = inspection.envelope.parts[i];
    if (isChanged && slot !== undefined && part !== undefined) {
      writePart(slot, part);
      written = true;
    }
  });
  if (inspection.labelsChanged && content.holder !== undefined) {
    const metadata = typeof content.holder.metadata === 'object' && content.holder.metadata !== null ? (content.holder.metadata as Record<string, unknown>) : {};
    metadata[LABELS_EXTENSION] = nextCarriage(carriage, inspection.envelope.labels, inspection.envelope.provenance.origin, hop);
    content.holder.metadata = metadata;
    written = true;
  }
  return written;
}

