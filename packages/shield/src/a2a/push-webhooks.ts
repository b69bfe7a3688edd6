/**
 * Push-notification webhooks: a caller that registers a push-notification config (or sends a message
 * with one) makes the agent call that URL later — an SSRF lever aimed at whatever the agent's host can
 * reach. The gateway reads every webhook URL in such a request and, by default (`check`), refuses http(s)
 * URLs whose host is loopback, private, link-local, shared (CGNAT) or unspecified, written as an IP literal or
 * as `localhost`, unless the host is listed in `allowHosts`. `allow-list` admits listed hosts only; `refuse`
 * refuses every push config; `pass` checks nothing. Host names are not resolved (no network call): a name
 * that resolves to a private address passes `check`; use `allow-list` where that matters.
 */
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import type { A2ARequest } from './requests.js';
import { type Json, isObject } from './content.js';

export const PushNotificationsSchema = z.strictObject({
  mode: z
    .enum(['check', 'allow-list', 'refuse', 'pass'])
    .default('check')
    .describe('check: refuse webhooks to loopback, private, link-local or unspecified IP literals and localhost unless listed; allow-list: listed hosts only; refuse: no push configs; pass: no check'),
  allowHosts: z.array(z.string().min(1).max(253)).default([]).describe('webhook hosts always allowed (host names or IP literals, lower case, without port)'),
});
export type PushNotificationsPolicy = z.infer<typeof PushNotificationsSchema>;

/** Methods that register a push config (JSON-RPC names; HTTP+JSON: a POST to .../pushNotificationConfigs). */
const PUSH_CONFIG_METHODS = new Set(['CreateTaskPushNotificationConfig', 'tasks/pushNotificationConfig/set']);

const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv6');

const MAX_DEPTH = 16;

/** Every string under a `url` key in `value` (depth-bounded). */
function urlsIn(value: unknown, out: string[], depth = 0): string[] {
  if (depth > MAX_DEPTH) return out;
  if (Array.isArray(value)) for (const item of value) urlsIn(item, out, depth + 1);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'url' && typeof item === 'string') out.push(item);
      else urlsIn(item, out, depth + 1);
    }
  }
  return out;
}

/** The webhook URLs a request asks the agent to call: a push config's, or a send's `configuration`. */
export function webhookUrlsOf(a2a: A2ARequest, text: string): string[] {
  const params: Json | undefined = a2a.binding === 'jsonrpc' ? (isObject(a2a.body?.params) ? a2a.body.params : undefined) : a2a.body;
  if (a2a.message !== undefined) return urlsIn(params?.configuration, []);
  if (PUSH_CONFIG_METHODS.has(a2a.method)) return urlsIn(params, []);
  if (a2a.binding === 'http+json' && /^POST .*pushNotificationConfigs?$/.test(a2a.method)) {
    try {
      return urlsIn(JSON.parse(text), []);
    } catch {
      return ['(a push config that is not JSON)'];
    }
  }
  return [];
}

/** Why a webhook URL is refused under the policy, or undefined when it may pass. */
export function webhookProblem(url: string, policy: PushNotificationsPolicy): string | undefined {
  if (policy.mode === 'pass') return undefined;
  if (policy.mode === 'refuse') return 'push notifications are not allowed through this gateway';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `webhook ${JSON.stringify(url.slice(0, 200))} is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `webhook ${parsed.protocol} URLs are not allowed (http or https only)`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (policy.allowHosts.includes(host)) return undefined;
  if (policy.mode === 'allow-list') return `webhook host ${host} is not in pushNotifications.allowHosts`;
  if (host === 'localhost' || host.endsWith('.localhost')) return `webhook host ${host} is the agent's own machine`;
  const family = isIP(host);
  if (family !== 0 && INTERNAL.check(host, family === 4 ? 'ipv4' : 'ipv6')) return `webhook host ${host} is a loopback, private, link-local or unspecified address`;
  return undefined;
}
