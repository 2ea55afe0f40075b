/* shl-geom.c: exact geometry of piecewise-linear realizations.
 *
 * Exactness. Every combinatorial decision is exact for the given doubles:
 * the order of two kinks, the side of a line a vertex lies on (vertices are
 * intersections of lines with double coefficients; the side is the sign of
 * a 3x3 determinant of the coefficients, never a test on rounded vertex
 * coordinates), whether a line meets the open box, which candidate attains
 * a maximum. There is no merging tolerance: two kinks one ulp apart bound
 * an interval of positive length, and its slope counts. Each reported
 * number is the exact real value at the maximising candidate, computed with
 * GMP integers and rounded once (correctly). See shl-exact.h.
 *
 * Speed. A floating-point filter does almost all the work: every vertex
 * value and every cell gradient is first computed in doubles with a
 * rigorous error bound. The maximum of the lower bounds is a lower bound
 * of the answer; only the candidates whose upper bound reaches it are
 * evaluated exactly. Inputs with magnitudes outside [2^-240, 2^240] (or
 * where the filter has no valid bound) skip the filter: everything is then
 * exact, only slower.
 *
 * 1-D, O(m log m): the kinks inside the box are sorted (by their rounded
 * positions, which are monotone in the exact ones; equal rounded positions
 * are ordered exactly), and one sweep carries the slope S and offset B of
 * f - g on the current interval, so that f - g = S x + B there. The sup is
 * attained at a kink or an end point, the slope is constant between
 * distinct kinks.
 *
 * 2-D, O(M^2 log M) for M kink lines: the neurons are grouped by their
 * kink line (exactly); a group whose neurons cancel on both sides is
 * dropped, one that is affine across its line is folded into the affine
 * part. Then each line is walked through its sorted crossings with the
 * other lines inside the box, carrying the affine function (gradient and
 * offset) of the cells beside it: crossing a line adds or removes that
 * line's jump. The values at the crossings (and at the box corners) are
 * the candidates for the sup; the gradients on both sides of every
 * segment are those of every cell of positive area.
 *
 * shl_realization_distance_naive is an independent reference with the same
 * exactness (no sweep, no walk: every point and every cell evaluated
 * directly), O(m^2) in 1-D and O(M^3) in 2-D, for tests and benchmarks.
 *
 * Plain C + libm + GMP, no GLib. */
#include "shl-geom.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shl-exact.h"

#define U_ROUND 0x1p-53       /* unit roundoff */
#define ETA     0x1p-1000     /* absolute slack per operation (underflow) */
#define SAFETY  (1.0 + 0x1p-20) /* covers the rounding of the bounds */

static inline int
sgn (double x)
{
  return (x > 0.0) - (x < 0.0);
}

/* ------------------------------------------------------------------------ */
/* Neuron status                                                            */

/* exact sign of <a, x> + b */
static int
sign_at (const double *a, double b, const double *x, int d)
{
  if (d == 1)
    return shl_exact_sign_det2 (a[0], -b, 1.0, x[0]);
  double e1[3] = { 1.0, 0.0, -x[0] }, e2[3] = { 0.0, 1.0, -x[1] };
  double r[3] = { a[0], a[1], b };
  return shl_exact_sign_det3 (e1, e2, r);
}

/* Status of the neuron (a, b, c) of dimension d on the box [lo, hi],
 * decided exactly from the signs of <a, x> + b at the corners. */
static ShlNeuronStatus
status_on_box (const double *a, double b, double c, int d, const double *lo,
               const double *hi)
{
  bool a_zero = true;
  for (int j = 0; j < d; j++)
    if (a[j] != 0.0)
      a_zero = false;
  if (a_zero && b == 0.0 && c == 0.0)
    return SHL_NEURON_ZERO;
  bool pos = false, neg = false;
  for (int k = 0; k < (1 << d); k++)
    {
      double x[SHL_MAX_DIM];
      for (int j = 0; j < d; j++)
        x[j] = (k >> j) & 1 ? hi[j] : lo[j];
      int s = sign_at (a, b, x, d);
      pos = pos || s > 0;
      neg = neg || s < 0;
    }
  if (pos && neg)
    return SHL_NEURON_ACTIVE;
  if (!pos)
    return SHL_NEURON_DEAD;
  return SHL_NEURON_AFFINE;
}

ShlNeuronStatus
shl_neuron_status (const ShlNet *net, int i)
{
  if (!net || i < 0 || i >= net->m)
    return SHL_NEURON_ZERO;
  return status_on_box (net->a + (size_t) i * (size_t) net->d, net->b[i],
                        net->c[i], net->d, net->lo, net->hi);
}

const char *
shl_neuron_status_name (ShlNeuronStatus status)
{
  switch (status)
    {
    case SHL_NEURON_ZERO:
      return "zero";
    case SHL_NEURON_DEAD:
      return "dead";
    case SHL_NEURON_AFFINE:
      return "affine";
    case SHL_NEURON_ACTIVE:
      return "active";
    default:
      return "unknown";
    }
}

/* ------------------------------------------------------------------------ */
/* Sorting                                                                  */

typedef struct {
  double key;
  int    idx;
} Keyed;

static inline uint64_t
key_bits (double x)
{
  uint64_t u;
  x += 0.0; /* -0 -> +0 */
  memcpy (&u, &x, sizeof u);
  return (u >> 63) ? ~u : (u | 0x8000000000000000ull);
}

/* A stable LSD radix sort of the records x (n) of type T by the double
 * key x[i].FIELD (ascending), through tmp (n): digits of 8 bits (16 bits
 * for large n), skipping the digits that are the same for every record. */
#define DEFINE_RADIX_SORT(NAME, T, FIELD)                                    \
  static void                                                                \
  NAME (T *x, T *tmp, size_t n)                                              \
  {                                                                          \
    if (n < 2)                                                               \
      return;                                                                \
    int bits = n >= 16384 ? 16 : 8;                                          \
    size_t nb = (size_t) 1 << bits, mask = nb - 1;                           \
    size_t *count = malloc (nb * sizeof *count);                             \
    T *src = x, *dst = tmp;                                                  \
    for (int sh = 0; count && sh < 64; sh += bits)                           \
      {                                                                      \
        memset (count, 0, nb * sizeof *count);                               \
        for (size_t i = 0; i < n; i++)                                       \
          count[(key_bits (src[i].FIELD) >> sh) & mask]++;                   \
        if (count[(key_bits (src[0].FIELD) >> sh) & mask] == n)              \
          continue;                                                          \
        size_t pos = 0;                                                      \
        for (size_t b = 0; b < nb; b++)                                      \
          {                                                                  \
            size_t c = count[b];                                             \
            count[b] = pos;                                                  \
            pos += c;                                                        \
          }                                                                  \
        for (size_t i = 0; i < n; i++)                                       \
          dst[count[(key_bits (src[i].FIELD) >> sh) & mask]++] = src[i];     \
        T *t = src;                                                          \
        src = dst;                                                           \
        dst = t;                                                             \
      }                                                                      \
    if (!count)                                                              \
      {                                                                      \
        /* no memory for the counts: insertion sort, slow but correct */      \
        for (size_t i = 1; i < n; i++)                                       \
          {                                                                  \
            T v = x[i];                                                      \
            size_t j = i;                                                    \
            while (j > 0 && key_bits (x[j - 1].FIELD) > key_bits (v.FIELD))  \
              {                                                              \
                x[j] = x[j - 1];                                             \
                j--;                                                         \
              }                                                              \
            x[j] = v;                                                        \
          }                                                                  \
        return;                                                              \
      }                                                                      \
    free (count);                                                            \
    if (src != x)                                                            \
      memcpy (x, src, n * sizeof *x);                                        \
  }

/* the small sorts (events along a line) avoid the malloc */
static void
sort_keyed_small (Keyed *x, size_t n)
{
  for (size_t i = 1; i < n; i++)
    {
      Keyed v = x[i];
      size_t j = i;
      while (j > 0 && key_bits (x[j - 1].key) > key_bits (v.key))
        {
          x[j] = x[j - 1];
          j--;
        }
      x[j] = v;
    }
}

DEFINE_RADIX_SORT (sort_keyed_radix, Keyed, key)

static void
sort_keyed (Keyed *x, Keyed *tmp, size_t n)
{
  if (n < 48)
    sort_keyed_small (x, n);
  else
    sort_keyed_radix (x, tmp, n);
}

/* ------------------------------------------------------------------------ */
/* Kinks                                                                    */

/* sign (t_i - t_j) for the kinks t = -b / a (a != 0), exact */
static int
kink_cmp_exact (double ai, double bi, double aj, double bj)
{
  /* t_i - t_j = (b_j a_i - b_i a_j) / (a_i a_j) */
  return shl_exact_sign_det2 (bj, bi, aj, ai) * sgn (ai) * sgn (aj);
}

/* sign (t - x) for the kink t = -b / a (a != 0) and a double x, exact */
static int
kink_cmp_point (double a, double b, double x)
{
  double t = -b / a; /* correctly rounded, so monotone in the exact kink */
  if (t > x)
    return 1;
  if (t < x)
    return -1;
  /* t - x = -(a x + b) / a */
  return -shl_exact_sign_det2 (a, -b, 1.0, x) * sgn (a);
}

typedef struct {
  const double *a, *b;
} KinkSortCtx;

static int
kink_idx_cmp (const void *pa, const void *pb, void *user)
{
  const KinkSortCtx *k = user;
  int i = *(const int *) pa, j = *(const int *) pb;
  int c = kink_cmp_exact (k->a[i], k->b[i], k->a[j], k->b[j]);
  return c != 0 ? c : (i > j) - (i < j);
}

/* Sort idx (n) by exact kink position (ties by index), given the rounded
 * positions: sort by those, then order each run of equal rounded
 * positions exactly. */
static bool
sort_kinks (int *idx, int n, const double *a, const double *b)
{
  Keyed *k = malloc ((size_t) (n + 1) * 2 * sizeof *k);
  if (!k)
    return false;
  for (int r = 0; r < n; r++)
    k[r] = (Keyed) { -b[idx[r]] / a[idx[r]], idx[r] };
  sort_keyed (k, k + n, (size_t) n);
  for (int r = 0; r < n; r++)
    idx[r] = k[r].idx;
  KinkSortCtx ctx = { a, b };
  for (int r = 0; r < n;)
    {
      int s = r + 1;
      while (s < n && k[s].key == k[r].key)
        s++;
      if (s - r > 1)
        qsort_r (idx + r, (size_t) (s - r), sizeof *idx, kink_idx_cmp, &ctx);
      r = s;
    }
  free (k);
  return true;
}

int
shl_net_kinks_1d (double *t, int *neuron, const ShlNet *net)
{
  if (!net || net->d != 1 || net->m == 0)
    return 0;
  int *idx = malloc ((size_t) net->m * sizeof *idx);
  if (!idx)
    return 0;
  int n = 0;
  for (int i = 0; i < net->m; i++)
    {
      if (net->a[i] == 0.0 || !isfinite (net->a[i]) || !isfinite (net->b[i]))
        continue;
      if (kink_cmp_point (net->a[i], net->b[i], net->lo[0]) > 0
          && kink_cmp_point (net->a[i], net->b[i], net->hi[0]) < 0)
        idx[n++] = i;
    }
  if (!sort_kinks (idx, n, net->a, net->b))
    n = 0;
  for (int r = 0; r < n; r++)
    {
      if (t)
        t[r] = -net->b[idx[r]] / net->a[idx[r]];
      if (neuron)
        neuron[r] = idx[r];
    }
  free (idx);
  return n;
}

/* Clip the line a0 x + a1 y + b = 0 to the box (for drawing): solve for
 * the coordinate with the larger |a_j| along the other one, which keeps
 * the division well conditioned. Returns false if nothing is left. */
static bool
clip_line_to_box (double *seg, const double *a, double b, const double *lo,
                  const double *hi)
{
  /* u: the dominant axis (solved for), w: the parameter axis */
  int u = fabs (a[0]) >= fabs (a[1]) ? 0 : 1, w = 1 - u;
  if (a[u] == 0.0)
    return false;
  double wlo = lo[w], whi = hi[w];
  if (a[w] != 0.0)
    {
      /* w where the line crosses u = lo[u] and u = hi[u] */
      double w1 = -(b + a[u] * lo[u]) / a[w];
      double w2 = -(b + a[u] * hi[u]) / a[w];
      wlo = fmax (wlo, fmin (w1, w2));
      whi = fmin (whi, fmax (w1, w2));
    }
  if (!(wlo <= whi))
    return false;
  double ws[2] = { wlo, whi };
  for (int k = 0; k < 2; k++)
    {
      double uk = -(b + a[w] * ws[k]) / a[u];
      uk = fmin (fmax (uk, lo[u]), hi[u]);
      seg[2 * k + u] = uk;
      seg[2 * k + w] = ws[k];
    }
  return true;
}

int
shl_net_kink_segments_2d (double *seg, int *neuron, const ShlNet *net)
{
  if (!net || net->d != 2)
    return 0;
  int n = 0;
  for (int i = 0; i < net->m; i++)
    {
      if (shl_neuron_status (net, i) != SHL_NEURON_ACTIVE)
        continue;
      double s[4];
      if (!clip_line_to_box (s, net->a + 2 * (size_t) i, net->b[i], net->lo,
                             net->hi))
        {
          /* an active line always meets the box: the rounding of the
           * clip can only shrink it to a point */
          s[0] = s[2] = 0.5 * (net->lo[0] + net->hi[0]);
          s[1] = s[3] = 0.5 * (net->lo[1] + net->hi[1]);
        }
      if (seg)
        memcpy (seg + 4 * (size_t) n, s, sizeof s);
      if (neuron)
        neuron[n] = i;
      n++;
    }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Exact maxima                                                             */

/* The best candidate so far: |n / d| (d = 1 for values without a
 * denominator), with an approximation m 2^e (m in [0.5, 1), or 0). */
typedef struct {
  bool   have;
  mpz_t  n, d;
  double m;
  long   e;
  int    where, where2;
} Best;

static void
best_init (Best *b)
{
  b->have = false;
  b->m = 0.0;
  b->e = 0;
  b->where = b->where2 = -1;
  mpz_init (b->n);
  mpz_init_set_ui (b->d, 1);
}

static void
best_clear (Best *b)
{
  mpz_clear (b->n);
  mpz_clear (b->d);
}

/* |n / d| ~ m 2^e with a relative error below 2^-50 */
static void
approx_ratio (const mpz_t n, const mpz_t d, double *m, long *e)
{
  if (mpz_sgn (n) == 0)
    {
      *m = 0.0;
      *e = 0;
      return;
    }
  long en, ed;
  double mn = fabs (mpz_get_d_2exp (&en, n));
  double md = fabs (mpz_get_d_2exp (&ed, d));
  int k;
  *m = frexp (mn / md, &k);
  *e = en - ed + k;
}

/* +1 / -1 if x = m1 2^e1 is clearly above / below y = m2 2^e2, 0 if too
 * close to tell from the approximations */
static int
approx_cmp (double m1, long e1, double m2, long e2)
{
  if (m1 == 0.0 || m2 == 0.0)
    return m1 == m2 ? 0 : (m1 > m2 ? 1 : -1);
  if (e1 > e2 + 1)
    return 1;
  if (e1 < e2 - 1)
    return -1;
  double r = ldexp (m1, (int) (e1 - e2)) / m2;
  if (r > 1.0 + 0x1p-45)
    return 1;
  if (r < 1.0 - 0x1p-45)
    return -1;
  return 0;
}

/* Offer |n / d|: becomes the best if strictly greater (or the first).
 * t1, t2 are scratch. Returns true if it did. */
static bool
best_offer (Best *b, const mpz_t n, const mpz_t d, mpz_t t1, mpz_t t2)
{
  double m;
  long e;
  approx_ratio (n, d, &m, &e);
  if (b->have)
    {
      int c = approx_cmp (m, e, b->m, b->e);
      if (c == 0)
        c = shl_exact_cmp_abs_ratio (n, d, b->n, b->d, t1, t2);
      if (c <= 0)
        return false;
    }
  mpz_abs (b->n, n);
  mpz_abs (b->d, d);
  b->m = m;
  b->e = e;
  b->have = true;
  return true;
}

/* the least exponent e0 <= 0 of a set bit over x (n) */
static void
low_exp_update (long *e0, double x)
{
  long k = shl_exact_low_exp (x);
  if (k < *e0)
    *e0 = k;
}

/* Offer |n / d| like best_offer; returns 1 if it became the best (or was
 * the first), 0 if it equals the best exactly (the best is kept), -1 if it
 * is smaller. */
static int
best_offer_cmp (Best *b, const mpz_t n, const mpz_t d, mpz_t t1, mpz_t t2)
{
  double m;
  long e;
  approx_ratio (n, d, &m, &e);
  if (b->have)
    {
      int c = approx_cmp (m, e, b->m, b->e);
      if (c == 0)
        c = shl_exact_cmp_abs_ratio (n, d, b->n, b->d, t1, t2);
      if (c <= 0)
        return c;
    }
  mpz_abs (b->n, n);
  mpz_abs (b->d, d);
  b->m = m;
  b->e = e;
  b->have = true;
  return 1;
}

/* ------------------------------------------------------------------------ */
/* Kinks that coincide up to rounding (the robust fields, shl-geom.h)       */

/* the gap between |x| and the next double above it (x finite) */
static double
ulp_of (double x)
{
  uint64_t u;
  memcpy (&u, &x, sizeof u);
  int be = (int) ((u >> 52) & 0x7ff); /* |x| in [2^(be-1023), 2^(be-1022)) */
  if (be == 0)
    return 0x1p-1074;
  if (be <= 52)
    return ldexp (1.0, be - 1075);
  u = (uint64_t) (be - 52) << 52; /* 2^(be - 1075) */
  double r;
  memcpy (&r, &u, sizeof r);
  return r;
}

/* |x - y| <= SHL_ROBUST_ULPS ulp (max (|x|, |y|)), decided exactly: the
 * subtraction is exact whenever the answer can be yes (x and y within a
 * factor 2 of each other (Sterbenz), or subnormal); otherwise |x - y| >=
 * max / 2, far above the bound. */
static bool
robust_coincide (double x, double y)
{
  double M = fmax (fabs (x), fabs (y));
  if (!isfinite (M))
    return false;
  return fabs (x - y) <= SHL_ROBUST_ULPS * ulp_of (M);
}

/* ------------------------------------------------------------------------ */
/* 1-D                                                                      */

typedef struct {
  double t;          /* -b / a (rounded), the sort key */
  double a, b, c;    /* c of a neuron of f, -c of a neuron of g */
} Neu1;

typedef struct {
  double  lo, hi;
  Neu1   *all;     /* (n) every neuron with c != 0 (for the reference) */
  int     n;
  Neu1   *fx;      /* (nfix) neurons active on the whole box (affine) */
  int     nfix;
  Neu1   *kn;      /* (nk) neurons with a kink inside, by kink position */
  int     nk;
  int    *gs;      /* (ng + 1) group g (one kink) is kn[gs[g] .. gs[g+1]-1] */
  int     ng;
  double  vf, vg, ef, eg;
  long    e0;
  bool    safe;
  /* the robust pass: interval gi (from group gi - 1, or lo, to group gi,
   * or hi) is ignored when ign[gi]; ign is NULL when none is (nign = 0) */
  unsigned char *ign;  /* (ng + 1) */
  int     nign;
  /* for the reference: the first and last member of every cluster with
   * two members or more, clx[2 k], clx[2 k + 1] */
  Neu1   *clx;         /* (2 ncl) */
  int     ncl;
} Ctx1;

static void
ctx1_clear (Ctx1 *cx)
{
  free (cx->all);
  free (cx->fx);
  free (cx->kn);
  free (cx->gs);
  free (cx->ign);
  free (cx->clx);
}

static int
neu1_kink_cmp (const void *pa, const void *pb)
{
  const Neu1 *x = pa, *y = pb;
  return kink_cmp_exact (x->a, x->b, y->a, y->b);
}

DEFINE_RADIX_SORT (sort_neu1, Neu1, t)

/* Sort k (n) by exact kink position (tmp: n records of scratch): by the
 * rounded positions (monotone in the exact ones), then exactly among equal
 * ones; gs (n + 1) receives the starts of the groups of exactly equal
 * kinks, gs[ng] = n. Returns ng. */
static int
sort_group_1d (Neu1 *k, Neu1 *tmp, int n, int *gs)
{
  sort_neu1 (k, tmp, (size_t) n);
  int ng = 0;
  for (int r = 0; r < n;)
    {
      int q = r + 1;
      while (q < n && k[q].t == k[r].t)
        q++;
      if (q - r > 1)
        qsort (k + r, (size_t) (q - r), sizeof *k, neu1_kink_cmp);
      gs[ng++] = r;
      for (int p = r + 1; p < q; p++)
        if (neu1_kink_cmp (&k[p], &k[p - 1]) != 0)
          gs[ng++] = p;
      r = q;
    }
  gs[ng] = n;
  return ng;
}

/* Whether the neurons k (n) on one kink cancel: the jump of slope and
 * offset at the kink is exactly 0 (their neurons with a < 0, active left
 * of the kink, give the same affine function as those with a > 0). S, B,
 * C, X are scratch. */
static bool
group_cancels_1d (const Neu1 *k, int n, long e0, mpz_t S, mpz_t B, mpz_t C,
                  mpz_t X)
{
  if (n == 2 && k[0].a == k[1].a && k[0].b == k[1].b)
    /* the same neuron twice (f against a copy): cancels iff the outer
     * weights are opposite */
    return k[0].c == -k[1].c;
  if (n < 2)
    return false;
  mpz_set_ui (S, 0);
  mpz_set_ui (B, 0);
  for (int q = 0; q < n; q++)
    {
      const Neu1 *nu = &k[q];
      shl_exact_set_d (C, nu->a > 0.0 ? nu->c : -nu->c, e0);
      shl_exact_set_d (X, nu->a, e0);
      mpz_addmul (S, C, X);
      shl_exact_set_d (X, nu->b, e0);
      mpz_addmul (B, C, X);
    }
  return mpz_sgn (S) == 0 && mpz_sgn (B) == 0;
}

/* The greedy clustering of sorted kinks */
typedef struct {
  int         id, size;   /* the current cluster and its size */
  double      lead;       /* its leader's position */
  const Neu1 *first, *last;
  bool        extents;    /* record the extents in clx (the reference) */
  int         cap;        /* room in clx (clusters) */
  bool        oom;        /* realloc failed */
} Greedy1;

/* records the current cluster's extent if it has two members or more */
static void
greedy1_close (Greedy1 *g, Ctx1 *cx)
{
  if (g->size > 1 && g->extents && !g->oom)
    {
      if (cx->ncl == g->cap)
        {
          g->cap = g->cap ? 2 * g->cap : 16;
          Neu1 *p = realloc (cx->clx, (size_t) g->cap * 2 * sizeof *p);
          if (!p)
            {
              g->oom = true;
              return;
            }
          cx->clx = p;
        }
      cx->clx[2 * cx->ncl] = *g->first;
      cx->clx[2 * cx->ncl + 1] = *g->last;
      cx->ncl++;
    }
  g->size = 0;
}

/* the next member (in order); returns its cluster */
static int
greedy1_add (Greedy1 *g, Ctx1 *cx, const Neu1 *nu)
{
  if (g->id < 0 || !robust_coincide (g->lead, nu->t))
    {
      greedy1_close (g, cx);
      g->id++;
      g->lead = nu->t;
      g->first = nu;
    }
  g->size++;
  g->last = nu;
  return g->id;
}

/* The clusters of the robust pass (shl-geom.h). The members are the kinks
 * of f - g in order: those outside the box left of it, the groups inside
 * (kn, gs: already without the groups that cancel), those right of it;
 * out (nout) are the neurons with a kink outside the box (sorted here).
 * Fills cx->ign, and cx->clx if extents (for the reference). Returns false
 * if memory runs out. */
static bool
ctx1_robust (Ctx1 *cx, Neu1 *out, int nout, bool extents)
{
  bool ok = false;
  int ng = cx->ng;
  Neu1 *tmp = malloc ((size_t) (nout + 1) * sizeof *tmp);
  int *ogs = malloc ((size_t) (nout + 2) * sizeof *ogs);
  unsigned char *mem = malloc ((size_t) nout + 1);
  cx->ign = calloc ((size_t) ng + 1, 1);
  if (!tmp || !ogs || !mem || !cx->ign)
    goto done;
  int nog = sort_group_1d (out, tmp, nout, ogs);
  mpz_t S, B, C, X;
  mpz_inits (S, B, C, X, NULL);
  for (int q = 0; q < nog; q++)
    mem[q] = !group_cancels_1d (out + ogs[q], ogs[q + 1] - ogs[q], cx->e0, S,
                                B, C, X);
  mpz_clears (S, B, C, X, NULL);

  /* greedy from the left: a member joins the current cluster if it
   * coincides with its leader, else leads a new one. Interval gi lies
   * strictly between two members of one cluster iff the members on both
   * sides of it (inside the box or not) are in the same cluster. */
  Greedy1 gr = { .id = -1, .extents = extents };
  int prev = -1, q = 0; /* the cluster of the last member so far */
  cx->ncl = 0;
  cx->nign = 0;
  for (; q < nog; q++)
    {
      const Neu1 *nu = &out[ogs[q]];
      if (kink_cmp_point (nu->a, nu->b, cx->lo) > 0)
        break; /* right of the box */
      if (mem[q])
        prev = greedy1_add (&gr, cx, nu);
    }
  for (int gi = 0; gi < ng; gi++)
    {
      int id = greedy1_add (&gr, cx, &cx->kn[cx->gs[gi]]);
      cx->ign[gi] = prev >= 0 && prev == id;
      cx->nign += cx->ign[gi];
      prev = id;
    }
  bool first_right = true;
  for (; q < nog; q++)
    if (mem[q])
      {
        int id = greedy1_add (&gr, cx, &out[ogs[q]]);
        if (first_right)
          {
            cx->ign[ng] = prev >= 0 && prev == id;
            cx->nign += cx->ign[ng];
            first_right = false;
          }
      }
  greedy1_close (&gr, cx);
  if (gr.oom)
    goto done;
  if (cx->nign == 0)
    {
      free (cx->ign);
      cx->ign = NULL;
    }
  ok = true;
done:
  free (tmp);
  free (ogs);
  free (mem);
  return ok;
}

/* with_all: keep every neuron in all (for the reference); robust: the
 * clusters of the robust pass */
static bool
ctx1_build (Ctx1 *cx, const ShlNet *f, const ShlNet *g, double lo, double hi,
            bool with_all, bool robust)
{
  memset (cx, 0, sizeof *cx);
  cx->lo = lo;
  cx->hi = hi;
  int m = f->m + (g ? g->m : 0);
  cx->all = with_all ? malloc ((size_t) (m + 1) * sizeof *cx->all) : NULL;
  cx->fx = malloc ((size_t) (m + 1) * sizeof *cx->fx);
  cx->kn = malloc ((size_t) (m + 1) * 2 * sizeof *cx->kn);
  cx->gs = malloc ((size_t) (m + 2) * sizeof (int));
  /* the kinks outside the box (for the robust pass; usually few) */
  Neu1 *out = NULL;
  int nout = 0, capout = 0;
  if ((with_all && !cx->all) || !cx->fx || !cx->kn || !cx->gs)
    return false;
  cx->vf = f->v[0];
  cx->ef = *f->e;
  cx->vg = g ? g->v[0] : 0.0;
  cx->eg = g ? *g->e : 0.0;
  long e0 = 0;
  double scal[6] = { lo, hi, cx->vf, cx->vg, cx->ef, cx->eg };
  cx->safe = true;
  for (int k = 0; k < 6; k++)
    {
      low_exp_update (&e0, scal[k]);
      cx->safe = cx->safe && shl_exact_safe (scal[k]);
    }
  for (int s = 0; s < 2; s++)
    {
      const ShlNet *net = s == 0 ? f : g;
      for (int i = 0; net && i < net->m; i++)
        {
          if (net->c[i] == 0.0)
            continue;
          Neu1 nu = { 0.0, net->a[i], net->b[i],
                      s == 0 ? net->c[i] : -net->c[i] };
          low_exp_update (&e0, nu.a);
          low_exp_update (&e0, nu.b);
          low_exp_update (&e0, nu.c);
          cx->safe = cx->safe && shl_exact_safe (nu.a) && shl_exact_safe (nu.b)
                     && shl_exact_safe (nu.c);
          if (nu.a == 0.0)
            {
              if (cx->all)
                cx->all[cx->n++] = nu;
              if (nu.b > 0.0)
                cx->fx[cx->nfix++] = nu;
              continue;
            }
          nu.t = -nu.b / nu.a;
          if (cx->all)
            cx->all[cx->n++] = nu;
          int clo = kink_cmp_point (nu.a, nu.b, lo);
          int chi = kink_cmp_point (nu.a, nu.b, hi);
          if (clo > 0 && chi < 0)
            {
              cx->kn[cx->nk++] = nu;
              continue;
            }
          if (clo <= 0 ? nu.a > 0.0 : nu.a < 0.0)
            cx->fx[cx->nfix++] = nu; /* kink <= lo, or >= hi */
          if (!robust)
            continue;
          if (nout == capout)
            {
              capout = capout ? 2 * capout : 64;
              Neu1 *p = realloc (out, (size_t) capout * sizeof *p);
              if (!p)
                {
                  free (out);
                  return false;
                }
              out = p;
            }
          out[nout++] = nu;
        }
    }
  cx->e0 = e0;

  /* sort the kinks: rounded positions (monotone in the exact ones), then
   * exactly among equal ones; group the exactly equal ones */
  int nk = cx->nk;
  cx->ng = sort_group_1d (cx->kn, cx->kn + nk, nk, cx->gs);

  /* A group whose neurons cancel is no breakpoint: its neurons with a < 0
   * (active left of the kink) give the same affine function as those with
   * a > 0 (right): fold the former into the fixed part, drop the latter. */
  mpz_t S, B, C, X;
  mpz_inits (S, B, C, X, NULL);
  int w = 0, ng = 0;
  for (int gi = 0; gi < cx->ng; gi++)
    {
      int g0 = cx->gs[gi], g1 = cx->gs[gi + 1];
      if (group_cancels_1d (cx->kn + g0, g1 - g0, e0, S, B, C, X))
        {
          for (int k = g0; k < g1; k++)
            if (cx->kn[k].a < 0.0)
              cx->fx[cx->nfix++] = cx->kn[k];
          continue;
        }
      cx->gs[ng++] = w;
      for (int k = g0; k < g1; k++)
        cx->kn[w++] = cx->kn[k];
    }
  mpz_clears (S, B, C, X, NULL);
  cx->nk = w;
  cx->ng = ng;
  cx->gs[ng] = w;
  bool ok = !robust || ctx1_robust (cx, out, nout, with_all);
  free (out);
  return ok;
}

/* x += y (a rounded product) with the error bound ex */
static inline void
acc_add (double *x, double *ex, double y)
{
  double z = *x + y;
  *ex += U_ROUND * (fabs (y) + fabs (z)) + ETA;
  *x = z;
}

/* x rounded up to a float */
static inline float
float_up (double x)
{
  float f = (float) x;
  return (double) f < x ? nextafterf (f, INFINITY) : f;
}

/* Filter: upper bounds pu (ng + 2) of |f - g| at lo, the kinks and hi, and
 * su (ng + 1) of |slope| on the intervals (rounded up to floats); *Lv and
 * *Lg receive the largest lower bounds, *Lgr that over the intervals the
 * robust pass keeps. */
static void
filter_1d (const Ctx1 *cx, float *pu, float *su, double *Lv, double *Lg,
           double *Lgr)
{
  double lv = -INFINITY, lg = -INFINITY, lgr = -INFINITY;
#define POINT(k, v, e)                                                       \
  do                                                                         \
    {                                                                        \
      double e_ = (e) * SAFETY;                                              \
      lv = fmax (lv, fabs (v) - e_);                                         \
      pu[k] = float_up (fabs (v) + e_);                                      \
    }                                                                        \
  while (0)
#define SLOPE(k, v, e)                                                       \
  do                                                                         \
    {                                                                        \
      double e_ = (e) * SAFETY;                                              \
      lg = fmax (lg, fabs (v) - e_);                                         \
      if (!cx->ign || !cx->ign[k])                                           \
        lgr = fmax (lgr, fabs (v) - e_);                                     \
      su[k] = float_up (fabs (v) + e_);                                      \
    }                                                                        \
  while (0)
  double S = cx->vf - cx->vg, eS = U_ROUND * fabs (S);
  double B = cx->ef - cx->eg, eB = U_ROUND * fabs (B);
  for (int k = 0; k < cx->nfix; k++)
    {
      const Neu1 *nu = &cx->fx[k];
      acc_add (&S, &eS, nu->c * nu->a);
      acc_add (&B, &eB, nu->c * nu->b);
    }
  for (int k = 0; k < cx->nk; k++)
    {
      const Neu1 *nu = &cx->kn[k];
      if (nu->a < 0.0)
        {
          acc_add (&S, &eS, nu->c * nu->a);
          acc_add (&B, &eB, nu->c * nu->b);
        }
    }
  double v = fma (S, cx->lo, B);
  POINT (0, v, eS * fabs (cx->lo) + eB + U_ROUND * fabs (v) + ETA);
  for (int gi = 0; gi < cx->ng; gi++)
    {
      SLOPE (gi, S, eS);
      double t = cx->kn[cx->gs[gi]].t, et = U_ROUND * fabs (t) + ETA;
      v = fma (S, t, B);
      POINT (gi + 1, v, eS * fabs (t) + (fabs (S) + eS) * et + eB
                          + U_ROUND * fabs (v) + ETA);
      for (int k = cx->gs[gi]; k < cx->gs[gi + 1]; k++)
        {
          const Neu1 *nu = &cx->kn[k];
          double w = nu->a > 0.0 ? 1.0 : -1.0;
          acc_add (&S, &eS, w * (nu->c * nu->a));
          acc_add (&B, &eB, w * (nu->c * nu->b));
        }
    }
  SLOPE (cx->ng, S, eS);
  v = fma (S, cx->hi, B);
  POINT (cx->ng + 1, v, eS * fabs (cx->hi) + eB + U_ROUND * fabs (v) + ETA);
#undef POINT
#undef SLOPE
  /* the bounds themselves may be NaN or infinite only with non-finite
   * intermediates, which the safe range excludes; be defensive */
  *Lv = isnan (lv) ? -INFINITY : lv;
  *Lg = isnan (lg) ? -INFINITY : lg;
  *Lgr = isnan (lgr) ? -INFINITY : lgr;
}

/* Exact scratch for a sweep */
typedef struct {
  mpz_t S, B, C, A, Bq, num, den, one, t1, t2;
} Ex1;

static void
ex1_init (Ex1 *x, long e0)
{
  mpz_inits (x->S, x->B, x->C, x->A, x->Bq, x->num, x->den, x->t1, x->t2,
             NULL);
  mpz_init_set_ui (x->one, 1);
  mpz_mul_2exp (x->one, x->one, (mp_bitcnt_t) -e0);
}

static void
ex1_clear (Ex1 *x)
{
  mpz_clears (x->S, x->B, x->C, x->A, x->Bq, x->num, x->den, x->one, x->t1,
              x->t2, NULL);
}

/* S += w c a, B += w c b, exactly (w = +-1) */
static void
ex1_add (Ex1 *x, const Neu1 *nu, double w, long e0)
{
  shl_exact_set_d (x->C, w * nu->c, e0);
  shl_exact_set_d (x->A, nu->a, e0);
  shl_exact_set_d (x->Bq, nu->b, e0);
  mpz_addmul (x->S, x->C, x->A);
  mpz_addmul (x->B, x->C, x->Bq);
}

/* S, B = the exact affine part (v_f - v_g, e_f - e_g) at degree 2 */
static void
ex1_affine (Ex1 *x, const Ctx1 *cx)
{
  long e0 = cx->e0;
  shl_exact_set_d (x->S, cx->vf, e0);
  shl_exact_set_d (x->t1, cx->vg, e0);
  mpz_sub (x->S, x->S, x->t1);
  mpz_mul_2exp (x->S, x->S, (mp_bitcnt_t) -e0);
  shl_exact_set_d (x->B, cx->ef, e0);
  shl_exact_set_d (x->t1, cx->eg, e0);
  mpz_sub (x->B, x->B, x->t1);
  mpz_mul_2exp (x->B, x->B, (mp_bitcnt_t) -e0);
}

/* num / den = S x + B at the double x (den = 1 at degree 1) */
static void
ex1_value_at (Ex1 *x, double px, long e0)
{
  shl_exact_set_d (x->t1, px, e0);
  mpz_mul (x->num, x->S, x->t1);
  mpz_addmul (x->num, x->B, x->one);
  mpz_set (x->den, x->one);
}

/* num / den = S t + B at the kink t = -b / a of nu */
static void
ex1_value_at_kink (Ex1 *x, const Neu1 *nu, long e0)
{
  shl_exact_set_d (x->A, nu->a, e0);
  shl_exact_set_d (x->Bq, nu->b, e0);
  mpz_mul (x->num, x->B, x->A);
  mpz_submul (x->num, x->S, x->Bq);
  mpz_set (x->den, x->A);
}

/* the point p (-1: lo, -2: hi, k >= 0: the kink of kn[k]) as P / Q */
static void
point_frac_1d (const Ctx1 *cx, int p, mpz_t P, mpz_t Q)
{
  if (p < 0)
    {
      shl_exact_set_d (P, p == -1 ? cx->lo : cx->hi, cx->e0);
      shl_exact_set_d (Q, 1.0, cx->e0);
    }
  else
    {
      shl_exact_set_d (P, -cx->kn[p].b, cx->e0);
      shl_exact_set_d (Q, cx->kn[p].a, cx->e0);
    }
}

/* the distance between the points p and q (as in point_frac_1d), exact,
 * rounded once */
static double
length_1d (const Ctx1 *cx, int p, int q)
{
  mpz_t P1, Q1, P2, Q2;
  mpz_inits (P1, Q1, P2, Q2, NULL);
  point_frac_1d (cx, p, P1, Q1);
  point_frac_1d (cx, q, P2, Q2);
  /* P2 / Q2 - P1 / Q1 = (P2 Q1 - P1 Q2) / (Q1 Q2) */
  mpz_mul (P2, P2, Q1);
  mpz_submul (P2, P1, Q2);
  mpz_mul (Q1, Q1, Q2);
  double w = fabs (shl_exact_round_div (P2, Q1, 0));
  mpz_clears (P1, Q1, P2, Q2, NULL);
  return w;
}

/* Offer the slope S (at degree 2; one: the denominator) of the interval
 * from point pl to point pr to bs: among exactly equal non-zero maxima the
 * widest interval is kept (where, where2: its ends; *bw: its length, or
 * NAN until needed). */
static void
slope_offer_1d (Best *bs, double *bw, const Ctx1 *cx, const mpz_t S,
                const mpz_t one, int pl, int pr, mpz_t t1, mpz_t t2)
{
  int c = best_offer_cmp (bs, S, one, t1, t2);
  if (c > 0)
    {
      bs->where = pl;
      bs->where2 = pr;
      *bw = NAN;
    }
  else if (c == 0 && mpz_sgn (S) != 0)
    {
      double w = length_1d (cx, pl, pr);
      if (isnan (*bw))
        *bw = length_1d (cx, bs->where, bs->where2);
      if (w > *bw)
        {
          bs->where = pl;
          bs->where2 = pr;
          *bw = w;
        }
    }
}

/* bv: where 0 = lo, -1 = hi, 1 = the kink of where2 (an index into kn);
 * bs: the ends of its interval (slope_offer_1d), bw its length or NAN;
 * bsr: the robust maximum (when the robust pass ignored an interval) */
static void
finish_1d (ShlDistances *out, const Ctx1 *cx, const Best *bv, const Best *bs,
           double bw, const Best *bsr)
{
  long e0 = cx->e0;
  out->sup = fabs (shl_exact_round_div (bv->n, bv->d, 2 * e0));
  if (bv->where == 0)
    out->argsup[0] = cx->lo;
  else if (bv->where < 0)
    out->argsup[0] = cx->hi;
  else
    out->argsup[0] = cx->kn[bv->where2].t;
  out->w1inf_2 = out->w1inf_max = fabs (shl_exact_round (bs->n, 2 * e0));
  if (bs->have && mpz_sgn (bs->n) != 0)
    out->w1inf_width = isnan (bw) ? length_1d (cx, bs->where, bs->where2) : bw;
  else
    out->w1inf_width = cx->hi - cx->lo; /* no slope anywhere */
  /* nothing ignored, or (a domain within rounding of a point) everything:
   * the exact values */
  if (bsr && bsr->have)
    out->w1inf_2_robust = out->w1inf_max_robust
      = fabs (shl_exact_round (bsr->n, 2 * e0));
  else
    {
      out->w1inf_2_robust = out->w1inf_2;
      out->w1inf_max_robust = out->w1inf_max;
    }
}

static bool
distance_1d (ShlDistances *out, const ShlNet *f, const ShlNet *g, double lo,
             double hi, bool robust)
{
  Ctx1 cx;
  bool ok = ctx1_build (&cx, f, g, lo, hi, false, robust);
  int ng = cx.ng;
  float *buf = ok ? malloc ((size_t) (2 * ng + 4) * sizeof *buf) : NULL;
  if (!buf)
    {
      ctx1_clear (&cx);
      return false;
    }
  float *pu = buf, *su = pu + ng + 2;
  /* the robust maximum differs only if an interval is ignored, and falls
   * back to the exact one if every interval is */
  bool rob = cx.ign && cx.nign <= ng;

  /* the filter and the lower bounds of the two maxima */
  double Lv = -INFINITY, Lg = -INFINITY, Lgr = -INFINITY;
  if (cx.safe)
    filter_1d (&cx, pu, su, &Lv, &Lg, &Lgr);
  /* candidates: upper bound >= the lower bound of the maximum; without a
   * filter, everything */
#define CAND_P(k) (!cx.safe || !((double) pu[k] < Lv))
#define CAND_S(k) (!cx.safe || !((double) su[k] < Lg))
#define CAND_SR(k) (rob && !cx.ign[k] && (!cx.safe || !((double) su[k] < Lgr)))
  int last = 0;
  for (int k = 0; k < ng + 2; k++)
    if (CAND_P (k))
      last = k;
  for (int k = 0; k < ng + 1; k++)
    if (CAND_S (k) || CAND_SR (k))
      last = k > last ? k : last;

  /* the exact sweep, up to the last candidate */
  long e0 = cx.e0;
  Ex1 x;
  ex1_init (&x, e0);
  Best bv, bs, bsr;
  double bw = NAN;
  best_init (&bv);
  best_init (&bs);
  best_init (&bsr);
  ex1_affine (&x, &cx);
  for (int k = 0; k < cx.nfix; k++)
    ex1_add (&x, &cx.fx[k], 1.0, e0);
  for (int k = 0; k < cx.nk; k++)
    if (cx.kn[k].a < 0.0)
      ex1_add (&x, &cx.kn[k], 1.0, e0);
  if (CAND_P (0))
    {
      ex1_value_at (&x, lo, e0);
      if (best_offer (&bv, x.num, x.den, x.t1, x.t2))
        bv.where = 0;
    }
  for (int gi = 0; gi < ng && gi <= last; gi++)
    {
      int n0 = cx.gs[gi];
      if (CAND_S (gi))
        slope_offer_1d (&bs, &bw, &cx, x.S, x.one, gi == 0 ? -1 : cx.gs[gi - 1],
                        n0, x.t1, x.t2);
      if (CAND_SR (gi))
        best_offer (&bsr, x.S, x.one, x.t1, x.t2);
      if (CAND_P (gi + 1))
        {
          ex1_value_at_kink (&x, &cx.kn[n0], e0);
          if (best_offer (&bv, x.num, x.den, x.t1, x.t2))
            {
              bv.where = 1;
              bv.where2 = n0;
            }
        }
      for (int k = cx.gs[gi]; k < cx.gs[gi + 1]; k++)
        {
          const Neu1 *nu = &cx.kn[k];
          ex1_add (&x, nu, nu->a > 0.0 ? 1.0 : -1.0, e0);
        }
    }
  if (last >= ng)
    {
      if (CAND_S (ng))
        slope_offer_1d (&bs, &bw, &cx, x.S, x.one,
                        ng == 0 ? -1 : cx.gs[ng - 1], -2, x.t1, x.t2);
      if (CAND_SR (ng))
        best_offer (&bsr, x.S, x.one, x.t1, x.t2);
      if (CAND_P (ng + 1))
        {
          ex1_value_at (&x, hi, e0);
          if (best_offer (&bv, x.num, x.den, x.t1, x.t2))
            bv.where = -1;
        }
    }
#undef CAND_P
#undef CAND_S
#undef CAND_SR
  finish_1d (out, &cx, &bv, &bs, bw, rob ? &bsr : NULL);
  best_clear (&bv);
  best_clear (&bs);
  best_clear (&bsr);
  ex1_clear (&x);
  free (buf);
  ctx1_clear (&cx);
  return true;
}

/* 1-D reference: every point and every interval evaluated directly, over
 * every neuron. Points: -1 = lo, -2 = hi, k >= 0 the kink of kn[k]. */

static int
pt1_cmp (const void *pa, const void *pb, void *user)
{
  const Ctx1 *cx = user;
  int i = *(const int *) pa, j = *(const int *) pb;
  if (i < 0 && j < 0)
    return (i == -2) - (j == -2);
  if (i < 0)
    {
      const Neu1 *y = &cx->kn[j];
      return -kink_cmp_point (y->a, y->b, i == -1 ? cx->lo : cx->hi);
    }
  if (j < 0)
    {
      const Neu1 *y = &cx->kn[i];
      return kink_cmp_point (y->a, y->b, j == -1 ? cx->lo : cx->hi);
    }
  return kink_cmp_exact (cx->kn[i].a, cx->kn[i].b, cx->kn[j].a, cx->kn[j].b);
}

/* exact sign of a x + b of nu at the point p */
static int
pt1_side (const Ctx1 *cx, const Neu1 *nu, int p)
{
  if (p < 0)
    return shl_exact_sign_det2 (nu->a, -nu->b, 1.0, p == -1 ? cx->lo : cx->hi);
  const Neu1 *k = &cx->kn[p];
  /* a t + b at t = -b_k / a_k: (b a_k - a b_k) / a_k */
  return shl_exact_sign_det2 (nu->b, nu->a, k->b, k->a) * sgn (k->a);
}

/* exact value num / den at the point p */
static void
pt1_exact_value (Ex1 *x, const Ctx1 *cx, int p)
{
  long e0 = cx->e0;
  ex1_affine (x, cx);
  for (int i = 0; i < cx->n; i++)
    if (pt1_side (cx, &cx->all[i], p) > 0)
      ex1_add (x, &cx->all[i], 1.0, e0);
  if (p < 0)
    ex1_value_at (x, p == -1 ? cx->lo : cx->hi, e0);
  else
    ex1_value_at_kink (x, &cx->kn[p], e0);
}

/* exact slope on the interval that starts at p */
static void
pt1_exact_slope (Ex1 *x, const Ctx1 *cx, int p)
{
  long e0 = cx->e0;
  ex1_affine (x, cx);
  for (int i = 0; i < cx->n; i++)
    {
      const Neu1 *nu = &cx->all[i];
      int s = pt1_side (cx, nu, p);
      if (s > 0 || (s == 0 && nu->a > 0.0))
        ex1_add (x, nu, 1.0, e0);
    }
}

/* sign (kink of nu - point p), exact */
static int
neu_pt_cmp (const Ctx1 *cx, const Neu1 *nu, int p)
{
  if (p < 0)
    return kink_cmp_point (nu->a, nu->b, p == -1 ? cx->lo : cx->hi);
  return kink_cmp_exact (nu->a, nu->b, cx->kn[p].a, cx->kn[p].b);
}

/* The reference's robust test: the interval from point p to point q lies
 * between two members of one cluster (a member at or left of p and one at
 * or right of q), tested against every cluster's extent. */
static bool
ignored_1d (const Ctx1 *cx, int p, int q)
{
  for (int k = 0; k < cx->ncl; k++)
    if (neu_pt_cmp (cx, &cx->clx[2 * k], p) <= 0
        && neu_pt_cmp (cx, &cx->clx[2 * k + 1], q) >= 0)
      return true;
  return false;
}

static bool
distance_1d_naive (ShlDistances *out, const ShlNet *f, const ShlNet *g,
                   double lo, double hi, bool robust)
{
  Ctx1 cx;
  bool ok = ctx1_build (&cx, f, g, lo, hi, true, robust);
  int np = cx.nk + 2;
  int *pts = ok ? malloc ((size_t) np * sizeof *pts) : NULL;
  double *buf = ok ? malloc ((size_t) 4 * (size_t) np * sizeof *buf) : NULL;
  unsigned char *ig = ok ? calloc ((size_t) np, 1) : NULL;
  if (!pts || !buf || !ig)
    {
      free (pts);
      free (buf);
      free (ig);
      ctx1_clear (&cx);
      return false;
    }
  /* points, sorted by comparisons only, then made distinct */
  pts[0] = -1;
  pts[1] = -2;
  for (int k = 0; k < cx.nk; k++)
    pts[k + 2] = k;
  qsort_r (pts, (size_t) np, sizeof *pts, pt1_cmp, &cx);
  int nu = 0;
  for (int k = 0; k < np; k++)
    if (nu == 0 || pt1_cmp (&pts[k], &pts[nu - 1], &cx) != 0)
      pts[nu++] = pts[k];

  /* the intervals the robust pass ignores */
  int nig = 0;
  for (int k = 0; k + 1 < nu; k++)
    {
      ig[k] = ignored_1d (&cx, pts[k], pts[k + 1]);
      nig += ig[k];
    }
  bool rob = nig > 0 && nig < nu - 1;

  /* filtered values and slopes, each summed over every neuron */
  double *pv = buf, *pe = pv + np, *sv = pe + np, *se = sv + np;
  double Lv = -INFINITY, Lg = -INFINITY, Lgr = -INFINITY;
  for (int k = 0; k < nu; k++)
    {
      int p = pts[k];
      double x = p == -1 ? lo : p == -2 ? hi : cx.kn[p].t;
      double ex = p < 0 ? 0.0 : U_ROUND * fabs (x) + ETA;
      double dv = cx.vf - cx.vg, de = cx.ef - cx.eg;
      double v = fma (dv, x, de);
      double e = U_ROUND * fabs (dv) * fabs (x) + fabs (dv) * (1.0 + U_ROUND) * ex
                 + U_ROUND * (fabs (de) + fabs (v)) + ETA;
      double s = dv, es = U_ROUND * fabs (dv);
      for (int i = 0; i < cx.n; i++)
        {
          const Neu1 *n1 = &cx.all[i];
          int sd = pt1_side (&cx, n1, p);
          if (sd > 0)
            {
              double z = fma (n1->a, x, n1->b);
              double ez = fabs (n1->a) * ex + U_ROUND * fabs (z) + ETA;
              acc_add (&v, &e, n1->c * z);
              e += fabs (n1->c) * ez;
            }
          if (sd > 0 || (sd == 0 && n1->a > 0.0))
            acc_add (&s, &es, n1->c * n1->a);
        }
      pv[k] = v;
      pe[k] = e * SAFETY;
      sv[k] = s;
      se[k] = es * SAFETY;
      Lv = fmax (Lv, fabs (v) - pe[k]);
      if (k + 1 < nu)
        Lg = fmax (Lg, fabs (s) - se[k]);
      if (k + 1 < nu && !ig[k])
        Lgr = fmax (Lgr, fabs (s) - se[k]);
    }
  if (!cx.safe)
    Lv = Lg = Lgr = -INFINITY;

  Ex1 x;
  ex1_init (&x, cx.e0);
  Best bv, bs, bsr;
  double bw = NAN;
  best_init (&bv);
  best_init (&bs);
  best_init (&bsr);
  for (int k = 0; k < nu; k++)
    {
      int p = pts[k];
      if (!cx.safe || fabs (pv[k]) + pe[k] >= Lv)
        {
          pt1_exact_value (&x, &cx, p);
          if (best_offer (&bv, x.num, x.den, x.t1, x.t2))
            {
              bv.where = p == -1 ? 0 : p == -2 ? -1 : 1;
              bv.where2 = p;
            }
        }
      if (k + 1 >= nu)
        continue;
      bool cs = !cx.safe || fabs (sv[k]) + se[k] >= Lg;
      bool csr = rob && !ig[k] && (!cx.safe || fabs (sv[k]) + se[k] >= Lgr);
      if (cs || csr)
        pt1_exact_slope (&x, &cx, p);
      if (cs)
        slope_offer_1d (&bs, &bw, &cx, x.S, x.one, p, pts[k + 1], x.t1, x.t2);
      if (csr)
        best_offer (&bsr, x.S, x.one, x.t1, x.t2);
    }
  finish_1d (out, &cx, &bv, &bs, bw, rob ? &bsr : NULL);
  best_clear (&bv);
  best_clear (&bs);
  best_clear (&bsr);
  ex1_clear (&x);
  free (pts);
  free (buf);
  free (ig);
  ctx1_clear (&cx);
  return true;
}

/* ------------------------------------------------------------------------ */
/* 2-D                                                                      */


/* double-double numbers (hi + lo) for the second filter of pass 2 */
typedef struct {
  double h, l;
} DD;

static inline DD
dd_norm (double s, double e)
{
  DD r;
  r.h = s + e;
  r.l = e - (r.h - s);
  return r;
}

static inline DD
dd_add (DD a, DD b)
{
  double s = a.h + b.h, bv = s - a.h, av = s - bv;
  double e = (a.h - av) + (b.h - bv);
  return dd_norm (s, e + (a.l + b.l));
}

static inline DD
dd_mul (DD a, DD b)
{
  double p = a.h * b.h, e = fma (a.h, b.h, -p);
  return dd_norm (p, e + (a.h * b.l + a.l * b.h));
}

static inline DD
dd_div (DD a, DD b)
{
  double q1 = a.h / b.h;
  DD r = dd_add (a, dd_mul ((DD) { -q1, 0.0 }, b));
  double q2 = r.h / b.h;
  r = dd_add (r, dd_mul ((DD) { -q2, 0.0 }, b));
  return dd_add (dd_norm (q1, q2), (DD) { r.h / b.h, 0.0 });
}

/* the relative error of one dd operation is below a few u^2; this is a
 * generous bound per operation */
#define DD_EPS 0x1p-98

/* ad - bc as a double-double, with |error| <= 2^-103 (|ad| + |bc|) */
static inline DD
dd_det2 (double a, double b, double c, double d)
{
  double p = a * d, pe = fma (a, d, -p);
  double q = b * c, qe = fma (b, c, -q);
  double s = p - q, bv = s - p, av = s - bv;
  double e = (p - av) + (-q - bv);
  return dd_norm (s, e + (pe - qe));
}

typedef struct {
  double a[2], b, c, s; /* the neuron; s = +1: of f, -1: of g */
  double j[3];          /* s c (a0, a1, b), rounded */
  double r[3];          /* (a0, a1, b) in the canonical orientation */
  int    o;             /* r = o (a0, a1, b) */
} Neu2;

/* A kink line: a group of neurons on the same line */
typedef struct {
  double r[3];              /* the line r0 x + r1 y + r2 = 0 */
  double jm[3], jp[3], dj[3]; /* sum of s c (a, b) over the group's
                               * neurons active on the - / + side; jp - jm */
  double ejm, ejp, edj;     /* error bounds (every component) */
  int    first, count;      /* neurons cross[first .. first + count - 1] */
} Line2;

/* The crossing of the walked line l with line (or box edge) j */
typedef struct {
  double key, err;  /* position along l (monotone), error bound */
  double D, Nx, Ny; /* the crossing is (Nx / D, Ny / D) */
  int    sd;        /* exact sign of D: of <a_j, direction of l> */
  int    j;         /* line, or nl + e for box edge e */
  int    eq_next;   /* the next crossing in order is the same point */
} Ev;

typedef struct {
  double  lo[2], hi[2];
  double  E[4][3];      /* box edges x >= lo0, x <= hi0, y >= lo1, y <= hi1 */
  Neu2   *nr;           /* (n) neurons with c != 0 */
  int     n;
  int    *fixn;         /* (nfixn) neurons affine on the box */
  int     nfixn;
  int    *cross;        /* (ncross) neurons whose line crosses the open box,
                         * grouped by line */
  int     ncross;
  Line2  *ln;           /* (nl) lines kept */
  int     nl;
  int    *fold;         /* (nfold) lines folded into the affine part */
  Line2  *folded;
  int     nfold;
  double  vf[2], vg[2], ef, eg;
  double  fix[3], efix; /* the affine part (gradient, offset), rounded */
  double  tot[3], etot; /* fix + sum of every line's jm */
  long    e0;
  bool    safe;
  /* filter results */
  double  Lv, L2, Lm;
  double *Uv, *U2, *Um; /* (nl) upper bounds on each line */
  double  cv[4], ce[4]; /* corners */
  /* scratch */
  Ev     *ev, *evs;     /* (nl + 4) */
  Keyed  *kv;           /* (2 (nl + 4)) */
  signed char *sig;     /* (nl) sides */
  /* exact data */
  bool    have_exact;
  mpz_t  *rx;           /* ((nl + 4) * 3) line coefficients */
  mpz_t  *jx;           /* (nl * 9) jm, jp, dj */
  mpz_t   fixx[3], totx[3], one, base[3];
  mpz_t   t1, t2, t3, num, den, nx, ny, dd, gx, gy;
  Best    bv, b2, bm;
  DD     *jdd;          /* (nl * 9) jm, jp, dj as double-doubles */
  DD      totdd[3];
  long    base_event;   /* the event the exact base is for (-1: none) */
  long    event;        /* a counter of flip groups */
  /* the robust pass (shl-geom.h): clusters with two members or more */
  int     nclu;
  int    *clu;          /* (nl) each kept line's cluster, -1 if alone */
  int    *csize;        /* (nclu) members, kept lines and lines outside */
  int    *cfix;         /* (nclu) members not crossing the box that have
                         * it on their + side */
  int    *cpos;         /* (nclu) walk scratch: members on the + side of
                         * the cells beside the segment, the walked line
                         * excluded */
  int     wcl;          /* walk scratch: the walked line's cluster */
  int     nsplit;       /* walk scratch: clusters other than wcl with
                         * members on both sides of those cells */
  double  L2r, Lmr;     /* the filter over the cells the pass keeps */
  double *U2r, *Umr;    /* (nl) */
  Best    b2r, bmr;
  /* w1inf_width: up to 8 cells attaining w1inf_2 exactly, each beside a
   * segment: its line, the rows crossing it at its ends, the side */
  int     nwc;
  struct {
    const double *r, *ra, *rb;
    int           side;
  } wc[8];
} Ctx2;

static const double *
row (const Ctx2 *cx, int j)
{
  return j < cx->nl ? cx->ln[j].r : cx->E[j - cx->nl];
}

/* the neurons grouped by line: canonical orientation (first non-zero
 * entry of a positive), by direction (angle), then by offset */
static int
line_cmp (const double *p, const double *q)
{
  int cr = shl_exact_sign_det2 (p[0], p[1], q[0], q[1]);
  if (cr != 0)
    return -cr;
  int k = p[0] != 0.0 ? 0 : 1;
  /* q = mu p with mu = q_k / p_k > 0 in (a0, a1): compare mu p2 with q2 */
  return shl_exact_sign_det2 (q[k], p[k], q[2], p[2]);
}

static int
neu2_line_cmp (const void *pa, const void *pb, void *user)
{
  const Neu2 *nr = user;
  int i = *(const int *) pa, j = *(const int *) pb;
  int c = line_cmp (nr[i].r, nr[j].r);
  return c != 0 ? c : (i > j) - (i < j);
}

/* x (3) += y (3) with error bound ex += ey + rounding */
static inline void
acc3 (double *x, double *ex, const double *y, double ey, double w)
{
  double mz = 0.0;
  for (int k = 0; k < 3; k++)
    {
      x[k] += w * y[k];
      mz = fmax (mz, fabs (x[k]));
    }
  *ex += ey + U_ROUND * mz + ETA;
}

static void
ctx2_clear (Ctx2 *cx)
{
  free (cx->nr);
  free (cx->fixn);
  free (cx->cross);
  free (cx->ln);
  free (cx->folded);
  free (cx->Uv);
  free (cx->U2);
  free (cx->Um);
  free (cx->ev);
  free (cx->evs);
  free (cx->kv);
  free (cx->sig);
  free (cx->clu);
  free (cx->csize);
  free (cx->cfix);
  free (cx->cpos);
  free (cx->U2r);
  free (cx->Umr);
  if (cx->have_exact)
    {
      for (int k = 0; k < (cx->nl + 4) * 3; k++)
        mpz_clear (cx->rx[k]);
      for (int k = 0; k < cx->nl * 9; k++)
        mpz_clear (cx->jx[k]);
      free (cx->rx);
      free (cx->jx);
      free (cx->jdd);
      for (int k = 0; k < 3; k++)
        mpz_clears (cx->fixx[k], cx->totx[k], cx->base[k], NULL);
      mpz_clears (cx->one, cx->t1, cx->t2, cx->t3, cx->num, cx->den, cx->nx,
                  cx->ny, cx->dd, cx->gx, cx->gy, NULL);
      best_clear (&cx->bv);
      best_clear (&cx->b2);
      best_clear (&cx->bm);
      best_clear (&cx->b2r);
      best_clear (&cx->bmr);
    }
}

/* exact sums of s c (a0, a1, b) of the group's neurons on each side:
 * out (6) = J- (3), J+ (3) */
static void
group_exact (const Ctx2 *cx, const int *idx, int count, mpz_t *out, mpz_t t1,
             mpz_t t2)
{
  for (int k = 0; k < 6; k++)
    mpz_set_ui (out[k], 0);
  for (int q = 0; q < count; q++)
    {
      const Neu2 *nu = &cx->nr[idx[q]];
      mpz_t *o = out + (nu->o > 0 ? 3 : 0);
      shl_exact_set_d (t1, nu->s * nu->c, cx->e0);
      double v[3] = { nu->a[0], nu->a[1], nu->b };
      for (int k = 0; k < 3; k++)
        {
          shl_exact_set_d (t2, v[k], cx->e0);
          mpz_addmul (o[k], t1, t2);
        }
    }
}

/* A member of the robust clustering in 2-D */
typedef struct {
  const double *r;   /* the line, canonical orientation */
  int           line;  /* the kept line, or -1 (a line not crossing the box) */
  int           side;  /* line = -1: the side of the line the box is on */
  double        n[3];  /* r / ||r||_inf */
  int64_t       cell[3];
} RMem;

/* the cells of the grid hash: coinciding entries differ by at most
 * 2 SHL_ROBUST_ULPS in ordered_bits (twice across a binade boundary) */
#define RCELL (2 * SHL_ROBUST_ULPS)

/* a signed integer monotone in x, +-0 -> 0, adjacent doubles -> +-1 */
static int64_t
ordered_bits (double x)
{
  uint64_t u;
  x += 0.0;
  memcpy (&u, &x, sizeof u);
  int64_t m = (int64_t) (u & 0x7fffffffffffffffull);
  return (u >> 63) ? -m : m;
}

static int64_t
floor_div (int64_t q, int64_t w)
{
  return q >= 0 ? q / w : -((-q + w - 1) / w);
}

static int
rcell_cmp3 (const int64_t *a, const int64_t *b)
{
  for (int k = 0; k < 3; k++)
    if (a[k] != b[k])
      return a[k] < b[k] ? -1 : 1;
  return 0;
}

typedef struct {
  int64_t cell[3];
  int     ord;
} RRec;

static int
rrec_cmp (const void *pa, const void *pb)
{
  const RRec *a = pa, *b = pb;
  int c = rcell_cmp3 (a->cell, b->cell);
  return c != 0 ? c : (a->ord > b->ord) - (a->ord < b->ord);
}

static bool
lines_coincide (const double *n, const double *m)
{
  for (int k = 0; k < 3; k++)
    if (!robust_coincide (n[k], m[k]))
      return false;
  return true;
}

/* The clusters of the robust pass in 2-D (shl-geom.h): the members are the
 * kept lines and the kink lines of f - g that do not cross the box (nci
 * (nnc): their neurons, indices into nr). Fills clu, csize, cfix. */
static bool
ctx2_robust (Ctx2 *cx, int *nci, int nnc)
{
  bool ok = false;
  int nl = cx->nl;
  RMem *mem = malloc ((size_t) (nl + nnc + 1) * sizeof *mem);
  RRec *rec = malloc ((size_t) (nl + nnc + 1) * sizeof *rec);
  int *lead = malloc ((size_t) (nl + nnc + 1) * sizeof *lead);
  int *size = calloc ((size_t) (nl + nnc + 1), sizeof *size);
  cx->clu = malloc ((size_t) (nl + 1) * sizeof *cx->clu);
  if (!mem || !rec || !lead || !size || !cx->clu)
    goto done;

  /* the lines outside, grouped like the kept ones; a group is a member if
   * the gradient jumps across it */
  qsort_r (nci, (size_t) nnc, sizeof (int), neu2_line_cmp, cx->nr);
  int nm = 0, l = 0;
  mpz_t J[6], t1, t2;
  for (int k = 0; k < 6; k++)
    mpz_init (J[k]);
  mpz_inits (t1, t2, NULL);
  for (int q = 0; q < nnc;)
    {
      const double *r = cx->nr[nci[q]].r;
      int e = q + 1;
      while (e < nnc && line_cmp (r, cx->nr[nci[e]].r) == 0)
        e++;
      bool member = true;
      if (e - q > 1)
        {
          group_exact (cx, nci + q, e - q, J, t1, t2);
          bool same = true;
          for (int k = 0; k < 3; k++)
            same = same && mpz_cmp (J[k], J[k + 3]) == 0;
          member = !same; /* no jump (and nothing at all) when equal */
        }
      if (member)
        {
          /* merge with the kept lines in the order of line_cmp */
          while (l < nl && line_cmp (cx->ln[l].r, r) < 0)
            {
              mem[nm++] = (RMem) { .r = cx->ln[l].r, .line = l };
              l++;
            }
          int side = 0;
          for (int c = 0; c < 4 && side == 0; c++)
            {
              double x[2] = { (c & 1) ? cx->hi[0] : cx->lo[0],
                              (c & 2) ? cx->hi[1] : cx->lo[1] };
              side = sign_at (r, r[2], x, 2);
            }
          mem[nm++] = (RMem) { .r = r, .line = -1, .side = side };
        }
      q = e;
    }
  for (int k = 0; k < 6; k++)
    mpz_clear (J[k]);
  mpz_clears (t1, t2, NULL);
  for (; l < nl; l++)
    mem[nm++] = (RMem) { .r = cx->ln[l].r, .line = l };

  /* keys and the grid hash */
  for (int q = 0; q < nm; q++)
    {
      RMem *u = &mem[q];
      double big = fmax (fabs (u->r[0]), fmax (fabs (u->r[1]), fabs (u->r[2])));
      for (int k = 0; k < 3; k++)
        {
          u->n[k] = u->r[k] / big;
          u->cell[k] = floor_div (ordered_bits (u->n[k]), RCELL);
          rec[q].cell[k] = u->cell[k];
        }
      rec[q].ord = q;
    }
  qsort (rec, (size_t) nm, sizeof *rec, rrec_cmp);

  /* greedy: each member joins the earliest leader it coincides with */
  for (int q = 0; q < nm; q++)
    {
      int best = q;
      for (int d = 0; d < 27; d++)
        {
          int64_t key[3] = { mem[q].cell[0] + d % 3 - 1,
                             mem[q].cell[1] + (d / 3) % 3 - 1,
                             mem[q].cell[2] + d / 9 - 1 };
          /* the first record of the cell key */
          int a = 0, b = nm;
          while (a < b)
            {
              int mid = a + (b - a) / 2;
              if (rcell_cmp3 (rec[mid].cell, key) < 0)
                a = mid + 1;
              else
                b = mid;
            }
          for (; a < nm && rcell_cmp3 (rec[a].cell, key) == 0; a++)
            {
              int o = rec[a].ord;
              if (o >= best)
                break; /* records of a cell are sorted by order */
              if (lead[o] == o && lines_coincide (mem[q].n, mem[o].n))
                best = o;
            }
        }
      lead[q] = best;
      size[best]++;
    }

  /* the clusters with two members or more */
  int *cidx = malloc ((size_t) (nm + 1) * sizeof *cidx);
  if (!cidx)
    goto done;
  cx->nclu = 0;
  for (int q = 0; q < nm; q++)
    cidx[q] = lead[q] == q && size[q] > 1 ? cx->nclu++ : -1;
  cx->csize = calloc ((size_t) cx->nclu + 1, sizeof (int));
  cx->cfix = calloc ((size_t) cx->nclu + 1, sizeof (int));
  cx->cpos = calloc ((size_t) cx->nclu + 1, sizeof (int));
  if (!cx->csize || !cx->cfix || !cx->cpos)
    {
      free (cidx);
      goto done;
    }
  for (int q = 0; q < nm; q++)
    {
      int c = cidx[lead[q]];
      if (mem[q].line >= 0)
        cx->clu[mem[q].line] = c;
      if (c < 0)
        continue;
      cx->csize[c]++;
      if (mem[q].line < 0 && mem[q].side > 0)
        cx->cfix[c]++;
    }
  free (cidx);
  ok = true;
done:
  free (mem);
  free (rec);
  free (lead);
  free (size);
  return ok;
}

static bool
ctx2_build (Ctx2 *cx, const ShlNet *f, const ShlNet *g, const double *lo,
            const double *hi, bool robust)
{
  memset (cx, 0, sizeof *cx);
  for (int j = 0; j < 2; j++)
    {
      cx->lo[j] = lo[j];
      cx->hi[j] = hi[j];
    }
  double E[4][3] = { { 1.0, 0.0, -lo[0] }, { -1.0, 0.0, hi[0] },
                     { 0.0, 1.0, -lo[1] }, { 0.0, -1.0, hi[1] } };
  memcpy (cx->E, E, sizeof E);
  int m = f->m + (g ? g->m : 0);
  cx->nr = malloc ((size_t) (m + 1) * sizeof *cx->nr);
  cx->fixn = malloc ((size_t) (m + 1) * sizeof (int));
  cx->cross = malloc ((size_t) (m + 1) * sizeof (int));
  /* the neurons whose kink line does not cross the box (robust pass) */
  int *nci = robust ? malloc ((size_t) (m + 1) * sizeof (int)) : NULL;
  int nnc = 0;
  if (!cx->nr || !cx->fixn || !cx->cross || (robust && !nci))
    {
      free (nci);
      return false;
    }
  for (int j = 0; j < 2; j++)
    {
      cx->vf[j] = f->v[j];
      cx->vg[j] = g ? g->v[j] : 0.0;
    }
  cx->ef = *f->e;
  cx->eg = g ? *g->e : 0.0;
  long e0 = 0;
  double scal[10] = { lo[0], lo[1], hi[0], hi[1], cx->vf[0], cx->vf[1],
                      cx->vg[0], cx->vg[1], cx->ef, cx->eg };
  cx->safe = true;
  for (int k = 0; k < 10; k++)
    {
      low_exp_update (&e0, scal[k]);
      cx->safe = cx->safe && shl_exact_safe (scal[k]);
    }
  for (int s = 0; s < 2; s++)
    {
      const ShlNet *net = s == 0 ? f : g;
      for (int i = 0; net && i < net->m; i++)
        {
          if (net->c[i] == 0.0)
            continue;
          Neu2 nu;
          nu.a[0] = net->a[2 * i];
          nu.a[1] = net->a[2 * i + 1];
          nu.b = net->b[i];
          nu.c = net->c[i];
          nu.s = s == 0 ? 1.0 : -1.0;
          double v[4] = { nu.a[0], nu.a[1], nu.b, nu.c };
          for (int k = 0; k < 4; k++)
            {
              low_exp_update (&e0, v[k]);
              cx->safe = cx->safe && shl_exact_safe (v[k]);
            }
          nu.j[0] = nu.s * (nu.c * nu.a[0]);
          nu.j[1] = nu.s * (nu.c * nu.a[1]);
          nu.j[2] = nu.s * (nu.c * nu.b);
          nu.o = (nu.a[0] < 0.0 || (nu.a[0] == 0.0 && nu.a[1] < 0.0)) ? -1 : 1;
          nu.r[0] = nu.o * nu.a[0];
          nu.r[1] = nu.o * nu.a[1];
          nu.r[2] = nu.o * nu.b;
          int k = cx->n++;
          cx->nr[k] = nu;
          if (nu.a[0] == 0.0 && nu.a[1] == 0.0)
            {
              if (nu.b > 0.0)
                cx->fixn[cx->nfixn++] = k;
              continue;
            }
          ShlNeuronStatus st = status_on_box (nu.a, nu.b, nu.c, 2, lo, hi);
          if (st == SHL_NEURON_ACTIVE)
            cx->cross[cx->ncross++] = k;
          else
            {
              if (st == SHL_NEURON_AFFINE)
                cx->fixn[cx->nfixn++] = k;
              if (nci)
                nci[nnc++] = k;
            }
        }
    }
  cx->e0 = e0;

  /* the affine part, rounded */
  cx->fix[0] = cx->vf[0] - cx->vg[0];
  cx->fix[1] = cx->vf[1] - cx->vg[1];
  cx->fix[2] = cx->ef - cx->eg;
  cx->efix = U_ROUND * fmax (fabs (cx->fix[0]),
                             fmax (fabs (cx->fix[1]), fabs (cx->fix[2])));
  for (int k = 0; k < cx->nfixn; k++)
    {
      const Neu2 *nu = &cx->nr[cx->fixn[k]];
      acc3 (cx->fix, &cx->efix, nu->j,
            U_ROUND * fmax (fabs (nu->j[0]), fmax (fabs (nu->j[1]),
                                                   fabs (nu->j[2]))) + ETA,
            1.0);
    }

  /* group the crossing neurons by line */
  qsort_r (cx->cross, (size_t) cx->ncross, sizeof (int), neu2_line_cmp,
           cx->nr);
  cx->ln = malloc ((size_t) (cx->ncross + 1) * sizeof *cx->ln);
  cx->folded = malloc ((size_t) (cx->ncross + 1) * sizeof *cx->folded);
  if (!cx->ln || !cx->folded)
    {
      free (nci);
      return false;
    }
  mpz_t J[6], t1, t2;
  for (int k = 0; k < 6; k++)
    mpz_init (J[k]);
  mpz_inits (t1, t2, NULL);
  for (int q = 0; q < cx->ncross;)
    {
      int r = q + 1;
      while (r < cx->ncross
             && line_cmp (cx->nr[cx->cross[q]].r, cx->nr[cx->cross[r]].r) == 0)
        r++;
      Line2 L;
      memset (&L, 0, sizeof L);
      memcpy (L.r, cx->nr[cx->cross[q]].r, sizeof L.r);
      L.first = q;
      L.count = r - q;
      for (int p = q; p < r; p++)
        {
          const Neu2 *nu = &cx->nr[cx->cross[p]];
          double ej = U_ROUND * fmax (fabs (nu->j[0]),
                                      fmax (fabs (nu->j[1]), fabs (nu->j[2])))
                      + ETA;
          if (nu->o > 0)
            acc3 (L.jp, &L.ejp, nu->j, ej, 1.0);
          else
            acc3 (L.jm, &L.ejm, nu->j, ej, 1.0);
        }
      double mz = 0.0;
      for (int k = 0; k < 3; k++)
        {
          L.dj[k] = L.jp[k] - L.jm[k];
          mz = fmax (mz, fabs (L.dj[k]));
        }
      L.edj = L.ejp + L.ejm + U_ROUND * mz + ETA;
      int kind = 0; /* 0: a kink line, 1: nothing, 2: affine across */
      if (L.count > 1)
        {
          group_exact (cx, cx->cross + q, L.count, J, t1, t2);
          bool zero = true, same = true;
          for (int k = 0; k < 3; k++)
            {
              zero = zero && mpz_sgn (J[k]) == 0 && mpz_sgn (J[k + 3]) == 0;
              same = same && mpz_cmp (J[k], J[k + 3]) == 0;
            }
          kind = zero ? 1 : same ? 2 : 0;
        }
      if (kind == 0)
        cx->ln[cx->nl++] = L;
      else if (kind == 2)
        {
          cx->folded[cx->nfold++] = L;
          acc3 (cx->fix, &cx->efix, L.jp, L.ejp, 1.0);
        }
      q = r;
    }
  for (int k = 0; k < 6; k++)
    mpz_clear (J[k]);
  mpz_clears (t1, t2, NULL);

  memcpy (cx->tot, cx->fix, sizeof cx->tot);
  cx->etot = cx->efix;
  for (int l = 0; l < cx->nl; l++)
    acc3 (cx->tot, &cx->etot, cx->ln[l].jm, cx->ln[l].ejm, 1.0);

  int nl = cx->nl;
  cx->Uv = calloc ((size_t) nl + 1, sizeof (double));
  cx->U2 = calloc ((size_t) nl + 1, sizeof (double));
  cx->Um = calloc ((size_t) nl + 1, sizeof (double));
  cx->ev = malloc ((size_t) (nl + 4) * sizeof *cx->ev);
  cx->evs = malloc ((size_t) (nl + 4) * sizeof *cx->evs);
  cx->kv = malloc ((size_t) (nl + 4) * 2 * sizeof *cx->kv);
  cx->sig = malloc ((size_t) nl + 1);
  cx->L2r = cx->Lmr = -INFINITY;
  bool ok = cx->Uv && cx->U2 && cx->Um && cx->ev && cx->evs && cx->kv
            && cx->sig;
  if (ok && robust)
    {
      ok = ctx2_robust (cx, nci, nnc);
      if (ok && cx->nclu > 0)
        {
          cx->U2r = calloc ((size_t) nl + 1, sizeof (double));
          cx->Umr = calloc ((size_t) nl + 1, sizeof (double));
          ok = cx->U2r && cx->Umr;
        }
    }
  free (nci);
  return ok;
}

/* the exact data: line coefficients, group sums, the affine part */
static void
ctx2_exact (Ctx2 *cx)
{
  if (cx->have_exact)
    return;
  int nl = cx->nl;
  long e0 = cx->e0;
  cx->rx = malloc ((size_t) (nl + 4) * 3 * sizeof (mpz_t));
  cx->jx = malloc (((size_t) nl * 9 + 1) * sizeof (mpz_t));
  if (!cx->rx || !cx->jx)
    abort (); /* GMP aborts on memory exhaustion anyway */
  for (int k = 0; k < 3; k++)
    mpz_inits (cx->fixx[k], cx->totx[k], cx->base[k], NULL);
  mpz_inits (cx->t1, cx->t2, cx->t3, cx->num, cx->den, cx->nx, cx->ny, cx->dd,
             cx->gx, cx->gy, NULL);
  mpz_init_set_ui (cx->one, 1);
  mpz_mul_2exp (cx->one, cx->one, (mp_bitcnt_t) -e0);
  best_init (&cx->bv);
  best_init (&cx->b2);
  best_init (&cx->bm);
  best_init (&cx->b2r);
  best_init (&cx->bmr);
  for (int j = 0; j < nl + 4; j++)
    for (int k = 0; k < 3; k++)
      {
        mpz_init (cx->rx[3 * j + k]);
        shl_exact_set_d (cx->rx[3 * j + k], row (cx, j)[k], e0);
      }
  for (int l = 0; l < nl; l++)
    {
      mpz_t *J = cx->jx + 9 * l;
      for (int k = 0; k < 9; k++)
        mpz_init (J[k]);
      group_exact (cx, cx->cross + cx->ln[l].first, cx->ln[l].count, J,
                   cx->t1, cx->t2);
      for (int k = 0; k < 3; k++)
        mpz_sub (J[6 + k], J[3 + k], J[k]);
    }
  /* the affine part at degree 2 */
  double af[3][2] = { { cx->vf[0], cx->vg[0] }, { cx->vf[1], cx->vg[1] },
                      { cx->ef, cx->eg } };
  for (int k = 0; k < 3; k++)
    {
      shl_exact_set_d (cx->fixx[k], af[k][0], e0);
      shl_exact_set_d (cx->t1, af[k][1], e0);
      mpz_sub (cx->fixx[k], cx->fixx[k], cx->t1);
      mpz_mul_2exp (cx->fixx[k], cx->fixx[k], (mp_bitcnt_t) -e0);
    }
  for (int q = 0; q < cx->nfixn; q++)
    {
      const Neu2 *nu = &cx->nr[cx->fixn[q]];
      shl_exact_set_d (cx->t1, nu->s * nu->c, e0);
      double v[3] = { nu->a[0], nu->a[1], nu->b };
      for (int k = 0; k < 3; k++)
        {
          shl_exact_set_d (cx->t2, v[k], e0);
          mpz_addmul (cx->fixx[k], cx->t1, cx->t2);
        }
    }
  mpz_t J[6];
  for (int k = 0; k < 6; k++)
    mpz_init (J[k]);
  for (int q = 0; q < cx->nfold; q++)
    {
      group_exact (cx, cx->cross + cx->folded[q].first, cx->folded[q].count,
                   J, cx->t1, cx->t2);
      for (int k = 0; k < 3; k++)
        mpz_add (cx->fixx[k], cx->fixx[k], J[3 + k]);
    }
  for (int k = 0; k < 6; k++)
    mpz_clear (J[k]);
  for (int k = 0; k < 3; k++)
    {
      mpz_set (cx->totx[k], cx->fixx[k]);
      for (int l = 0; l < nl; l++)
        mpz_add (cx->totx[k], cx->totx[k], cx->jx[9 * l + k]);
    }
  /* the same as double-doubles, for the second filter */
  cx->jdd = malloc (((size_t) nl * 9 + 1) * sizeof (DD));
  if (!cx->jdd)
    abort (); /* as above */
  for (size_t k = 0; k < (size_t) nl * 9; k++)
    shl_exact_round_dd (cx->jx[k], 2 * e0, &cx->jdd[k].h, &cx->jdd[k].l);
  for (int k = 0; k < 3; k++)
    shl_exact_round_dd (cx->totx[k], 2 * e0, &cx->totdd[k].h, &cx->totdd[k].l);
  cx->base_event = -1;
  cx->have_exact = true;
}

/* exact Nx, Ny, D of the crossing of rows l and j into cx->nx, ny, dd */
static void
exact_pair (Ctx2 *cx, int l, int j)
{
  mpz_t *p = cx->rx + 3 * l, *q = cx->rx + 3 * j;
  /* Nx = p1 q2 - q1 p2, Ny = q0 p2 - p0 q2, D = p0 q1 - p1 q0 */
  mpz_mul (cx->nx, p[1], q[2]);
  mpz_submul (cx->nx, q[1], p[2]);
  mpz_mul (cx->ny, q[0], p[2]);
  mpz_submul (cx->ny, p[0], q[2]);
  mpz_mul (cx->dd, p[0], q[1]);
  mpz_submul (cx->dd, p[1], q[0]);
}

/* The crossing of line l (coefficients rl) with row j, keyed along l */
static void
pair_ev (const Ctx2 *cx, Ev *p, const double *rl, int j, int ax, double sg)
{
  const double *rj = row (cx, j);
  p->j = j;
  p->eq_next = 0;
  p->D = shl_exact_det2_approx (rl[0], rl[1], rj[0], rj[1]);
  p->Nx = shl_exact_det2_approx (rl[1], rj[1], rl[2], rj[2]);
  p->Ny = shl_exact_det2_approx (rj[0], rl[0], rj[2], rl[2]);
  if (cx->safe)
    p->sd = sgn (p->D);
  else
    p->sd = shl_exact_sign_det2 (rl[0], rl[1], rj[0], rj[1]);
  if (p->sd == 0)
    {
      p->key = p->err = 0.0;
      return;
    }
  p->key = sg * (ax == 0 ? p->Nx : p->Ny) / p->D;
  p->err = cx->safe && isfinite (p->key) ? 6.0 * U_ROUND * fabs (p->key) + ETA
                                         : INFINITY;
}

/* exact sign of det (r_l, r_{A.j}, rk): of <rk, A> (times sign D_A) */
static int
side3 (const Ctx2 *cx, int l, const Ev *A, const double *rk)
{
  if (cx->safe)
    {
      double t = fma (rk[0], A->Nx, fma (rk[1], A->Ny, rk[2] * A->D));
      double perm = fabs (rk[0] * A->Nx) + fabs (rk[1] * A->Ny)
                    + fabs (rk[2] * A->D);
      double bound = 6.0 * U_ROUND * perm;
      if (t > bound)
        return 1;
      if (t < -bound)
        return -1;
    }
  return shl_exact_sign_det3 (row (cx, l), row (cx, A->j), rk);
}

/* sign (pos A - pos B) along l, exact */
static int
ev_cmp (const Ctx2 *cx, int l, const Ev *A, const Ev *B)
{
  if (A->key + A->err < B->key - B->err)
    return -1;
  if (A->key - A->err > B->key + B->err)
    return 1;
  return side3 (cx, l, A, row (cx, B->j)) * A->sd * B->sd;
}

typedef struct {
  const Ctx2 *cx;
  int         l;
} EvSortCtx;

static int
ev_sort_cmp (const void *pa, const void *pb, void *user)
{
  const EvSortCtx *s = user;
  const Ev *A = pa, *B = pb;
  int c = ev_cmp (s->cx, s->l, A, B);
  return c != 0 ? c : (A->j > B->j) - (A->j < B->j);
}

/* the affine function of a cell: G (gradient, offset) with error e; in
 * pass 2 (safe inputs) also as double-doubles g with error eg */
typedef struct {
  double G[3], e;
  DD     g[3];
  double eg;
  long   event;  /* which flip group the cell follows (exact base cache) */
} Aff;

/* a += w J (dd), with the error bound */
static inline void
aff_dd_add (Aff *a, const DD *J, double w)
{
  double mx = 0.0;
  for (int k = 0; k < 3; k++)
    {
      DD t = { w * J[k].h, w * J[k].l };
      a->g[k] = dd_add (a->g[k], t);
      mx = fmax (mx, fabs (a->g[k].h) + fabs (J[k].h));
    }
  a->eg += 2.0 * DD_EPS * mx;
}

/* the exact affine function beside the current segment of line l, from
 * the current sides (pass 2, recomputed only when asked) */
static void
exact_base (Ctx2 *cx, int l, Aff *a)
{
  if (cx->base_event == a->event)
    return;
  for (int k = 0; k < 3; k++)
    {
      mpz_sub (cx->base[k], cx->totx[k], cx->jx[9 * l + k]);
      for (int j = 0; j < cx->nl; j++)
        if (j != l && cx->sig[j] > 0)
          mpz_add (cx->base[k], cx->base[k], cx->jx[9 * j + 6 + k]);
    }
  cx->base_event = a->event;
}

/* the value at the crossing p (filtered), and its exact evaluation when it
 * may be the maximum (pass 2) */
static void
walk_point (Ctx2 *cx, int l, const Ev *p, const Aff *a, bool exact)
{
  double vx = p->Nx / p->D, vy = p->Ny / p->D;
  double v, e;
  if (cx->safe)
    {
      double ex = 6.0 * U_ROUND * fabs (vx) + ETA;
      double ey = 6.0 * U_ROUND * fabs (vy) + ETA;
      v = fma (a->G[0], vx, fma (a->G[1], vy, a->G[2]));
      e = (a->e * (fabs (vx) + fabs (vy) + 1.0 + ex + ey)
           + (fabs (a->G[0]) + a->e) * ex + (fabs (a->G[1]) + a->e) * ey
           + 3.0 * U_ROUND * (fabs (a->G[0] * vx) + fabs (a->G[1] * vy)
                              + fabs (a->G[2]))
           + ETA) * SAFETY;
      if (!isfinite (v) || !isfinite (e))
        v = 0.0, e = INFINITY;
    }
  else
    v = 0.0, e = INFINITY;
  if (!exact)
    {
      cx->Lv = fmax (cx->Lv, fabs (v) - e);
      cx->Uv[l] = fmax (cx->Uv[l], fabs (v) + e);
      return;
    }
  if (!(fabs (v) + e >= cx->Lv))
    return;
  if (cx->safe)
    {
      /* second filter: the value in double-double, against the best so
       * far; the exact base is only formed for the survivors */
      const double *rl = row (cx, l), *rj = row (cx, p->j);
      DD nx = dd_det2 (rl[1], rj[1], rl[2], rj[2]);
      DD ny = dd_det2 (rj[0], rl[0], rj[2], rl[2]);
      DD dd = dd_det2 (rl[0], rl[1], rj[0], rj[1]);
      /* absolute errors of N and D, then of X = Nx / D, Y = Ny / D */
      double enx = 0x1p-103 * (fabs (rl[1] * rj[2]) + fabs (rj[1] * rl[2]));
      double eny = 0x1p-103 * (fabs (rj[0] * rl[2]) + fabs (rl[0] * rj[2]));
      double edd = 0x1p-103 * (fabs (rl[0] * rj[1]) + fabs (rl[1] * rj[0]));
      double ad = fabs (dd.h) - edd;
      DD X = dd_div (nx, dd), Y = dd_div (ny, dd);
      double ax = fabs (X.h), ay = fabs (Y.h);
      double ex = ad > 0.0 ? (enx + ax * edd) / ad + DD_EPS * ax : INFINITY;
      double ey = ad > 0.0 ? (eny + ay * edd) / ad + DD_EPS * ay : INFINITY;
      DD w = dd_add (dd_add (dd_mul (a->g[0], X), dd_mul (a->g[1], Y)), a->g[2]);
      double ew = (a->eg * (ax + ay + ex + ey + 1.0)
                   + fabs (a->g[0].h) * ex + fabs (a->g[1].h) * ey
                   + 8.0 * DD_EPS * (fabs (a->g[0].h) * ax + fabs (a->g[1].h) * ay
                                     + fabs (a->g[2].h))
                   + ETA) * SAFETY;
      if (cx->bv.have && isfinite (ew))
        {
          /* bv holds |n / d| for the value 2^(2 e0) n / d */
          double best_lo = ldexp (cx->bv.m, (int) (cx->bv.e + 2 * cx->e0))
                           * (1.0 - 0x1p-40);
          if (fabs (w.h) + ew < best_lo)
            return;
        }
      exact_base (cx, l, (Aff *) a);
    }
  exact_pair (cx, l, p->j);
  mpz_mul (cx->num, cx->base[0], cx->nx);
  mpz_addmul (cx->num, cx->base[1], cx->ny);
  mpz_addmul (cx->num, cx->base[2], cx->dd);
  if (best_offer (&cx->bv, cx->num, cx->dd, cx->t1, cx->t2))
    {
      cx->bv.where = l;
      cx->bv.where2 = p->j;
    }
}

/* Remember the cell beside the segment of line r from its crossing with
 * ra to that with rb, on side `side`, after best_offer_cmp gave c for its
 * gradient: a new maximum (c > 0) restarts the list, an equal non-zero one
 * joins it while there is room. */
static void
width_record (Ctx2 *cx, int c, const double *r, const double *ra,
              const double *rb, int side)
{
  if (c > 0)
    cx->nwc = 0;
  else if (c < 0 || mpz_sgn (cx->b2.n) == 0)
    return;
  if (cx->nwc >= (int) (sizeof cx->wc / sizeof cx->wc[0]))
    return;
  cx->wc[cx->nwc].r = r;
  cx->wc[cx->nwc].ra = ra;
  cx->wc[cx->nwc].rb = rb;
  cx->wc[cx->nwc].side = side;
  cx->nwc++;
}

/* A half-plane s (r0 x + r1 y + r2) >= 0 */
typedef struct {
  const double *r;
  int           s;
} HPlane;

/* exact sign of h at the crossing of the lines p and q (not parallel) */
static int
vertex_side (const double *p, const double *q, const double *h)
{
  return shl_exact_sign_det3 (p, q, h)
         * shl_exact_sign_det2 (p[0], p[1], q[0], q[1]);
}

/* Clip the convex polygon poly (n edges in boundary order; vertex k is the
 * crossing of edges k and k + 1) by h, exactly, into out (room for
 * n + 1). sg (n) is scratch. Returns the count of edges left (0: nothing
 * of positive area). */
static int
clip_convex (HPlane *out, const HPlane *poly, int n, HPlane h, int *sg)
{
  int npos = 0, nneg = 0;
  for (int k = 0; k < n; k++)
    {
      sg[k] = h.s * vertex_side (poly[k].r, poly[(k + 1) % n].r, h.r);
      npos += sg[k] > 0;
      nneg += sg[k] < 0;
    }
  if (nneg == 0)
    {
      memcpy (out, poly, (size_t) n * sizeof *out);
      return n;
    }
  if (npos == 0)
    return 0;
  /* the vertices inside form one arc i .. j (convexity): keep the edges
   * ending or starting there, close with h */
  int i = 0;
  while (!(sg[i] > 0 && sg[(i + n - 1) % n] <= 0))
    i++;
  int j = i;
  while (sg[(j + 1) % n] > 0)
    j++;
  int c = 0;
  for (int k = i; k <= j + 1; k++)
    out[c++] = poly[k % n];
  out[c++] = h;
  return c;
}

/* The cell of the kept lines' arrangement beside the segment of line R from
 * its crossing with A to that with B, on side `side` of R: its area over
 * the largest distance from one vertex to the others (between half and
 * twice its minimal width), from the exact vertices. */
static double
cell_width_2d (const Ctx2 *cx, const double *R, const double *A,
               const double *B, int side)
{
  int nl = cx->nl, cap = nl + 5;
  HPlane *buf = malloc ((size_t) cap * 2 * sizeof *buf), *p = buf;
  int *sg = malloc ((size_t) cap * sizeof *sg);
  double w = NAN;
  if (!buf || !sg)
    goto out;
  HPlane *q = buf + cap;
  /* the box, counter-clockwise: y >= lo1, x <= hi0, y <= hi1, x >= lo0 */
  p[0] = (HPlane) { cx->E[2], 1 };
  p[1] = (HPlane) { cx->E[1], 1 };
  p[2] = (HPlane) { cx->E[3], 1 };
  p[3] = (HPlane) { cx->E[0], 1 };
  int n = 4;
  int dA = shl_exact_sign_det2 (R[0], R[1], A[0], A[1]);
  int dB = shl_exact_sign_det2 (R[0], R[1], B[0], B[1]);
  int oR = (R[0] > 0.0 || (R[0] == 0.0 && R[1] > 0.0)) ? 1 : -1;
  for (int j = 0; j < nl && n > 0; j++)
    {
      /* the side of line j at the segment's midpoint: at an end where j
       * is not zero (no line crosses the open segment) */
      const double *r = cx->ln[j].r;
      int sj = shl_exact_sign_det3 (R, A, r) * dA;
      if (sj == 0)
        sj = shl_exact_sign_det3 (R, B, r) * dB;
      if (sj == 0)
        sj = side * oR; /* R itself (r is its canonical orientation) */
      n = clip_convex (q, p, n, (HPlane) { r, sj }, sg);
      HPlane *t = p;
      p = q;
      q = t;
    }
  if (n < 3)
    {
      w = 0.0;
      goto out;
    }
  /* the exact vertices, then twice the area and the squared distances
   * from vertex 0 */
  mpq_t *vx = malloc ((size_t) n * 2 * sizeof (mpq_t)), *vy = vx ? vx + n : NULL;
  if (!vx)
    goto out;
  mpz_t z[6], nx, ny, dd;
  for (int k = 0; k < 6; k++)
    mpz_init (z[k]);
  mpz_inits (nx, ny, dd, NULL);
  for (int k = 0; k < n; k++)
    {
      const double *a = p[k].r, *b = p[(k + 1) % n].r;
      for (int c = 0; c < 3; c++)
        {
          shl_exact_set_d (z[c], a[c], cx->e0);
          shl_exact_set_d (z[3 + c], b[c], cx->e0);
        }
      mpz_mul (nx, z[1], z[5]);
      mpz_submul (nx, z[4], z[2]);
      mpz_mul (ny, z[3], z[2]);
      mpz_submul (ny, z[0], z[5]);
      mpz_mul (dd, z[0], z[4]);
      mpz_submul (dd, z[1], z[3]);
      if (mpz_sgn (dd) < 0)
        {
          /* mpq wants a positive denominator */
          mpz_neg (nx, nx);
          mpz_neg (ny, ny);
          mpz_neg (dd, dd);
        }
      mpq_inits (vx[k], vy[k], NULL);
      mpq_set_num (vx[k], nx);
      mpq_set_den (vx[k], dd);
      mpq_set_num (vy[k], ny);
      mpq_set_den (vy[k], dd);
      mpq_canonicalize (vx[k]);
      mpq_canonicalize (vy[k]);
    }
  mpq_t area, t1, t2;
  mpq_inits (area, t1, t2, NULL);
  double rad2 = 0.0;
  for (int k = 0; k < n; k++)
    {
      int k1 = (k + 1) % n;
      mpq_mul (t1, vx[k], vy[k1]);
      mpq_mul (t2, vx[k1], vy[k]);
      mpq_sub (t1, t1, t2);
      mpq_add (area, area, t1);
      mpq_sub (t1, vx[k], vx[0]);
      mpq_mul (t1, t1, t1);
      mpq_sub (t2, vy[k], vy[0]);
      mpq_mul (t2, t2, t2);
      mpq_add (t1, t1, t2);
      rad2 = fmax (rad2, mpq_get_d (t1));
    }
  double a2 = fabs (mpq_get_d (area));
  w = rad2 > 0.0 ? 0.5 * a2 / sqrt (rad2) : 0.0;
  mpq_clears (area, t1, t2, NULL);
  for (int k = 0; k < n; k++)
    mpq_clears (vx[k], vy[k], NULL);
  free (vx);
  for (int k = 0; k < 6; k++)
    mpz_clear (z[k]);
  mpz_clears (nx, ny, dd, NULL);
out:
  free (buf);
  free (sg);
  return w;
}

/* whether the robust pass ignores the cell beside the current segment of
 * the walked line on its side `side` (+1 / -1): some cluster has members
 * on both sides of it */
static bool
cell_ignored (const Ctx2 *cx, int side)
{
  if (cx->nsplit > 0)
    return true;
  int c = cx->wcl;
  if (c < 0)
    return false;
  int n = cx->cpos[c] + (side > 0);
  return n > 0 && n < cx->csize[c];
}

static inline bool
cluster_split (const Ctx2 *cx, int c)
{
  return cx->cpos[c] > 0 && cx->cpos[c] < cx->csize[c];
}

/* the walk sets up the cluster counts for line l from the sides sig */
static void
robust_walk_init (Ctx2 *cx, int l)
{
  cx->wcl = cx->clu[l];
  memcpy (cx->cpos, cx->cfix, (size_t) cx->nclu * sizeof (int));
  for (int j = 0; j < cx->nl; j++)
    if (j != l && cx->clu[j] >= 0 && cx->sig[j] > 0)
      cx->cpos[cx->clu[j]]++;
  cx->nsplit = 0;
  for (int c = 0; c < cx->nclu; c++)
    if (c != cx->wcl && cluster_split (cx, c))
      cx->nsplit++;
}

/* line j (not the walked one) moves to side sd */
static void
robust_walk_flip (Ctx2 *cx, int j, int sd)
{
  int c = cx->clu[j];
  if (c < 0)
    return;
  bool before = cluster_split (cx, c);
  cx->cpos[c] += sd > 0 ? 1 : -1;
  if (c != cx->wcl)
    cx->nsplit += (int) cluster_split (cx, c) - (int) before;
}

/* the largest value of |gx|, |gy| (max-norm) and gx^2 + gy^2 (the squared
 * 2-norm) the double-double gradient of the cell on side `side` may have */
static void
dd_grad_upper (const Ctx2 *cx, int l, const Aff *a, int side, double *um,
               double *u2)
{
  const DD *J = cx->jdd + 9 * l + (side > 0 ? 3 : 0);
  double u[2];
  for (int k = 0; k < 2; k++)
    {
      DD g = dd_add (a->g[k], J[k]);
      double e = a->eg + 2.0 * DD_EPS * (fabs (a->g[k].h) + fabs (J[k].h))
                 + ETA;
      u[k] = (fabs (g.h) + fabs (g.l) + e) * SAFETY;
    }
  *um = fmax (u[0], u[1]);
  *u2 = fma (u[0], u[0], u[1] * u[1]) * SAFETY;
}

/* a lower bound of the best's value |n / d| 2^base, or 0 */
static double
best_lower (const Best *b, long base)
{
  if (!b->have)
    return 0.0;
  return ldexp (b->m, (int) (b->e + base)) * (1.0 - 0x1p-40);
}

/* The gradients of the cells on both sides of a segment of line l, which
 * runs from its crossing with row ja to that with row jb. Pass 1 bounds
 * the maxima, pass 2 evaluates the candidates exactly. */
static void
walk_segment (Ctx2 *cx, int l, const Aff *a, bool exact, int ja, int jb)
{
  const Line2 *L = &cx->ln[l];
  bool rob = cx->nclu > 0;
  for (int side = 0; side < 2; side++)
    {
      const double *J = side ? L->jp : L->jm;
      double eJ = side ? L->ejp : L->ejm;
      double gx = a->G[0] + J[0], gy = a->G[1] + J[1];
      double n2, e2, nm, em;
      if (cx->safe)
        {
          double ec = a->e + eJ + U_ROUND * fmax (fabs (gx), fabs (gy)) + ETA;
          n2 = sqrt (fma (gx, gx, gy * gy));
          e2 = (1.5 * ec + 3.0 * U_ROUND * n2) * SAFETY;
          nm = fmax (fabs (gx), fabs (gy));
          em = ec * SAFETY;
          if (!isfinite (n2) || !isfinite (e2))
            n2 = nm = 0.0, e2 = em = INFINITY;
        }
      else
        n2 = nm = 0.0, e2 = em = INFINITY;
      bool kept = rob && !cell_ignored (cx, side ? 1 : -1);
      if (!exact)
        {
          cx->L2 = fmax (cx->L2, n2 - e2);
          cx->U2[l] = fmax (cx->U2[l], n2 + e2);
          cx->Lm = fmax (cx->Lm, nm - em);
          cx->Um[l] = fmax (cx->Um[l], nm + em);
          if (kept)
            {
              cx->L2r = fmax (cx->L2r, n2 - e2);
              cx->U2r[l] = fmax (cx->U2r[l], n2 + e2);
              cx->Lmr = fmax (cx->Lmr, nm - em);
              cx->Umr[l] = fmax (cx->Umr[l], nm + em);
            }
          continue;
        }
      bool c2 = n2 + e2 >= cx->L2, cm = nm + em >= cx->Lm;
      bool c2r = kept && n2 + e2 >= cx->L2r, cmr = kept && nm + em >= cx->Lmr;
      if (!c2 && !cm && (c2r || cmr) && cx->safe)
        {
          /* robust candidates only: a second filter in double-double
           * against the best so far, before any exact work (the twin of
           * a network has every kept cell at rounding level) */
          double um, u2;
          dd_grad_upper (cx, l, a, side ? 1 : -1, &um, &u2);
          c2r = c2r && !(u2 < best_lower (&cx->b2r, 4 * cx->e0));
          cmr = cmr && !(um < best_lower (&cx->bmr, 2 * cx->e0));
        }
      if (!c2 && !cm && !c2r && !cmr)
        continue;
      if (cx->safe)
        exact_base (cx, l, (Aff *) a);
      mpz_t *Jx = cx->jx + 9 * l + (side ? 3 : 0);
      mpz_add (cx->gx, cx->base[0], Jx[0]);
      mpz_add (cx->gy, cx->base[1], Jx[1]);
      if (c2 || c2r)
        {
          mpz_mul (cx->num, cx->gx, cx->gx);
          mpz_addmul (cx->num, cx->gy, cx->gy);
        }
      if (c2)
        {
          int c = best_offer_cmp (&cx->b2, cx->num, cx->b2.d, cx->t1, cx->t2);
          width_record (cx, c, row (cx, l), row (cx, ja), row (cx, jb),
                        side ? 1 : -1);
        }
      if (c2r)
        best_offer (&cx->b2r, cx->num, cx->b2r.d, cx->t1, cx->t2);
      mpz_srcptr gm = mpz_cmpabs (cx->gx, cx->gy) >= 0 ? cx->gx : cx->gy;
      if (cm)
        best_offer (&cx->bm, gm, cx->bm.d, cx->t1, cx->t2);
      if (cmr)
        best_offer (&cx->bmr, gm, cx->bmr.d, cx->t1, cx->t2);
    }
}

/* Walk line l through its crossings. Pass 1 (exact = false) bounds the
 * maxima; pass 2 also carries the exact affine function and evaluates the
 * candidates exactly. */
static void
walk_line (Ctx2 *cx, int l, bool exact)
{
  const Line2 *L = &cx->ln[l];
  const double *rl = L->r;
  const int nl = cx->nl;
  double dir[2] = { -rl[1], rl[0] };
  int ax = fabs (dir[0]) >= fabs (dir[1]) ? 0 : 1;
  double sg = dir[ax] > 0.0 ? 1.0 : -1.0;

  /* entry and exit: the last entering and the first leaving box edge */
  Ev ein, eout;
  bool have_in = false, have_out = false;
  for (int e = 0; e < 4; e++)
    {
      Ev p;
      pair_ev (cx, &p, rl, nl + e, ax, sg);
      if (p.sd > 0 && (!have_in || ev_cmp (cx, l, &p, &ein) > 0))
        ein = p, have_in = true;
      else if (p.sd < 0 && (!have_out || ev_cmp (cx, l, &p, &eout) < 0))
        eout = p, have_out = true;
    }
  if (!have_in || !have_out)
    return; /* cannot happen for a line crossing the open box */

  /* the crossings inside, and every line's side on the first segment */
  int nev = 0;
  signed char *sig = cx->sig;
  for (int j = 0; j < nl; j++)
    {
      if (j == l)
        continue;
      Ev p;
      pair_ev (cx, &p, rl, j, ax, sg);
      if (p.sd == 0)
        sig[j] = (signed char) (side3 (cx, l, &ein, cx->ln[j].r) * ein.sd);
      else if (ev_cmp (cx, l, &p, &ein) <= 0)
        sig[j] = (signed char) p.sd;
      else
        {
          sig[j] = (signed char) -p.sd;
          if (ev_cmp (cx, l, &p, &eout) < 0)
            cx->ev[nev++] = p;
        }
    }

  /* sort them: by key, then exactly inside clusters of overlapping keys */
  for (int i = 0; i < nev; i++)
    cx->kv[i] = (Keyed) { cx->ev[i].key, i };
  sort_keyed (cx->kv, cx->kv + nev, (size_t) nev);
  Ev *evs = cx->evs;
  for (int i = 0; i < nev; i++)
    evs[i] = cx->ev[cx->kv[i].idx];
  EvSortCtx sctx = { cx, l };
  for (int i = 0; i < nev;)
    {
      int k = i + 1;
      double top = evs[i].key + evs[i].err;
      while (k < nev && !(evs[k].key - evs[k].err > top))
        {
          top = fmax (top, evs[k].key + evs[k].err);
          k++;
        }
      if (k - i > 1)
        {
          qsort_r (evs + i, (size_t) (k - i), sizeof *evs, ev_sort_cmp, &sctx);
          for (int q = i; q + 1 < k; q++)
            evs[q].eq_next = ev_cmp (cx, l, &evs[q], &evs[q + 1]) == 0;
        }
      i = k;
    }

  /* the affine function beside the first segment: every other line on its
   * side, this line's own neurons excluded */
  Aff a;
  memcpy (a.G, cx->tot, sizeof a.G);
  a.e = cx->etot;
  acc3 (a.G, &a.e, L->jm, L->ejm, -1.0);
  for (int j = 0; j < nl; j++)
    if (j != l && sig[j] > 0)
      acc3 (a.G, &a.e, cx->ln[j].dj, cx->ln[j].edj, 1.0);
  a.event = ++cx->event;
  if (exact && cx->safe)
    {
      /* double-double base; the exact one only on demand */
      a.eg = 0.0;
      double mx = 0.0;
      for (int k = 0; k < 3; k++)
        {
          a.g[k] = cx->totdd[k];
          mx = fmax (mx, fabs (a.g[k].h));
        }
      a.eg = 2.0 * DD_EPS * mx;
      aff_dd_add (&a, cx->jdd + 9 * l, -1.0);
      for (int j = 0; j < nl; j++)
        if (j != l && sig[j] > 0)
          aff_dd_add (&a, cx->jdd + 9 * j + 6, 1.0);
    }
  else if (exact)
    {
      for (int k = 0; k < 3; k++)
        {
          mpz_sub (cx->base[k], cx->totx[k], cx->jx[9 * l + k]);
          for (int j = 0; j < nl; j++)
            if (j != l && sig[j] > 0)
              mpz_add (cx->base[k], cx->base[k], cx->jx[9 * j + 6 + k]);
        }
    }

  if (cx->nclu > 0)
    robust_walk_init (cx, l);
  walk_point (cx, l, &ein, &a, exact);
  int prev = ein.j;
  for (int i = 0; i < nev;)
    {
      walk_segment (cx, l, &a, exact, prev, evs[i].j);
      walk_point (cx, l, &evs[i], &a, exact);
      int k = i;
      for (;;)
        {
          int j = evs[k].j;
          double w = evs[k].sd > 0 ? 1.0 : -1.0;
          acc3 (a.G, &a.e, cx->ln[j].dj, cx->ln[j].edj, w);
          sig[j] = (signed char) evs[k].sd;
          if (cx->nclu > 0)
            robust_walk_flip (cx, j, evs[k].sd);
          if (exact && cx->safe)
            aff_dd_add (&a, cx->jdd + 9 * j + 6, w);
          else if (exact)
            for (int q = 0; q < 3; q++)
              {
                if (w > 0)
                  mpz_add (cx->base[q], cx->base[q], cx->jx[9 * j + 6 + q]);
                else
                  mpz_sub (cx->base[q], cx->base[q], cx->jx[9 * j + 6 + q]);
              }
          if (!evs[k].eq_next)
            break;
          k++;
        }
      a.event = ++cx->event;
      prev = evs[k].j;
      i = k + 1;
    }
  walk_segment (cx, l, &a, exact, prev, eout.j);
  walk_point (cx, l, &eout, &a, exact);
}

/* the box corners, in the order (lo, lo), (hi, lo), (hi, hi), (lo, hi) */
static void
corner_xy (const Ctx2 *cx, int c, double *x)
{
  x[0] = (c == 1 || c == 2) ? cx->hi[0] : cx->lo[0];
  x[1] = c >= 2 ? cx->hi[1] : cx->lo[1];
}

/* the value at corner c: filtered (ce = INFINITY without a filter), or
 * exact into num / den */
static void
corner_value (Ctx2 *cx, int c, bool exact)
{
  double x[2];
  corner_xy (cx, c, x);
  double G[3], e;
  memcpy (G, cx->fix, sizeof G);
  e = cx->efix;
  if (exact)
    for (int k = 0; k < 3; k++)
      mpz_set (cx->base[k], cx->fixx[k]);
  for (int l = 0; l < cx->nl; l++)
    {
      const Line2 *L = &cx->ln[l];
      int s = sign_at (L->r, L->r[2], x, 2);
      if (s > 0)
        acc3 (G, &e, L->jp, L->ejp, 1.0);
      else
        acc3 (G, &e, L->jm, L->ejm, 1.0);
      if (exact)
        for (int k = 0; k < 3; k++)
          mpz_add (cx->base[k], cx->base[k], cx->jx[9 * l + (s > 0 ? 3 : 0) + k]);
    }
  if (exact)
    {
      shl_exact_set_d (cx->t1, x[0], cx->e0);
      shl_exact_set_d (cx->t2, x[1], cx->e0);
      mpz_mul (cx->num, cx->base[0], cx->t1);
      mpz_addmul (cx->num, cx->base[1], cx->t2);
      mpz_addmul (cx->num, cx->base[2], cx->one);
      mpz_set (cx->den, cx->one);
      return;
    }
  double v = fma (G[0], x[0], fma (G[1], x[1], G[2]));
  cx->cv[c] = v;
  cx->ce[c] = (e * (fabs (x[0]) + fabs (x[1]) + 1.0)
               + 3.0 * U_ROUND * (fabs (G[0] * x[0]) + fabs (G[1] * x[1])
                                  + fabs (G[2])) + ETA) * SAFETY;
  if (!cx->safe || !isfinite (v) || !isfinite (cx->ce[c]))
    cx->cv[c] = 0.0, cx->ce[c] = INFINITY;
}

static void
finish_2d (ShlDistances *out, Ctx2 *cx)
{
  long e0 = cx->e0;
  out->sup = fabs (shl_exact_round_div (cx->bv.n, cx->bv.d, 2 * e0));
  if (cx->bv.where < 0)
    corner_xy (cx, -1 - cx->bv.where, out->argsup);
  else
    {
      exact_pair (cx, cx->bv.where, cx->bv.where2);
      out->argsup[0] = shl_exact_round_div (cx->nx, cx->dd, 0);
      out->argsup[1] = shl_exact_round_div (cx->ny, cx->dd, 0);
      for (int j = 0; j < 2; j++) /* exact in [lo, hi], so is the rounding */
        out->argsup[j] = fmin (fmax (out->argsup[j], cx->lo[j]), cx->hi[j]);
    }
  out->w1inf_2 = shl_exact_round_sqrt (cx->b2.n, 4 * e0);
  out->w1inf_max = fabs (shl_exact_round (cx->bm.n, 2 * e0));
  /* the robust pass: when it kept a cell (nothing ignored, or everything:
   * the exact values) */
  out->w1inf_2_robust = cx->b2r.have ? shl_exact_round_sqrt (cx->b2r.n, 4 * e0)
                                     : out->w1inf_2;
  out->w1inf_max_robust = cx->bmr.have
                            ? fabs (shl_exact_round (cx->bmr.n, 2 * e0))
                            : out->w1inf_max;
  /* the widest of the recorded maximising cells; the box when the
   * gradient difference is 0 everywhere */
  out->w1inf_width = -INFINITY;
  if (cx->b2.have && mpz_sgn (cx->b2.n) != 0)
    for (int k = 0; k < cx->nwc; k++)
      out->w1inf_width = fmax (out->w1inf_width,
                               cell_width_2d (cx, cx->wc[k].r, cx->wc[k].ra,
                                              cx->wc[k].rb, cx->wc[k].side));
  if (!(out->w1inf_width >= 0.0))
    {
      double wx = cx->hi[0] - cx->lo[0], wy = cx->hi[1] - cx->lo[1];
      out->w1inf_width = wx * wy / hypot (wx, wy);
    }
}

static bool
distance_2d (ShlDistances *out, const ShlNet *f, const ShlNet *g,
             const double *lo, const double *hi, bool robust)
{
  Ctx2 cx;
  if (!ctx2_build (&cx, f, g, lo, hi, robust))
    {
      ctx2_clear (&cx);
      return false;
    }
  const int nl = cx.nl;
  cx.Lv = cx.L2 = cx.Lm = -INFINITY;

  /* pass 1: the filter */
  for (int c = 0; c < 4; c++)
    {
      corner_value (&cx, c, false);
      cx.Lv = fmax (cx.Lv, fabs (cx.cv[c]) - cx.ce[c]);
    }
  bool rob = cx.nclu > 0;
  if (cx.safe)
    for (int l = 0; l < nl; l++)
      walk_line (&cx, l, false);
  else
    for (int l = 0; l < nl; l++)
      {
        cx.Uv[l] = cx.U2[l] = cx.Um[l] = INFINITY;
        if (rob)
          cx.U2r[l] = cx.Umr[l] = INFINITY;
      }

  /* pass 2: exact at the candidates */
  ctx2_exact (&cx);
  for (int c = 0; c < 4; c++)
    if (fabs (cx.cv[c]) + cx.ce[c] >= cx.Lv)
      {
        corner_value (&cx, c, true);
        if (best_offer (&cx.bv, cx.num, cx.den, cx.t1, cx.t2))
          cx.bv.where = -1 - c;
      }
  for (int l = 0; l < nl; l++)
    if (cx.Uv[l] >= cx.Lv || cx.U2[l] >= cx.L2 || cx.Um[l] >= cx.Lm
        || (rob && (cx.U2r[l] >= cx.L2r || cx.Umr[l] >= cx.Lmr)))
      walk_line (&cx, l, true);
  if (nl == 0)
    {
      /* one cell: the box */
      mpz_mul (cx.num, cx.fixx[0], cx.fixx[0]);
      mpz_addmul (cx.num, cx.fixx[1], cx.fixx[1]);
      best_offer (&cx.b2, cx.num, cx.b2.d, cx.t1, cx.t2);
      best_offer (&cx.bm,
                  mpz_cmpabs (cx.fixx[0], cx.fixx[1]) >= 0 ? cx.fixx[0]
                                                            : cx.fixx[1],
                  cx.bm.d, cx.t1, cx.t2);
    }
  finish_2d (out, &cx);
  ctx2_clear (&cx);
  return true;
}

/* 2-D reference: every neuron's line on its own (no grouping, no walk),
 * every vertex evaluated directly, every cell's gradient summed from the
 * sides of every line at a point of its boundary. O(M^3). */

/* rows for the reference: crossing neurons (original orientation), then
 * the box edges */
static const double *
nrow (const Ctx2 *cx, const double *rr, int j)
{
  return j < cx->ncross ? rr + 3 * j : cx->E[j - cx->ncross];
}

typedef struct {
  const Ctx2   *cx;
  const double *rr;
  int           i;
} NvCtx;

/* sign (pos_j - pos_k) along row i (both crossing i) */
static int
nv_cmp_pts (const NvCtx *c, int j, int k)
{
  const double *ri = nrow (c->cx, c->rr, c->i), *rj = nrow (c->cx, c->rr, j),
               *rk = nrow (c->cx, c->rr, k);
  int dj = shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]);
  int dk = shl_exact_sign_det2 (ri[0], ri[1], rk[0], rk[1]);
  return shl_exact_sign_det3 (ri, rj, rk) * dj * dk;
}

static int
nv_sort_cmp (const void *pa, const void *pb, void *user)
{
  int j = *(const int *) pa, k = *(const int *) pb;
  int c = nv_cmp_pts (user, j, k);
  return c != 0 ? c : (j > k) - (j < k);
}

/* side of row k at the crossing of rows i and j (exact) */
static int
nv_side (const Ctx2 *cx, const double *rr, int i, int j, int k)
{
  const double *ri = nrow (cx, rr, i), *rj = nrow (cx, rr, j),
               *rk = nrow (cx, rr, k);
  return shl_exact_sign_det3 (ri, rj, rk)
         * shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]);
}

typedef struct {
  double v, e;      /* filtered value or norm, error */
  double v2, e2;    /* max-norm (segments) */
  int    i, j, side;
  int    j2;        /* segments: the row at the other end */
  bool   ign;       /* segments: the robust pass ignores the cell */
} NvItem;

/* The reference's robust test for a cell with the sides of every crossing
 * neuron: some cluster has members on both sides (counted from scratch;
 * cnt (nclu) is scratch). */
static bool
nv_ignored (const Ctx2 *cx, const signed char *sides, int *cnt)
{
  if (cx->nclu == 0)
    return false;
  memcpy (cnt, cx->cfix, (size_t) cx->nclu * sizeof *cnt);
  for (int l = 0; l < cx->nl; l++)
    {
      int c = cx->clu[l];
      if (c < 0)
        continue;
      int q = cx->ln[l].first;
      if (sides[q] * cx->nr[cx->cross[q]].o > 0)
        cnt[c]++;
    }
  for (int c = 0; c < cx->nclu; c++)
    if (cnt[c] > 0 && cnt[c] < cx->csize[c])
      return true;
  return false;
}

static bool
nv_push (NvItem **it, size_t *n, size_t *cap, NvItem x)
{
  if (*n == *cap)
    {
      size_t c = *cap ? 2 * *cap : 256;
      NvItem *p = realloc (*it, c * sizeof *p);
      if (!p)
        return false;
      *it = p;
      *cap = c;
    }
  (*it)[(*n)++] = x;
  return true;
}

/* exact affine function (gradient, offset) at degree 2 beside a point of
 * row i: the affine part plus every crossing neuron k with sides[k] > 0 */
static void
nv_exact_affine (Ctx2 *cx, const signed char *sides)
{
  for (int k = 0; k < 3; k++)
    mpz_set (cx->base[k], cx->fixx[k]);
  for (int q = 0; q < cx->ncross; q++)
    if (sides[q] > 0)
      {
        const Neu2 *nu = &cx->nr[cx->cross[q]];
        shl_exact_set_d (cx->t1, nu->s * nu->c, cx->e0);
        double v[3] = { nu->a[0], nu->a[1], nu->b };
        for (int k = 0; k < 3; k++)
          {
            shl_exact_set_d (cx->t2, v[k], cx->e0);
            mpz_addmul (cx->base[k], cx->t1, cx->t2);
          }
      }
}

/* sides of every crossing neuron at the vertex (i, j); for a segment of row
 * i starting there (seg_side = +1 / -1 for the cell on the + / - side of
 * i), the sides on the open segment beside it */
static void
nv_sides (const Ctx2 *cx, const double *rr, int i, int j, int seg_side,
          signed char *sides)
{
  const double *ri = nrow (cx, rr, i);
  for (int k = 0; k < cx->ncross; k++)
    {
      if (seg_side != 0 && k == i)
        {
          sides[k] = (signed char) seg_side;
          continue;
        }
      int s = nv_side (cx, rr, i, j, k);
      if (s == 0 && seg_side != 0)
        {
          const double *rk = nrow (cx, rr, k);
          int dk = shl_exact_sign_det2 (ri[0], ri[1], rk[0], rk[1]);
          if (dk != 0)
            s = dk; /* crosses i here: beyond the point */
          else
            /* the same line as i: on the + side of i iff the same
             * orientation */
            s = seg_side * shl_exact_sign_det2 (rk[0], -rk[1], ri[1], ri[0]);
        }
      sides[k] = (signed char) s;
    }
}

static bool
distance_2d_naive (ShlDistances *out, const ShlNet *f, const ShlNet *g,
                   const double *lo, const double *hi, bool robust)
{
  Ctx2 cx;
  if (!ctx2_build (&cx, f, g, lo, hi, robust))
    {
      ctx2_clear (&cx);
      return false;
    }
  const int nc = cx.ncross, nr = nc + 4;
  double *rr = malloc ((size_t) (3 * nc + 1) * sizeof *rr);
  signed char *sides = malloc ((size_t) nc + 1);
  int *pts = malloc ((size_t) nr * sizeof *pts);
  int *cnt = malloc ((size_t) (cx.nclu + 1) * sizeof *cnt);
  NvItem *vit = NULL, *git = NULL;
  size_t nv = 0, capv = 0, ngi = 0, capg = 0;
  bool ok = rr && sides && pts && cnt;
  if (!ok)
    goto out;
  /* the affine part without any folding: the reference sums every
   * crossing neuron itself */
  for (int q = 0; q < nc; q++)
    {
      const Neu2 *nu = &cx.nr[cx.cross[q]];
      rr[3 * q] = nu->a[0];
      rr[3 * q + 1] = nu->a[1];
      rr[3 * q + 2] = nu->b;
    }
  double fix[3] = { cx.vf[0] - cx.vg[0], cx.vf[1] - cx.vg[1], cx.ef - cx.eg };
  double efix = U_ROUND * fmax (fabs (fix[0]), fmax (fabs (fix[1]), fabs (fix[2])));
  for (int k = 0; k < cx.nfixn; k++)
    {
      const Neu2 *nu = &cx.nr[cx.fixn[k]];
      acc3 (fix, &efix, nu->j, U_ROUND * fmax (fabs (nu->j[0]), fmax (fabs (nu->j[1]), fabs (nu->j[2]))) + ETA, 1.0);
    }
  /* exact data: ctx2_exact folds groups; redo the affine part unfolded */
  ctx2_exact (&cx);
  for (int q = 0; q < cx.nfold; q++)
    {
      mpz_t J[6];
      for (int k = 0; k < 6; k++)
        mpz_init (J[k]);
      group_exact (&cx, cx.cross + cx.folded[q].first, cx.folded[q].count, J,
                   cx.t1, cx.t2);
      for (int k = 0; k < 3; k++)
        mpz_sub (cx.fixx[k], cx.fixx[k], J[3 + k]);
      for (int k = 0; k < 6; k++)
        mpz_clear (J[k]);
    }

  /* vertices: all pairs of rows crossing in the closed box */
  double Lv = -INFINITY;
  for (int i = 0; i < nr; i++)
    for (int j = i + 1; j < nr; j++)
      {
        const double *ri = nrow (&cx, rr, i), *rj = nrow (&cx, rr, j);
        int sd = shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]);
        if (sd == 0)
          continue;
        bool inside = true;
        for (int e = 0; e < 4 && inside; e++)
          inside = nv_side (&cx, rr, i, j, nc + e) >= 0;
        if (!inside)
          continue;
        double D = shl_exact_det2_approx (ri[0], ri[1], rj[0], rj[1]);
        double vx = shl_exact_det2_approx (ri[1], rj[1], ri[2], rj[2]) / D;
        double vy = shl_exact_det2_approx (rj[0], ri[0], rj[2], ri[2]) / D;
        double ex = 6.0 * U_ROUND * fabs (vx) + ETA, ey = 6.0 * U_ROUND * fabs (vy) + ETA;
        double G[3], e = efix;
        memcpy (G, fix, sizeof G);
        nv_sides (&cx, rr, i, j, 0, sides);
        for (int k = 0; k < nc; k++)
          if (sides[k] > 0)
            {
              const Neu2 *nu = &cx.nr[cx.cross[k]];
              acc3 (G, &e, nu->j, U_ROUND * fmax (fabs (nu->j[0]), fmax (fabs (nu->j[1]), fabs (nu->j[2]))) + ETA, 1.0);
            }
        double v = fma (G[0], vx, fma (G[1], vy, G[2]));
        double ev = (e * (fabs (vx) + fabs (vy) + 1.0 + ex + ey)
                     + (fabs (G[0]) + e) * ex + (fabs (G[1]) + e) * ey
                     + 3.0 * U_ROUND * (fabs (G[0] * vx) + fabs (G[1] * vy) + fabs (G[2]))
                     + ETA) * SAFETY;
        if (!cx.safe || !isfinite (v) || !isfinite (ev))
          v = 0.0, ev = INFINITY;
        Lv = fmax (Lv, fabs (v) - ev);
        if (!nv_push (&vit, &nv, &capv, (NvItem) { v, ev, 0, 0, i, j, 0 }))
          {
            ok = false;
            goto out;
          }
      }
  for (size_t q = 0; q < nv; q++)
    if (fabs (vit[q].v) + vit[q].e >= Lv)
      {
        int i = vit[q].i, j = vit[q].j;
        nv_sides (&cx, rr, i, j, 0, sides);
        nv_exact_affine (&cx, sides);
        const double *ri = nrow (&cx, rr, i), *rj = nrow (&cx, rr, j);
        double rows6[6] = { ri[0], ri[1], ri[2], rj[0], rj[1], rj[2] };
        mpz_t z[6];
        for (int k = 0; k < 6; k++)
          {
            mpz_init (z[k]);
            shl_exact_set_d (z[k], rows6[k], cx.e0);
          }
        mpz_mul (cx.nx, z[1], z[5]);
        mpz_submul (cx.nx, z[4], z[2]);
        mpz_mul (cx.ny, z[3], z[2]);
        mpz_submul (cx.ny, z[0], z[5]);
        mpz_mul (cx.dd, z[0], z[4]);
        mpz_submul (cx.dd, z[1], z[3]);
        for (int k = 0; k < 6; k++)
          mpz_clear (z[k]);
        mpz_mul (cx.num, cx.base[0], cx.nx);
        mpz_addmul (cx.num, cx.base[1], cx.ny);
        mpz_addmul (cx.num, cx.base[2], cx.dd);
        if (best_offer (&cx.bv, cx.num, cx.dd, cx.t1, cx.t2))
          {
            out->argsup[0] = shl_exact_round_div (cx.nx, cx.dd, 0);
            out->argsup[1] = shl_exact_round_div (cx.ny, cx.dd, 0);
          }
      }

  /* cells: both sides of every segment of every crossing line */
  double L2 = -INFINITY, Lm = -INFINITY, L2r = -INFINITY, Lmr = -INFINITY;
  for (int i = 0; i < nc; i++)
    {
      const double *ri = nrow (&cx, rr, i);
      int np = 0;
      for (int j = 0; j < nr; j++)
        {
          if (j == i)
            continue;
          const double *rj = nrow (&cx, rr, j);
          if (shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]) == 0)
            continue;
          bool inside = true;
          for (int e = 0; e < 4 && inside; e++)
            inside = nv_side (&cx, rr, i, j, nc + e) >= 0;
          if (inside)
            pts[np++] = j;
        }
      NvCtx nvc = { &cx, rr, i };
      qsort_r (pts, (size_t) np, sizeof *pts, nv_sort_cmp, &nvc);
      int nu = 0;
      for (int k = 0; k < np; k++)
        if (nu == 0 || nv_cmp_pts (&nvc, pts[k], pts[nu - 1]) != 0)
          pts[nu++] = pts[k];
      for (int k = 0; k + 1 < nu; k++)
        for (int side = -1; side <= 1; side += 2)
          {
            nv_sides (&cx, rr, i, pts[k], side, sides);
            double G[3], e = efix;
            memcpy (G, fix, sizeof G);
            for (int q = 0; q < nc; q++)
              if (sides[q] > 0)
                {
                  const Neu2 *nu2 = &cx.nr[cx.cross[q]];
                  acc3 (G, &e, nu2->j, U_ROUND * fmax (fabs (nu2->j[0]), fmax (fabs (nu2->j[1]), fabs (nu2->j[2]))) + ETA, 1.0);
                }
            double n2 = sqrt (fma (G[0], G[0], G[1] * G[1]));
            double nm = fmax (fabs (G[0]), fabs (G[1]));
            double e2 = (1.5 * e + 3.0 * U_ROUND * n2) * SAFETY, em = e * SAFETY;
            if (!cx.safe || !isfinite (n2) || !isfinite (e2))
              n2 = nm = 0.0, e2 = em = INFINITY;
            L2 = fmax (L2, n2 - e2);
            Lm = fmax (Lm, nm - em);
            bool ign = nv_ignored (&cx, sides, cnt);
            if (!ign)
              {
                L2r = fmax (L2r, n2 - e2);
                Lmr = fmax (Lmr, nm - em);
              }
            if (!nv_push (&git, &ngi, &capg,
                          (NvItem) { n2, e2, nm, em, i, pts[k], side,
                                     pts[k + 1], ign }))
              {
                ok = false;
                goto out;
              }
          }
    }
  bool rob = cx.nclu > 0;
  for (size_t q = 0; q < ngi; q++)
    {
      const NvItem *it = &git[q];
      bool c2 = it->v + it->e >= L2, cm = it->v2 + it->e2 >= Lm;
      bool c2r = rob && !it->ign && it->v + it->e >= L2r;
      bool cmr = rob && !it->ign && it->v2 + it->e2 >= Lmr;
      if (!c2 && !cm && !c2r && !cmr)
        continue;
      nv_sides (&cx, rr, it->i, it->j, it->side, sides);
      nv_exact_affine (&cx, sides);
      mpz_mul (cx.num, cx.base[0], cx.base[0]);
      mpz_addmul (cx.num, cx.base[1], cx.base[1]);
      mpz_srcptr gm = mpz_cmpabs (cx.base[0], cx.base[1]) >= 0 ? cx.base[0]
                                                               : cx.base[1];
      if (c2)
        width_record (&cx, best_offer_cmp (&cx.b2, cx.num, cx.b2.d, cx.t1,
                                           cx.t2),
                      nrow (&cx, rr, it->i), nrow (&cx, rr, it->j),
                      nrow (&cx, rr, it->j2), it->side);
      if (c2r)
        best_offer (&cx.b2r, cx.num, cx.b2r.d, cx.t1, cx.t2);
      if (cm)
        best_offer (&cx.bm, gm, cx.bm.d, cx.t1, cx.t2);
      if (cmr)
        best_offer (&cx.bmr, gm, cx.bmr.d, cx.t1, cx.t2);
    }
  if (nc == 0)
    {
      mpz_mul (cx.num, cx.fixx[0], cx.fixx[0]);
      mpz_addmul (cx.num, cx.fixx[1], cx.fixx[1]);
      best_offer (&cx.b2, cx.num, cx.b2.d, cx.t1, cx.t2);
      best_offer (&cx.bm, mpz_cmpabs (cx.fixx[0], cx.fixx[1]) >= 0 ? cx.fixx[0] : cx.fixx[1],
                  cx.bm.d, cx.t1, cx.t2);
    }
  {
    /* the reference keeps the argsup of the best vertex it found */
    double a0 = out->argsup[0], a1 = out->argsup[1];
    cx.bv.where = -1;
    finish_2d (out, &cx);
    out->argsup[0] = fmin (fmax (a0, lo[0]), hi[0]);
    out->argsup[1] = fmin (fmax (a1, lo[1]), hi[1]);
  }

out:
  free (rr);
  free (sides);
  free (pts);
  free (cnt);
  free (vit);
  free (git);
  ctx2_clear (&cx);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Public entry points                                                      */

typedef bool (*Dist1) (ShlDistances *, const ShlNet *, const ShlNet *,
                       double, double, bool);
typedef bool (*Dist2) (ShlDistances *, const ShlNet *, const ShlNet *,
                       const double *, const double *, bool);

static void
set_nan (ShlDistances *out)
{
  out->sup = out->w1inf_2 = out->w1inf_max = out->sobolev = NAN;
  out->argsup[0] = out->argsup[1] = NAN;
  out->w1inf_2_robust = out->w1inf_max_robust = out->sobolev_robust = NAN;
  out->w1inf_width = NAN;
}

static bool
realization_distance (ShlDistances *out, const ShlNet *f, const ShlNet *g,
                      const double *lo, const double *hi, unsigned flags,
                      Dist1 d1, Dist2 d2)
{
  if (!out)
    return false;
  set_nan (out);
  if (!f || f->d < 1 || f->d > SHL_MAX_DIM || (g && g->d != f->d))
    return false;
  if (!shl_net_is_finite (f) || (g && !shl_net_is_finite (g)))
    return false;

  int d = f->d;
  double blo[SHL_MAX_DIM] = { 0.0, 0.0 }, bhi[SHL_MAX_DIM] = { 0.0, 0.0 };
  for (int j = 0; j < d; j++)
    {
      blo[j] = lo ? lo[j] : f->lo[j];
      bhi[j] = hi ? hi[j] : f->hi[j];
      if (!(blo[j] < bhi[j]) || !isfinite (blo[j]) || !isfinite (bhi[j]))
        return false;
    }

  bool robust = !(flags & SHL_GEOM_NO_ROBUST);
  out->argsup[0] = blo[0];
  out->argsup[1] = d > 1 ? blo[1] : 0.0;
  bool ok = d == 1 ? d1 (out, f, g, blo[0], bhi[0], robust)
                   : d2 (out, f, g, blo, bhi, robust);
  if (!ok)
    {
      set_nan (out);
      return false;
    }
  if (d == 1)
    out->argsup[1] = 0.0;
  out->sobolev = fmax (out->sup, out->w1inf_2);
  if (robust)
    out->sobolev_robust = fmax (out->sup, out->w1inf_2_robust);
  else
    out->w1inf_2_robust = out->w1inf_max_robust = NAN;
  return true;
}

bool
shl_realization_distance (ShlDistances *out, const ShlNet *f,
                          const ShlNet *g, const double *lo, const double *hi)
{
  return realization_distance (out, f, g, lo, hi, 0, distance_1d,
                               distance_2d);
}

bool
shl_realization_distance_flags (ShlDistances *out, const ShlNet *f,
                                const ShlNet *g, const double *lo,
                                const double *hi, unsigned flags)
{
  return realization_distance (out, f, g, lo, hi, flags, distance_1d,
                               distance_2d);
}

bool
shl_realization_distance_naive (ShlDistances *out, const ShlNet *f,
                                const ShlNet *g, const double *lo,
                                const double *hi)
{
  return realization_distance (out, f, g, lo, hi, 0, distance_1d_naive,
                               distance_2d_naive);
}

double
shl_param_distance_raw (const ShlNet *f, const ShlNet *g)
{
  if (!f || !g || f->m != g->m || f->d != g->d)
    return NAN;
  double r = 0.0;
  for (size_t k = 0; k < f->n_params; k++)
    {
      double dk = fabs (f->theta[k] - g->theta[k]);
      if (isnan (dk))
        return NAN;
      r = fmax (r, dk);
    }
  return r;
}
