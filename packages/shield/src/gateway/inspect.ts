/**
 * One payload through the guards and into the audit log: the step every protocol handler shares. A payload
 * (a request's message, an answer, a stream event, an agent card) becomes an envelope, passes the `send`
 * hook (as the sender's outgoing message) and then `deliver` (as the recipient's incoming one), and the
 * verdict is written to the audit log before the caller acts on it. What comes back says whether the
 * payload passes, and if so which parts and labels a guard changed (nothing changed: forward the original
 * bytes).
 */
import { randomBytes } from 'node:crypto';
import { type AgentId, DEFAULT_LABELS, type Envelope, type EnvelopeKind, type Flag, type Hook, type Labels, type Part, type Verdict, envelopeText, wireErrorOf } from '@masec/spec';
import type { QuarantineNote, TransformNote } from '@masec/defenses';
import type { AuditLog } from '../audit/sqlite-audit-log.js';
import { type RecordKind, payloadDigest, sha256Hex } from '../audit/record.js';
import type { AgentRoute } from '../config/schema.js';
import type { GatewayGuards } from './guards.js';
import { type Refusal, guardRefusal } from '../a2a/errors.js';
import { ADMIN_METHODS } from './admin.js';

export interface Payload {
  /** The envelope id (default: a fresh one); an answer's request uses its id as the answers' `inReplyTo`. */
  id?: string;
  /** For an answer: the id of the request it answers (guards tell replies from calls by it). */
  inReplyTo?: string | undefined;
  kind: EnvelopeKind;
  /** The audit record kind. */
  record: RecordKind;
  protocol: string;
  method: string;
  from: AgentId;
  to: AgentId;
  parts: Part[];
  labels: Labels;
  origin?: Envelope['provenance']['origin'];
  hops?: readonly AgentId[];
  contextId?: string | undefined;
  taskId?: string | undefined;
  metadata?: Envelope['metadata'];
  /**
   * The hooks the payload passes, in order (default `send`, then `deliver`: a message). MCP passes tool
   * calls through `tool-call`, tool definitions through `tool-list` and tool results through `tool-result`.
   */
  hooks?: readonly Hook[];
  /** The bytes as they arrived (digested into the audit record). */
  body?: Uint8Array | string | undefined;
}

/** A call's outcome told to the guards: the call's envelope id, and the reply's sender (the agent) and recipient. */
export interface CallOutcome {
  requestId: string;
  method: string;
  from: AgentId;
  to: AgentId;
  protocol?: 'a2a' | 'mcp';
}

export type Inspection =
  | { pass: true; envelope: Envelope; partsChanged: boolean[]; labelsChanged: boolean; flags: Flag[]; transforms: TransformNote[] }
  | { pass: false; refusal: Refusal; flags: Flag[] };

/** What a message passes: the sender's outgoing hook, then the recipient's incoming one. */
const MESSAGE_HOOKS: readonly Hook[] = ['send', 'deliver'];

let counter = 0;
const prefix = randomBytes(4).toString('hex');

/** A fresh envelope id (unique in this process; guards key pending state on it). */
export function envelopeId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `shield-${prefix}-${counter}`;
}

function changed(a: Part | undefined, b: Part | undefined): boolean {
  return a !== b && JSON.stringify(a) !== JSON.stringify(b);
}

export interface InspectorOptions {
  guards: GatewayGuards;
  audit: AuditLog;
  now: () => number;
}

export class Inspector {
  readonly #guards: GatewayGuards;
  readonly #audit: AuditLog;
  readonly #now: () => number;

  constructor(options: InspectorOptions) {
    this.#guards = options.guards;
    this.#audit = options.audit;
    this.#now = options.now;
  }

  get audit(): AuditLog {
    return this.#audit;
  }

  get guards(): GatewayGuards {
    return this.#guards;
  }

  /** Runs `payload` through the route's guards (send, then deliver) and audits the verdict. */
  async inspect(route: AgentRoute, payload: Payload): Promise<Inspection> {
    const time = this.#now();
    const envelope: Envelope = {
      id: payload.id ?? envelopeId(),
      kind: payload.kind,
      ...(payload.inReplyTo === undefined ? {} : { inReplyTo: payload.inReplyTo }),
      method: payload.method,
      from: payload.from,
      to: payload.to,
      channel: payload.protocol,
      ...(payload.contextId === undefined || payload.contextId === '' ? {} : { contextId: payload.contextId }),
      ...(payload.taskId === undefined || payload.taskId === '' ? {} : { taskId: payload.taskId }),
      parts: payload.parts,
      labels: payload.labels,
      provenance: { origin: payload.origin ?? { kind: 'agent', id: payload.from }, hops: [...(payload.hops ?? []), payload.from] },
      ...(payload.metadata === undefined ? {} : { metadata: payload.metadata }),
      time,
    };
    const digest = payload.parts.length === 0 ? undefined : payloadDigest(envelopeText(envelope));
    const entry = {
      time,
      kind: payload.record,
      protocol: payload.protocol,
      route: route.path,
      method: payload.method,
      sender: payload.from,
      recipient: payload.to,
      digest,
      bodyDigest: payload.body === undefined ? undefined : sha256Hex(payload.body),
    };
    if (this.#guards.refuses(payload.from)) {
      const refusal = guardRefusal({ code: 'QUARANTINED', status: 403, message: 'the sender is quarantined', guard: 'gateway' });
      await this.#audit.append({ ...entry, action: 'block', code: refusal.code, guard: refusal.guard, detail: { reason: refusal.message } });
      return { pass: false, refusal, flags: [] };
    }
    const pipeline = this.#guards.pipelineFor(route, payload.from);
    const quarantined: QuarantineNote[] = [];
    const flags: Flag[] = [];
    const transforms: TransformNote[] = [];
    let verdict: Verdict = { action: 'deliver', envelope };
    for (const hook of payload.hooks ?? MESSAGE_HOOKS) {
      if (verdict.action !== 'deliver') break;
      const outcome = await pipeline.process(verdict.envelope, hook);
      quarantined.push(...outcome.quarantined);
      flags.push(...outcome.flags);
      transforms.push(...outcome.transforms);
      verdict = outcome.verdict;
    }
    await this.#spread(route, payload.protocol, quarantined);
    const detail: Record<string, unknown> = {};
    if (flags.length > 0) detail.flags = flags.map((f) => ({ guard: f.guard, score: Math.round(f.score * 1e6) / 1e6, code: f.code, reason: f.reason }));
    if (transforms.length > 0) detail.transforms = transforms;
    if (quarantined.length > 0) detail.quarantined = quarantined;
    if (verdict.action === 'block') {
      const refusal = guardRefusal(wireErrorOf(verdict));
      await this.#audit.append({ ...entry, action: 'block', code: verdict.code, guard: verdict.guard, detail: { ...detail, reason: verdict.reason } });
      return { pass: false, refusal, flags };
    }
    await this.#audit.append({ ...entry, action: 'deliver', detail: Object.keys(detail).length === 0 ? undefined : detail });
    const final = verdict.envelope;
    const partsChanged = envelope.parts.map((p, i) => changed(p, final.parts[i]));
    const labelsChanged = final.labels !== envelope.labels && JSON.stringify(final.labels) !== JSON.stringify(envelope.labels);
    return { pass: true, envelope: final, partsChanged, labelsChanged, flags, transforms };
  }

  /**
   * Tells the `deliver` guards that the agent failed a call (it answered 5xx, or could not be reached in
   * time): a reply `{status: 'error', re}` in the reply-status protocol, from the agent to its caller, which
   * `circuit-breaker` counts against the edge. Nothing is forwarded and nothing is audited here (the answer
   * or the refusal is audited where it is made). An MCP server's failed tool call passes `tool-result`.
   */
  failed(route: AgentRoute, call: CallOutcome): Promise<void> {
    return this.#outcome(route, call, 'error');
  }

  /**
   * Tells the guards that the agent answered a call with no content for them to inspect (a JSON-RPC error
   * answer, an A2A answer without a message): `{status: 'ok', re}`, an answer came. `circuit-breaker` closes
   * a half-open breaker on it, as on any answer it inspects.
   */
  answered(route: AgentRoute, call: CallOutcome): Promise<void> {
    return this.#outcome(route, call, 'ok');
  }

  async #outcome(route: AgentRoute, call: CallOutcome, status: 'ok' | 'error'): Promise<void> {
    const protocol = call.protocol ?? 'a2a';
    const envelope: Envelope = {
      id: envelopeId(),
      kind: 'message',
      inReplyTo: call.requestId,
      method: call.method,
      from: call.from,
      to: call.to,
      channel: protocol,
      parts: [{ kind: 'data', data: { status, re: call.requestId } }],
      labels: route.labels ?? DEFAULT_LABELS,
      provenance: { origin: { kind: 'agent', id: call.from }, hops: [call.from] },
      time: this.#now(),
    };
    const outcome = await this.#guards.pipelineFor(route, call.from).process(envelope, protocol === 'mcp' ? 'tool-result' : 'deliver');
    await this.#spread(route, protocol, outcome.quarantined);
  }

  /**
   * Applies quarantines on every route, and writes each new one to the audit log as an `admin` record
   * (`quarantine`, from the gateway to the agent), which the gateway reads back at start: a quarantine
   * holds across restarts until an operator releases it.
   */
  async #spread(route: AgentRoute, protocol: string, notes: readonly QuarantineNote[]): Promise<void> {
    const fresh = this.#guards.spread(notes);
    if (fresh.length === 0) return;
    const time = this.#now();
    await Promise.all(
      fresh.map((note) =>
        this.#audit.append({ time, kind: 'admin', protocol, route: route.path, method: ADMIN_METHODS.quarantine, sender: 'gateway', recipient: note.agent, action: 'block', code: 'QUARANTINED', guard: note.guard, detail: { note } }),
      ),
    );
  }

  /** Audits a message forwarded that no guard hook applies to (an MCP call other than tools/call, a session's GET or DELETE): its digest joins the chain. */
  async forwarded(route: AgentRoute, fields: { record: RecordKind; protocol: string; method: string; from: string; to: string; body?: Uint8Array | string }): Promise<void> {
    await this.#audit.append({ ...this.#unguarded(route, fields), action: 'deliver' });
  }

  /** Audits a refusal made before any guard ran (authentication, a malformed request, an upstream failure). */
  async refuse(route: AgentRoute, fields: { record: RecordKind; protocol: string; method: string; from: string; to: string; refusal: Refusal; body?: Uint8Array | string; action?: 'block' | 'error' }): Promise<void> {
    await this.#audit.append({
      ...this.#unguarded(route, fields),
      action: fields.action ?? 'block',
      code: fields.refusal.code,
      guard: fields.refusal.guard,
      detail: { reason: fields.refusal.message },
    });
  }

  /** The fields of an audit record for a message no guard saw: when, which route, who to whom, its digest. */
  #unguarded(route: AgentRoute, fields: { record: RecordKind; protocol: string; method: string; from: string; to: string; body?: Uint8Array | string }) {
    return {
      time: this.#now(),
      kind: fields.record,
      protocol: fields.protocol,
      route: route.path,
      method: fields.method,
      sender: fields.from,
      recipient: fields.to,
      bodyDigest: fields.body === undefined ? undefined : sha256Hex(fields.body),
    };
  }
}
