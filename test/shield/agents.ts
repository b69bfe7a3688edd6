/**
 * Real A2A peers for the shield's tests: agents served by the official SDK (`@a2a-js/sdk` on express, with
 * the JSON-RPC and HTTP+JSON bindings, the agent card and the v0.3 compatibility layer), on loopback, with
 * a scripted executor; and clients built by the SDK's own factory.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AGENT_CARD_PATH, type AgentCard, type Message, Role, TaskState } from '@a2a-js/sdk';
import { AgentEvent, type AgentExecutor, DefaultRequestHandler, InMemoryTaskStore, type RequestContext } from '@a2a-js/sdk/server';
import { UserBuilder, agentCardHandler, jsonRpcHandler, restHandler } from '@a2a-js/sdk/server/express';
import { ClientFactory, DefaultAgentCardResolver, JsonRpcTransportFactory, RestTransportFactory } from '@a2a-js/sdk/client';

export interface ScriptedAgent {
  url: string;
  card: AgentCard;
  /** Texts of the messages it received, in order. */
  received: string[];
  /** Headers of the requests it received (the gateway names the caller in them). */
  callers: string[];
  close(): Promise<void>;
}

export type Reply = (text: string) => string | Promise<string>;

export function textOf(message: Message | undefined): string {
  return (message?.parts ?? []).map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('\n');
}

export function agentMessage(text: string, contextId: string, taskId = ''): Message {
  return {
    messageId: randomUUID(),
    contextId,
    taskId,
    role: Role.ROLE_AGENT,
    parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

class ScriptedExecutor implements AgentExecutor {
  constructor(
    private readonly reply: Reply,
    private readonly received: string[],
    private readonly streamChunks: number,
  ) {}

  cancelTask = async (): Promise<void> => undefined;

  async execute(context: RequestContext, bus: Parameters<AgentExecutor['execute']>[1]): Promise<void> {
    const text = textOf(context.userMessage);
    this.received.push(text);
    const answer = await this.reply(text);
    if (this.streamChunks <= 1) {
      bus.publish(AgentEvent.message(agentMessage(answer, context.contextId)));
      bus.finished();
      return;
    }
    // A task with one status update per chunk, then completed.
    bus.publish(AgentEvent.task({ id: context.taskId, contextId: context.contextId, status: { state: TaskState.TASK_STATE_SUBMITTED, timestamp: new Date().toISOString(), message: undefined }, artifacts: [], history: [context.userMessage], metadata: undefined }));
    for (let i = 0; i < this.streamChunks; i++) {
      const last = i === this.streamChunks - 1;
      bus.publish(
        AgentEvent.statusUpdate({
          taskId: context.taskId,
          contextId: context.contextId,
          status: { state: last ? TaskState.TASK_STATE_COMPLETED : TaskState.TASK_STATE_WORKING, timestamp: new Date().toISOString(), message: agentMessage(`${answer} (${i + 1}/${this.streamChunks})`, context.contextId, context.taskId) },
          metadata: undefined,
        }),
      );
    }
    bus.finished();
  }
}

/**
 * An SDK agent on loopback. `publicUrl` is what its card advertises (the gateway's mount for it, so that
 * clients resolving the card go through the gateway); by default its own address.
 */
export async function startAgent(options: { name: string; reply?: Reply; streamChunks?: number; publicUrl?: (own: string) => string }): Promise<ScriptedAgent> {
  const received: string[] = [];
  const callers: string[] = [];
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const own = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = options.publicUrl?.(own) ?? own;
  const card: AgentCard = {
    name: options.name,
    description: `${options.name}: a scripted test agent`,
    supportedInterfaces: [
      { url: `${url}/`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' },
      { url: `${url}/`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '0.3' },
      { url: `${url}/rest`, protocolBinding: 'HTTP+JSON', tenant: '', protocolVersion: '1.0' },
      { url: `${url}/rest`, protocolBinding: 'HTTP+JSON', tenant: '', protocolVersion: '0.3' },
    ],
    provider: undefined,
    version: '1.0.0',
    documentationUrl: undefined,
    capabilities: { streaming: true, pushNotifications: false, extensions: [], extendedAgentCard: false },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text'],
    defaultOutputModes: ['text'],
    skills: [{ id: 'answer', name: 'Answer', description: 'answers a message', tags: ['test'], examples: [], inputModes: ['text'], outputModes: ['text'], securityRequirements: [] }],
    signatures: [],
    iconUrl: undefined,
  } as AgentCard;
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), new ScriptedExecutor(options.reply ?? ((t) => `echo: ${t}`), received, options.streamChunks ?? 1));
  app.use((req, _res, next) => {
    callers.push(String(req.headers['masec-caller'] ?? ''));
    next();
  });
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: handler }));
  app.use('/rest', restHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  app.use(jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat: { enabled: true } }));
  return {
    url: own,
    card,
    received,
    callers,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * An SDK client for the agent whose card is at `baseUrl` (the gateway's mount, when the card names it),
 * speaking the binding and version asked for: the card is fetched through the gateway and narrowed to that
 * interface, then the SDK's factory (v0.3 compatibility layer on) builds the client.
 */
export async function clientFor(baseUrl: string, options: { binding?: 'JSONRPC' | 'HTTP+JSON'; version?: '1.0' | '0.3'; headers?: Record<string, string> } = {}) {
  const fetchImpl: typeof fetch = (input, init) => {
    const h = new Headers(init?.headers);
    for (const [k, v] of Object.entries(options.headers ?? {})) h.set(k, v);
    return fetch(input, { ...init, headers: h });
  };
  const resolver = new DefaultAgentCardResolver({ fetchImpl, legacyCompat: { enabled: true } });
  const card = await resolver.resolve(baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  const binding = options.binding ?? 'JSONRPC';
  const version = options.version ?? '1.0';
  const chosen = card.supportedInterfaces.filter((i) => i.protocolBinding === binding && i.protocolVersion === version);
  if (chosen.length === 0) throw new Error(`the card offers no ${binding} ${version} interface`);
  const factory = new ClientFactory({
    transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat: { enabled: true } }), new RestTransportFactory({ fetchImpl, legacyCompat: { enabled: true } })],
    cardResolver: resolver,
  });
  return factory.createFromAgentCard({ ...card, supportedInterfaces: chosen });
}

export function userMessage(text: string, extra: Partial<Message> = {}): Message {
  return {
    messageId: randomUUID(),
    contextId: '',
    taskId: '',
    role: Role.ROLE_USER,
    parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
    ...extra,
  };
}

/** Points the agent's card at `base` (the gateway's mount for it), so clients that resolve it go through the gateway. */
export function advertise(agent: ScriptedAgent, base: string): void {
  for (const i of agent.card.supportedInterfaces) i.url = i.protocolBinding === 'HTTP+JSON' ? `${base}/rest` : `${base}/`;
}
