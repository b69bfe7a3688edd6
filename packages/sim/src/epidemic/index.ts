export { spectralRadius, isAcyclic } from './spectral-radius.js';
export type { SpectralRadiusOptions, SpectralRadiusResult } from './spectral-radius.js';
export { degreeMoments, pairingThreshold, sirCriticalTransmissibility, sisThreshold, transmissibility } from './thresholds.js';
export type { DegreeMoments } from './thresholds.js';
export { configurationModelFinalSize, erdosRenyiFinalSize } from './final-size.js';
export type { FinalSize } from './final-size.js';
export { UnionFind } from './union-find.js';
export { ContactEdges } from './contact-edges.js';
export { estimateFromSums } from './estimate.js';
export type { Estimate } from './estimate.js';
export { forEachOccupied, percolate } from './percolation.js';
export type { PercolationEstimate, PercolationOptions } from './percolation.js';
export {
  IMMUNISATION_STRATEGIES,
  NODE_STRATEGIES,
  acquaintanceOrder,
  edgeCutOrder,
  nodeOrder,
  randomOrder,
  targetedOrder,
} from './immunisation-order.js';
export type { ImmunisationStrategy, NodeStrategy } from './immunisation-order.js';
export { budgetOf, immunisationBudget, immunisationCurve } from './immunisation.js';
export type { ImmunisationBudget, ImmunisationCurve, ImmunisationOptions } from './immunisation.js';
export { analyseContactGraph } from './analyse.js';
export type { EpidemicAnalysis, EpidemicAnalysisOptions } from './analyse.js';
