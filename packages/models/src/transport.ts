/** What carries one call to a model and back: the AI SDK over HTTP, or a dry run that estimates without a socket. */
import type { ModelDeclaration, ModelMessage, ModelResponse, ModelTool } from '@masec/spec';

export interface TransportRequest {
  model: ModelDeclaration;
  messages: readonly ModelMessage[];
  tools: readonly ModelTool[] | undefined;
  /** The provider-side seed of a sampled call (see `providerSeed`); absent at temperature 0. */
  seed: number | undefined;
  /** The key, read from the environment variable the model names (absent when it names none). */
  apiKey: string | undefined;
  /** Aborted when the attempt times out or the run stops. */
  signal: AbortSignal;
}

/** An answer as the transport got it (`cached` is for the caller to say). */
export type TransportAnswer = Omit<ModelResponse, 'cached'>;

export interface ModelTransport {
  /** One attempt. Throws on failure; `classifyFailure` decides whether it is retried. */
  generate(request: TransportRequest): Promise<TransportAnswer>;
}
