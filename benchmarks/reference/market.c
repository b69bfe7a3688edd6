/*
 * C reference of the market engine's learning loop (packages/sim/src/market/session.ts), for the benchmark
 * ratio: the same Q-learning session on the same tables and the same sfc32 stream, so it plays the same
 * periods and ends with the same greedy strategies. Reads the binary file market-child.mjs writes:
 *   int32 n, m, states, stable; double alpha, delta, decay, maxPeriods; uint32 a, b, c, d;
 *   double profit[states*n]; double q[n*states*m]; int32 greedy[n*states]; double best[n*states]
 * Prints {"periods":..,"converged":..,"ms":..,"cpuMs":..,"greedyHash":".."} (wall and CPU time of the loop).
 * Build: gcc -O2 -ffp-contract=off -o market market.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint32_t A, B, C, D;
static inline uint32_t u32(void) {
  uint32_t t = A + B + D;
  D = D + 1;
  A = B ^ (B >> 9);
  B = C + (C << 3);
  C = (C << 21) | (C >> 11);
  C = C + t;
  return t;
}
static inline double next(void) { return (double)u32() / 4294967296.0; }
static inline int32_t uniform(int32_t n) { return (int32_t)(next() * n); }

static void must(size_t got, size_t want) {
  if (got != want) { fprintf(stderr, "short read\n"); exit(2); }
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: market <input file>\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror("open"); return 2; }
  int32_t head[4];
  double par[4];
  uint32_t words[4];
  must(fread(head, 4, 4, f), 4);
  must(fread(par, 8, 4, f), 4);
  must(fread(words, 4, 4, f), 4);
  int32_t n = head[0], m = head[1], states = head[2], stable = head[3];
  double alpha = par[0], delta = par[1], decay = par[2], maxPeriods = par[3];
  A = words[0]; B = words[1]; C = words[2]; D = words[3];
  double *profit = malloc(sizeof(double) * states * n);
  double *q = malloc(sizeof(double) * n * states * m);
  int32_t *greedy = malloc(sizeof(int32_t) * n * states);
  double *best = malloc(sizeof(double) * n * states);
  int32_t *place = malloc(sizeof(int32_t) * n);
  int32_t *actions = malloc(sizeof(int32_t) * n);
  must(fread(profit, 8, (size_t)states * n, f), (size_t)states * n);
  must(fread(q, 8, (size_t)n * states * m, f), (size_t)n * states * m);
  must(fread(greedy, 4, (size_t)n * states, f), (size_t)n * states);
  must(fread(best, 8, (size_t)n * states, f), (size_t)n * states);
  fclose(f);
  place[0] = 1;
  for (int i = 1; i < n; i++) place[i] = place[i - 1] * m;

  struct timespec t0, t1, c0, c1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  int32_t s = uniform(states);
  double epsilon = 1;
  long stableFor = 0, t = 0;
  int converged = 0;
  while (t < maxPeriods) {
    int32_t x = 0;
    for (int i = 0; i < n; i++) {
      int32_t a = next() < epsilon ? uniform(m) : greedy[i * states + s];
      actions[i] = a;
      x += a * place[i];
    }
    int changed = 0;
    for (int i = 0; i < n; i++) {
      int32_t a = actions[i];
      int32_t g = i * states + s;
      int64_t row = (int64_t)g * m;
      double old = q[row + a];
      double value = old + alpha * (profit[(int64_t)x * n + i] + delta * best[i * states + x] - old);
      q[row + a] = value;
      int32_t current = greedy[g];
      if (a == current) {
        if (value >= old) best[g] = value;
        else {
          int32_t k = 0;
          double top = q[row];
          for (int32_t b = 1; b < m; b++) if (q[row + b] > top) { top = q[row + b]; k = b; }
          best[g] = top;
          if (k != current) { greedy[g] = k; changed = 1; }
        }
      } else if (value > best[g] || (value == best[g] && a < current)) {
        greedy[g] = a;
        best[g] = value;
        changed = 1;
      }
    }
    s = x;
    t++;
    epsilon *= decay;
    stableFor = changed ? 0 : stableFor + 1;
    if (stableFor >= stable) { converged = 1; break; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  uint32_t h = 0x811c9dc5u;
  for (int64_t k = 0; k < (int64_t)n * states; k++) { h ^= (uint32_t)greedy[k]; h *= 0x01000193u; }
  double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
  double cpuMs = (c1.tv_sec - c0.tv_sec) * 1e3 + (c1.tv_nsec - c0.tv_nsec) / 1e6;
  printf("{\"periods\":%ld,\"converged\":%s,\"ms\":%.3f,\"cpuMs\":%.3f,\"greedyHash\":\"%08x\"}\n", t, converged ? "true" : "false", ms, cpuMs, h);
  return 0;
}
