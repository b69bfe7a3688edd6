/** Test helpers for policies: what an observation holds besides what a test sets, and services for `create`. */
import { NEVER_ABORTED, type Observation } from '@masec/spec';

export { testServices } from '@masec/defenses/testing';

/** The observation fields a policy test rarely sets: no tools, no environments, a signal that never aborts. */
export const OBSERVATION_DEFAULTS: Pick<Observation, 'tools' | 'environments' | 'signal'> = Object.freeze({ tools: [], environments: {}, signal: NEVER_ABORTED });
