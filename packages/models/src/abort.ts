/**
 * One listener per signal, however many calls wait on it: a run's signal is shared by every call in flight
 * (32 or more), and an `AbortSignal` warns past 10 listeners. `onAbort` registers a callback on the
 * signal's single fan-out listener and returns what removes it.
 */
import type { AbortSignalLike } from '@masec/spec';

const hubs = new WeakMap<AbortSignalLike, Set<() => void>>();

export function onAbort(signal: AbortSignalLike, callback: () => void): () => void {
  let hub = hubs.get(signal);
  if (hub === undefined) {
    const callbacks = new Set<() => void>();
    hub = callbacks;
    hubs.set(signal, callbacks);
    signal.addEventListener(
      'abort',
      () => {
        for (const cb of [...callbacks]) cb();
        callbacks.clear();
      },
      { once: true },
    );
  }
  const callbacks = hub;
  callbacks.add(callback);
  return () => void callbacks.delete(callback);
}
