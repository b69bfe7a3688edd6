export { runDefenseContract } from './defense-contract.js';
export type { DefenseContractCases } from './defense-contract.js';
export { deepFreeze, textEnvelope } from './envelopes.js';
export { keywordMonitor } from './monitors.js';
