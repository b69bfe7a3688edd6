// Self-contained plot of the population-outbreak scaling table: an SVG (log–log, time and peak RSS against
// agents) and an HTML page holding it with the table. No dependencies, no scripts, no external resources.

const W = 480;
const H = 320;
const M = { left: 64, right: 16, top: 28, bottom: 44 };
const COLORS = { graph: '#1f77b4', outbreak: '#d62728', total: '#2ca02c', rss: '#9467bd', rssGraph: '#8c564b' };

function esc(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Powers of ten covering [lo, hi] (lo, hi > 0). */
export function decades(lo, hi) {
  const out = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

/** A compact label for a power of ten or a plain number: 1e4 -> "10⁴", 0.01 -> "10⁻²". */
export function powerLabel(v) {
  const e = Math.round(Math.log10(v));
  if (Math.abs(10 ** e - v) > 1e-9 * v) return String(v);
  const sup = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
  return `10${String(e)
    .split('')
    .map((ch) => sup[ch])
    .join('')}`;
}

/**
 * One log–log panel at (x0, y0): `series` is [{ name, color, dashed?, points: [[x, y], ...] }]. Returns SVG
 * markup. Points with a non-positive or missing value are left out.
 */
export function logPanel({ x0, y0, title, yLabel, series, bar }) {
  const pts = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (pts.length === 0) return '';
  const xs = decades(Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0])));
  const yValues = [...pts.map((p) => p[1]), ...(bar ? [bar.value] : [])];
  const ys = decades(Math.min(...yValues), Math.max(...yValues));
  const [xl, xh] = [Math.log10(xs[0]), Math.log10(xs[xs.length - 1])];
  const [yl, yh] = [Math.log10(ys[0]), Math.log10(ys[ys.length - 1])];
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const px = (x) => x0 + M.left + ((Math.log10(x) - xl) / Math.max(1e-9, xh - xl)) * pw;
  const py = (y) => y0 + M.top + ph - ((Math.log10(y) - yl) / Math.max(1e-9, yh - yl)) * ph;
  const parts = [];
  parts.push(`<text x="${x0 + W / 2}" y="${y0 + 16}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  parts.push(`<rect x="${x0 + M.left}" y="${y0 + M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  for (const x of xs) {
    parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${y0 + M.top}" y2="${y0 + M.top + ph}" stroke="#eee"/>`);
    parts.push(`<text x="${px(x)}" y="${y0 + M.top + ph + 16}" text-anchor="middle">${powerLabel(x)}</text>`);
  }
  for (const y of ys) {
    parts.push(`<line x1="${x0 + M.left}" x2="${x0 + M.left + pw}" y1="${py(y)}" y2="${py(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${x0 + M.left - 6}" y="${py(y) + 4}" text-anchor="end">${powerLabel(y)}</text>`);
  }
  parts.push(`<text x="${x0 + M.left + pw / 2}" y="${y0 + H - 8}" text-anchor="middle">agents</text>`);
  parts.push(`<text transform="translate(${x0 + 14},${y0 + M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  if (bar) {
    parts.push(`<line x1="${x0 + M.left}" x2="${x0 + M.left + pw}" y1="${py(bar.value)}" y2="${py(bar.value)}" stroke="#000" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${x0 + M.left + 4}" y="${py(bar.value) - 4}" font-size="11">${esc(bar.label)}</text>`);
  }
  // Legend in the lower right corner (the curves rise to the right, so that corner is the emptiest).
  const shown = series.filter((s) => s.points.some(([x, y]) => x > 0 && y > 0));
  let legendY = y0 + M.top + ph - 8 - 14 * (shown.length - 1);
  const legendX = x0 + M.left + pw - 8;
  for (const s of shown) {
    const p = s.points.filter(([x, y]) => x > 0 && y > 0);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${p.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of p) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"><title>${esc(`${s.name}: ${y.toPrecision(4)} at ${x}`)}</title></circle>`);
    parts.push(`<line x1="${legendX - 22}" x2="${legendX}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${legendX - 26}" y="${legendY}" font-size="11" text-anchor="end">${esc(s.name)}</text>`);
    legendY += 14;
  }
  return parts.join('\n');
}

function fmtMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/**
 * The scaling plot. `points`: [{ n, pages, graphMs, outbreakMs, totalMs, peakRssMiB, peakAfterGraphMiB }];
 * `compared`: [{ n, engineMs, refMs, cMs }] (engine vs references). Returns { svg, html }.
 */
export function scalingPlot({ points, compared = [], workload, quick = false, when = '' }) {
  const pages = [...new Set(points.map((p) => p.pages))];
  const timeSeries = [];
  const rssSeries = [];
  pages.forEach((page, k) => {
    const ps = points.filter((p) => p.pages === page).sort((a, b) => a.n - b.n);
    const dashed = k > 0;
    const tag = pages.length > 1 ? `, ${page.split(' ')[0]} pages` : '';
    timeSeries.push({ name: `total${tag}`, color: COLORS.total, dashed, points: ps.map((p) => [p.n, p.totalMs / 1000]) });
    timeSeries.push({ name: `graph generation${tag}`, color: COLORS.graph, dashed, points: ps.map((p) => [p.n, p.graphMs / 1000]) });
    timeSeries.push({ name: `outbreak (engine)${tag}`, color: COLORS.outbreak, dashed, points: ps.map((p) => [p.n, p.outbreakMs / 1000]) });
    rssSeries.push({ name: `peak RSS${tag}`, color: COLORS.rss, dashed, points: ps.map((p) => [p.n, p.peakRssMiB]) });
  });
  const maxN = Math.max(0, ...points.map((p) => p.n));
  const timeBar = maxN >= 1e8 ? { value: 60, label: 'bar at 10⁸: 60 s' } : undefined;
  const rssBar = maxN >= 1e8 ? { value: 12 * 1024, label: 'bar at 10⁸: 12 GiB' } : undefined;
  const body = [
    logPanel({ x0: 0, y0: 0, title: 'Time (s), graph + outbreak', yLabel: 'seconds', series: timeSeries, bar: timeBar }),
    logPanel({ x0: W, y0: 0, title: 'Peak resident memory (MiB)', yLabel: 'MiB', series: rssSeries, bar: rssBar }),
  ].join('\n');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" viewBox="0 0 ${2 * W} ${H}" font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="#fff"/>\n${body}\n</svg>\n`;

  const rows = [...points]
    .sort((a, b) => a.n - b.n || a.pages.localeCompare(b.pages))
    .map(
      (p) =>
        `<tr><td>${powerLabel(p.n)}</td><td>${esc(p.pages)}</td><td>${fmtMs(p.graphMs)}</td><td>${fmtMs(p.outbreakMs)}</td><td>${fmtMs(p.totalMs)}</td><td>${Math.round(p.peakRssMiB)} MiB</td><td>${Math.round(p.peakAfterGraphMiB)} MiB</td></tr>`,
    )
    .join('\n');
  const compareRows = compared
    .map(
      (c) =>
        `<tr><td>${powerLabel(c.n)}</td><td>${fmtMs(c.engineMs)}</td><td>${fmtMs(c.refMs)}</td><td>${c.cMs == null ? 'skipped' : fmtMs(c.cMs)}</td><td>${(c.engineMs / c.refMs).toFixed(2)}×</td><td>${c.cMs == null ? '–' : `${(c.engineMs / c.cMs).toFixed(2)}×`}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>masec population engine: scaling</title>
<style>body{font-family:sans-serif;margin:1.5em;max-width:1000px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}</style>
</head><body>
<h1>Population engine: scaling</h1>
<p>${esc(workload ?? '')}. Graph generation + one engine run in a fresh Node process per sample (medians; peak RSS is the
process's VmHWM).${quick ? ' <strong>--quick run: small sizes, one sample.</strong>' : ''} ${esc(when)}</p>
${svg}
<h2>Scaling</h2>
<table><tr><th>agents</th><th>pages</th><th>graph generation</th><th>outbreak</th><th>total</th><th>peak RSS</th><th>peak RSS after graph</th></tr>
${rows}
</table>
${
  compareRows === ''
    ? ''
    : `<h2>Engine vs references (same graph, same draws)</h2>
<table><tr><th>agents</th><th>engine</th><th>JS reference</th><th>C reference (gcc -O2)</th><th>engine / JS</th><th>engine / C</th></tr>
${compareRows}
</table>`
}
</body></html>
`;
  return { svg, html };
}
