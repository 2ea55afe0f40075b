/* test-robust.c: the robust W^{1,inf} fields of shl_realization_distance
 * (kinks that coincide up to rounding treated as one kink) and
 * w1inf_width.
 *
 * - Symmetry moves (balance, rescale by 0.3, the canonical form) on random
 *   1-D and 2-D networks: the robust W^{1,inf} distance between before and
 *   after is at rounding level relative to the jumps, while the exact one
 *   sees whole jumps on ulp-wide slivers (counted, so the test means
 *   something); kinks moved by rounding across the domain's boundary or a
 *   box corner included.
 * - Genuine thin features keep their value: relu(x) - relu(x - 1e-8) on
 *   [-1e6, 1e6], P0 at n = 1e14 and 1e15, two kinks 1e-12 apart near 0.5,
 *   a strip of width 1e-12 in 2-D.
 * - The definition at its edge: kinks 8 ulps apart are one kink (robust 0),
 *   9 ulps apart are two (robust = exact = the jump).
 * - Properties on random networks: robust <= exact always; robust = exact
 *   when no two kinks coincide up to rounding (checked by a pairwise test
 *   here); the engine's naive reference gives the same robust fields bit
 *   for bit; an independent 1-D reference written here (exact rationals,
 *   its own grouping and clustering) gives the same robust value.
 * - w1inf_width: hand-computed lengths and cells, ulp-wide slivers.
 *
 * SHL_TEST_STRESS=1 runs ten times as many seeds. */
#include <float.h>
#include <glib.h>
#include <gmp.h>
#include <math.h>
#include <string.h>

#include "shl-geom.h"
#include "shl-move.h"
#include "shl-net.h"
#include "shl-symmetry.h"
#include "shl-test.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static guint64
n_seeds (guint64 n)
{
  return g_getenv ("SHL_TEST_STRESS") ? 10 * n : n;
}

static void
set_neuron (ShlNet *net, int i, double a0, double a1, double b, double c)
{
  net->a[i * net->d] = a0;
  if (net->d > 1)
    net->a[i * net->d + 1] = a1;
  net->b[i] = b;
  net->c[i] = c;
}

static ShlNet *
net_on (int m, int d, double lo, double hi)
{
  double l[2] = { lo, lo }, h[2] = { hi, hi };
  ShlNet *n = shl_net_new (m, d, l, h);
  g_assert_nonnull (n);
  return n;
}

/* the fast and the naive algorithm agree bit for bit on every field but
 * (2-D) the width, and swapping f and g changes nothing of the robust
 * fields */
static ShlDistances
distance_checked (const ShlNet *f, const ShlNet *g)
{
  ShlDistances D, N;
  g_assert_true (shl_realization_distance (&D, f, g, NULL, NULL));
  g_assert_true (shl_realization_distance_naive (&N, f, g, NULL, NULL));
  g_assert_cmpfloat (D.sup, ==, N.sup);
  g_assert_cmpfloat (D.w1inf_2, ==, N.w1inf_2);
  g_assert_cmpfloat (D.w1inf_max, ==, N.w1inf_max);
  g_assert_cmpfloat (D.w1inf_2_robust, ==, N.w1inf_2_robust);
  g_assert_cmpfloat (D.w1inf_max_robust, ==, N.w1inf_max_robust);
  g_assert_cmpfloat (D.sobolev_robust, ==, N.sobolev_robust);
  g_assert_cmpfloat (D.sobolev_robust, ==, fmax (D.sup, D.w1inf_2_robust));
  if (f->d == 1)
    g_assert_cmpfloat (D.w1inf_width, ==, N.w1inf_width);
  g_assert_cmpfloat (D.w1inf_width, >, 0.0);
  /* robust <= exact */
  g_assert_cmpfloat (D.w1inf_2_robust, <=, D.w1inf_2);
  g_assert_cmpfloat (D.w1inf_max_robust, <=, D.w1inf_max);
  if (g)
    {
      ShlDistances R;
      g_assert_true (shl_realization_distance (&R, g, f, NULL, NULL));
      g_assert_cmpfloat (R.w1inf_2, ==, D.w1inf_2);
      g_assert_cmpfloat (R.w1inf_2_robust, ==, D.w1inf_2_robust);
      g_assert_cmpfloat (R.w1inf_max_robust, ==, D.w1inf_max_robust);
    }
  /* without the robust pass: the same exact fields, robust NAN */
  ShlDistances X;
  g_assert_true (shl_realization_distance_flags (&X, f, g, NULL, NULL,
                                                 SHL_GEOM_NO_ROBUST));
  g_assert_cmpfloat (X.sup, ==, D.sup);
  g_assert_cmpfloat (X.w1inf_2, ==, D.w1inf_2);
  g_assert_cmpfloat (X.w1inf_max, ==, D.w1inf_max);
  g_assert_true (isnan (X.w1inf_2_robust) && isnan (X.sobolev_robust));
  return D;
}

/* the scale of the jumps: sum over both networks of |c| ||a||_2, and the
 * affine parts */
static double
jump_scale (const ShlNet *f, const ShlNet *g)
{
  double s = 0.0;
  for (int k = 0; k < 2; k++)
    {
      const ShlNet *n = k ? g : f;
      for (int i = 0; n && i < n->m; i++)
        {
          double a2 = 0.0;
          for (int j = 0; j < n->d; j++)
            a2 += n->a[i * n->d + j] * n->a[i * n->d + j];
          s += fabs (n->c[i]) * sqrt (a2);
        }
      for (int j = 0; n && j < n->d; j++)
        s += fabs (n->v[j]);
    }
  return s;
}

/* ------------------------------------------------------------------------ */
/* Symmetry moves                                                           */

static void
check_move (const ShlNet *f, const ShlMove *mv, int *n_sliver)
{
  ShlNet *g = shl_move_apply (mv, f);
  g_assert_nonnull (g);
  ShlDistances D = distance_checked (f, g);
  double scale = jump_scale (f, g);
  /* the function is the same up to rounding ... */
  g_assert_cmpfloat (D.sup, <=, 1e-13 * (1.0 + scale));
  /* ... and so is its derivative, once coinciding kinks are one kink:
   * within a few hundred ulps of the jumps' total (each cell's gradient
   * difference is a sum of rounding errors, one per neuron) */
  if (!(D.w1inf_2_robust <= 256 * DBL_EPSILON * scale))
    {
      char id[SHL_MOVE_TEXT_MAX];
      g_error ("%s: robust W1inf %g (exact %g, scale %g)",
               shl_move_to_id (id, sizeof id, mv), D.w1inf_2_robust,
               D.w1inf_2, scale);
    }
  g_assert_cmpfloat (D.w1inf_max_robust, <=, 256 * DBL_EPSILON * scale);
  /* the exact distance sees a jump on a sliver: that interval or cell is
   * at most a few ulps wide */
  if (D.w1inf_2 > 1e-6 * scale)
    {
      (*n_sliver)++;
      g_assert_cmpfloat (D.w1inf_width, <, 1e-13);
    }
  shl_net_free (g);
}

static void
test_moves (void)
{
  int n_sliver[2] = { 0, 0 };
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 1; seed <= n_seeds (30); seed++)
      {
        int m = 4 + (int) (seed % 9);
        ShlNet *f = shl_test_random_net (m, d, 100 * seed + (guint64) d);
        ShlMove mv[] = {
          shl_move_balance (),
          shl_move_balance_neuron ((int) (seed % (guint64) m)),
          shl_move_rescale_neuron (0, 0.3),
          shl_move_rescale_neuron (m - 1, 1.7),
          shl_move_canonical (),
        };
        for (unsigned k = 0; k < G_N_ELEMENTS (mv); k++)
          check_move (f, &mv[k], &n_sliver[d - 1]);
        /* two moves in a row (the balance, then a rescale of the result):
         * still within the tolerance */
        ShlNet *b = shl_move_apply (&mv[0], f);
        ShlNet *g = shl_move_apply (&mv[2], b);
        ShlDistances D = distance_checked (f, g);
        g_assert_cmpfloat (D.w1inf_2_robust, <=,
                           256 * DBL_EPSILON * jump_scale (f, g));
        shl_net_free (b);
        shl_net_free (g);
        shl_net_free (f);
      }
  /* magnitudes outside the filters' safe range (everything exact, no
   * filter): inner weights scaled by 2^400, outer ones by 2^-300 */
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 1; seed <= n_seeds (6); seed++)
      {
        ShlNet *f = shl_test_random_net (5, d, 300 + seed);
        for (int i = 0; i < f->m; i++)
          {
            for (int j = 0; j < d; j++)
              f->a[i * d + j] = ldexp (f->a[i * d + j], 400);
            f->b[i] = ldexp (f->b[i], 400);
            f->c[i] = ldexp (f->c[i], -300);
          }
        ShlMove mv = shl_move_balance ();
        check_move (f, &mv, &n_sliver[d - 1]);
        mv = shl_move_rescale_neuron (1, 0.3);
        check_move (f, &mv, &n_sliver[d - 1]);
        shl_net_free (f);
      }
  g_test_message ("moves whose exact W1inf distance saw a sliver: 1-D %d, "
                  "2-D %d", n_sliver[0], n_sliver[1]);
  g_assert_cmpint (n_sliver[0], >, 0);
  g_assert_cmpint (n_sliver[1], >, 0);
}

/* A kink on the domain's boundary (1-D) or a line through a box corner
 * (2-D), rescaled: rounding may move it inside, where the exact distance
 * sees the jump on an ulp-wide piece; its partner outside keeps the robust
 * distance at rounding level. */
static void
test_moves_boundary (void)
{
  int inside[2] = { 0, 0 };
  for (int d = 1; d <= 2; d++)
    for (int k = 0; k < 200; k++)
      {
        double lambda = 0.1 + 0.0137 * k;
        ShlNet *f;
        if (d == 1)
          {
            /* kink at lo = -0.7 exactly: (a, b) = (1, 0.7) */
            f = net_on (2, 1, -0.7, 0.7);
            set_neuron (f, 0, 1.0, 0, 0.7, 1.3);
            set_neuron (f, 1, 2.0, 0, -0.25, -0.4);
          }
        else
          {
            /* through the corner (-1, -1): x + 0.75 y + 1.75 = 0 */
            f = net_on (2, 2, -1.0, 1.0);
            set_neuron (f, 0, 1.0, 0.75, 1.75, 1.3);
            set_neuron (f, 1, 0.5, -1.0, 0.2, -0.4);
          }
        g_assert_cmpint (shl_neuron_status (f, 0), ==, SHL_NEURON_AFFINE);
        ShlMove mv = shl_move_rescale_neuron (0, lambda);
        ShlNet *g = shl_move_apply (&mv, f);
        ShlDistances D = distance_checked (f, g);
        if (shl_neuron_status (g, 0) == SHL_NEURON_ACTIVE)
          {
            inside[d - 1]++;
            g_assert_cmpfloat (D.w1inf_2, >, 1.0);
          }
        g_assert_cmpfloat (D.w1inf_2_robust, <=, 1e-14);
        shl_net_free (f);
        shl_net_free (g);
      }
  g_test_message ("rescalings that moved the kink inside: 1-D %d, 2-D %d",
                  inside[0], inside[1]);
  g_assert_cmpint (inside[0], >, 0);
  g_assert_cmpint (inside[1], >, 0);
}

/* ------------------------------------------------------------------------ */
/* Genuine thin features                                                    */

static void
test_thin (void)
{
  /* relu(x) - relu(x - 1e-8) on [-1e6, 1e6] against 0 */
  ShlNet *f = net_on (2, 1, -1e6, 1e6);
  set_neuron (f, 0, 1.0, 0, 0.0, 1.0);
  set_neuron (f, 1, 1.0, 0, -1e-8, -1.0);
  ShlDistances D = distance_checked (f, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, 1.0);
  g_assert_cmpfloat (D.w1inf_2_robust, ==, 1.0);
  g_assert_cmpfloat (D.w1inf_max_robust, ==, 1.0);
  g_assert_cmpfloat (D.sobolev_robust, ==, 1.0);
  g_assert_cmpfloat (D.w1inf_width, ==, 1e-8);
  shl_net_free (f);

  /* P0 at n = 1e14 and 1e15: relu(n x)/n - relu(n x - 1)/n against 0 */
  for (int k = 14; k <= 15; k++)
    {
      double n = pow (10.0, k);
      f = net_on (2, 1, -1.0, 1.0);
      set_neuron (f, 0, n, 0, 0.0, 1.0 / n);
      set_neuron (f, 1, n, 0, -1.0, -1.0 / n);
      D = distance_checked (f, NULL);
      /* the slope is n (1/n) rounded: 1 within an ulp */
      shl_assert_close (D.w1inf_2, 1.0, 4 * DBL_EPSILON, 0);
      g_assert_cmpfloat (D.w1inf_2_robust, ==, D.w1inf_2);
      g_assert_cmpfloat (D.w1inf_width, ==, 1.0 / n);
      shl_net_free (f);
    }

  /* two kinks 1e-12 apart near 0.5, with slopes elsewhere */
  f = net_on (4, 1, -1.0, 1.0);
  set_neuron (f, 0, 1.0, 0, -0.5, 2.0);
  set_neuron (f, 1, 1.0, 0, -(0.5 + 1e-12), -2.0);
  set_neuron (f, 2, 1.0, 0, 0.25, 0.3);
  set_neuron (f, 3, -1.0, 0, -0.1, 0.2);
  D = distance_checked (f, NULL);
  /* the strip's slope: 2 + 0.3 (neuron 2 is active there) */
  g_assert_cmpfloat (D.w1inf_2, ==, 2.3);
  g_assert_cmpfloat (D.w1inf_2_robust, ==, 2.3);
  shl_assert_close (D.w1inf_width, 1e-12, 1e-3, 0);
  shl_net_free (f);

  /* 2-D: a strip of width 1e-12 / sqrt 2 along x + y = 0.5 */
  f = net_on (2, 2, -1.0, 1.0);
  set_neuron (f, 0, 1.0, 1.0, -0.5, 1.0);
  set_neuron (f, 1, 1.0, 1.0, -(0.5 + 1e-12), -1.0);
  D = distance_checked (f, NULL);
  shl_assert_close (D.w1inf_2, M_SQRT2, 1e-15, 0);
  g_assert_cmpfloat (D.w1inf_2_robust, ==, D.w1inf_2);
  g_assert_cmpfloat (D.w1inf_max_robust, ==, D.w1inf_max);
  /* area / radius of a strip of width w: between w / 2 and 2 w */
  double w = 1e-12 / M_SQRT2;
  g_assert_cmpfloat (D.w1inf_width, >=, 0.49 * w);
  g_assert_cmpfloat (D.w1inf_width, <=, 2.01 * w);
  shl_net_free (f);
}

/* ------------------------------------------------------------------------ */
/* The definition at its edge                                               */

/* t moved up by k ulps */
static double
ulps_up (double t, int k)
{
  for (int i = 0; i < k; i++)
    t = nextafter (t, INFINITY);
  return t;
}

static void
test_ulps_apart (void)
{
  const double ts[] = { 0.3, -0.7, 0.5, 1e-9, -3e-300 };
  for (unsigned q = 0; q < G_N_ELEMENTS (ts); q++)
    for (int k = 1; k <= 10; k++)
      {
        double t = ts[q], t2 = ulps_up (t, k);
        /* relu(x - t) - relu(x - t2): the slope 1 on [t, t2] only */
        ShlNet *f = net_on (2, 1, -1.0, 1.0);
        set_neuron (f, 0, 1.0, 0, -t, 1.0);
        set_neuron (f, 1, 1.0, 0, -t2, -1.0);
        ShlDistances D = distance_checked (f, NULL);
        g_assert_cmpfloat (D.w1inf_2, ==, 1.0);
        g_assert_cmpfloat (D.w1inf_width, ==, t2 - t);
        /* k ulps of the larger magnitude: at most 8 is one kink */
        double gap = (t2 - t) / (fabs (t) > fabs (t2) ? nextafter (fabs (t), INFINITY) - fabs (t)
                                                      : nextafter (fabs (t2), INFINITY) - fabs (t2));
        if (gap <= SHL_ROBUST_ULPS)
          g_assert_cmpfloat (D.w1inf_2_robust, ==, 0.0);
        else
          g_assert_cmpfloat (D.w1inf_2_robust, ==, 1.0);
        shl_net_free (f);

        /* 2-D: parallel lines one to ten ulps apart in b */
        if (q > 2)
          continue;
        f = net_on (2, 2, -1.0, 1.0);
        set_neuron (f, 0, 1.0, 0.25, -t, 1.0);
        set_neuron (f, 1, 1.0, 0.25, -t2, -1.0);
        D = distance_checked (f, NULL);
        g_assert_cmpfloat (D.w1inf_2, ==, hypot (1.0, 0.25));
        g_assert_cmpfloat (D.w1inf_width, <, 1e-14);
        if (gap <= SHL_ROBUST_ULPS)
          g_assert_cmpfloat (D.w1inf_2_robust, ==, 0.0);
        else
          g_assert_cmpfloat (D.w1inf_2_robust, ==, D.w1inf_2);
        shl_net_free (f);
      }

  /* a line tilted by an ulp: a thin wedge; outside it the gradients
   * differ by the ulp, which is all the robust distance keeps */
  ShlNet *f = net_on (2, 2, -1.0, 1.0);
  double s = 0.3, s2 = nextafter (0.3, 1.0);
  set_neuron (f, 0, 1.0, s, -0.2, 1.0);
  set_neuron (f, 1, 1.0, s2, -0.2, -1.0);
  ShlDistances D = distance_checked (f, NULL);
  shl_assert_close (D.w1inf_2, hypot (1.0, 0.3), 1e-15, 0);
  g_assert_cmpfloat (D.w1inf_2_robust, ==, s2 - s);
  g_assert_cmpfloat (D.w1inf_width, <, 1e-15);
  shl_net_free (f);

  /* opposite orientations on the same line up to an ulp: one line.
   * f - g = rho(l') - rho(l) + 2 (l - l') for l = x + s y - 0.2 and l'
   * its tilt: on the wedges |grad| ~ 1, elsewhere (0, s2 - s) or twice
   * that */
  f = net_on (2, 2, -1.0, 1.0);
  set_neuron (f, 0, 1.0, s, -0.2, 1.0);
  set_neuron (f, 1, -1.0, -s2, 0.2, 2.0);
  ShlNet *g = net_on (2, 2, -1.0, 1.0);
  set_neuron (g, 0, 1.0, s2, -0.2, 1.0);
  set_neuron (g, 1, -1.0, -s, 0.2, 2.0);
  D = distance_checked (f, g);
  g_assert_cmpfloat (D.w1inf_2, >, 1.0);
  g_assert_cmpfloat (D.w1inf_2_robust, ==, 2 * (s2 - s));
  shl_net_free (f);
  shl_net_free (g);
}

/* ------------------------------------------------------------------------ */
/* w1inf_width                                                              */

static void
test_width (void)
{
  /* relu(x) on [-1, 1]: slope 1 on (0, 1) */
  ShlNet *f = net_on (1, 1, -1.0, 1.0);
  set_neuron (f, 0, 1.0, 0, 0.0, 1.0);
  ShlDistances D = distance_checked (f, NULL);
  g_assert_cmpfloat (D.w1inf_width, ==, 1.0);
  /* against itself: 0 everywhere, the whole domain */
  D = distance_checked (f, f);
  g_assert_cmpfloat (D.w1inf_2, ==, 0.0);
  g_assert_cmpfloat (D.w1inf_width, ==, 2.0);
  shl_net_free (f);

  /* equal maxima: the widest interval (slope 1 on (-1, -0.9), then on
   * (0, 1)) */
  f = net_on (2, 1, -1.0, 1.0);
  set_neuron (f, 0, -1.0, 0, -0.9, -1.0); /* slope 1 left of -0.9 */
  set_neuron (f, 1, 1.0, 0, 0.0, 1.0);    /* slope 1 right of 0 */
  D = distance_checked (f, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, 1.0);
  g_assert_cmpfloat (D.w1inf_width, ==, 1.0);
  shl_net_free (f);

  /* 2-D: relu(x) on [-1, 1]^2: the cell [0, 1] x [-1, 1], area 2, the
   * farthest vertex from any vertex sqrt 5 away */
  f = net_on (1, 2, -1.0, 1.0);
  set_neuron (f, 0, 1.0, 0.0, 0.0, 1.0);
  D = distance_checked (f, NULL);
  shl_assert_close (D.w1inf_width, 2.0 / sqrt (5.0), 1e-15, 0);
  /* zero everywhere: the box, area 4 over the diagonal */
  D = distance_checked (f, f);
  shl_assert_close (D.w1inf_width, 4.0 / sqrt (8.0), 1e-15, 0);
  shl_net_free (f);

  /* a triangle: relu(x + y - 1), the cell x + y > 1 with vertices (0, 1),
   * (1, 0), (1, 1): area 1/2, farthest distance sqrt 2 or 1 */
  f = net_on (1, 2, -1.0, 1.0);
  set_neuron (f, 0, 1.0, 1.0, -1.0, 1.0);
  D = distance_checked (f, NULL);
  g_assert_cmpfloat (D.w1inf_width, >=, 0.5 / M_SQRT2 * (1 - 1e-15));
  g_assert_cmpfloat (D.w1inf_width, <=, 0.5 * (1 + 1e-15));
  shl_net_free (f);
}

/* ------------------------------------------------------------------------ */
/* Properties and references                                                */

/* An independent 1-D reference of the robust W^{1,inf} distance, with
 * exact rationals: the kinks of f - g (every neuron with a, c != 0, both
 * networks), grouped by exact position, a group a member if the slope of
 * f - g jumps there; clusters greedily by the rounded positions; the exact
 * slope of f - g on every interval between consecutive points of
 * {lo, hi, member kinks inside}, the maximum over the intervals that no
 * cluster spans. *any_ignored: whether an interval was left out. */
typedef struct {
  mpq_t  t;    /* exact kink */
  double tr;   /* -b / a rounded */
  mpq_t  js;   /* the slope jump of this neuron (c a, sign of f - g) */
} RefKink;

static double
reference_robust_1d (const ShlNet *f, const ShlNet *g, gboolean *any_ignored)
{
  GArray *k = g_array_new (FALSE, FALSE, sizeof (RefKink));
  mpq_t slope0, x, y;
  mpq_inits (slope0, x, y, NULL);
  mpq_t lo, hi;
  mpq_inits (lo, hi, NULL);
  mpq_set_d (lo, f->lo[0]);
  mpq_set_d (hi, f->hi[0]);
  /* the slope at lo (just right of it): v and every neuron active there */
  for (int s = 0; s < 2; s++)
    {
      const ShlNet *n = s ? g : f;
      mpq_set_d (x, n->v[0]);
      if (s)
        mpq_sub (slope0, slope0, x);
      else
        mpq_add (slope0, slope0, x);
      for (int i = 0; i < n->m; i++)
        {
          if (n->c[i] == 0.0 || n->a[i] == 0.0)
            continue;
          RefKink r;
          mpq_inits (r.t, r.js, NULL);
          mpq_set_d (r.t, -n->b[i]);
          mpq_set_d (x, n->a[i]);
          mpq_div (r.t, r.t, x);
          r.tr = -n->b[i] / n->a[i];
          mpq_set_d (r.js, n->c[i]);
          mpq_mul (r.js, r.js, x);
          if (s)
            mpq_neg (r.js, r.js);
          /* active just right of lo: a > 0 and t <= lo, or a < 0 and
           * t > lo */
          gboolean act = n->a[i] > 0 ? mpq_cmp (r.t, lo) <= 0
                                     : mpq_cmp (r.t, lo) > 0;
          if (act)
            mpq_add (slope0, slope0, r.js);
          /* crossing a kink left to right changes the slope by +js for a
           * > 0 and by -js for a < 0: store the signed change */
          if (n->a[i] < 0)
            mpq_neg (r.js, r.js);
          g_array_append_val (k, r);
        }
    }
  /* sort by exact position (insertion sort: small) */
  RefKink *r = (RefKink *) k->data;
  int n = (int) k->len;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && mpq_cmp (r[j - 1].t, r[j].t) > 0; j--)
      {
        RefKink t = r[j - 1];
        r[j - 1] = r[j];
        r[j] = t;
      }
  /* groups of equal kinks with a non-zero total change: the members */
  GArray *mt = g_array_new (FALSE, FALSE, sizeof (int));   /* first kink */
  GArray *mj = g_array_new (FALSE, FALSE, sizeof (int));   /* group end */
  for (int i = 0; i < n;)
    {
      int e = i + 1;
      mpq_set (x, r[i].js);
      while (e < n && mpq_equal (r[e].t, r[i].t))
        mpq_add (x, x, r[e++].js);
      if (mpq_sgn (x) != 0)
        {
          g_array_append_val (mt, i);
          g_array_append_val (mj, e);
        }
      i = e;
    }
  int nm = (int) mt->len;
  int *cl = g_new (int, nm + 1);
  int id = -1;
  double lead = 0.0;
  for (int q = 0; q < nm; q++)
    {
      double t = r[g_array_index (mt, int, q)].tr;
      double M = fmax (fabs (t), fabs (lead));
      double ulp = M < DBL_MIN ? 0x1p-1074 : nextafter (M, INFINITY) - M;
      if (id < 0 || !(fabs (t - lead) <= SHL_ROBUST_ULPS * ulp))
        {
          id++;
          lead = t;
        }
      cl[q] = id;
    }
  /* sweep the intervals inside the box: members 0 .. L are at or left
   * of lo, R .. nm - 1 at or right of hi; interval q (L < q <= R) runs
   * from member q - 1 (or lo) to member q (or hi) and is ignored when the
   * members on its two sides (wherever they are) share a cluster */
  int L = -1, R = nm;
  for (int q = 0; q < nm; q++)
    {
      const mpq_t *t = &r[g_array_index (mt, int, q)].t;
      if (mpq_cmp (*t, lo) <= 0)
        L = q;
      if (mpq_cmp (*t, hi) >= 0 && R == nm)
        R = q;
    }
  double best = -1.0, best_all = -1.0;
  *any_ignored = FALSE;
  mpq_set (y, slope0);
  for (int q = L + 1; q <= R; q++)
    {
      int left = q - 1, right = q < nm ? q : -1;
      gboolean ign = left >= 0 && right >= 0 && cl[left] == cl[right];
      double v = fabs (mpq_get_d (y));
      best_all = fmax (best_all, v);
      if (ign)
        *any_ignored = TRUE;
      else
        best = fmax (best, v);
      if (q == R)
        break;
      for (int i = g_array_index (mt, int, q); i < g_array_index (mj, int, q); i++)
        mpq_add (y, y, r[i].js);
    }
  for (int i = 0; i < n; i++)
    mpq_clears (r[i].t, r[i].js, NULL);
  g_array_unref (k);
  g_array_unref (mt);
  g_array_unref (mj);
  g_free (cl);
  mpq_clears (slope0, x, y, lo, hi, NULL);
  return best < 0 ? best_all : best;
}

/* a random 1-D network g near f: some neurons kept, some rescaled (kinks
 * moved by rounding), some kinks moved by 0 to 12 ulps, some new ones,
 * some kinks put on the boundary or just outside it */
static ShlNet *
perturbed_1d (const ShlNet *f, ShlRng *rng)
{
  ShlNet *g = shl_net_copy (f);
  for (int i = 0; i < g->m; i++)
    {
      double u = shl_rng_uniform (rng);
      if (u < 0.25)
        shl_net_rescale_neuron (g, i, 0.1 + 3 * shl_rng_uniform (rng));
      else if (u < 0.5)
        {
          double t = -g->b[i] / g->a[i];
          g->b[i] = -ulps_up (t, (int) (13 * shl_rng_uniform (rng))) * g->a[i];
        }
      else if (u < 0.6)
        {
          g->a[i] = shl_rng_normal (rng);
          g->b[i] = shl_rng_normal (rng);
        }
      else if (u < 0.7)
        {
          /* on the boundary, or an ulp or two off it */
          double t = ulps_up (shl_rng_uniform (rng) < 0.5 ? g->lo[0] : g->hi[0],
                              (int) (3 * shl_rng_uniform (rng)));
          g->b[i] = -t * g->a[i];
        }
    }
  return g;
}

static void
test_reference_1d (void)
{
  int n_ign = 0;
  for (guint64 seed = 1; seed <= n_seeds (300); seed++)
    {
      ShlRng rng;
      shl_rng_seed (&rng, seed);
      int m = 1 + (int) (seed % 12);
      ShlNet *f = shl_test_random_net (m, 1, seed);
      ShlNet *g = perturbed_1d (f, &rng);
      ShlDistances D = distance_checked (f, g);
      gboolean ign;
      double ref = reference_robust_1d (f, g, &ign);
      n_ign += ign;
      shl_assert_close (D.w1inf_2_robust, ref, 4 * DBL_EPSILON, 0);
      if (!ign)
        g_assert_cmpfloat (D.w1inf_2_robust, ==, D.w1inf_2);
      shl_net_free (f);
      shl_net_free (g);
    }
  g_test_message ("1-D pairs where the reference ignored an interval: %d",
                  n_ign);
  g_assert_cmpint (n_ign, >, 10);
}

/* whether r and q are the same line, exactly (every 2x2 minor is 0) */
static gboolean
same_line (const double *r, const double *q)
{
  mpq_t x, y;
  mpq_inits (x, y, NULL);
  gboolean same = TRUE;
  for (int a = 0; a < 3; a++)
    {
      int b = (a + 1) % 3;
      mpq_set_d (x, r[a]);
      mpq_set_d (y, q[b]);
      mpq_mul (x, x, y);
      mpq_set_d (y, r[b]);
      mpq_t z;
      mpq_init (z);
      mpq_set_d (z, q[a]);
      mpq_mul (y, y, z);
      mpq_clear (z);
      same = same && mpq_equal (x, y);
    }
  mpq_clears (x, y, NULL);
  return same;
}

/* whether two kink lines of f and g (every neuron with a, c != 0) coincide
 * up to rounding (shl-geom.h) without being exactly the same line */
static gboolean
any_lines_coincide_2d (const ShlNet *f, const ShlNet *g)
{
  typedef struct {
    double k[3], r[3];
  } Key;
  GArray *n = g_array_new (FALSE, FALSE, sizeof (Key));
  for (int s = 0; s < 2; s++)
    {
      const ShlNet *net = s ? g : f;
      for (int i = 0; net && i < net->m; i++)
        {
          double r[3] = { net->a[2 * i], net->a[2 * i + 1], net->b[i] };
          if (net->c[i] == 0.0 || (r[0] == 0.0 && r[1] == 0.0))
            continue;
          double o = (r[0] < 0 || (r[0] == 0 && r[1] < 0)) ? -1 : 1;
          double big = fmax (fabs (r[0]), fmax (fabs (r[1]), fabs (r[2])));
          Key k;
          for (int j = 0; j < 3; j++)
            {
              k.k[j] = o * r[j] / big;
              k.r[j] = r[j];
            }
          g_array_append_val (n, k);
        }
    }
  gboolean any = FALSE;
  for (guint i = 0; i < n->len && !any; i++)
    for (guint j = i + 1; j < n->len && !any; j++)
      {
        const double *p = g_array_index (n, Key, i).k;
        const double *q = g_array_index (n, Key, j).k;
        gboolean all = TRUE;
        for (int c = 0; c < 3; c++)
          {
            double M = fmax (fabs (p[c]), fabs (q[c]));
            double ulp = M < DBL_MIN ? 0x1p-1074 : nextafter (M, INFINITY) - M;
            all = all && fabs (p[c] - q[c]) <= SHL_ROBUST_ULPS * ulp;
          }
        any = all && !same_line (g_array_index (n, Key, i).r,
                                 g_array_index (n, Key, j).r);
      }
  g_array_unref (n);
  return any;
}

static void
test_properties (void)
{
  int n_same = 0, n_coinc = 0;
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 1; seed <= n_seeds (60); seed++)
      {
        ShlRng rng;
        shl_rng_seed (&rng, 7 * seed + (guint64) d);
        int m = 2 + (int) (seed % 10);
        ShlNet *f = shl_test_random_net (m, d, seed + 1000 * (guint64) d);
        /* unrelated: nothing coincides */
        ShlNet *h = shl_test_random_net (m + 1, d, seed + 5000 * (guint64) d);
        ShlDistances D = distance_checked (f, h);
        g_assert_cmpfloat (D.w1inf_2_robust, ==, D.w1inf_2);
        g_assert_cmpfloat (D.w1inf_max_robust, ==, D.w1inf_max);
        D = distance_checked (f, NULL);
        g_assert_cmpfloat (D.w1inf_2_robust, ==, D.w1inf_2);
        /* related: some neurons rescaled, some moved, some new */
        ShlNet *g = shl_net_copy (f);
        for (int i = 0; i < m; i++)
          {
            double u = shl_rng_uniform (&rng);
            if (u < 0.3)
              shl_net_rescale_neuron (g, i, 0.2 + 2 * shl_rng_uniform (&rng));
            else if (u < 0.5)
              g->b[i] += 1e-3 * shl_rng_normal (&rng);
            else if (u < 0.6)
              g->c[i] = shl_rng_normal (&rng);
          }
        D = distance_checked (f, g);
        gboolean coinc = d == 2 ? any_lines_coincide_2d (f, g) : TRUE;
        if (!coinc)
          {
            n_same++;
            g_assert_cmpfloat (D.w1inf_2_robust, ==, D.w1inf_2);
            g_assert_cmpfloat (D.w1inf_max_robust, ==, D.w1inf_max);
          }
        else
          n_coinc++;
        shl_net_free (f);
        shl_net_free (g);
        shl_net_free (h);
      }
  g_test_message ("2-D pairs without coinciding lines %d, with some %d",
                  n_same, n_coinc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/robust/moves", test_moves);
  g_test_add_func ("/robust/moves-boundary", test_moves_boundary);
  g_test_add_func ("/robust/thin", test_thin);
  g_test_add_func ("/robust/ulps-apart", test_ulps_apart);
  g_test_add_func ("/robust/width", test_width);
  g_test_add_func ("/robust/reference-1d", test_reference_1d);
  g_test_add_func ("/robust/properties", test_properties);
  return g_test_run ();
}
