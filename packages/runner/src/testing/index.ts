/** Test helpers for code built on the runner: the reusable `ResultsStore` contract suite and its fixtures. */
export { fixtureEvents, fixtureExperiment, fixtureRun, runStoreContract } from './store-contract.js';
export type { FixtureRunOptions } from './store-contract.js';
export { usageMessage } from './usage-error.js';
