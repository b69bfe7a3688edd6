export { ERROR_CODES, MasecError, formatIssue, isMasecError, unknownPluginError } from './errors.js';
export type { ErrorCode, IssueLocation } from './errors.js';
export { Registry } from './registry.js';
export type { RegistryEntry, SpecVersion } from './registry.js';
export type { PluginRegistries } from './plugins.js';
export type { Rng } from './rng.js';
export {
  AgentIdSchema,
  CONFIDENTIALITY,
  ConfidentialitySchema,
  DEFAULT_LABELS,
  DataPartSchema,
  EnvelopeSchema,
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
export { EVENT_TYPES } from './events.js';
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
  EventOf,
  EventType,
  GuardAction,
  GuardVerdictEvent,
  MasecEvent,
  MessageBlockEvent,
  MessageDeliverEvent,
  MessageSendEvent,
  PopulationEndEvent,
  PopulationRoundEvent,
  RoundEndEvent,
  RunEndEvent,
  RunStartEvent,
  SecretLeakEvent,
  TaskCompleteEvent,
} from './events.js';
export { HOOKS } from './guard.js';
export type { DefenseCostModel, DefenseDefinition, FleetFacet, Flag, Guard, GuardContext, GuardWorld, Hook, Next, RoundEndContext, VariantShare, Verdict } from './guard.js';
export type {
  Action,
  AdversarialInstruction,
  AgentView,
  InstructionOracle,
  QueryTrigger,
  MemoryItem,
  MemoryView,
  MemoryWriteAction,
  OutputAction,
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
  MAX_MESSAGE_AGENTS,
  MAX_POPULATION_AGENTS,
  ArmSchema,
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
export type { EngineChoice, EngineKind, Arm, DegreeSequence, PluginRef, Scenario, ScenarioInput, Topology, TopologyKind } from './scenario.js';
export type { InjectedMessage, MessageWorld, PlantedItem, StoreHandle, StoreItem, StoreOptions, WorldTool } from './world.js';
