export { parseScenario, readScenarioPlugins } from './load.js';
export type { ParseScenarioOptions, PluginLookup, ScenarioPluginRef, ScenarioRegistries } from './load.js';
export { applySet, applySetOverride, parseSetExpression, parseSetPath } from './set-override.js';
export type { SetOverride } from './set-override.js';
export { formatPath } from './yaml-locate.js';
export type { PathSegment } from './yaml-locate.js';
