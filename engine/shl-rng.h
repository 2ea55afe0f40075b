/* shl-rng.h: explicit, seedable random numbers (xoshiro256**).
 *
 * Plain C, no GLib. The same seed gives the same stream on every build. */
#pragma once

#include <stdint.h>

typedef struct {
  uint64_t s[4];
} ShlRng;

void     shl_rng_seed    (ShlRng *rng, uint64_t seed);
uint64_t shl_rng_next    (ShlRng *rng);
/* uniform in [0, 1) with 53 random bits */
double   shl_rng_uniform (ShlRng *rng);
/* uniform in [lo, hi) */
double   shl_rng_range   (ShlRng *rng, double lo, double hi);
/* standard normal (Box-Muller, both values used in turn) */
double   shl_rng_normal  (ShlRng *rng);
/* uniform integer in [0, n), unbiased; n > 0 */
uint64_t shl_rng_below   (ShlRng *rng, uint64_t n);
/* Fisher-Yates shuffle of idx[0..n) */
void     shl_rng_shuffle (ShlRng *rng, int *idx, int n);
