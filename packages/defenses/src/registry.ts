import { type DefenseDefinition, Registry } from '@masec/spec';
import { contentDetector } from './content-detector/definition.js';
import { propagationMonitor } from './propagation-monitor/definition.js';
import { provenanceTagging } from './provenance-tagging/definition.js';
import { quarantine } from './quarantine/definition.js';

/** Every built-in defense, by id. */
export function createDefenseRegistry(): Registry<DefenseDefinition<unknown>> {
  return new Registry<DefenseDefinition<unknown>>('defense', [
    provenanceTagging as DefenseDefinition<unknown>,
    contentDetector as DefenseDefinition<unknown>,
    quarantine as DefenseDefinition<unknown>,
    propagationMonitor as DefenseDefinition<unknown>,
  ]);
}
