export { parseScenario } from './load.js';
export { decodeScenarioBytes, fileSizeProblem } from './decode.js';
export { MAX_DEPTH, MAX_ITEMS, MAX_PROBLEMS, MAX_SCENARIO_BYTES, MAX_VALUES } from './limits.js';
export type { ParseScenarioOptions, PluginLookup, ScenarioRegistries } from './load.js';
export { applySet, applySetOverride, parseSetExpression, parseSetPath } from './set-override.js';
export type { SetOverride } from './set-override.js';
export { formatPath } from './yaml-locate.js';
export type { PathSegment } from './yaml-locate.js';
