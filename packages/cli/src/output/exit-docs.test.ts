// The exit-status table of docs/reference/cli.md against the statuses the CLI uses: one row per status,
// every status the CLI can end with documented, and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as exit from './exit.js';

const CLI_DOC = join(import.meta.dirname, '../../../../docs/reference/cli.md');

/** The first column of the table that follows `**Exit status.**`. */
function documentedStatuses(markdown: string): number[] {
  const start = markdown.indexOf('**Exit status.**');
  if (start < 0) throw new Error('docs/reference/cli.md has no **Exit status.** section');
  const rows: number[] = [];
  let inTable = false;
  for (const line of markdown.slice(start).split('\n').slice(1)) {
    if (line.startsWith('|')) {
      inTable = true;
      const first = line.split('|')[1]?.trim() ?? '';
      if (/^\d+$/.test(first)) rows.push(Number(first));
    } else if (inTable) {
      break;
    }
  }
  return rows;
}

describe('exit statuses in docs/reference/cli.md', () => {
  it('lists every status the CLI uses exactly once', () => {
    const documented = documentedStatuses(readFileSync(CLI_DOC, 'utf8'));
    const used = Object.entries(exit)
      .filter(([name, value]) => name.startsWith('EXIT_') && typeof value === 'number')
      .map(([, value]) => value as number);
    expect(documented).toEqual([...new Set(documented)]);
    expect([...documented].sort((a, b) => a - b)).toEqual([...new Set(used)].sort((a, b) => a - b));
  });
});
