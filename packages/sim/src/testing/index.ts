export { runThreatContract } from './threat-contract.js';
export type { ThreatContractCases } from './threat-contract.js';
export { runPolicyContract } from './policy-contract.js';
export type { PolicyContractCases } from './policy-contract.js';
