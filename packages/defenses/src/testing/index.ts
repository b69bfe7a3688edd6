export { runDefenseContract } from './defense-contract.js';
export type { DefenseContractCases } from './defense-contract.js';
export { deepFreeze, textEnvelope } from './envelopes.js';
export { keywordMonitor } from './monitors.js';
export { FIXED_ANSWER_MODELS, TestPipeline, guardOf, servicesFor, testPipeline, testServices } from './services.js';
export type { TestServices } from './services.js';
