import { describe, expect, it } from 'vitest';
import { PushNotificationsSchema, webhookProblem, webhookUrlsOf } from './push-webhooks.js';
import { readJsonRpc, readRest } from './requests.js';

const check = PushNotificationsSchema.parse({});

describe('push-notification webhooks', () => {
  it.each([
    'http://127.0.0.1:9000/hook',
    'http://0x7f.1/hook', // another spelling of 127.0.0.1
    'http://2130706433/', // and another
    'http://localhost/hook',
    'http://metadata.localhost/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3/',
    'http://172.20.0.1/',
    'http://192.168.1.10/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'file:///etc/passwd',
    'gopher://hooks.example.com/',
    'not a url',
  ])('check refuses %s', (url) => {
    expect(webhookProblem(url, check)).toBeTypeOf('string');
  });

  it.each(['https://hooks.example.com/a2a', 'http://203.0.113.7:8080/hook', 'https://[2001:db8::1]/hook', 'http://172.32.0.1/'])('check passes %s', (url) => {
    expect(webhookProblem(url, check)).toBeUndefined();
  });

  it('allowHosts admits a listed internal host; allow-list admits listed hosts only; refuse and pass', () => {
    const allowing = PushNotificationsSchema.parse({ allowHosts: ['127.0.0.1', 'hooks.internal'] });
    expect(webhookProblem('http://127.0.0.1:9000/hook', allowing)).toBeUndefined();
    const list = PushNotificationsSchema.parse({ mode: 'allow-list', allowHosts: ['hooks.internal'] });
    expect(webhookProblem('https://hooks.internal/x', list)).toBeUndefined();
    expect(webhookProblem('https://hooks.example.com/x', list)).toBe('webhook host hooks.example.com is not in pushNotifications.allowHosts');
    expect(webhookProblem('https://hooks.example.com/x', PushNotificationsSchema.parse({ mode: 'refuse' }))).toMatch(/not allowed/);
    expect(webhookProblem('http://127.0.0.1/', PushNotificationsSchema.parse({ mode: 'pass' }))).toBeUndefined();
  });

  const rpc = (method: string, params: unknown) => {
    const read = readJsonRpc(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    if (!read.ok) throw new Error(read.refusal.message);
    return read.request;
  };
  const message = { messageId: 'm1', role: 'user', parts: [{ kind: 'text', text: 'hi' }] };

  it('finds the URLs a request registers: push-config methods, and a send’s configuration (not its message)', () => {
    expect(webhookUrlsOf(rpc('tasks/pushNotificationConfig/set', { taskId: 't', pushNotificationConfig: { url: 'http://a/' } }), '')).toEqual(['http://a/']);
    expect(webhookUrlsOf(rpc('CreateTaskPushNotificationConfig', { taskId: 't', config: { pushNotificationConfig: { url: 'http://b/' } } }), '')).toEqual(['http://b/']);
    expect(webhookUrlsOf(rpc('message/send', { message: { ...message, metadata: { url: 'http://not-a-webhook/' } }, configuration: { pushNotificationConfig: { url: 'http://c/' } } }), '')).toEqual(['http://c/']);
    expect(webhookUrlsOf(rpc('message/send', { message }), '')).toEqual([]);
    expect(webhookUrlsOf(rpc('tasks/get', { id: 't', url: 'http://d/' }), '')).toEqual([]);
    const body = JSON.stringify({ pushNotificationConfig: { url: 'http://e/' } });
    const rest = readRest('POST', '/v1/tasks/t1/pushNotificationConfigs', body, undefined);
    if (!rest.ok) throw new Error('unread');
    expect(webhookUrlsOf(rest.request, body)).toEqual(['http://e/']);
  });
});
