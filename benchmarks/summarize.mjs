#!/usr/bin/env node
// Turns the JSON lines of run-all.mjs into a Markdown table (the one in benchmarks/README.md):
//   npm run -s bench > bench.jsonl && node benchmarks/summarize.mjs bench.jsonl
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const text = readFileSync(file === undefined || file === '-' ? 0 : file, 'utf8');
const lines = text
  .split('\n')
  .filter((l) => l.trim().startsWith('{'))
  .map((l) => JSON.parse(l));

const CONTEXT = new Set(['bench', 'metric', 'value', 'unit', 'node', 'cpus', 'parallelism', 'cpuModel', 'gitSha', 'gitDirty', 'quick', 'note', 'process', 'policy', 'topology', 'bar', 'meetsBar', 'stat', 'reps', 'store', 'scenario', 'loadavg1']);

function describe(l) {
  const parts = [];
  for (const key of ['agents', 'rounds', 'channel', 'workers', 'generator', 'n', 'pages']) if (l[key] !== undefined) parts.push(`${key} ${l[key]}`);
  if (Array.isArray(l.pipeline)) parts.push(l.pipeline.length === 0 ? 'no defenses' : 'default shield');
  if (Array.isArray(l.nodeFlags) && l.nodeFlags.length > 0) parts.push(l.nodeFlags.join(' '));
  return parts.join(', ');
}

function detail(l) {
  const parts = [];
  if (Array.isArray(l.samples)) parts.push(`samples ${l.samples.join(' / ')}`);
  for (const [k, v] of Object.entries(l)) {
    if (CONTEXT.has(k) || ['agents', 'rounds', 'channel', 'workers', 'generator', 'n', 'pages', 'pipeline', 'nodeFlags', 'samples', 'seeds', 'arms', 'runs', 'envelopes', 'events'].includes(k)) continue;
    parts.push(`${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
  return parts.join('; ');
}

const first = lines[0];
if (first !== undefined) {
  process.stdout.write(`node ${first.node}, ${first.cpus} cpus (${first.cpuModel}), git ${first.gitSha ?? 'n/a'}${first.gitDirty ? ' (dirty)' : ''}${first.quick ? ', --quick' : ''}\n\n`);
}
process.stdout.write('| suite | metric | setting | value | bar | details |\n|---|---|---|---|---|---|\n');
for (const l of lines) {
  const bar = l.bar === undefined ? '' : `${l.bar}${l.meetsBar === undefined ? '' : l.meetsBar ? ' ✔' : ' ✘'}`;
  process.stdout.write(`| ${l.bench} | ${l.metric} | ${describe(l)} | ${l.value} ${l.unit ?? ''} | ${bar} | ${detail(l)} |\n`);
}
