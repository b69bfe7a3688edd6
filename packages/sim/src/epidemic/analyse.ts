/**
 * One call that gathers every epidemic number of a contact graph, for the `masec epidemic` command and for
 * library users: degree moments, λ_max, the SIS and SIR thresholds, the transmissibility of the given β and
 * γ, the theoretical and the simulated final size, and an immunisation budget.
 */
import type { Rng } from '@masec/spec';
import type { CsrGraph } from '../topology/index.js';
import { ContactEdges } from './contact-edges.js';
import type { Estimate } from './estimate.js';
import { configurationModelFinalSize } from './final-size.js';
import { type ImmunisationBudget, immunisationBudget } from './immunisation.js';
import type { ImmunisationStrategy } from './immunisation-order.js';
import { percolate } from './percolation.js';
import { type SpectralRadiusOptions, type SpectralRadiusResult, spectralRadius } from './spectral-radius.js';
import { degreeMoments, sirCriticalTransmissibility, sisThreshold, transmissibility } from './thresholds.js';

/** Inputs of {@link analyseContactGraph}. */
export interface EpidemicAnalysisOptions {
  /** β: per-contact, per-round transmission probability. */
  readonly transmission: number;
  /** γ: per-round recovery probability. */
  readonly recovery: number;
  /** Largest acceptable expected outbreak, as a fraction of the agents. */
  readonly target: number;
  readonly strategy: ImmunisationStrategy;
  /** Percolation samples, for the simulated final size and for the budget. */
  readonly samples: number;
  /** Forked into a 'spectral' and a 'percolation' stream (the simulated sizes and the budget share samples). */
  readonly rng: Rng;
  /** Tolerance and cap (matrix-vector products) of the λ_max iteration (Lanczos, or power iteration when directed). */
  readonly spectral?: Pick<SpectralRadiusOptions, 'tolerance' | 'maxIterations'>;
}

/** Every number `masec epidemic` prints. Fractions are of all n agents. */
export interface EpidemicAnalysis {
  readonly graph: {
    readonly n: number;
    readonly directed: boolean;
    /** Edges of the graph as given (arcs when directed). */
    readonly edges: number;
    /** Degree moments of the undirected graph percolation uses (the symmetrised one when directed). */
    readonly meanDegree: number;
    readonly meanSquareDegree: number;
    readonly maxDegree: number;
  };
  /** λ_max of the adjacency matrix as given (directed stays directed). */
  readonly spectral: SpectralRadiusResult;
  readonly thresholds: {
    /** 1/λ_max: discrete-time SIS dies out when β/γ is below this (Wang et al. 2003). */
    readonly sis: number;
    /** T_c = ⟨k⟩/(⟨k²⟩ − ⟨k⟩): SIR can cause a large outbreak when T exceeds this (configuration model). */
    readonly sir: number;
  };
  readonly parameters: {
    readonly transmission: number;
    readonly recovery: number;
    /** β/γ (Infinity when γ = 0). */
    readonly ratio: number;
    /** β·λ_max/γ: above 1 means above the SIS threshold. */
    readonly sisStrength: number;
    readonly aboveSis: boolean;
    /** T = β/(β + γ − βγ). */
    readonly transmissibility: number;
    readonly aboveSir: boolean;
  };
  readonly theory: {
    /** S: configuration-model giant-cluster fraction at T (size of a large outbreak, and its probability). */
    readonly finalSize: number;
    /** S²: expected outbreak from a random seed, unconditioned. */
    readonly expectedOutbreak: number;
  };
  readonly simulation: {
    readonly samples: number;
    /** Largest cluster / n: compare with S. */
    readonly largestCluster: Estimate;
    /** Expected outbreak from a uniformly random seed / n: compare with S². */
    readonly meanOutbreak: Estimate;
  };
  readonly immunisation: ImmunisationBudget;
  /** Caveats that apply to this graph (directed input, tiny n, …). */
  readonly notes: readonly string[];
}

/**
 * Analyses `graph`. Complexity: the λ_max iteration (O(products · (n + entries))), plus
 * O(samples · (n + m)) for percolation and the immunisation sweep, plus O(m log m) for the `edges` strategy.
 * @throws RangeError for parameters out of range.
 */
export function analyseContactGraph(graph: CsrGraph, options: EpidemicAnalysisOptions): EpidemicAnalysis {
  const { transmission: beta, recovery: gamma, target, strategy, samples, rng } = options;
  const t = transmissibility(beta, gamma);
  const spectral = spectralRadius(graph, { ...options.spectral, rng: rng.fork('spectral') });
  const edges = ContactEdges.of(graph);
  const moments = degreeMoments(edges.graph);
  const sis = sisThreshold(spectral.lambda);
  const sir = sirCriticalTransmissibility(moments.mean, moments.meanSquare);
  const ratio = gamma === 0 ? (beta > 0 ? Infinity : 0) : beta / gamma;
  const sisStrength = gamma === 0 ? (beta > 0 && spectral.lambda > 0 ? Infinity : 0) : (beta * spectral.lambda) / gamma;
  const finalSize = configurationModelFinalSize(moments.histogram, t).size;
  // One stream for both, so the budget's baseline (k = 0) is the simulated outbreak, sample for sample.
  const percolationRng = rng.fork('percolation');
  const simulated = percolate(edges, { transmissibility: t, samples, rng: percolationRng });
  const budget = immunisationBudget(edges, { transmissibility: t, strategy, samples, target, rng: percolationRng });

  const notes: string[] = [];
  if (graph.directed) {
    notes.push(
      'directed graph: λ_max is that of the directed adjacency; degrees, final sizes, percolation and budgets use the undirected version (an upper bound on outbreak sizes)',
    );
  }
  if (!spectral.converged) notes.push(`the λ_max iteration (${spectral.method}) stopped at the cap of ${spectral.iterations} matrix-vector products before reaching the tolerance`);
  if (graph.n < 1000) notes.push(`n = ${graph.n} is small: configuration-model theory assumes n → ∞, so expect finite-size differences`);
  return {
    graph: {
      n: graph.n,
      directed: graph.directed,
      edges: graph.directed ? graph.neighbors.length : edges.count,
      meanDegree: moments.mean,
      meanSquareDegree: moments.meanSquare,
      maxDegree: moments.max,
    },
    spectral,
    thresholds: { sis, sir },
    parameters: {
      transmission: beta,
      recovery: gamma,
      ratio,
      sisStrength,
      aboveSis: sisStrength > 1,
      transmissibility: t,
      aboveSir: t > sir,
    },
    theory: { finalSize, expectedOutbreak: finalSize * finalSize },
    simulation: { samples, largestCluster: simulated.largestCluster, meanOutbreak: simulated.meanOutbreak },
    immunisation: budget,
    notes,
  };
}
