import { type DefenseDefinition, Registry } from '@masec/spec';
import { channelPolicy } from './channel-policy/definition.js';
import { contentDetector } from './content-detector/definition.js';
import { edgePruning } from './edge-pruning/definition.js';
import { provenanceTagging } from './provenance-tagging/definition.js';
import { quarantine } from './quarantine/definition.js';

/** Every built-in defense, by id. */
export function createDefenseRegistry(): Registry<DefenseDefinition<unknown>> {
  return new Registry<DefenseDefinition<unknown>>('defense', [
    provenanceTagging as DefenseDefinition<unknown>,
    contentDetector as DefenseDefinition<unknown>,
    quarantine as DefenseDefinition<unknown>,
    channelPolicy as DefenseDefinition<unknown>,
    edgePruning as DefenseDefinition<unknown>,
  ]);
}
