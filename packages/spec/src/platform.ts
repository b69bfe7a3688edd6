/**
 * The few web-platform globals masec's runtime-neutral packages use — abort signals and URLs — typed
 * structurally, so that spec, defenses and sim compile without Node's or the DOM's type libraries. Every
 * runtime masec targets (Node 20+, browsers, workers) has them; the real objects satisfy these types.
 */

/** What masec uses of an `AbortSignal`. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}

export interface AbortControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

declare const AbortController: new () => AbortControllerLike;

/** A new abort controller (the platform's own). */
export function createAbortController(): AbortControllerLike {
  return new AbortController();
}

/** A signal that never aborts, for callers that have no run to cancel. */
export const NEVER_ABORTED: AbortSignalLike = createAbortController().signal;

/** A controller tied to a parent signal; `dispose` unties it (call it when the child's work is done). */
export interface ChildAbortController extends AbortControllerLike {
  dispose(): void;
}

/**
 * A controller that aborts when `parent` does (with its reason), or when aborted itself: the child can stop
 * its own work without aborting the parent's. Dispose of it when done, or the parent keeps a listener.
 */
export function childAbortController(parent: AbortSignalLike): ChildAbortController {
  const controller = createAbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, abort: (reason) => controller.abort(reason), dispose: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  const dispose = (): void => parent.removeEventListener('abort', onAbort);
  return {
    signal: controller.signal,
    abort: (reason) => {
      dispose();
      controller.abort(reason);
    },
    dispose,
  };
}

interface UrlLike {
  readonly protocol: string;
  readonly hostname: string;
}

declare const URL: new (input: string) => UrlLike;

/** The URL's protocol and host name, or undefined when the string does not parse as a URL. */
export function parseUrl(value: string): UrlLike | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
