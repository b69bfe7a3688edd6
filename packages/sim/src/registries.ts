/** The registries a scenario resolves its ids against. Plain data; building them does no I/O. */
import {
  type MetricDefinition,
  type PluginRegistries,
  type PolicyDefinition,
  Registry,
  type ThreatDefinition,
} from '@masec/spec';
import { createDefenseRegistry } from '@masec/defenses';
import { BUILTIN_METRICS } from './metrics/definitions.js';
import { albumChat } from './policies/album-chat/definition.js';
import { beliefUpdate } from './policies/belief-update/definition.js';
import { contagion } from './policies/contagion/definition.js';
import { emailAssistant } from './policies/email-assistant/definition.js';
import { llmPolicy } from './policies/llm/definition.js';
import { ragAgent } from './policies/rag-agent/definition.js';
import { scripted } from './policies/scripted/definition.js';
import { service } from './policies/service/definition.js';
import { stochastic } from './policies/stochastic/definition.js';
import { infectiousJailbreak } from './threats/infectious-jailbreak/definition.js';
import { cascadingFailure } from './threats/cascading-failure/definition.js';
import { teamAssistant } from './policies/team-assistant/definition.js';
import { privacyLeak } from './threats/privacy-leak/definition.js';
import { disinformation } from './threats/disinformation/definition.js';
import { memoryPoisoning } from './threats/memory-poisoning/definition.js';
import { worm } from './threats/worm/definition.js';
import { algorithmicCollusion } from './threats/algorithmic-collusion/definition.js';
import { toolPoisoning } from './threats/tool-poisoning/definition.js';
import { impersonation } from './threats/impersonation/definition.js';
import { toolAgent } from './policies/tool-agent/definition.js';
import { secretCollusion } from './threats/secret-collusion/definition.js';
import { boardWriter } from './policies/board-writer/definition.js';
import { sybil } from './threats/sybil/definition.js';
import { stealth } from './threats/stealth/definition.js';
import { voter } from './policies/voter/definition.js';
import { swarm } from './threats/swarm/definition.js';
import { decomposition } from './threats/decomposition/definition.js';

/** The registries the engines resolve ids against (the contract is `PluginRegistries` in @masec/spec). */
export type SimRegistries = PluginRegistries;

export function createRegistries(): SimRegistries {
  return {
    threats: new Registry<ThreatDefinition<unknown, unknown>>('threat', [
      worm as ThreatDefinition<unknown, unknown>,
      infectiousJailbreak as ThreatDefinition<unknown, unknown>,
      cascadingFailure as ThreatDefinition<unknown, unknown>,
      privacyLeak as ThreatDefinition<unknown, unknown>,
      disinformation as ThreatDefinition<unknown, unknown>,
      memoryPoisoning as ThreatDefinition<unknown, unknown>,
      algorithmicCollusion as ThreatDefinition<unknown, unknown>,
      toolPoisoning as ThreatDefinition<unknown, unknown>,
      impersonation as ThreatDefinition<unknown, unknown>,
      secretCollusion as ThreatDefinition<unknown, unknown>,
      sybil as ThreatDefinition<unknown, unknown>,
      stealth as ThreatDefinition<unknown, unknown>,
      swarm as ThreatDefinition<unknown, unknown>,
      decomposition as ThreatDefinition<unknown, unknown>,
    ]),
    defenses: createDefenseRegistry(),
    policies: new Registry<PolicyDefinition<unknown>>('policy', [
      emailAssistant as PolicyDefinition<unknown>,
      stochastic as PolicyDefinition<unknown>,
      scripted as PolicyDefinition<unknown>,
      contagion as PolicyDefinition<unknown>,
      albumChat as PolicyDefinition<unknown>,
      service as PolicyDefinition<unknown>,
      teamAssistant as PolicyDefinition<unknown>,
      beliefUpdate as PolicyDefinition<unknown>,
      ragAgent as PolicyDefinition<unknown>,
      toolAgent as PolicyDefinition<unknown>,
      llmPolicy as unknown as PolicyDefinition<unknown>,
      boardWriter as PolicyDefinition<unknown>,
      voter as PolicyDefinition<unknown>,
    ]),
    metrics: new Registry<MetricDefinition>('metric', BUILTIN_METRICS),
  };
}
