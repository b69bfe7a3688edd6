/**
 * Push-notification webhooks through the gateway (an SSRF surface: the agent would call the URL later),
 * with an `@a2a-js/sdk` agent behind it over loopback: a push config or a send whose webhook points at the
 * cloud metadata address, loopback or a private network is refused with WEBHOOK_REFUSED before the agent
 * sees it, and audited; a public webhook passes to the agent (which answers as it does); `allowHosts` admits
 * a listed internal host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startAgent, type ScriptedAgent } from '../shield/agents.js';
import { startShield, type TestShield } from '../shield/gateway.js';

const rpc = (method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id: 7, method, params });
const message = (text: string) => ({ kind: 'message', messageId: `m-${text.length}-${Math.random()}`, role: 'user', parts: [{ kind: 'text', text }] });

describe('shield: push-notification webhooks', () => {
  let agent: ScriptedAgent;
  let shield: TestShield;
  let hits: number;

  beforeAll(async () => {
    agent = await startAgent({ name: 'planner' });
    shield = await startShield({
      agents: [{ id: 'planner', path: '/agents/planner', upstream: `${agent.url}/` }],
      identity: { header: 'x-agent' },
      pushNotifications: { allowHosts: ['10.0.0.5'] },
    });
  });
  afterAll(async () => {
    await shield.stop();
    await agent.close();
  });

  async function post(body: string, path = '/agents/planner'): Promise<{ status: number; code: string | undefined; json: Record<string, unknown> }> {
    const before = agent.callers.length;
    const res = await fetch(`${shield.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-agent': 'mallory' }, body });
    const json = (await res.json()) as Record<string, unknown>;
    hits = agent.callers.length - before;
    const error = json.error as { data?: { code?: string }; code?: string } | undefined;
    return { status: res.status, code: error?.data?.code ?? (json.code as string | undefined), json };
  }

  it.each([
    ['tasks/pushNotificationConfig/set', { taskId: 't-1', pushNotificationConfig: { url: 'http://169.254.169.254/latest/meta-data/iam' } }],
    ['CreateTaskPushNotificationConfig', { taskId: 't-1', config: { pushNotificationConfig: { url: 'http://127.0.0.1:6379/' } } }],
    ['message/send', { message: message('status please'), configuration: { pushNotificationConfig: { url: 'http://[::1]:2375/containers' } } }],
  ])('%s with an internal webhook is WEBHOOK_REFUSED before the agent sees it', async (method, params) => {
    const answer = await post(rpc(method, params));
    expect(answer.code).toBe('WEBHOOK_REFUSED');
    expect(hits).toBe(0);
  });

  it('the HTTP+JSON binding too', async () => {
    const answer = await post(JSON.stringify({ pushNotificationConfig: { url: 'http://192.168.0.1/admin' } }), '/agents/planner/rest/v1/tasks/t-1/pushNotificationConfigs');
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.json)).toContain('WEBHOOK_REFUSED');
    expect(hits).toBe(0);
  });

  it('a public webhook, and a listed internal host, reach the agent (the test can fail)', async () => {
    const open = await post(rpc('message/send', { message: message('public hook'), configuration: { pushNotificationConfig: { url: 'https://hooks.example.com/a2a' } } }));
    expect(open.code).toBeUndefined();
    expect(hits).toBe(1);
    const listed = await post(rpc('message/send', { message: message('listed hook'), configuration: { pushNotificationConfig: { url: 'http://10.0.0.5/hook' } } }));
    expect(listed.code).toBeUndefined();
    expect(agent.received).toEqual(['public hook', 'listed hook']);
  });

  it('every refusal is in the audit log with the guard that made it', () => {
    const db = new Database(shield.auditPath, { readonly: true });
    const rows = db.prepare("SELECT method, sender, code, guard FROM records WHERE action = 'block' ORDER BY seq").all();
    db.close();
    expect(rows).toEqual([
      { method: 'tasks/pushNotificationConfig/set', sender: 'mallory', code: 'WEBHOOK_REFUSED', guard: 'push-notifications' },
      { method: 'CreateTaskPushNotificationConfig', sender: 'mallory', code: 'WEBHOOK_REFUSED', guard: 'push-notifications' },
      { method: 'message/send', sender: 'mallory', code: 'WEBHOOK_REFUSED', guard: 'push-notifications' },
      { method: 'POST /rest/v1/tasks/{id}/pushNotificationConfigs', sender: 'mallory', code: 'WEBHOOK_REFUSED', guard: 'push-notifications' },
    ]);
  });
});
