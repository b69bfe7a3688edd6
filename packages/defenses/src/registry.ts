import { type DefenseDefinition, Registry } from '@masec/spec';
import { circuitBreaker } from './circuit-breaker/definition.js';
import { collusionMonitor } from './collusion-monitor/definition.js';
import { contentDetector } from './content-detector/definition.js';
import { diversity } from './diversity/definition.js';
import { llmClassifier } from './llm-classifier/definition.js';
import { llmParaphrase } from './llm-paraphrase/definition.js';
import { llmOverseer } from './llm-overseer/definition.js';
import { memorySanitize } from './memory-sanitize/definition.js';
import { channelPolicy } from './channel-policy/definition.js';
import { edgePruning } from './edge-pruning/definition.js';
import { propagationMonitor } from './propagation-monitor/definition.js';
import { provenanceTagging } from './provenance-tagging/definition.js';
import { memoryPartition } from './memory-partition/definition.js';
import { quarantine } from './quarantine/definition.js';
import { taintLabels } from './taint-labels/definition.js';
import { toolPinning } from './tool-pinning/definition.js';
import { signedEnvelopes } from './signed-envelopes/definition.js';
import { rateLimit } from './rate-limit/definition.js';
import { steganalysis } from './steganalysis/definition.js';
import { paraphrase } from './paraphrase/definition.js';
import { capacityLimit } from './capacity-limit/definition.js';
import { sybilResistance } from './sybil-resistance/definition.js';
import { crossAgentAggregation } from './cross-agent-aggregation/definition.js';

/** Every built-in defense, by id. */
export function createDefenseRegistry(): Registry<DefenseDefinition<unknown>> {
  return new Registry<DefenseDefinition<unknown>>('defense', [
    provenanceTagging as DefenseDefinition<unknown>,
    contentDetector as DefenseDefinition<unknown>,
    quarantine as DefenseDefinition<unknown>,
    memorySanitize as DefenseDefinition<unknown>,
    diversity as DefenseDefinition<unknown>,
    circuitBreaker as DefenseDefinition<unknown>,
    taintLabels as DefenseDefinition<unknown>,
    memoryPartition as DefenseDefinition<unknown>,
    channelPolicy as DefenseDefinition<unknown>,
    edgePruning as DefenseDefinition<unknown>,
    propagationMonitor as DefenseDefinition<unknown>,
    toolPinning as DefenseDefinition<unknown>,
    signedEnvelopes as DefenseDefinition<unknown>,
    rateLimit as DefenseDefinition<unknown>,
    collusionMonitor as DefenseDefinition<unknown>,
    steganalysis as DefenseDefinition<unknown>,
    paraphrase as DefenseDefinition<unknown>,
    capacityLimit as DefenseDefinition<unknown>,
    sybilResistance as DefenseDefinition<unknown>,
    crossAgentAggregation as DefenseDefinition<unknown>,
    llmClassifier as unknown as DefenseDefinition<unknown>,
    llmParaphrase as unknown as DefenseDefinition<unknown>,
    llmOverseer as unknown as DefenseDefinition<unknown>,
  ]);
}
