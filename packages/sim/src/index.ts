export { createRng, hashString, mix32, shuffle, Sfc32 } from './random/rng.js';
export { LexicalMemory } from './memory/lexical-memory.js';
export { tokenize } from './memory/tokenize.js';
export { runMessageEngine, defaultMetrics } from './engine/message-engine.js';
export type { MessageEngineOptions, RunCostsSim, RunOutput } from './engine/message-engine.js';
export { armsOf, runScenario } from './engine/run.js';
export type { RunScenarioOptions } from './engine/run.js';
export { mapLimit } from './engine/concurrency.js';
export { boardChannel, channelFor, channelOf, directChannel, inboxChannel } from './channels/channels.js';
export type { InjectedMessage, MessageWorld, PlantedItem } from './engine/world.js';
export { createRegistries } from './registries.js';
export type { SimRegistries } from './registries.js';
export { computeMetrics } from './metrics/compute.js';
export { BUILTIN_METRICS } from './metrics/definitions.js';
export { parseScenario } from './scenario/index.js';
export type { ParseScenarioOptions, ScenarioRegistries } from './scenario/index.js';
export { buildTopology, barabasiAlbert, erdosRenyi, wattsStrogatz, randomPairing, parseEdgeList, complete, ring, star, tree } from './topology/index.js';
export type { CsrGraph, BuiltTopology } from './topology/index.js';
export { emailAssistant, EmailAssistantConfigSchema } from './policies/email-assistant/definition.js';
export { stochastic } from './policies/stochastic/definition.js';
export { scripted } from './policies/scripted/definition.js';
export { worm, WormConfigSchema } from './threats/worm/definition.js';
export {
  ContactEdges,
  IMMUNISATION_STRATEGIES,
  analyseContactGraph,
  configurationModelFinalSize,
  degreeMoments,
  erdosRenyiFinalSize,
  immunisationBudget,
  immunisationCurve,
  pairingThreshold,
  percolate,
  sirCriticalTransmissibility,
  sisThreshold,
  spectralRadius,
  transmissibility,
} from './epidemic/index.js';
export type {
  EpidemicAnalysis,
  EpidemicAnalysisOptions,
  Estimate,
  ImmunisationBudget,
  ImmunisationCurve,
  ImmunisationStrategy,
  PercolationEstimate,
  SpectralRadiusResult,
} from './epidemic/index.js';
