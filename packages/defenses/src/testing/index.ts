export { runDefenseContract } from './defense-contract.js';
export type { DefenseContractCases } from './defense-contract.js';
export { deepFreeze, textEnvelope } from './envelopes.js';
export { keywordMonitor } from './monitors.js';
export { TestPipeline, guardOf, testPipeline, testServices } from './services.js';
export type { TestServices } from './services.js';
export { seededRng } from './rng.js';
