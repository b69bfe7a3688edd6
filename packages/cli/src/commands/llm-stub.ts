/**
 * `masec llm-stub`: the local model server of `@masec/models/stub`, for dry runs of a scenario's models and
 * for trying a setup without a real model. It speaks the OpenAI chat-completions, Anthropic messages and
 * Ollama chat protocols on one port, answers with a built-in behaviour, and stops on Ctrl-C (or SIGTERM),
 * printing how many requests it served.
 */
import type { Command } from 'commander';
import { type StubFault, StubServer, parseBehaviour, parseFault } from '@masec/models/stub';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';
import { collect, parseInteger } from '../options.js';

interface StubOptions {
  port: number;
  host: string;
  behaviour: string;
  latency: number;
  fault?: string[];
  apiKeyEnv?: string;
}

export function registerLlmStub(program: Command, io: CliIo): void {
  program
    .command('llm-stub')
    .description('serve a local stub model (OpenAI, Anthropic and Ollama protocols) for dry runs and tests; Ctrl-C stops it')
    .option('--port <n>', 'port to listen on (0: any free port)', parseInteger('--port', 0, 65_535), 8080)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--behaviour <kind>', 'obedient (follows instructions found in data), careful (ignores instructions in marked data), mixture:<p> (obedient on share p), colluder (hides and reads bits in capitals, for secret-collusion), paraphraser (lower-cases and normalises the text), by-model (as the request\u2019s model name says: obedient, careful, mixture-<p>, colluder, paraphraser), script:<file> (rules from a YAML or JSON file)', 'careful')
    .option('--latency <ms>', 'milliseconds before each answer', parseInteger('--latency', 0, 600_000), 0)
    .option('--fault <spec>', 'inject a fault (repeatable): kind[:key=value...], kinds rate-limit, server-error, timeout, malformed, truncate, bad-tool-args; keys requests (1+2+5), every, rate, model, retry-after, status', collect)
    .option('--api-key-env <name>', 'require the key held by this environment variable (as Authorization: Bearer or x-api-key)')
    .addHelpText(
      'after',
      '\nExamples:\n  masec llm-stub --behaviour obedient --latency 200\n  masec llm-stub --fault rate-limit:every=10:retry-after=2 --fault server-error:rate=0.01\n  masec run my-llm.yaml --set models[0].baseUrl=http://127.0.0.1:8080/v1',
    )
    .action(async (options: StubOptions) => {
      let behaviour;
      let faults: StubFault[];
      try {
        behaviour = parseBehaviour(options.behaviour);
        faults = (options.fault ?? []).map(parseFault);
      } catch (error) {
        throw new CliExit(EXIT_USAGE, (error as Error).message);
      }
      let apiKey: string | undefined;
      if (options.apiKeyEnv !== undefined) {
        apiKey = io.env[options.apiKeyEnv];
        if (apiKey === undefined || apiKey === '') throw new CliExit(EXIT_USAGE, `option --api-key-env: the environment variable ${options.apiKeyEnv} is not set`);
      }
      const stub = await StubServer.start({ port: options.port, host: options.host, behaviour, latencyMs: options.latency, faults, ...(apiKey === undefined ? {} : { apiKey }) });
      io.stderr(`masec llm-stub: listening on ${stub.url} (behaviour ${options.behaviour}${options.latency > 0 ? `, latency ${options.latency} ms` : ''}${faults.length > 0 ? `, ${faults.length} fault rule(s)` : ''})\n`);
      io.stderr(`  openai-compatible / openai: baseUrl ${stub.baseUrl('openai-compatible')}\n  anthropic: baseUrl ${stub.baseUrl('anthropic')}\n  ollama: baseUrl ${stub.baseUrl('ollama')}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await stub.close();
      const stats = stub.stats();
      const faulted = Object.entries(stats.faults).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
      io.stderr(`masec llm-stub: stopped after ${stats.requests} request(s), ${stats.answered} answered, at most ${stats.maxInFlight} at once${faulted.length > 0 ? `; faults: ${faulted.join(', ')}` : ''}\n`);
    });
}
