/**
 * Transparent huge pages for large population runs. Node's large buffers come from glibc's malloc, which
 * asks the kernel for huge pages only when the tunable `glibc.malloc.hugetlb=1` is set, and glibc reads
 * tunables when a process starts. With the kernel's THP mode `madvise` (the usual default) a 10^8-agent run
 * then takes fewer page faults and TLB misses: ≈ 7 s less on the benchmark machine
 * (benchmarks/README.md, population-outbreak). So for a run of HUGE_PAGES_MIN_AGENTS agents or more, `masec`
 * starts itself again with the tunable set, unless:
 *
 * - the platform is not Linux, or the kernel's THP mode is `always` (not needed) or `never` (no use);
 * - GLIBC_TUNABLES already sets glibc.malloc.hugetlb;
 * - MASEC_HUGE_PAGES=0. (MASEC_HUGE_PAGES=1 relaunches whatever the size: for tests; any other value is a
 *   usage error.)
 *
 * Results are identical; only the time changes.
 */
import { readFileSync } from 'node:fs';
import type { CliIo } from './io.js';
import { CliExit, EXIT_USAGE } from './output/exit.js';

export const HUGE_PAGES_MIN_AGENTS = 1 << 23;
const TUNABLE = 'glibc.malloc.hugetlb=1';

/** The kernel's transparent-huge-page mode, or null when it cannot be read (not Linux). */
function thpMode(): string | null {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The environment to relaunch with, or null to go on in this process. */
export function hugePagesEnv(io: CliIo, agents: number): Record<string, string> | null {
  const setting = io.env.MASEC_HUGE_PAGES;
  if (setting === '0') return null;
  if (setting !== undefined && setting !== '' && setting !== '1') throw new CliExit(EXIT_USAGE, `MASEC_HUGE_PAGES must be 0 or 1, got '${setting}'`);
  if (setting !== '1' && agents < HUGE_PAGES_MIN_AGENTS) return null;
  const tunables = io.env.GLIBC_TUNABLES ?? '';
  if (tunables.includes('glibc.malloc.hugetlb')) return null;
  if (process.platform !== 'linux' || thpMode() !== 'madvise') return null;
  return { GLIBC_TUNABLES: tunables === '' ? TUNABLE : `${tunables}:${TUNABLE}` };
}

/**
 * Relaunches the command with huge pages when `hugePagesEnv` says so and this is the real process; returns
 * the relaunched command's exit status, or null to go on here.
 */
export function relaunchForHugePages(io: CliIo, agents: number): number | null {
  const env = hugePagesEnv(io, agents);
  if (env === null || io.relaunch === undefined) return null;
  io.stderr(`masec: ${agents} agents: running again with GLIBC_TUNABLES=${env.GLIBC_TUNABLES} (transparent huge pages; MASEC_HUGE_PAGES=0 turns this off)\n`);
  return io.relaunch(env);
}
