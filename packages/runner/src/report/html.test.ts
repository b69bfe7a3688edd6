import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './html.js';
import { reportFixture } from './fixture.js';

const html = renderHtmlReport(reportFixture());

/** The part of `doc` from the element with `id` to the next `</section>`. */
function section(doc: string, id: string): string {
  const start = doc.indexOf(`<section id="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return doc.slice(start, doc.indexOf('</section>', start));
}

function svgs(doc: string): string[] {
  return [...doc.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

const count = (s: string, needle: string): number => s.split(needle).length - 1;
const text = (s: string): string => s.replace(/<[^>]*>/g, '');

describe('renderHtmlReport', () => {
  it('is one self-contained document: no URL but the SVG namespace, no scripts, no external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const urls = html.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
    expect(urls.length).toBe(svgs(html).length);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    for (const m of html.matchAll(/https?:\/\//g)) expect(html.slice(m.index - 7, m.index)).toBe('xmlns="');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|@import|url\(/i);
  });

  it('has one <svg> per chart: curves, security vs utility, benign mail blocked', () => {
    const all = svgs(html);
    expect(all).toHaveLength(3);
    expect(count(html, '<svg')).toBe(3);
    expect(all.map((s) => /class="chart ([\w-]+)"/.exec(s)?.[1])).toEqual(['line-chart', 'scatter-chart', 'bar-chart']);
  });

  it('renders the summary cells as mean [lo, hi] per unit, with (n/total) and the dash for null', () => {
    const summary = section(html, 'summary');
    const cells = [...summary.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1] ?? ''));
    expect(cells).toContain('87.4% [84.2, 90.6]');
    expect(cells).toContain('12.4 [11.2, 13.6]');
    expect(cells).toContain('21.7 [18.9, 24.5] (6/9)');
    expect(cells).toContain('37.2 [31.5, 42.9]');
    expect(cells).toContain('1.2% [0.6, 1.8]');
    expect(cells).toContain('6.3 [4.9, 7.7]');
    const nullCell = '<td class="null" title="undefined in all runs (e.g. never reached)">—</td>';
    // tpr and fpr of the two arms without a detector, and time-to-50 of detector-quarantine.
    expect(count(summary, nullCell)).toBe(5);
    expect(summary).toContain('title="defined in 6 of 9 runs"');
    // 3 arms × (runs + 7 metrics)
    expect(cells).toHaveLength(24);
  });

  it('shows the experiment header; the seeds say what the summaries are over when that is not every planned seed', () => {
    const header = html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    for (const s of ['Prompt infection over shared mail', 'exp-20250115-120000-a1b2c3', '<dd>24</dd>', '<dd>40</dd>', 'small-world (k=4, p=0.1)']) {
      expect(header).toContain(s);
    }
    // The fixture's tagging arm failed on seed 7, and each arm is summarised over its own runs.
    expect(header).toContain('<dt>Seeds</dt><dd>1–10 planned; compared: each arm’s done runs</dd>');
    const coverage = html.slice(html.indexOf('<section id="coverage" class="warning">'), html.indexOf('</section>', html.indexOf('id="coverage"')));
    expect(coverage).toContain('<h2>Incomplete experiment</h2>');
    expect(coverage).toContain('<li>tagging: 9 of 10 seeds done (1–6, 8–10); failed 7</li>');
    expect(coverage).toContain('<li>--all-seeds: each arm is summarised over all its done runs (10, 9 and 10 seeds), so arms are compared over different seeds</li>');
  });

  it('a complete experiment has no coverage warning and shows its seed range', () => {
    const data = reportFixture();
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    data.coverage = { ...data.coverage, complete: true, basis: 'shared', runs: { done: 30, failed: 0, missing: 0 }, sharedSeeds: all };
    data.arms = data.arms.map((arm) => ({ ...arm, errors: [], seeds: { done: all, failed: [], missing: [], compared: all } }));
    const out = renderHtmlReport(data);
    expect(out).toContain('<dt>Seeds</dt><dd>1–10 (10 seeds)</dd>');
    expect(out).not.toContain('id="coverage"');
    expect(out).toContain('per round over 10 seeds;');
  });

  it('escapes all text, including the scenario description and arm names', () => {
    const data = reportFixture({ description: '<script>alert("x")</script> & <b>bold</b>' });
    data.arms[0] = { ...data.arms[0]!, name: '<img onerror=x>' };
    const out = renderHtmlReport(data);
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(count(out, '&lt;img onerror=x&gt;')).toBeGreaterThan(5);
  });

  it('draws one curve per arm plus one CI band per arm', () => {
    const curves = svgs(section(html, 'curves'))[0] ?? '';
    expect(count(curves, 'class="line"')).toBe(3);
    expect(count(curves, 'class="band"')).toBe(3);
    for (const name of ['none', 'tagging', 'detector-quarantine']) expect(curves).toContain(`class="line" data-series="${name}"`);
    // Bands come before the lines, so no band covers a line.
    expect(curves.lastIndexOf('class="band"')).toBeLessThan(curves.indexOf('class="line"'));
    expect(curves).toContain('>100%</text>');
  });

  it('draws one labelled point per arm in the security-vs-utility chart, with better directions on the axes', () => {
    const scatter = svgs(section(html, 'tradeoff'))[0] ?? '';
    expect(count(scatter, 'class="point"')).toBe(3);
    expect(count(scatter, 'class="point-label"')).toBe(3);
    expect(scatter).toContain('Benign task completion (higher is better →)');
    expect(scatter).toContain('Infected fraction (lower is better ↓)');
  });

  it('reports what each defense cost and the errors', () => {
    const costs = section(html, 'costs');
    expect(count(costs, 'class="bar"')).toBe(3);
    for (const s of ['content-detector', 'provenance-tagging', '<td>41.7</td>', '<td>42.1</td>', '<td>182,340</td>', '<td>48,210</td>']) expect(costs).toContain(s);
    const errors = section(html, 'errors');
    expect(errors).toContain('tagging: 1 failed run');
    expect(errors).toContain('seed 7: worker exited with code 137 (out of memory)');
    expect(renderHtmlReport({ ...reportFixture(), arms: reportFixture().arms.map((a) => ({ ...a, errors: [] })) })).not.toContain('id="errors"');
  });

  it('has a reproducibility section with versions, hashes and digests in <details>', () => {
    const data = reportFixture();
    const repro = section(html, 'reproducibility');
    expect(repro).toContain(data.manifest.gitSha ?? '');
    expect(repro).toContain(data.manifest.scenarioHash);
    expect(repro).toContain('@masec/runner');
    expect(repro).toContain('v20.19.0');
    const details = repro.slice(repro.indexOf('<details>'), repro.indexOf('</details>'));
    expect(count(details, '<code>')).toBe(29);
    expect(renderHtmlReport({ ...data, manifest: { ...data.manifest, gitSha: null } })).toContain('unknown (not a git checkout)');
  });

  it('never prints NaN or undefined values', () => {
    expect(html).not.toMatch(/NaN|>undefined<|="undefined"|Infinity/);
  });

  it('degrades gracefully: no benign-blocked metric, no series, a single arm', () => {
    const base = reportFixture();
    const only = base.arms[0]!;
    const data = {
      ...base,
      metrics: base.metrics.filter((m) => m.id !== 'benign-blocked'),
      arms: [{ ...only, series: {} }],
    };
    const out = renderHtmlReport(data);
    expect(svgs(out)).toHaveLength(2);
    expect(out).toContain('No data to plot');
    expect(count(out, 'class="point"')).toBe(1);
    expect(out).not.toMatch(/NaN|Infinity/);
  });
});
