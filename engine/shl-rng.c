/* shl-rng.c: xoshiro256** seeded through splitmix64. */
#include "shl-rng.h"

#include <math.h>

static uint64_t
splitmix64 (uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline uint64_t
rotl (uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
shl_rng_seed (ShlRng *rng, uint64_t seed)
{
  uint64_t x = seed;
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

uint64_t
shl_rng_next (ShlRng *rng)
{
  uint64_t *s = rng->s;
  const uint64_t result = rotl (s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
shl_rng_uniform (ShlRng *rng)
{
  return (double) (shl_rng_next (rng) >> 11) * 0x1.0p-53;
}

double
shl_rng_range (ShlRng *rng, double lo, double hi)
{
  return lo + (hi - lo) * shl_rng_uniform (rng);
}

double
shl_rng_normal (ShlRng *rng)
{
  /* Box-Muller without caching: the stream stays a pure function of the
   * number of calls, which keeps runs easy to reason about. */
  double u1 = shl_rng_uniform (rng);
  double u2 = shl_rng_uniform (rng);
  if (u1 <= 0x1.0p-60)
    u1 = 0x1.0p-60;
  return sqrt (-2.0 * log (u1)) * cos (2.0 * M_PI * u2);
}

uint64_t
shl_rng_below (ShlRng *rng, uint64_t n)
{
  /* Lemire-free simple rejection: unbiased and portable. */
  uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
  uint64_t r;
  do
    r = shl_rng_next (rng);
  while (r >= limit);
  return r % n;
}

void
shl_rng_shuffle (ShlRng *rng, int *idx, int n)
{
  for (int i = n - 1; i > 0; i--)
    {
      int j = (int) shl_rng_below (rng, (uint64_t) i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
}
