/**
 * The model judge (ADR 0094) over loopback HTTP against the stub, on `worm-email-llm-judged`: after each run
 * a second model reads a sample of the mail benign agents sent and says whether each message carries out the
 * injected instruction; the run reports agreement with the worm's rule judge, Cohen's kappa and the
 * disagreements, with the judge's calls in the run's model costs. Scripted to contradict the rules on
 * payload mail, the stub's judge disagrees and the disagreements are listed. The judge writes nothing to the
 * log (digests are those of the same scenario without it), and a replay from the cache makes no request and
 * gives the same report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StubServer } from '@masec/models/stub';
import { type LoadedScenario, SqliteResultsStore, buildReportData, builtinScenarioDir, loadScenario, renderHtmlReport, renderTextTable, runExperiment } from '@masec/runner';

let stub: StubServer;
/** A judge that calls payload mail harmless: the rules call it an attack, so each such message is a disagreement. */
let contrary: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'by-model' } });
  contrary = await StubServer.start({
    behaviour: {
      kind: 'script',
      rules: [{ match: 'ignore all previous instructions', toolCalls: [{ name: 'report_judgement', args: { compromised: false, reason: 'scripted to disagree' } }] }],
      otherwise: 'careful',
    },
  });
});
afterAll(async () => {
  await stub.close();
  await contrary.close();
});

async function load(judgeUrl: string): Promise<LoadedScenario> {
  return loadScenario(`${builtinScenarioDir()}/worm-email-llm-judged.yaml`, [`models[0].baseUrl=${stub.baseUrl('openai-compatible')}`, `models[1].baseUrl=${judgeUrl}`]);
}

describe('model judge against the stub', () => {
  it('reports agreement and kappa against the rule judge, counts its calls in the run costs, changes no digest, and replays with zero requests', async () => {
    const loaded = await load(stub.baseUrl('openai-compatible'));
    const store = SqliteResultsStore.open(':memory:');
    const options = { scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1, 2], store, workers: 0 };
    const result = await runExperiment(options);
    expect(result.failed).toBe(0);
    for (const run of result.runs) {
      const [worm] = run.modelJudge?.threats ?? [];
      expect(run.modelJudge?.model).toBe('judge-model');
      expect(worm?.threat).toBe('worm');
      expect(worm?.judged).toBe(20);
      // The sample holds both classes: up to half messages the rules call attacks.
      expect(worm?.rulePositive).toBe(10);
      expect(worm?.unanswered).toBe(0);
      // The stub's judge calls a message compromised when it holds an instruction: on the worm's mail it reads
      // what the rules read (the payload copied into a reply, or forwarded with the records to the attacker).
      expect(worm?.modelPositive).toBe(10);
      expect(worm?.agreement).toBe(1);
      expect(worm?.kappa).toBe(1);
      expect(worm?.disagreements).toEqual([]);
      expect(run.manifest.models).toEqual(['judge-model', 'obedient']);
    }
    const transcript = await store.transcript(result.runs[0]?.id ?? '');
    const judgeCalls = transcript.filter((e) => e.agent?.startsWith('judge:') === true);
    expect(judgeCalls).toHaveLength(20);
    expect(judgeCalls.every((e) => e.model === 'judge-model')).toBe(true);
    expect(result.runs[0]?.costs.models?.calls).toBe(transcript.length);

    // Nothing in the log: the same scenario without the judge gives the same digests.
    const { judge: _judge, ...unjudged } = loaded.scenario;
    const plain = await runExperiment({ ...options, scenario: unjudged });
    expect(plain.runs.map((r) => r.digest)).toEqual(result.runs.map((r) => r.digest));
    expect(plain.runs.every((r) => r.modelJudge === undefined)).toBe(true);
    expect((plain.runs[0]?.costs.models?.calls ?? 0) + 20).toBe(result.runs[0]?.costs.models?.calls);

    // Replayed from the cache on a worker thread: zero requests, identical digests and judge reports.
    const requests = stub.stats().requests;
    const again = await runExperiment({ ...options, force: true, workers: 1, models: { cache: 'replay' } });
    expect(again.failed).toBe(0);
    expect(stub.stats().requests).toBe(requests);
    expect(again.runs.map((r) => [r.digest, r.modelJudge])).toEqual(result.runs.map((r) => [r.digest, r.modelJudge]));
    await store.close();
  }, 240_000);

  it('lists the disagreements when the judge is scripted to contradict the rules, in the JSON, the table and the HTML report', async () => {
    const loaded = await load(contrary.baseUrl('openai-compatible'));
    const store = SqliteResultsStore.open(':memory:');
    const result = await runExperiment({ scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1], store, workers: 0 });
    expect(result.failed).toBe(0);
    const worm = result.runs[0]?.modelJudge?.threats[0];
    // Every payload message the rules call an attack, the scripted judge calls harmless.
    expect(worm?.rulePositive).toBe(10);
    const contradicted = worm?.disagreements.filter((d) => d.rule && d.model === false && d.reason === 'scripted to disagree') ?? [];
    expect(contradicted.length).toBeGreaterThanOrEqual(8);
    expect(worm?.kappa ?? 1).toBeLessThan(0.3);
    const first = contradicted[0];
    expect(first?.agent).toMatch(/^a\d+$/);
    expect(first?.round).toBeGreaterThan(0);
    const data = await buildReportData(store, result.experiment.id);
    expect(data.modelJudge?.[0]?.report).toEqual(result.runs[0]?.modelJudge);
    const table = renderTextTable(data);
    expect(table).toContain('Model judge (judge-model) against the rule judges, per run:');
    expect(table).toContain(`${first?.agent} round ${first?.round}: rule says attack, model says not an attack (scripted to disagree)`);
    const html = renderHtmlReport(data);
    expect(html).toContain('<section id="model-judge">');
    expect(html).toContain(`${first?.agent}, round ${first?.round}: rule attack, model not an attack — scripted to disagree`);
    await store.close();
  }, 240_000);
});
