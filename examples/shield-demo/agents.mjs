// Three A2A agents built with the official SDK (@a2a-js/sdk on express), each on its own loopback port.
// `reply(text)` decides what an agent answers; a naive agent may also pass what it read on to a colleague,
// which is how a prompt-injection worm travels from agent to agent.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { AGENT_CARD_PATH, Role } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } from '@a2a-js/sdk/server';
import { UserBuilder, agentCardHandler, jsonRpcHandler } from '@a2a-js/sdk/server/express';
import { ClientFactory, DefaultAgentCardResolver, JsonRpcTransportFactory } from '@a2a-js/sdk/client';

export const textOf = (message) => (message?.parts ?? []).map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('\n');

const part = (text) => ({ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' });
export const message = (role, text) => ({ messageId: randomUUID(), contextId: '', taskId: '', role, parts: [part(text)], metadata: undefined, extensions: [], referenceTaskIds: [] });

/** Starts an SDK agent; its card is pointed at `publicUrl()` (the gateway) once the gateway is up. */
export async function startAgent(name, reply) {
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const card = {
    name,
    description: `${name}, an assistant of the demo office`,
    supportedInterfaces: [{ url: `${url}/`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' }],
    version: '1.0.0',
    capabilities: { streaming: true, pushNotifications: false, extensions: [], extendedAgentCard: false },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text'],
    defaultOutputModes: ['text'],
    skills: [{ id: 'assist', name: 'Assist', description: 'answers colleagues', tags: ['office'], examples: [], inputModes: ['text'], outputModes: ['text'], securityRequirements: [] }],
    signatures: [],
  };
  const executor = {
    cancelTask: async () => undefined,
    async execute(context, bus) {
      const answer = await reply(textOf(context.userMessage));
      bus.publish(AgentEvent.message({ ...message(Role.ROLE_AGENT, answer), contextId: context.contextId }));
      bus.finished();
    },
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: handler }));
  app.use(jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  return {
    name,
    url,
    /** From now on the card sends clients to `base` (the agent's mount on the gateway). */
    advertise: (base) => (card.supportedInterfaces[0].url = `${base}/`),
    close: () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

/** An SDK client for the agent behind `base`, identifying itself as `caller` (the gateway's identity header). */
export async function clientFor(base, caller) {
  const fetchImpl = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('x-agent', caller);
    return fetch(input, { ...init, headers });
  };
  const factory = new ClientFactory({ transports: [new JsonRpcTransportFactory({ fetchImpl })], cardResolver: new DefaultAgentCardResolver({ fetchImpl }) });
  return factory.createFromUrl(`${base}/`);
}

export const send = (client, text) => client.sendMessage({ message: message(Role.ROLE_USER, text), configuration: undefined, metadata: undefined, tenant: '' });
