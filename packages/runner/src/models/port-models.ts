/**
 * Model calls across threads. A run on a worker thread gets a `ModelProvider` that posts each call to the
 * main thread over a port of its own, where the experiment's model host makes it: one host for all threads,
 * so endpoint concurrency, rate limits, the experiment's budget and the store's response cache are shared.
 * An abort on the worker's side aborts the call on the main thread; a failure comes back as a MasecError
 * with its code and message (never a stack or a cause: nothing of a request crosses back but the answer).
 */
import type { MessagePort } from 'node:worker_threads';
import { onAbort } from '@masec/models';
import { ERROR_CODES, type ErrorCode, MasecError, type ModelProvider, type ModelRequest, type ModelResponse, errorCodeOf } from '@masec/spec';

type ToHost = { op: 'generate'; id: number; model: string; request: ModelRequest } | { op: 'abort'; id: number };
type ToRun = { id: number; ok: true; response: ModelResponse } | { id: number; ok: false; code: string; name: string; message: string };

/** Main thread: answers the run's calls on `port` with `models` (the run's `RunModels`). */
export function serveModels(port: MessagePort, models: ModelProvider): void {
  const calls = new Map<number, AbortController>();
  port.on('message', (message: ToHost) => {
    if (message.op === 'abort') {
      calls.get(message.id)?.abort(Object.assign(new Error('the run stopped'), { name: 'AbortError' }));
      return;
    }
    const controller = new AbortController();
    calls.set(message.id, controller);
    const reply = (out: ToRun): void => {
      calls.delete(message.id);
      port.postMessage(out);
    };
    Promise.resolve()
      .then(() => models.get(message.model).generate(message.request, { signal: controller.signal }))
      .then(
        (response) => reply({ id: message.id, ok: true, response }),
        (error: unknown) => reply({ id: message.id, ok: false, code: errorCodeOf(error), name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) }),
      );
  });
}

/** Worker thread: the run's `ModelProvider`, whose calls go to the main thread over `port`. */
export function portModels(port: MessagePort, ids: readonly string[]): ModelProvider {
  let next = 0;
  const pending = new Map<number, { resolve: (r: ModelResponse) => void; reject: (e: unknown) => void }>();
  port.on('message', (message: ToRun) => {
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.response);
    else if (message.code === 'RUN_CANCELLED' && message.name === 'AbortError') waiter.reject(Object.assign(new Error(message.message), { name: 'AbortError' }));
    else waiter.reject(new MasecError((ERROR_CODES as readonly string[]).includes(message.code) ? (message.code as ErrorCode) : 'RUN_FAILED', message.message));
  });
  return {
    ids: () => ids,
    get: (model) => {
      if (!ids.includes(model)) throw new MasecError('CONFIG_INVALID', `unknown model '${model}'; the scenario declares: ${ids.join(', ') || 'none'}`);
      return {
        id: model,
        generate: (request, { signal }) =>
          new Promise<ModelResponse>((resolve, reject) => {
            if (signal.aborted) {
              reject(signal.reason);
              return;
            }
            const id = next++;
            const untie = onAbort(signal, () => port.postMessage({ op: 'abort', id } satisfies ToHost));
            pending.set(id, {
              resolve: (r) => {
                untie();
                resolve(r);
              },
              reject: (e) => {
                untie();
                reject(e);
              },
            });
            port.postMessage({ op: 'generate', id, model, request } satisfies ToHost);
          }),
      };
    },
  };
}
