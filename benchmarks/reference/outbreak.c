/*
 * C reference for the population engine's contact model: the same discrete-time SIR outbreak as
 * reference-loop.mjs (and the engine's no-defense path), draw for draw, compiled with `gcc -O2` by the
 * population-outbreak benchmark at bench time.
 *
 *   outbreak GRAPH_FILE BETA GAMMA ROUNDS A B C D [REPS]
 *
 * GRAPH_FILE: little-endian, "MSCSR001", uint64 n, uint64 m, int32 offsets[n + 1], int32 neighbors[m]
 * (written by the benchmark from the engine's CSR graph). A B C D: the engine's FastRng state after its
 * warm-up (unsigned 32-bit decimals). Runs the outbreak REPS times (default 1) from the same seed; prints one
 * JSON line: the wall time (ms) and CPU time (cpuMs) of each run (loading the graph excluded, allocating
 * and zeroing the state included), agents ever infected, infections per round, and the FNV-1a hash of the final compartment bytes
 * (compartment codes as the engine's: S 0, I 2, R 3, infected-this-round 5).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { S = 0, I = 2, R = 3, NEW = 5 };
#define DENSE_BETA 0.35
#define TWO_POW_32 4294967296.0

typedef struct {
  uint32_t a, b, c, d;
} sfc32;

static inline uint32_t sfc32_next(sfc32 *r) {
  uint32_t t = r->a + r->b + r->d;
  r->d += 1;
  r->a = r->b ^ (r->b >> 9);
  r->b = r->c + (r->c << 3);
  r->c = (r->c << 21) | (r->c >> 11);
  r->c += t;
  return t;
}

static double clock_ms(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *xmalloc(size_t bytes) {
  void *p = malloc(bytes);
  if (p == NULL) {
    fprintf(stderr, "outbreak: out of memory (%zu bytes)\n", bytes);
    exit(1);
  }
  return p;
}

typedef struct {
  uint64_t ever;
  uint32_t *new_per_round;
} result;

/* Runs one outbreak; returns the final compartment bytes (the caller frees them). */
static uint8_t *outbreak(uint64_t n, const int32_t *offsets, const int32_t *neighbors, double beta, double gamma, int rounds,
                     sfc32 rng, result *out) {
  uint8_t *state = calloc(n, 1);
  int32_t *active = xmalloc(n * sizeof(int32_t));
  int32_t *incoming = xmalloc(n * sizeof(int32_t));
  if (state == NULL) {
    fprintf(stderr, "outbreak: out of memory\n");
    exit(1);
  }
  uint64_t active_len = 0, incoming_len = 0, ever = 0;
  int dense = beta >= DENSE_BETA || beta >= 1;
  double inv_log_q = beta < 1 ? 1.0 / log1p(-beta) : 0;

  for (int round = 0; round < rounds; round++) {
    uint64_t fresh;
    if (round == 0) {
      uint32_t zero = (uint32_t)floor(sfc32_next(&rng) / TWO_POW_32 * (double)n);
      state[zero] = I;
      active[active_len++] = (int32_t)zero;
      fresh = 1;
    } else {
      for (uint64_t q = 0; q < incoming_len; q++) {
        int32_t j = incoming[q];
        state[j] = I;
        active[active_len++] = j;
      }
      fresh = incoming_len;
      incoming_len = 0;
    }
    ever += fresh;
    out->new_per_round[round] = (uint32_t)fresh;

    if (beta > 0) {
      for (uint64_t q = 0; q < active_len; q++) {
        int32_t i = active[q];
        int64_t end = offsets[i + 1];
        if (dense) {
          for (int64_t e = offsets[i]; e < end; e++) {
            if (beta < 1 && !(sfc32_next(&rng) / TWO_POW_32 < beta)) continue;
            int32_t j = neighbors[e];
            if (state[j] != S) continue;
            state[j] = NEW;
            incoming[incoming_len++] = j;
          }
        } else {
          int64_t e = offsets[i];
          for (;;) {
            e += (int64_t)floor(log(1.0 - sfc32_next(&rng) / TWO_POW_32) * inv_log_q);
            if (e >= end) break;
            int32_t j = neighbors[e];
            if (state[j] == S) {
              state[j] = NEW;
              incoming[incoming_len++] = j;
            }
            e++;
          }
        }
      }
    }

    if (gamma > 0) {
      uint64_t w = 0;
      for (uint64_t q = 0; q < active_len; q++) {
        int32_t i = active[q];
        if (sfc32_next(&rng) / TWO_POW_32 < gamma) state[i] = R;
        else active[w++] = i;
      }
      active_len = w;
    }
  }

  out->ever = ever;
  free(active);
  free(incoming);
  return state;
}

int main(int argc, char **argv) {
  if (argc < 9) {
    fprintf(stderr, "usage: outbreak GRAPH_FILE BETA GAMMA ROUNDS A B C D [REPS]\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) {
    perror(argv[1]);
    return 1;
  }
  char magic[8];
  uint64_t n, m;
  if (fread(magic, 1, 8, f) != 8 || memcmp(magic, "MSCSR001", 8) != 0 || fread(&n, 8, 1, f) != 1 || fread(&m, 8, 1, f) != 1) {
    fprintf(stderr, "outbreak: %s is not a CSR file\n", argv[1]);
    return 1;
  }
  int32_t *offsets = xmalloc((n + 1) * sizeof(int32_t));
  int32_t *neighbors = xmalloc((m > 0 ? m : 1) * sizeof(int32_t));
  if (fread(offsets, sizeof(int32_t), n + 1, f) != n + 1 || fread(neighbors, sizeof(int32_t), m, f) != m) {
    fprintf(stderr, "outbreak: %s is truncated\n", argv[1]);
    return 1;
  }
  fclose(f);

  double beta = atof(argv[2]);
  double gamma = atof(argv[3]);
  int rounds = atoi(argv[4]);
  sfc32 seed = {(uint32_t)strtoul(argv[5], NULL, 10), (uint32_t)strtoul(argv[6], NULL, 10), (uint32_t)strtoul(argv[7], NULL, 10),
                (uint32_t)strtoul(argv[8], NULL, 10)};
  int reps = argc > 9 ? atoi(argv[9]) : 1;
  if (reps < 1) reps = 1;

  result res;
  res.new_per_round = xmalloc((rounds > 0 ? rounds : 1) * sizeof(uint32_t));
  uint32_t hash = 0;
  double *cpu = xmalloc(reps * sizeof(double));
  printf("{\"ms\":[");
  for (int rep = 0; rep < reps; rep++) {
    double c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    double t0 = clock_ms(CLOCK_MONOTONIC);
    uint8_t *state = outbreak(n, offsets, neighbors, beta, gamma, rounds, seed, &res);
    printf("%s%.3f", rep == 0 ? "" : ",", clock_ms(CLOCK_MONOTONIC) - t0);
    cpu[rep] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    uint32_t h = 0x811c9dc5u;
    for (uint64_t i = 0; i < n; i++) h = (h ^ state[i]) * 0x01000193u;
    hash = h;
    free(state);
  }
  printf("],\"cpuMs\":[");
  for (int rep = 0; rep < reps; rep++) printf("%s%.3f", rep == 0 ? "" : ",", cpu[rep]);
  printf("],\"everInfected\":%llu,\"stateHash\":\"%08x\",\"newPerRound\":[", (unsigned long long)res.ever, hash);
  for (int r = 0; r < rounds; r++) printf("%s%u", r == 0 ? "" : ",", res.new_per_round[r]);
  printf("]}\n");
  return 0;
}
