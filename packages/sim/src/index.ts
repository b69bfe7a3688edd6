export { createRng, hashString, mix32, shuffle, Sfc32 } from './random/rng.js';
export { LexicalMemory } from './memory/lexical-memory.js';
export { tokenize } from './memory/tokenize.js';
export { runMessageEngine } from './engine/message-engine.js';
export { POPULATION_METRICS, defaultMetrics } from './engine/metric-defaults.js';
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
export { parseScenario, parseSetExpression, parseSetPath } from './scenario/index.js';
export type { ParseScenarioOptions, ScenarioRegistries } from './scenario/index.js';
export {
  buildTopology,
  barabasiAlbert,
  erdosRenyi,
  wattsStrogatz,
  randomPairing,
  configurationModel,
  powerLawDegrees,
  poissonDegrees,
  parseDegreeFile,
  parseEdgeList,
  parseEdgeListBytes,
  EdgeListParser,
  buildCsr,
  checkCsr,
  complete,
  ring,
  star,
  tree,
} from './topology/index.js';
export type {
  CsrGraph,
  BuiltTopology,
  ConfigurationModelOptions,
  DegreeFileOptions,
  EdgeListOptions,
  ParsedEdgeList,
  PowerLawDegreeParams,
  TopologyFiles,
} from './topology/index.js';
export { Sfc32Stream } from './random/sfc32-stream.js';
export { emailAssistant, EmailAssistantConfigSchema } from './policies/email-assistant/definition.js';
export { stochastic } from './policies/stochastic/definition.js';
export { scripted } from './policies/scripted/definition.js';
export { contagion, ContagionConfigSchema } from './policies/contagion/definition.js';
export { worm, WormConfigSchema } from './threats/worm/definition.js';
export { runPopulationEngine, contactGraph, fnv1a } from './population/engine.js';
export type { PopulationEngineOptions, PopulationRunOutput } from './population/engine.js';
export { composeEffects, populationModel, resolvePopulationParams } from './population/params.js';
export type { FlagAction, PopulationParams, ResolveParamsOptions } from './population/params.js';
export { FastRng, sampleIndices } from './population/fast-rng.js';
export { parseCalibration } from './population/calibration-file.js';
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
