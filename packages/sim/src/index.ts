export { createRng, hashString, mix32, shuffle, Sfc32 } from './random/rng.js';
export { LexicalMemory } from './memory/lexical-memory.js';
export { tokenize } from './memory/tokenize.js';
export { simulateMessages } from './engine/message-engine.js';
export type { EngineCosts, MessageEngineOptions, MessageSimulation } from './engine/message-engine.js';
export { MARKET_METRICS, POPULATION_METRICS, defaultMetrics } from './run/metric-defaults.js';
export type { RunCostsSim, RunOutput } from './run/output.js';
export { armsOf, runLlmMarketEngine, runMarketEngine, runMessageEngine, runPopulationEngine, runScenario } from './run/run-scenario.js';
export type { PopulationRunOutput, RunScenarioOptions } from './run/run-scenario.js';
export { mapLimit } from './engine/concurrency.js';
export { boardChannel, channelFor, channelOf, directChannel, inboxChannel } from './channels/channels.js';
export type { InjectedMessage, MessageWorld, PlantedItem } from '@masec/spec';
export { createRegistries } from './registries.js';
export type { SimRegistries } from './registries.js';
export { computeMetrics } from './metrics/compute.js';
export { BUILTIN_METRICS } from './metrics/definitions.js';
export {
  MAX_DEPTH,
  MAX_GRAPH_ARCS,
  MAX_ITEMS,
  MAX_PROBLEMS,
  MAX_SCENARIO_BYTES,
  MAX_VALUES,
  decodeScenarioBytes,
  estimateRunMemory,
  fileSizeProblem,
  formatBytes,
  memoryProblem,
  parseScenario,
  parseSetExpression,
  parseSetPath,
  readScenarioPlugins,
} from './scenario/index.js';
export type { MemoryEstimate, MemoryPart, ParseScenarioOptions, ScenarioPluginRef, ScenarioRegistries } from './scenario/index.js';
export { checkPlugin, registerPlugins } from './register-plugins.js';
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
  PREFAULT_MIN_BYTES,
  sharedInt32,
  setGraphSpawner,
  setPrefaulter,
  buildCsr,
  checkCsr,
  chain,
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
export { service, ServiceConfigSchema } from './policies/service/definition.js';
export type { ServiceConfig } from './policies/service/definition.js';
export { worm, WormConfigSchema } from './threats/worm/definition.js';
export { infectiousJailbreak, InfectiousJailbreakConfigSchema } from './threats/infectious-jailbreak/definition.js';
export { albumChat, AlbumChatConfigSchema } from './policies/album-chat/definition.js';
export { cascadingFailure, CascadingFailureConfigSchema } from './threats/cascading-failure/definition.js';
export type { CascadingFailureConfig } from './threats/cascading-failure/definition.js';
export { privacyLeak, PrivacyLeakConfigSchema } from './threats/privacy-leak/definition.js';
export type { PrivacyLeakConfig } from './threats/privacy-leak/definition.js';
export { teamAssistant, TeamAssistantConfigSchema } from './policies/team-assistant/definition.js';
export type { TeamAssistantConfig } from './policies/team-assistant/definition.js';
export { PRIVACY_LEAK_METRICS, leakHops, reconstruction } from './metrics/privacy-leak.js';
export { disinformation, DisinformationConfigSchema } from './threats/disinformation/definition.js';
export type { DisinformationConfig } from './threats/disinformation/definition.js';
export { beliefUpdate, BeliefUpdateConfigSchema } from './policies/belief-update/definition.js';
export type { BeliefUpdateConfig } from './policies/belief-update/definition.js';
export { misinformedSeries } from './metrics/disinformation.js';
export { swarm, SwarmConfigSchema } from './threats/swarm/definition.js';
export type { SwarmConfig } from './threats/swarm/definition.js';
export { swarmTimeline } from './metrics/swarm.js';
export { decomposition, DecompositionConfigSchema } from './threats/decomposition/definition.js';
export type { DecompositionConfig } from './threats/decomposition/definition.js';
export { decompositionTally } from './metrics/decomposition.js';
export { memoryPoisoning, MemoryPoisoningConfigSchema, DEFAULT_TRIGGER } from './threats/memory-poisoning/definition.js';
export { ragAgent, RagAgentConfigSchema } from './policies/rag-agent/definition.js';
export { simulatePopulation, contactGraph, fnv1a } from './population/engine.js';
export type { PopulationEngineOptions, PopulationSimulation } from './population/engine.js';
export { composeEffects, populationModel, resolvePopulationParams } from './population/params.js';
export type { FlagAction, PopulationParams, ResolveParamsOptions } from './population/params.js';
export { FastRng, sampleIndices } from './random/fast-rng.js';
export type { HelperThreads } from './population/hit-sink.js';
export { calibrationFormatOf, formatCalibration, parseCalibration } from './population/calibration-file.js';
export type { CalibrationFormat } from './population/calibration-file.js';
export { addTallies, calibrateArm, detectionEventFor, emptyTally, estimateFromTally, tallyRun } from './population/calibrate.js';
export type { ArmCalibration, CalibrationOptions, CalibrationRun, CalibrationTally, DetectionEvent } from './population/calibrate.js';
export { Z95, exposureEstimate, wilsonEstimate } from './population/proportion.js';
export type { ExposureGroup } from './population/proportion.js';
export { benignAgentId, runContacts } from './topology/contacts.js';
export type { Contacts } from './topology/contacts.js';
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
export { simulateMarket } from './market/engine.js';
export { simulateLlmMarket } from './market/llm-session.js';
export type { MarketEngineOptions, MarketSimulation } from './market/engine.js';
export { bestResponse, marketModel, monopolyPrices, nashPrices, priceGrid, profits, shares } from './market/economics.js';
export type { MarketModel } from './market/economics.js';
export { QSession } from './market/session.js';
export type { SessionSpec } from './market/session.js';
export { deviate, greedyCycle, profitGains } from './market/outcome.js';
export type { Cycle, Deviation } from './market/outcome.js';
export { algorithmicCollusion, AlgorithmicCollusionConfigSchema } from './threats/algorithmic-collusion/definition.js';
export type { AlgorithmicCollusionConfig } from './threats/algorithmic-collusion/definition.js';
export { MARKET_METRIC_DEFINITIONS, marketEnd } from './metrics/market.js';
export { secretCollusion, SecretCollusionConfigSchema } from './threats/secret-collusion/definition.js';
export type { SecretCollusionConfig } from './threats/secret-collusion/definition.js';
export { boardWriter, BoardWriterConfigSchema } from './policies/board-writer/definition.js';
export type { BoardWriterConfig } from './policies/board-writer/definition.js';
export { SECRET_COLLUSION_METRICS, covertTally } from './metrics/secret-collusion.js';
export type { CovertTally } from './metrics/secret-collusion.js';
