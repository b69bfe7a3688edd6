/**
 * The model judge (ADR 0094): next to each threat's rule judge, which decides from the event log, a scenario
 * may ask a language model to read a bounded sample of the mail benign agents sent and say, message by
 * message, whether it carries out the attack; the run then reports how often model and rules agree.
 * It reads the run after it ended and writes nothing to the log, so it changes no digest.
 */
import { z } from 'zod';

export const ModelJudgeSchema = z
  .strictObject({
    model: z.string().min(1).describe('id of the declared model (from `models`) that judges'),
    threats: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('threat ids whose outcome the model judges (each one of the scenario\u2019s threats; default: all of them)'),
    sample: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(20)
      .describe('most messages the model judges per threat and run: up to half the ones the rules call attacks, the rest the others'),
    maxChars: z.number().int().min(50).max(20_000).default(2000).describe('longest text of one judged message the model reads (the rest is cut)'),
  })
  .describe('an optional model-backed judge run after each message-engine run, checked against the rule judges (ADR 0094)');
export type ModelJudgeConfig = z.infer<typeof ModelJudgeSchema>;

/** One message whose verdicts differ: who sent it, when, what the rules and the model said. */
export interface JudgeDisagreement {
  threat: string;
  agent: string;
  round: number;
  /** Envelope id of the message. */
  id: string;
  rule: boolean;
  /** The model's verdict, or null when it gave no usable answer. */
  model: boolean | null;
  /** The model's reason, when it gave one. */
  reason?: string;
}

/** The model judge's reading of one threat in one run, against the rule judge's. */
export interface ThreatJudgeAgreement {
  threat: string;
  /** Messages judged (the sample), and how many of them the rules and the model call attacks. */
  judged: number;
  rulePositive: number;
  modelPositive: number;
  /** Messages without a usable answer from the model (counted as disagreements, left out of kappa). */
  unanswered: number;
  /** Fraction of judged messages where model and rules agree (null when none were judged). */
  agreement: number | null;
  /** Cohen's kappa over the answered messages (null when undefined: none answered, or both always said the same). */
  kappa: number | null;
  disagreements: JudgeDisagreement[];
}

/** What the model judge reports for one run. */
export interface ModelJudgeReport {
  model: string;
  /** The threats judged (those done before a failure, when the judge failed). */
  threats: ThreatJudgeAgreement[];
  /** Why the judge stopped (`CODE: message`), when a model call failed; the run itself is unaffected. */
  error?: string;
}
