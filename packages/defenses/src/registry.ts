import { type DefenseDefinition, Registry } from '@masec/spec';
import { contentDetector } from './content-detector/definition.js';
import { provenanceTagging } from './provenance-tagging/definition.js';
import { memoryPartition } from './memory-partition/definition.js';
import { quarantine } from './quarantine/definition.js';
import { taintLabels } from './taint-labels/definition.js';

/** Every built-in defense, by id. */
export function createDefenseRegistry(): Registry<DefenseDefinition<unknown>> {
  return new Registry<DefenseDefinition<unknown>>('defense', [
    provenanceTagging as DefenseDefinition<unknown>,
    contentDetector as DefenseDefinition<unknown>,
    quarantine as DefenseDefinition<unknown>,
    taintLabels as DefenseDefinition<unknown>,
    memoryPartition as DefenseDefinition<unknown>,
  ]);
}
