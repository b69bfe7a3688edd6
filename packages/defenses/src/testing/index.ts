export { runDefenseContract } from './defense-contract.js';
export type { ContractStep, DefenseContractCases, FloodCase, SuspiciousCases } from './defense-contract.js';
export { deepFreeze, textEnvelope } from './envelopes.js';
export { floodDefense, floodEnvelope, settledHeap } from './flood.js';
export type { FloodOptions, FloodReport } from './flood.js';
export { keywordMonitor } from './monitors.js';
export { FIXED_ANSWER_MODELS, TestPipeline, guardOf, servicesFor, testPipeline, testServices } from './services.js';
export type { TestServices } from './services.js';
export { seededRng } from './rng.js';
