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
 * Files: this one holds the neuron status, the kinks and the public entry
 * points; shl-geom-common.c the sort, the exact maxima and the rounding-level
 * coincidence; shl-geom-1d.c the 1-D sweep; shl-geom-2d-build.c the 2-D
 * arrangement; shl-geom-2d-robust.c the robust pass in 2-D;
 * shl-geom-2d-walk.c the 2-D walk; shl-geom-naive.c the references;
 * shl-geom-private.h what they share.
 *
 * Plain C + libm + GMP, no GLib. */
#include "shl-geom-private.h"

#include <stdlib.h>

/* ------------------------------------------------------------------------ */
/* Neuron status                                                            */

/* exact sign of <a, x> + b */
int
shl_geom_sign_at (const double *a, double b, const double *x, int d)
{
  if (d == 1)
    return shl_exact_sign_det2 (a[0], -b, 1.0, x[0]);
  double e1[3] = { 1.0, 0.0, -x[0] }, e2[3] = { 0.0, 1.0, -x[1] };
  double r[3] = { a[0], a[1], b };
  return shl_exact_sign_det3 (e1, e2, r);
}

/* Status of the neuron (a, b, c) of dimension d on the box [lo, hi],
 * decided exactly from the signs of <a, x> + b at the corners. */
ShlNeuronStatus
shl_geom_status_on_box (const double *a, double b, double c, int d,
                        const double *lo, const double *hi)
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
      int s = shl_geom_sign_at (a, b, x, d);
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
  return shl_geom_status_on_box (net->a + (size_t) i * (size_t) net->d,
                                 net->b[i], net->c[i], net->d, net->lo,
                                 net->hi);
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
/* Kinks                                                                    */

/* sign (t_i - t_j) for the kinks t = -b / a (a != 0), exact */
int
shl_geom_kink_cmp_exact (double ai, double bi, double aj, double bj)
{
  /* t_i - t_j = (b_j a_i - b_i a_j) / (a_i a_j) */
  return shl_exact_sign_det2 (bj, bi, aj, ai) * sgn (ai) * sgn (aj);
}

/* sign (t - x) for the kink t = -b / a (a != 0) and a double x, exact */
int
shl_geom_kink_cmp_point (double a, double b, double x)
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
  int c = shl_geom_kink_cmp_exact (k->a[i], k->b[i], k->a[j], k->b[j]);
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
  shl_geom_sort_keyed (k, k + n, (size_t) n);
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
      if (shl_geom_kink_cmp_point (net->a[i], net->b[i], net->lo[0]) > 0
          && shl_geom_kink_cmp_point (net->a[i], net->b[i], net->hi[0]) < 0)
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
  return realization_distance (out, f, g, lo, hi, 0, shl_geom_distance_1d,
                               shl_geom_distance_2d);
}

bool
shl_realization_distance_flags (ShlDistances *out, const ShlNet *f,
                                const ShlNet *g, const double *lo,
                                const double *hi, unsigned flags)
{
  return realization_distance (out, f, g, lo, hi, flags, shl_geom_distance_1d,
                               shl_geom_distance_2d);
}

bool
shl_realization_distance_naive (ShlDistances *out, const ShlNet *f,
                                const ShlNet *g, const double *lo,
                                const double *hi)
{
  return realization_distance (out, f, g, lo, hi, 0,
                               shl_geom_distance_1d_naive,
                               shl_geom_distance_2d_naive);
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
