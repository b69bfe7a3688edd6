export { ERROR_CODES, MasecError, errorCodeOf, errorMessageOf, formatIssue, isMasecError, unknownPluginError } from './errors.js';
export type { ErrorCode, IssueLocation } from './errors.js';
export { Registry } from './registry.js';
export type { RegistryEntry, SpecVersion } from './registry.js';
export { pluginRefJsonSchema } from './plugins.js';
export type { MasecPlugin, PluginRegistries, PluginSchemaEntry, PluginSchemaSources } from './plugins.js';
export type { Rng } from './rng.js';
export { IDENTITY_KINDS, MAX_IDENTITY_LENGTH, identityKind } from './identity.js';
export type { IdentityKind } from './identity.js';
export { NEVER_ABORTED, childAbortController, createAbortController, parseUrl } from './platform.js';
export type { AbortControllerLike, AbortSignalLike, ChildAbortController } from './platform.js';
export { CLOCK_UNITS, RoundClock, millisecondClock } from './clock.js';
export type { Clock, ClockUnit } from './clock.js';
export { VERDICT_CODES, VERDICT_CODE_PATTERN, block, isVerdictCode, wireErrorOf } from './verdict.js';
export type { BlockVerdict, BuiltinVerdictCode, DeliverVerdict, Flag, Verdict, VerdictCode, WireError } from './verdict.js';
export { OPTIONAL_SERVICES, missingServices } from './services.js';
export {
  MODEL_ID_PATTERN,
  MODEL_PROVIDERS,
  ModelBudgetSchema,
  ModelDeclarationSchema,
  ModelLimitsSchema,
  ModelPriceSchema,
  PROVIDERS_NEEDING_KEYS,
  VariantModelsSchema,
  agentModel,
  declaredServices,
  modelIssues,
} from './models.js';
export type { ModelBudget, ModelDeclaration, ModelIssue, ModelLimits, ModelPrice, ModelProviderKind, ModelSelectionSource } from './models.js';
export type {
  BaseServices,
  Budget,
  KeyStore,
  ModelClient,
  ModelMessage,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelTool,
  ModelToolCall,
  ModelUsage,
  OptionalServices,
  ResponseCache,
  RunControls,
  RunServices,
  ServiceName,
  ServicesFor,
  StateMap,
  StateMapOptions,
  StateStore,
} from './services.js';
export type { Environment, EnvironmentMove, EnvironmentStepInput, EnvironmentStepOutput, EnvironmentValue } from './environment.js';
export {
  AgentIdSchema,
  CONFIDENTIALITY,
  ConfidentialitySchema,
  DEFAULT_LABELS,
  DataPartSchema,
  ENVELOPE_KINDS,
  EnvelopeKindSchema,
  EnvelopeSchema,
  FilePartSchema,
  MetadataSchema,
  ResourcePartSchema,
  envelopeKind,
  partText,
  INTEGRITY,
  IntegritySchema,
  LabelsSchema,
  MarkingSchema,
  ORIGIN_KINDS,
  OriginSchema,
  PartSchema,
  ProvenanceSchema,
  SignatureSchema,
  TextPartSchema,
  envelopeText,
} from './envelope.js';
export type {
  AgentId,
  Confidentiality,
  DataPart,
  Envelope,
  EnvelopeKind,
  FilePart,
  Metadata,
  ResourcePart,
  Integrity,
  Labels,
  Marking,
  Origin,
  Part,
  Provenance,
  Signature,
  TextPart,
} from './envelope.js';
export { BOARD_ADDRESS, CHANNEL_KINDS } from './channel.js';
export type { Channel, ChannelKind } from './channel.js';
export { EVENT_TYPES, RUN_END_STATUSES } from './events.js';
export type {
  AgentCompromiseEvent,
  AgentOutputEvent,
  AgentQuarantineEvent,
  AgentStateEvent,
  LeakSink,
  MemoryPurgeEvent,
  MemoryReadEvent,
  MemoryWriteEvent,
  ToolCallEvent,
  EventLogSink,
  EventOf,
  EventType,
  GuardAction,
  GuardVerdictEvent,
  MasecEvent,
  MessageBlockEvent,
  MessageDeliverEvent,
  MessageSendEvent,
  PopulationEndEvent,
  MarketProgressEvent,
  MarketFlagEvent,
  MarketEndEvent,
  PopulationRoundEvent,
  RoundEndEvent,
  RunEndEvent,
  RunEndStatus,
  RunStartEvent,
  ToolListEvent,
  ToolResultEvent,
  EnvironmentStepEvent,
  EnvironmentRejectEvent,
  ActionInvalidEvent,
  SecretLeakEvent,
  ShieldOutcome,
  TaskCompleteEvent,
} from './events.js';
export { HOOKS } from './guard.js';
export type { DefenseCostModel, DefenseDefinition, FleetFacet, Guard, GuardContext, GuardWorld, Hook, Next, RoundEndContext, VariantShare } from './guard.js';
export { AGENT_ROLES } from './policy.js';
export type {
  Action,
  AgentRole,
  EnvironmentAction,
  PolicyWrapper,
  ToolInfo,
  AdversarialInstruction,
  AgentView,
  InstructionOracle,
  QueryTrigger,
  Refusal,
  MemoryItem,
  MemoryView,
  MemoryWriteAction,
  OutputAction,
  InvalidAction,
  SharedStoreView,
  StateAction,
  ToolAction,
  Observation,
  Policy,
  PolicyContext,
  PolicyDefinition,
  SecretRecord,
  SendAction,
} from './policy.js';
export type { EventLogView, MetricDefinition, MetricUnit } from './metric.js';
export type { ConfigIssue, JudgeResult, ThreatDefinition, ThreatInstance } from './threat.js';
export { MarketDemandSchema, MarketGridSchema, MarketLearningSchema, MarketLlmSchema, MarketSchema } from './market.js';
export type { MarketCheck, MarketConfig, MarketFacet, MarketGuard, MarketLlmConfig, MarketWindow } from './market.js';
export {
  AlbumSchema,
  CalibratedArmSchema,
  CalibrationFileSchema,
  EstimateSchema,
  POPULATION_MODELS,
  PopulationSchema,
} from './population.js';
export type {
  CalibratedArm,
  CalibrationFile,
  Estimate,
  PopulationConfig,
  PopulationEffect,
  PopulationFacet,
  PopulationModel,
} from './population.js';
export {
  ENGINES,
  MAX_ROUNDS,
  MAX_MESSAGE_AGENTS,
  MAX_POPULATION_AGENTS,
  ArmSchema,
  AgentGroupSchema,
  AgentsSchema,
  ChannelSchema,
  DegreeSequenceSchema,
  MemorySchema,
  PluginRefSchema,
  ScenarioSchema,
  TopologySchema,
  resolveEngine,
  scenarioJsonSchema,
} from './scenario.js';
export { ModelJudgeSchema } from './model-judge.js';
export type { JudgeDisagreement, ModelJudgeConfig, ModelJudgeReport, ThreatJudgeAgreement } from './model-judge.js';
export type { AgentGroup, EngineChoice, EngineKind, Arm, DegreeSequence, PluginRef, Scenario, ScenarioInput, Topology, TopologyKind } from './scenario.js';
export type { InjectedMessage, MessageWorld, NetworkInjection, PlantedItem, StoreHandle, StoreItem, StoreOptions, ToolCall, WorldTool } from './world.js';
