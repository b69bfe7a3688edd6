export { spectralRadius, isAcyclic } from './spectral-radius.js';
export type { SpectralRadiusOptions, SpectralRadiusResult } from './spectral-radius.js';
export { degreeMoments, pairingThreshold, sirCriticalTransmissibility, sisThreshold, transmissibility } from './thresholds.js';
export type { DegreeMoments } from './thresholds.js';
export { configurationModelFinalSize, erdosRenyiFinalSize } from './final-size.js';
export type { FinalSize } from './final-size.js';
