/* test-geom.c: neuron status, kinks and exact realization distances.
 *
 * Exact distances are checked against hand-computed values, against dense
 * grid sampling (exact sup never below the sampled one, and above it by at
 * most the Lipschitz bound for the grid spacing), against an independent
 * brute-force evaluation at every vertex of the line arrangement and just
 * beside it in every sector, and bit for bit against the engine's naive
 * reference (shl_realization_distance_naive: no sweep, no walk).
 *
 * Thin features (kinks one ulp apart, strips of width 1e-12, P0 at
 * n = 1e15, tiny cells bounded by four kink lines, thin wedges) are checked
 * against values derived by hand for the given doubles (the exact answer
 * is then a double, or one rounding of a product of doubles), and with
 * properties that only an exact computation has bit for bit: scaling the
 * outer weights or the input by a power of two, swapping f and g,
 * permuting neurons.
 *
 * SHL_TEST_LIGHT=1 shrinks the sampling grids and skips the largest case
 * (for valgrind runs); SHL_TEST_STRESS=1 runs ten times as many seeds. */
#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-geom.h"
#include "shl-net.h"
#include "shl-symmetry.h"
#include "shl-test.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static gboolean
light_mode (void)
{
  const char *s = g_getenv ("SHL_TEST_LIGHT");
  return s && *s && strcmp (s, "0") != 0;
}

/* SHL_TEST_STRESS=1 multiplies the number of random seeds by 10 */
static guint64
n_seeds (guint64 n)
{
  return g_getenv ("SHL_TEST_STRESS") ? 10 * n : n;
}

static int
grid_1d (void)
{
  return light_mode () ? 401 : 2001;
}

static int
grid_2d (void)
{
  return light_mode () ? 41 : 201;
}

/* Set neuron i of a 1-D or 2-D net (a1 ignored in 1-D). */
static void
set_neuron (ShlNet *net, int i, double a0, double a1, double b, double c)
{
  net->a[i * net->d] = a0;
  if (net->d > 1)
    net->a[i * net->d + 1] = a1;
  net->b[i] = b;
  net->c[i] = c;
}

/* Like shl_test_random_net, on the domain [lo, hi]. */
static ShlNet *
random_net_on (int m, int d, const double *lo, const double *hi, guint64 seed)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  ShlNet *net = shl_net_new (m, d, lo, hi);
  g_assert_nonnull (net);
  shl_net_init_random (net, SHL_INIT_HE, &rng);
  for (int i = 0; i < m; i++)
    net->c[i] = shl_rng_normal (&rng);
  *net->e = 0.5 * shl_rng_normal (&rng);
  for (int j = 0; j < d; j++)
    net->v[j] = 0.5 * shl_rng_normal (&rng);
  return net;
}

static ShlDistances
distance (const ShlNet *f, const ShlNet *g, const double *lo, const double *hi)
{
  ShlDistances D;
  g_assert_true (shl_realization_distance (&D, f, g, lo, hi));
  return D;
}

static void
assert_distances (const ShlDistances *D, double sup, double w2, double wmax)
{
  shl_assert_close (D->sup, sup, 1e-12, 1e-12);
  shl_assert_close (D->w1inf_2, w2, 1e-12, 1e-12);
  shl_assert_close (D->w1inf_max, wmax, 1e-12, 1e-12);
  shl_assert_close (D->sobolev, fmax (sup, w2), 1e-12, 1e-12);
}

/* (f - g)(x) and grad (f - g)(x); g may be NULL. */
static double
diff_at (double *grad, const ShlNet *f, const ShlNet *g, const double *x)
{
  double vf, vg = 0.0, df[2] = { 0, 0 }, dg[2] = { 0, 0 };
  shl_net_eval (&vf, df, f, x, 1);
  if (g)
    shl_net_eval (&vg, dg, g, x, 1);
  if (grad)
    for (int j = 0; j < f->d; j++)
      grad[j] = df[j] - dg[j];
  return vf - vg;
}

static void
grad_norms (const double *grad, int d, double *n2, double *nmax)
{
  double s = 0.0, mx = 0.0;
  for (int j = 0; j < d; j++)
    {
      s += grad[j] * grad[j];
      mx = fmax (mx, fabs (grad[j]));
    }
  *n2 = sqrt (s);
  *nmax = mx;
}

/* A kink line <a, x> + b = 0 (a normalised to unit length). */
typedef struct {
  double a[2];
  double b;
} Line;

/* Append the lines of every neuron of net with a != 0 and c != 0. */
static void
append_lines (GArray *lines, const ShlNet *net)
{
  if (!net)
    return;
  for (int i = 0; i < net->m; i++)
    {
      Line L = { { 0, 0 }, 0 };
      double n = 0.0;
      for (int j = 0; j < net->d; j++)
        {
          L.a[j] = net->a[i * net->d + j];
          n += L.a[j] * L.a[j];
        }
      n = sqrt (n);
      if (n == 0.0 || net->c[i] == 0.0)
        continue;
      L.a[0] /= n;
      L.a[1] /= n;
      L.b = net->b[i] / n;
      g_array_append_val (lines, L);
    }
}

/* Is x within dist of a line among the first n of lines? */
static gboolean
near_kink (const GArray *lines, guint n, const double *x, int d, double dist)
{
  for (guint k = 0; k < n; k++)
    {
      const Line *L = &g_array_index (lines, Line, k);
      double z = L->b + L->a[0] * x[0] + (d > 1 ? L->a[1] * x[1] : 0.0);
      if (fabs (z) < dist)
        return TRUE;
    }
  return FALSE;
}

static gboolean
inside_box (const double *x, int d, const double *lo, const double *hi)
{
  for (int j = 0; j < d; j++)
    if (!(x[j] >= lo[j] && x[j] <= hi[j]))
      return FALSE;
  return TRUE;
}

/* Brute force over the arrangement: |f - g| at every vertex (pairwise
 * intersections of kink lines and box edges), and grad (f - g) just beside
 * every vertex in every sector (directions s1 u1 + s2 u2 of the two lines).
 * Returns the sup, the max gradient 2-norm and max-norm. */
static void
brute_force (const ShlNet *f, const ShlNet *g, const double *lo,
             const double *hi, double *sup, double *w2, double *wmax)
{
  int d = f->d;
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  append_lines (lines, f);
  append_lines (lines, g);
  guint n_kinks = lines->len;
  double size = 0.0;
  for (int j = 0; j < d; j++)
    size = fmax (size, hi[j] - lo[j]);
  double r = 1e-7 * size;

  /* the box edges are lines too */
  for (int j = 0; j < d; j++)
    {
      Line L = { { 0, 0 }, 0 };
      L.a[j] = 1.0;
      L.b = -lo[j];
      g_array_append_val (lines, L);
      L.b = -hi[j];
      g_array_append_val (lines, L);
    }

  *sup = *w2 = *wmax = 0.0;
  double grad[2], n2, nm;
  if (d == 1)
    {
      for (guint k = 0; k < lines->len; k++)
        {
          const Line *L = &g_array_index (lines, Line, k);
          double t = -L->b / L->a[0];
          if (!(t >= lo[0] && t <= hi[0]))
            continue;
          *sup = fmax (*sup, fabs (diff_at (NULL, f, g, &t)));
          for (int s = -1; s <= 1; s += 2)
            {
              double x = t + s * r;
              if (!inside_box (&x, 1, lo, hi)
                  || near_kink (lines, n_kinks, &x, 1, 1e-3 * r))
                continue;
              diff_at (grad, f, g, &x);
              grad_norms (grad, 1, &n2, &nm);
              *w2 = fmax (*w2, n2);
              *wmax = fmax (*wmax, nm);
            }
        }
      g_array_unref (lines);
      return;
    }

  for (guint i = 0; i < lines->len; i++)
    for (guint k = i + 1; k < lines->len; k++)
      {
        const Line *P = &g_array_index (lines, Line, i);
        const Line *Q = &g_array_index (lines, Line, k);
        double det = P->a[0] * Q->a[1] - P->a[1] * Q->a[0];
        if (fabs (det) < 1e-12)
          continue;
        double x[2] = { (-P->b * Q->a[1] + Q->b * P->a[1]) / det,
                        (-P->a[0] * Q->b + Q->a[0] * P->b) / det };
        double slack = 1e-12 * size;
        if (x[0] < lo[0] - slack || x[0] > hi[0] + slack
            || x[1] < lo[1] - slack || x[1] > hi[1] + slack)
          continue;
        for (int j = 0; j < 2; j++)
          x[j] = fmin (fmax (x[j], lo[j]), hi[j]);
        *sup = fmax (*sup, fabs (diff_at (NULL, f, g, x)));

        double u[2] = { -P->a[1], P->a[0] }, w[2] = { -Q->a[1], Q->a[0] };
        for (int s1 = -1; s1 <= 1; s1 += 2)
          for (int s2 = -1; s2 <= 1; s2 += 2)
            {
              double dir[2] = { s1 * u[0] + s2 * w[0], s1 * u[1] + s2 * w[1] };
              double dn = hypot (dir[0], dir[1]);
              double p[2] = { x[0] + r * dir[0] / dn, x[1] + r * dir[1] / dn };
              if (!inside_box (p, 2, lo, hi)
                  || near_kink (lines, n_kinks, p, 2, 1e-3 * r))
                continue;
              diff_at (grad, f, g, p);
              grad_norms (grad, 2, &n2, &nm);
              *w2 = fmax (*w2, n2);
              *wmax = fmax (*wmax, nm);
            }
      }
  g_array_unref (lines);
}

/* Worst observed (exact sup - sampled sup) / exact sup, for the log. */
static double worst_gap = 0.0;

/* Set by tests whose arrangement has cells thinner than the brute force's
 * probe radius (1e-7 of the box): its gradients are then only a lower
 * bound (the naive reference still agrees bit for bit). */
static gboolean thin_cells = FALSE;

/* Check the exact distances of f and g on [lo, hi] against a grid of
 * n points per axis and against the brute force over the arrangement. */
static void
check_exact (const ShlNet *f, const ShlNet *g, const double *lo,
             const double *hi, int n)
{
  int d = f->d;
  ShlDistances D = distance (f, g, lo, hi);
  g_assert_true (isfinite (D.sup) && isfinite (D.w1inf_2));
  g_assert_cmpfloat (D.w1inf_max, <=, D.w1inf_2 * (1 + 1e-15));
  g_assert_cmpfloat (D.w1inf_2, <=, sqrt ((double) d) * D.w1inf_max
                                       * (1 + 1e-12));
  shl_assert_close (D.sobolev, fmax (D.sup, D.w1inf_2), 0, 0);

  /* argsup lies in the box and attains the sup */
  g_assert_true (inside_box (D.argsup, d, lo, hi));
  shl_assert_close (fabs (diff_at (NULL, f, g, D.argsup)), D.sup, 1e-14,
                    1e-14);

  /* grid sampling */
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  append_lines (lines, f);
  append_lines (lines, g);
  double h[2] = { 0, 0 }, hdiag = 0.0;
  for (int j = 0; j < d; j++)
    {
      h[j] = (hi[j] - lo[j]) / (n - 1);
      hdiag += h[j] * h[j];
    }
  hdiag = sqrt (hdiag);
  double s_sup = 0.0, s_w2 = 0.0, s_wmax = 0.0;
  int ny = d > 1 ? n : 1;
  for (int iy = 0; iy < ny; iy++)
    for (int ix = 0; ix < n; ix++)
      {
        double x[2] = { lo[0] + ix * h[0], d > 1 ? lo[1] + iy * h[1] : 0.0 };
        if (ix == n - 1)
          x[0] = hi[0];
        if (d > 1 && iy == n - 1)
          x[1] = hi[1];
        double grad[2], n2, nm;
        s_sup = fmax (s_sup, fabs (diff_at (grad, f, g, x)));
        if (near_kink (lines, lines->len, x, d, 1e-9))
          continue;
        grad_norms (grad, d, &n2, &nm);
        s_w2 = fmax (s_w2, n2);
        s_wmax = fmax (s_wmax, nm);
      }
  g_array_unref (lines);

  /* exact is never below sampling ... */
  g_assert_cmpfloat (s_sup, <=, D.sup * (1 + 1e-12) + 1e-12);
  g_assert_cmpfloat (s_w2, <=, D.w1inf_2 * (1 + 1e-12) + 1e-9);
  g_assert_cmpfloat (s_wmax, <=, D.w1inf_max * (1 + 1e-12) + 1e-9);
  /* ... and above it by at most Lip * (half the grid diagonal) */
  g_assert_cmpfloat (D.sup, <=, s_sup + 0.5 * hdiag * D.w1inf_2
                                    + 1e-12 * (1 + D.sup));
  /* ... so sampling converges: within a few percent on these grids */
  g_assert_cmpfloat (D.sup, <=, 1.05 * s_sup + 1e-3);
  if (D.sup > 0)
    worst_gap = fmax (worst_gap, (D.sup - s_sup) / D.sup);

  /* the naive reference: the same numbers, bit for bit */
  ShlDistances N;
  g_assert_true (shl_realization_distance_naive (&N, f, g, lo, hi));
  g_assert_cmpfloat (N.sup, ==, D.sup);
  g_assert_cmpfloat (N.w1inf_2, ==, D.w1inf_2);
  g_assert_cmpfloat (N.w1inf_max, ==, D.w1inf_max);
  g_assert_cmpfloat (N.w1inf_2_robust, ==, D.w1inf_2_robust);
  g_assert_cmpfloat (N.w1inf_max_robust, ==, D.w1inf_max_robust);
  g_assert_cmpfloat (D.w1inf_2_robust, <=, D.w1inf_2);

  /* independent brute force over the arrangement: equal */
  double b_sup, b_w2, b_wmax;
  brute_force (f, g, lo, hi, &b_sup, &b_w2, &b_wmax);
  shl_assert_close (b_sup, D.sup, 1e-10, 1e-10);
  if (thin_cells)
    {
      g_assert_cmpfloat (b_w2, <=, D.w1inf_2 * (1 + 1e-9) + 1e-9);
      g_assert_cmpfloat (b_wmax, <=, D.w1inf_max * (1 + 1e-9) + 1e-9);
      return;
    }
  shl_assert_close (b_w2, D.w1inf_2, 1e-9, 1e-9);
  shl_assert_close (b_wmax, D.w1inf_max, 1e-9, 1e-9);
}

/* ------------------------------------------------------------------------ */
/* Status and kinks                                                         */

static void
test_status_names (void)
{
  g_assert_cmpstr (shl_neuron_status_name (SHL_NEURON_ZERO), ==, "zero");
  g_assert_cmpstr (shl_neuron_status_name (SHL_NEURON_DEAD), ==, "dead");
  g_assert_cmpstr (shl_neuron_status_name (SHL_NEURON_AFFINE), ==, "affine");
  g_assert_cmpstr (shl_neuron_status_name (SHL_NEURON_ACTIVE), ==, "active");
}

static void
test_status_kinks_1d (void)
{
  ShlNet *net = shl_net_new (10, 1, NULL, NULL);
  set_neuron (net, 0, 1, 0, 0, 1);     /* kink 0 */
  set_neuron (net, 1, 1, 0, -1, 1);    /* kink at hi = 1: dead */
  set_neuron (net, 2, -2, 0, -2, 1);   /* kink at lo = -1, a < 0: dead */
  set_neuron (net, 3, 0, 0, 0.5, 1);   /* a = 0, b > 0: affine (constant) */
  set_neuron (net, 4, 0, 0, 0, 0);     /* zero */
  set_neuron (net, 5, 0, 0, 0, 2);     /* a = b = 0, c != 0: dead */
  set_neuron (net, 6, -1, 0, 1, 1);    /* kink at hi, a < 0: affine */
  set_neuron (net, 7, 2, 0, -1, 1);    /* kink 0.5 */
  set_neuron (net, 8, -4, 0, -1, 0);   /* kink -0.25, c = 0: still active */
  set_neuron (net, 9, 1, 0, 1, -3);    /* kink at lo = -1, a > 0: affine */

  const ShlNeuronStatus expect[10] = {
    SHL_NEURON_ACTIVE, SHL_NEURON_DEAD, SHL_NEURON_DEAD, SHL_NEURON_AFFINE,
    SHL_NEURON_ZERO, SHL_NEURON_DEAD, SHL_NEURON_AFFINE, SHL_NEURON_ACTIVE,
    SHL_NEURON_ACTIVE, SHL_NEURON_AFFINE,
  };
  for (int i = 0; i < 10; i++)
    g_assert_cmpint (shl_neuron_status (net, i), ==, expect[i]);
  g_assert_cmpint (shl_neuron_status (net, -1), ==, SHL_NEURON_ZERO);
  g_assert_cmpint (shl_neuron_status (net, 10), ==, SHL_NEURON_ZERO);

  double t[10];
  int idx[10];
  g_assert_cmpint (shl_net_kinks_1d (t, idx, net), ==, 3);
  g_assert_cmpfloat (t[0], ==, -0.25);
  g_assert_cmpfloat (t[1], ==, 0.0);
  g_assert_cmpfloat (t[2], ==, 0.5);
  g_assert_cmpint (idx[0], ==, 8);
  g_assert_cmpint (idx[1], ==, 0);
  g_assert_cmpint (idx[2], ==, 7);
  g_assert_cmpint (shl_net_kinks_1d (t, NULL, net), ==, 3);
  shl_net_free (net);

  /* a non-default domain [0, 3] */
  double lo = 0, hi = 3;
  net = shl_net_new (3, 1, &lo, &hi);
  set_neuron (net, 0, 1, 0, -0.5, 1);  /* kink 0.5 */
  set_neuron (net, 1, 1, 0, 0.5, 1);   /* kink -0.5: affine */
  set_neuron (net, 2, -1, 0, 2.5, 1);  /* kink 2.5 */
  g_assert_cmpint (shl_neuron_status (net, 0), ==, SHL_NEURON_ACTIVE);
  g_assert_cmpint (shl_neuron_status (net, 1), ==, SHL_NEURON_AFFINE);
  g_assert_cmpint (shl_neuron_status (net, 2), ==, SHL_NEURON_ACTIVE);
  g_assert_cmpint (shl_net_kinks_1d (t, idx, net), ==, 2);
  g_assert_cmpfloat (t[0], ==, 0.5);
  g_assert_cmpfloat (t[1], ==, 2.5);
  g_assert_cmpint (idx[0], ==, 0);
  g_assert_cmpint (idx[1], ==, 2);
  shl_net_free (net);

  /* width 0, and the wrong dimension */
  net = shl_net_new (0, 1, NULL, NULL);
  g_assert_cmpint (shl_net_kinks_1d (t, idx, net), ==, 0);
  shl_net_free (net);
  net = shl_net_new (1, 2, NULL, NULL);
  set_neuron (net, 0, 1, 0, 0, 1);
  g_assert_cmpint (shl_net_kinks_1d (t, idx, net), ==, 0);
  shl_net_free (net);
}

/* Does segment s equal (p0, p1) in either orientation? */
static void
assert_segment (const double *s, double x0, double y0, double x1, double y1)
{
  gboolean fwd = fabs (s[0] - x0) < 1e-14 && fabs (s[1] - y0) < 1e-14
                 && fabs (s[2] - x1) < 1e-14 && fabs (s[3] - y1) < 1e-14;
  gboolean bwd = fabs (s[0] - x1) < 1e-14 && fabs (s[1] - y1) < 1e-14
                 && fabs (s[2] - x0) < 1e-14 && fabs (s[3] - y0) < 1e-14;
  if (!fwd && !bwd)
    g_error ("segment (%g, %g)-(%g, %g), expected (%g, %g)-(%g, %g)", s[0],
             s[1], s[2], s[3], x0, y0, x1, y1);
}

static void
test_status_kinks_2d (void)
{
  ShlNet *net = shl_net_new (8, 2, NULL, NULL);
  set_neuron (net, 0, 1, 1, 2, 1);     /* touches the corner (-1,-1): affine */
  set_neuron (net, 1, 1, 1, -2, 1);    /* touches (1, 1) from outside: dead */
  set_neuron (net, 2, 1, -1, 0.5, 1);  /* active */
  set_neuron (net, 3, 0, 0, -1, 1);    /* dead */
  set_neuron (net, 4, 1, 0, 0.5, 1);   /* x = -0.5 */
  set_neuron (net, 5, 1, 1, 0, 1);     /* the diagonal (1,-1)-(-1,1) */
  set_neuron (net, 6, 1, 2, 0, -1);    /* x = -2y: (1,-0.5)-(-1,0.5) */
  set_neuron (net, 7, 0, 0, 0, 0);     /* zero */
  const ShlNeuronStatus expect[8] = {
    SHL_NEURON_AFFINE, SHL_NEURON_DEAD, SHL_NEURON_ACTIVE, SHL_NEURON_DEAD,
    SHL_NEURON_ACTIVE, SHL_NEURON_ACTIVE, SHL_NEURON_ACTIVE, SHL_NEURON_ZERO,
  };
  for (int i = 0; i < 8; i++)
    g_assert_cmpint (shl_neuron_status (net, i), ==, expect[i]);

  double seg[8 * 4];
  int idx[8];
  g_assert_cmpint (shl_net_kink_segments_2d (seg, idx, net), ==, 4);
  g_assert_cmpint (idx[0], ==, 2);
  g_assert_cmpint (idx[1], ==, 4);
  g_assert_cmpint (idx[2], ==, 5);
  g_assert_cmpint (idx[3], ==, 6);
  /* x - y + 0.5 = 0: y = x + 0.5 from (-1, -0.5) to (0.5, 1) */
  assert_segment (seg + 0, -1, -0.5, 0.5, 1);
  assert_segment (seg + 4, -0.5, -1, -0.5, 1);
  assert_segment (seg + 8, 1, -1, -1, 1);
  assert_segment (seg + 12, 1, -0.5, -1, 0.5);
  g_assert_cmpint (shl_net_kink_segments_2d (seg, NULL, net), ==, 4);
  g_assert_cmpint (shl_net_kinks_1d (seg, NULL, net), ==, 0);
  shl_net_free (net);

  /* non-default domain [-2, 1] x [0, 5] */
  double lo[2] = { -2, 0 }, hi[2] = { 1, 5 };
  net = shl_net_new (3, 2, lo, hi);
  set_neuron (net, 0, 0, 1, -1, 1);    /* y = 1 */
  set_neuron (net, 1, 1, 0, 1, 1);     /* x = -1 */
  set_neuron (net, 2, 0, 1, 0.5, 1);   /* y = -0.5: affine here */
  g_assert_cmpint (shl_neuron_status (net, 0), ==, SHL_NEURON_ACTIVE);
  g_assert_cmpint (shl_neuron_status (net, 1), ==, SHL_NEURON_ACTIVE);
  g_assert_cmpint (shl_neuron_status (net, 2), ==, SHL_NEURON_AFFINE);
  g_assert_cmpint (shl_net_kink_segments_2d (seg, idx, net), ==, 2);
  assert_segment (seg + 0, -2, 1, 1, 1);
  assert_segment (seg + 4, -1, 0, -1, 5);
  shl_net_free (net);

  /* segments of random nets: end points on the boundary, on the line */
  for (guint64 seed = 1; seed <= n_seeds (20); seed++)
    {
      ShlNet *r = shl_test_random_net (8, 2, seed);
      double s[8 * 4];
      int ix[8];
      int n = shl_net_kink_segments_2d (s, ix, r);
      g_assert_cmpint (n, ==, 8); /* He init: every kink inside */
      for (int k = 0; k < n; k++)
        for (int e = 0; e < 2; e++)
          {
            const double *p = s + 4 * k + 2 * e;
            const double *a = r->a + 2 * ix[k];
            g_assert_true (inside_box (p, 2, r->lo, r->hi));
            g_assert_true (fabs (fabs (p[0]) - 1) < 1e-14
                           || fabs (fabs (p[1]) - 1) < 1e-14);
            g_assert_cmpfloat (fabs (a[0] * p[0] + a[1] * p[1] + r->b[ix[k]]),
                               <, 1e-13 * (1 + fabs (r->b[ix[k]])));
          }
      shl_net_free (r);
    }
}

static void
test_param_distance (void)
{
  ShlNet *f = shl_test_random_net (5, 2, 7);
  ShlNet *g = shl_net_copy (f);
  g_assert_cmpfloat (shl_param_distance_raw (f, g), ==, 0.0);
  g->b[3] += 0.25;
  *g->e -= 0.5;
  g_assert_cmpfloat (shl_param_distance_raw (f, g), ==, 0.5);
  g_assert_cmpfloat (shl_param_distance_raw (g, f), ==, 0.5);

  /* a different domain does not matter, a different shape does */
  double lo[2] = { 0, 0 }, hi[2] = { 2, 2 };
  ShlNet *h = shl_net_new (5, 2, lo, hi);
  memcpy (h->theta, f->theta, f->n_params * sizeof (double));
  g_assert_cmpfloat (shl_param_distance_raw (f, h), ==, 0.0);
  ShlNet *w = shl_net_new (4, 2, NULL, NULL);
  ShlNet *d1 = shl_net_new (5, 1, NULL, NULL);
  g_assert_true (isnan (shl_param_distance_raw (f, w)));
  g_assert_true (isnan (shl_param_distance_raw (f, d1)));
  shl_net_free (f);
  shl_net_free (g);
  shl_net_free (h);
  shl_net_free (w);
  shl_net_free (d1);
}

/* ------------------------------------------------------------------------ */
/* Hand-computed distances                                                  */

/* P0: f = 0 (width 2), g = relu(x) - relu(x - 1/n): sup 1/n, W^{1,inf} 1.
 * (f - g is relu(x - 1/n) - relu(x), so g is compared with the zero net.) */
static void
test_distance_1d_p0 (void)
{
  for (int n = 1; n <= 10; n++)
    {
      ShlNet *f = shl_net_new (2, 1, NULL, NULL);
      ShlNet *g = shl_net_new (2, 1, NULL, NULL);
      set_neuron (g, 0, 1, 0, 0, 1);
      set_neuron (g, 1, 1, 0, -1.0 / n, -1);
      ShlDistances D = distance (f, g, NULL, NULL);
      assert_distances (&D, 1.0 / n, 1.0, 1.0);
      shl_assert_close (fabs (diff_at (NULL, f, g, D.argsup)), 1.0 / n, 1e-15,
                        0);
      g_assert_cmpfloat (D.argsup[0], >=, 1.0 / n);
      /* symmetric */
      D = distance (g, f, NULL, NULL);
      assert_distances (&D, 1.0 / n, 1.0, 1.0);
      shl_net_free (f);
      shl_net_free (g);
    }
}

/* P3: f = relu(x) - relu(-x) = x, g = f + eps relu(x - 1/2). */
static void
test_distance_1d_p3 (void)
{
  const double eps[] = { 1, 0.1, 1e-3, 1e-6 };
  for (guint k = 0; k < G_N_ELEMENTS (eps); k++)
    {
      ShlNet *f = shl_net_new (2, 1, NULL, NULL);
      set_neuron (f, 0, 1, 0, 0, 1);
      set_neuron (f, 1, -1, 0, 0, -1);
      ShlNet *g = shl_net_new (3, 1, NULL, NULL);
      memcpy (g->a, f->a, 2 * sizeof (double));
      memcpy (g->b, f->b, 2 * sizeof (double));
      memcpy (g->c, f->c, 2 * sizeof (double));
      set_neuron (g, 2, 1, 0, -0.5, eps[k]);
      ShlDistances D = distance (f, g, NULL, NULL);
      assert_distances (&D, eps[k] / 2, eps[k], eps[k]);
      g_assert_cmpfloat (D.argsup[0], ==, 1.0);

      /* f is x: norms of f alone */
      D = distance (f, NULL, NULL, NULL);
      assert_distances (&D, 1, 1, 1);
      shl_net_free (f);
      shl_net_free (g);
    }
}

static void
test_distance_1d_misc (void)
{
  /* norms of relu(x), on the domain and on explicit boxes */
  ShlNet *f = shl_net_new (1, 1, NULL, NULL);
  set_neuron (f, 0, 1, 0, 0, 1);
  ShlDistances D = distance (f, NULL, NULL, NULL);
  assert_distances (&D, 1, 1, 1);
  g_assert_cmpfloat (D.argsup[0], ==, 1.0);
  double lo = -1, hi = 0;
  D = distance (f, NULL, &lo, &hi);
  assert_distances (&D, 0, 0, 0);
  lo = 0.25, hi = 3;
  D = distance (f, NULL, &lo, &hi);
  assert_distances (&D, 3, 1, 1);

  /* P4: relu(x - K) vs eps relu(x): kink outside the domain */
  ShlNet *g = shl_net_new (1, 1, NULL, NULL);
  set_neuron (g, 0, 1, 0, -5, 1);
  set_neuron (f, 0, 1, 0, 0, 1e-3);
  D = distance (f, g, NULL, NULL);
  assert_distances (&D, 1e-3, 1e-3, 1e-3);

  /* a constant (a = 0) neuron and an affine part */
  set_neuron (f, 0, 0, 0, 2, 3);
  f->v[0] = -0.5;
  *f->e = 1;
  D = distance (f, NULL, NULL, NULL);
  assert_distances (&D, 7.5, 0.5, 0.5);
  g_assert_cmpfloat (D.argsup[0], ==, -1.0);

  /* invisible kinks: relu(x) - relu(-x) - relu(x - t) + relu(t - x) - t */
  for (double t = -0.9; t < 1; t += 0.3)
    {
      ShlNet *z = shl_net_new (4, 1, NULL, NULL);
      set_neuron (z, 0, 1, 0, 0, 1);
      set_neuron (z, 1, -1, 0, 0, -1);
      set_neuron (z, 2, 1, 0, -t, -1);
      set_neuron (z, 3, -1, 0, t, 1);
      *z->e = -t;
      D = distance (z, NULL, NULL, NULL);
      assert_distances (&D, 0, 0, 0);
      shl_net_free (z);
    }

  /* dimension mismatch and bad boxes */
  ShlNet *f2 = shl_net_new (1, 2, NULL, NULL);
  g_assert_false (shl_realization_distance (&D, f, f2, NULL, NULL));
  g_assert_true (isnan (D.sup));
  g_assert_false (shl_realization_distance (&D, f2, f, NULL, NULL));
  lo = 1, hi = 1;
  g_assert_false (shl_realization_distance (&D, f, NULL, &lo, &hi));
  f->b[0] = NAN;
  g_assert_false (shl_realization_distance (&D, f, NULL, NULL, NULL));
  shl_net_free (f);
  shl_net_free (f2);
  shl_net_free (g);
}

static void
test_distance_2d_hand (void)
{
  ShlDistances D;

  /* relu(x1) */
  ShlNet *f = shl_net_new (1, 2, NULL, NULL);
  set_neuron (f, 0, 1, 0, 0, 1);
  D = distance (f, NULL, NULL, NULL);
  assert_distances (&D, 1, 1, 1);
  g_assert_cmpfloat (D.argsup[0], ==, 1.0);
  shl_net_free (f);

  /* relu(x1) + relu(x2) */
  f = shl_net_new (2, 2, NULL, NULL);
  set_neuron (f, 0, 1, 0, 0, 1);
  set_neuron (f, 1, 0, 1, 0, 1);
  D = distance (f, NULL, NULL, NULL);
  assert_distances (&D, 2, G_SQRT2, 1);
  g_assert_cmpfloat (D.argsup[0], ==, 1.0);
  g_assert_cmpfloat (D.argsup[1], ==, 1.0);
  shl_net_free (f);

  /* relu(x1 + x2): the line is a diagonal through two corners */
  f = shl_net_new (1, 2, NULL, NULL);
  set_neuron (f, 0, 1, 1, 0, 1);
  D = distance (f, NULL, NULL, NULL);
  assert_distances (&D, 2, G_SQRT2, 1);
  shl_net_free (f);

  /* relu(x1 + x2) + 2 relu(x1 - x2): both diagonals, cells are triangles
   * with gradients 0, (1,1), (2,-2), (3,-1); sup 4 at (1,-1) */
  f = shl_net_new (2, 2, NULL, NULL);
  set_neuron (f, 0, 1, 1, 0, 1);
  set_neuron (f, 1, 1, -1, 0, 2);
  D = distance (f, NULL, NULL, NULL);
  assert_distances (&D, 4, sqrt (10), 3);
  g_assert_cmpfloat (D.argsup[0], ==, 1.0);
  g_assert_cmpfloat (D.argsup[1], ==, -1.0);
  check_exact (f, NULL, f->lo, f->hi, grid_2d ());
  shl_net_free (f);

  /* relu(x1 + x2 + 2): the line only touches the corner (-1,-1) */
  f = shl_net_new (1, 2, NULL, NULL);
  set_neuron (f, 0, 1, 1, 2, 1);
  D = distance (f, NULL, NULL, NULL);
  assert_distances (&D, 4, G_SQRT2, 1);
  shl_net_free (f);

  /* on an explicit sub-box [0, 1] x [-1, 0] of relu(x1) - relu(x2) */
  f = shl_net_new (2, 2, NULL, NULL);
  set_neuron (f, 0, 1, 0, 0, 1);
  set_neuron (f, 1, 0, 1, 0, -1);
  double lo[2] = { 0, -1 }, hi[2] = { 1, 0 };
  D = distance (f, NULL, lo, hi);
  assert_distances (&D, 1, 1, 1);
  shl_net_free (f);

  /* invisible kinks: P(e1,s1) + P(e2,s2) - P(e1+e2,s1+s2) = 0, with
   * P(n, s) = relu(n.x + s) - relu(-n.x - s); three concurrent lines */
  const double s12[][2] = { { 0.3, -0.2 }, { 0, 0 }, { -0.7, 0.45 } };
  for (guint k = 0; k < G_N_ELEMENTS (s12); k++)
    {
      double s1 = s12[k][0], s2 = s12[k][1];
      ShlNet *z = shl_net_new (6, 2, NULL, NULL);
      set_neuron (z, 0, 1, 0, s1, 1);
      set_neuron (z, 1, -1, 0, -s1, -1);
      set_neuron (z, 2, 0, 1, s2, 1);
      set_neuron (z, 3, 0, -1, -s2, -1);
      set_neuron (z, 4, 1, 1, s1 + s2, -1);
      set_neuron (z, 5, -1, -1, -s1 - s2, 1);
      D = distance (z, NULL, NULL, NULL);
      g_assert_cmpfloat (D.sup, <=, 1e-12);
      g_assert_cmpfloat (D.w1inf_2, <=, 1e-12);
      g_assert_cmpfloat (D.w1inf_max, <=, 1e-12);
      g_assert_cmpfloat (D.sobolev, <=, 1e-12);

      /* the same against a random net: same distances as from 0 */
      ShlNet *r = shl_test_random_net (5, 2, 100 + k);
      ShlDistances Dz = distance (r, z, NULL, NULL);
      D = distance (r, NULL, NULL, NULL);
      shl_assert_close (Dz.sup, D.sup, 1e-12, 1e-12);
      shl_assert_close (Dz.w1inf_2, D.w1inf_2, 1e-12, 1e-12);
      shl_assert_close (Dz.w1inf_max, D.w1inf_max, 1e-12, 1e-12);
      shl_net_free (r);
      shl_net_free (z);
    }
}

/* ------------------------------------------------------------------------ */
/* Against sampling                                                         */

static void
test_random_1d (void)
{
  const int widths[] = { 1, 3, 8, 40 };
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint64 seed = 1; seed <= n_seeds (20); seed++)
      {
        ShlNet *f = shl_test_random_net (widths[w], 1, seed);
        ShlNet *g = shl_test_random_net (widths[w], 1, 1000 + seed);
        check_exact (f, g, f->lo, f->hi, grid_1d ());
        check_exact (f, NULL, f->lo, f->hi, grid_1d ());
        shl_net_free (f);
        shl_net_free (g);
      }
  g_test_message ("1-D: worst (exact - sampled) / exact sup = %.3g",
                  worst_gap);
}

static void
test_random_2d (void)
{
  const int widths[] = { 1, 3, 8, 20 };
  worst_gap = 0.0;
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint64 seed = 1; seed <= n_seeds (20); seed++)
      {
        ShlNet *f = shl_test_random_net (widths[w], 2, seed);
        ShlNet *g = shl_test_random_net (widths[w], 2, 1000 + seed);
        check_exact (f, g, f->lo, f->hi, grid_2d ());
        shl_net_free (f);
        shl_net_free (g);
      }
  g_test_message ("2-D: worst (exact - sampled) / exact sup = %.3g",
                  worst_gap);
}

/* different widths, and g = NULL */
static void
test_random_mixed_widths (void)
{
  for (guint64 seed = 1; seed <= n_seeds (10); seed++)
    {
      ShlNet *f = shl_test_random_net (7, 2, seed);
      ShlNet *g = shl_test_random_net (2, 2, 500 + seed);
      ShlNet *e = shl_net_new (0, 2, NULL, NULL);
      check_exact (f, g, f->lo, f->hi, grid_2d () / 2 + 1);
      check_exact (g, f, f->lo, f->hi, grid_2d () / 2 + 1);
      /* g = NULL is the same as an empty network */
      ShlDistances A = distance (f, NULL, NULL, NULL);
      ShlDistances B = distance (f, e, NULL, NULL);
      g_assert_cmpfloat (A.sup, ==, B.sup);
      g_assert_cmpfloat (A.w1inf_2, ==, B.w1inf_2);
      g_assert_cmpfloat (A.w1inf_max, ==, B.w1inf_max);
      shl_net_free (f);
      shl_net_free (g);
      shl_net_free (e);
    }
}

static void
test_non_default_domain (void)
{
  double lo1 = 0, hi1 = 3;
  double lo2[2] = { -2, 0 }, hi2[2] = { 1, 5 };
  for (guint64 seed = 1; seed <= n_seeds (10); seed++)
    {
      ShlNet *f = random_net_on (8, 1, &lo1, &hi1, seed);
      ShlNet *g = random_net_on (5, 1, &lo1, &hi1, 300 + seed);
      check_exact (f, g, f->lo, f->hi, grid_1d ());
      /* NULL box means f's domain */
      ShlDistances A = distance (f, g, NULL, NULL);
      ShlDistances B = distance (f, g, &lo1, &hi1);
      g_assert_cmpfloat (A.sup, ==, B.sup);
      g_assert_cmpfloat (A.w1inf_2, ==, B.w1inf_2);
      shl_net_free (f);
      shl_net_free (g);

      f = random_net_on (8, 2, lo2, hi2, seed);
      g = random_net_on (6, 2, lo2, hi2, 300 + seed);
      check_exact (f, g, f->lo, f->hi, grid_2d ());
      A = distance (f, g, NULL, NULL);
      B = distance (f, g, lo2, hi2);
      g_assert_cmpfloat (A.sup, ==, B.sup);
      g_assert_cmpfloat (A.w1inf_2, ==, B.w1inf_2);
      shl_net_free (f);
      shl_net_free (g);

      /* default-domain nets on an explicit box some kinks miss */
      double blo[2] = { -0.5, -1 }, bhi[2] = { 2, 0.3 };
      f = shl_test_random_net (8, 2, seed);
      g = shl_test_random_net (8, 2, 700 + seed);
      check_exact (f, g, blo, bhi, grid_2d ());
      shl_net_free (f);
      shl_net_free (g);
      f = shl_test_random_net (8, 1, seed);
      g = shl_test_random_net (8, 1, 700 + seed);
      check_exact (f, g, blo, bhi, grid_1d ());
      shl_net_free (f);
      shl_net_free (g);
    }
}

/* ------------------------------------------------------------------------ */
/* Degenerate arrangements                                                  */

static void
test_duplicate_lines (void)
{
  for (guint64 seed = 1; seed <= n_seeds (10); seed++)
    {
      /* the same neuron twice vs. once with the summed outer weight */
      ShlNet *r = shl_test_random_net (4, 2, seed);
      ShlNet *f = shl_net_new (6, 2, NULL, NULL);
      ShlNet *g = shl_net_new (5, 2, NULL, NULL);
      for (int i = 0; i < 4; i++)
        {
          set_neuron (f, i, r->a[2 * i], r->a[2 * i + 1], r->b[i], r->c[i]);
          set_neuron (g, i, r->a[2 * i], r->a[2 * i + 1], r->b[i], r->c[i]);
        }
      set_neuron (f, 4, 1, 2, 0.5, 0.3);
      set_neuron (f, 5, 1, 2, 0.5, 0.4);
      set_neuron (g, 4, 1, 2, 0.5, 0.7);
      *f->e = *g->e = *r->e;
      f->v[0] = g->v[0] = 0.1;
      ShlDistances D = distance (f, g, NULL, NULL);
      g_assert_cmpfloat (D.sobolev, <=, 1e-12);
      check_exact (f, r, f->lo, f->hi, grid_2d () / 2 + 1);

      /* a copy with lines rescaled by powers of two (exact in doubles):
       * exactly the same function (other factors: test_rescaled_copy) */
      ShlNet *h = shl_net_copy (f);
      shl_net_rescale_neuron (h, 5, 4.0);
      shl_net_rescale_neuron (h, 1, 0.125);
      D = distance (f, h, NULL, NULL);
      g_assert_cmpfloat (D.sobolev, ==, 0.0);

      /* opposite orientation: relu(z) - relu(-z) = z is affine */
      ShlNet *p = shl_net_new (2, 2, NULL, NULL);
      ShlNet *q = shl_net_new (0, 2, NULL, NULL);
      double a0 = r->a[0], a1 = r->a[1], b = r->b[0];
      set_neuron (p, 0, a0, a1, b, 1);
      set_neuron (p, 1, -a0, -a1, -b, -1);
      q->v[0] = a0;
      q->v[1] = a1;
      *q->e = b;
      D = distance (p, q, NULL, NULL);
      g_assert_cmpfloat (D.sobolev, <=, 1e-12);

      shl_net_free (r);
      shl_net_free (f);
      shl_net_free (g);
      shl_net_free (h);
      shl_net_free (p);
      shl_net_free (q);
    }
}

static void
test_parallel_lines (void)
{
  /* relu(s) - 2 relu(s + 1/2) + relu(s - 1/2), s = x1 + x2: the profile
   * falls with slope -2, then -1, then is flat at -3/2 */
  ShlNet *f = shl_net_new (3, 2, NULL, NULL);
  set_neuron (f, 0, 1, 1, 0, 1);
  set_neuron (f, 1, 1, 1, 0.5, -2);
  set_neuron (f, 2, 1, 1, -0.5, 1);
  ShlDistances D = distance (f, NULL, NULL, NULL);
  assert_distances (&D, 1.5, 2 * G_SQRT2, 2);
  check_exact (f, NULL, f->lo, f->hi, grid_2d ());

  /* parallel families crossing a random net */
  for (guint64 seed = 1; seed <= n_seeds (10); seed++)
    {
      ShlNet *g = shl_test_random_net (6, 2, seed);
      ShlNet *h = shl_net_new (10, 2, NULL, NULL);
      for (int i = 0; i < 10; i++)
        set_neuron (h, i, i % 2 ? 1 : 0, 1, -0.9 + 0.35 * i, 0.5 - 0.1 * i);
      check_exact (g, h, g->lo, g->hi, grid_2d () / 2 + 1);
      shl_net_free (g);
      shl_net_free (h);
    }
  shl_net_free (f);
}

static void
test_corner_lines (void)
{
  /* lines through corners, along edges and grazing the box */
  ShlNet *f = shl_net_new (8, 2, NULL, NULL);
  set_neuron (f, 0, 1, 1, 0, 1);       /* through (1,-1) and (-1,1) */
  set_neuron (f, 1, 1, -1, 0, -0.5);   /* through (1,1) and (-1,-1) */
  set_neuron (f, 2, 1, 2, 1, 0.7);     /* through the corner (1,-1) */
  set_neuron (f, 3, 1, 0, -1, 2);      /* along the edge x = 1 */
  set_neuron (f, 4, 0, -1, -1, 1);     /* along the edge y = -1 */
  set_neuron (f, 5, 1, 1, 2, -0.3);    /* touches only (-1,-1) */
  set_neuron (f, 6, 1, 1, -2 + 1e-13, 1); /* a sliver at (1,1) */
  set_neuron (f, 7, -3, 1, 2, 0.4);    /* through (1, 1) */
  /* the sliver is a triangle of legs 1e-13: its gradient counts (the
   * exact norms see it, the brute force's probes do not) */
  thin_cells = TRUE;
  check_exact (f, NULL, f->lo, f->hi, grid_2d ());
  for (guint64 seed = 1; seed <= n_seeds (5); seed++)
    {
      ShlNet *g = shl_test_random_net (5, 2, seed);
      check_exact (f, g, f->lo, f->hi, grid_2d () / 2 + 1);
      shl_net_free (g);
    }
  thin_cells = FALSE;
  shl_net_free (f);
}

/* Many lines through one point, and nearly coincident lines. The point
 * and the rescaled copies are rounded, so the lines meet in tiny triangles
 * and thin wedges, and the strip between two lines 1e-15 apart is a cell:
 * all genuine, all counted (thin_cells). */
static void
test_concurrent_lines (void)
{
  thin_cells = TRUE;
  for (guint64 seed = 1; seed <= n_seeds (10); seed++)
    {
      ShlRng rng;
      shl_rng_seed (&rng, 9000 + seed);
      double p[2] = { shl_rng_range (&rng, -1, 1), shl_rng_range (&rng, -1, 1) };
      ShlNet *f = shl_test_random_net (16, 2, seed);
      for (int i = 0; i < 12; i++)
        {
          double *a = f->a + 2 * i;
          if (i >= 8)
            {
              /* a rescaled or sign-flipped copy of an earlier line */
              double lam = (i % 2 ? -1 : 1) * shl_rng_range (&rng, 0.1, 10);
              a[0] = lam * f->a[2 * (i - 8)];
              a[1] = lam * f->a[2 * (i - 8) + 1];
            }
          f->b[i] = -(a[0] * p[0] + a[1] * p[1]);
        }
      /* a line 1e-15 away from another */
      f->a[2 * 12] = f->a[2 * 13];
      f->a[2 * 12 + 1] = f->a[2 * 13 + 1];
      f->b[12] = f->b[13] + 1e-15;
      ShlNet *g = shl_test_random_net (3, 2, 4000 + seed);
      check_exact (f, g, f->lo, f->hi, grid_2d () / 2 + 1);
      shl_net_free (f);
      shl_net_free (g);
    }
  thin_cells = FALSE;

  /* lines exactly concurrent (integer coefficients through (1/2, -1/4)),
   * exactly duplicated and opposite: no thin cells, brute force equal */
  for (guint64 seed = 1; seed <= n_seeds (10); seed++)
    {
      ShlRng rng;
      shl_rng_seed (&rng, 7000 + seed);
      ShlNet *f = shl_net_new (14, 2, NULL, NULL);
      for (int i = 0; i < 14; i++)
        {
          double a0 = (double) (int) shl_rng_range (&rng, -8, 8);
          double a1 = (double) (int) shl_rng_range (&rng, -8, 8);
          if (a0 == 0 && a1 == 0)
            a0 = 1;
          if (i >= 10)
            {
              a0 = -2 * f->a[2 * (i - 10)];
              a1 = -2 * f->a[2 * (i - 10) + 1];
            }
          set_neuron (f, i, a0, a1, -(0.5 * a0 - 0.25 * a1),
                      shl_rng_normal (&rng));
        }
      ShlNet *g = shl_test_random_net (3, 2, 5000 + seed);
      check_exact (f, g, f->lo, f->hi, grid_2d () / 2 + 1);
      check_exact (f, NULL, f->lo, f->hi, grid_2d () / 2 + 1);
      shl_net_free (f);
      shl_net_free (g);
    }
}

static void
test_wide_2d (void)
{
  ShlNet *f = shl_test_random_net (200, 2, 42);
  ShlNet *g = shl_test_random_net (200, 2, 43);
  ShlDistances D;
  if (!light_mode ())
    {
      /* 400 lines */
      D = distance (f, g, NULL, NULL);
      g_assert_true (isfinite (D.sobolev) && D.sup > 0);
      shl_assert_close (fabs (diff_at (NULL, f, g, D.argsup)), D.sup, 1e-13,
                        1e-13);
      g_test_message ("200 vs 200 neurons: sup %.6g, w1inf_2 %.6g", D.sup,
                      D.w1inf_2);
    }

  /* f alone, against the brute force */
  double b_sup, b_w2, b_wmax;
  D = distance (f, NULL, NULL, NULL);
  brute_force (f, NULL, f->lo, f->hi, &b_sup, &b_w2, &b_wmax);
  shl_assert_close (b_sup, D.sup, 1e-10, 1e-10);
  shl_assert_close (b_w2, D.w1inf_2, 1e-9, 1e-9);
  shl_assert_close (b_wmax, D.w1inf_max, 1e-9, 1e-9);
  shl_net_free (f);
  shl_net_free (g);
}

/* a network is at distance exactly 0 from itself (no rounding residue) */
static void
test_self_distance_exact (void)
{
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 1; seed <= 10; seed++)
      {
        ShlNet *f = shl_test_random_net (25, d, seed);
        ShlNet *g = shl_net_copy (f);
        ShlDistances dist;
        g_assert_true (shl_realization_distance (&dist, f, g, NULL, NULL));
        g_assert_cmpfloat (dist.sup, ==, 0.0);
        g_assert_cmpfloat (dist.w1inf_2, ==, 0.0);
        g_assert_cmpfloat (dist.w1inf_max, ==, 0.0);
        g_assert_cmpfloat (dist.sobolev, ==, 0.0);
        shl_net_free (f);
        shl_net_free (g);
      }
}

/* A rescaled copy: the same function in exact arithmetic, but the rounded
 * (lambda a, lambda b, c / lambda) may move a kink by an ulp (tilt a line in
 * 2-D), and the slope on that ulp-wide interval (wedge) differs by the
 * neuron's jump: a genuine W^{1,inf} feature of the given doubles. The sup
 * stays at rounding level. With lambda a power of two nothing moves and
 * every distance is exactly 0. */
static ShlDistances distance_checked (const ShlNet *f, const ShlNet *g,
                                      const double *lo, const double *hi);

static gboolean
kink_moved_1d (const ShlNet *f, const ShlNet *g, int i)
{
  /* -b/a == -b'/a' iff b a' == b' a, compared exactly with FMA */
  double p = f->b[i] * g->a[i], q = g->b[i] * f->a[i];
  double ep = fma (f->b[i], g->a[i], -p), eq = fma (g->b[i], f->a[i], -q);
  return p != q || ep != eq;
}

static void
test_rescaled_copy (void)
{
  int n_moved = 0;
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 1; seed <= n_seeds (40); seed++)
      {
        ShlNet *f = shl_test_random_net (9, d, seed);
        ShlNet *g = shl_net_copy (f);
        shl_net_rescale_neuron (g, 0, 3.0);
        shl_net_rescale_neuron (g, 4, 0.1);
        ShlDistances D, N, S;
        g_assert_true (shl_realization_distance (&D, f, g, NULL, NULL));
        g_assert_true (shl_realization_distance_naive (&N, f, g, NULL, NULL));
        g_assert_true (shl_realization_distance (&S, f, NULL, NULL, NULL));
        g_assert_cmpfloat (D.sup, ==, N.sup);
        g_assert_cmpfloat (D.w1inf_2, ==, N.w1inf_2);
        g_assert_cmpfloat (D.w1inf_max, ==, N.w1inf_max);
        g_assert_cmpfloat (D.w1inf_2_robust, ==, N.w1inf_2_robust);
        g_assert_cmpfloat (D.sup, <=, 1e-14 * S.sup);
        /* the kinks moved by rounding are one kink with their originals:
         * the robust W^{1,inf} distance is at rounding level */
        g_assert_cmpfloat (D.w1inf_2_robust, <=, 1e-13 * S.w1inf_2);
        if (d == 1)
          {
            gboolean moved = FALSE;
            double jump = INFINITY;
            for (int i = 0; i < 9; i += 4)
              if (shl_neuron_status (f, i) == SHL_NEURON_ACTIVE
                  && kink_moved_1d (f, g, i))
                {
                  moved = TRUE;
                  jump = fmin (jump, fabs (f->c[i] * f->a[i]));
                }
            n_moved += moved;
            if (moved)
              g_assert_cmpfloat (D.w1inf_2, >=, 0.999 * jump);
            else
              g_assert_cmpfloat (D.w1inf_2, <=, 1e-14 * S.w1inf_2);
          }

        /* a balanced copy: every neuron rescaled, every vertex value at
         * rounding level (the exact pass's double-double filter) */
        ShlNet *bal = shl_net_copy (f);
        shl_net_balance (bal);
        distance_checked (f, bal, NULL, NULL);
        shl_net_free (bal);

        /* powers of two: exactly the same function */
        ShlNet *h = shl_net_copy (f);
        for (int i = 0; i < 9; i++)
          shl_net_rescale_neuron (h, i, ldexp (1.0, (int) (i % 5) - 2));
        g_assert_true (shl_realization_distance (&D, f, h, NULL, NULL));
        g_assert_cmpfloat (D.sup, ==, 0.0);
        g_assert_cmpfloat (D.w1inf_2, ==, 0.0);
        g_assert_cmpfloat (D.sobolev, ==, 0.0);
        shl_net_free (f);
        shl_net_free (g);
        shl_net_free (h);
      }
  g_test_message ("1-D rescaled copies with a kink moved by rounding: %d",
                  n_moved);
  g_assert_cmpint (n_moved, >, 0);
}

/* ------------------------------------------------------------------------ */
/* Thin features                                                            */

static ShlNet *
net_1d (int m, const double *abc, double lo, double hi)
{
  ShlNet *n = shl_net_new (m, 1, &lo, &hi);
  for (int i = 0; i < m; i++)
    set_neuron (n, i, abc[3 * i], 0, abc[3 * i + 1], abc[3 * i + 2]);
  return n;
}

/* fast and naive agree bit for bit, and f vs g is g vs f */
static ShlDistances
distance_checked (const ShlNet *f, const ShlNet *g, const double *lo,
                  const double *hi)
{
  ShlDistances D = distance (f, g, lo, hi), N;
  g_assert_true (shl_realization_distance_naive (&N, f, g, lo, hi));
  g_assert_cmpfloat (D.sup, ==, N.sup);
  g_assert_cmpfloat (D.w1inf_2, ==, N.w1inf_2);
  g_assert_cmpfloat (D.w1inf_max, ==, N.w1inf_max);
  g_assert_cmpfloat (D.w1inf_2_robust, ==, N.w1inf_2_robust);
  g_assert_cmpfloat (D.w1inf_max_robust, ==, N.w1inf_max_robust);
  g_assert_cmpfloat (D.w1inf_2_robust, <=, D.w1inf_2);
  g_assert_cmpfloat (D.w1inf_max_robust, <=, D.w1inf_max);
  if (g)
    {
      ShlDistances R = distance (g, f, lo, hi);
      g_assert_cmpfloat (R.sup, ==, D.sup);
      g_assert_cmpfloat (R.w1inf_2, ==, D.w1inf_2);
      g_assert_cmpfloat (R.w1inf_max, ==, D.w1inf_max);
    }
  return D;
}

static void
test_thin_1d (void)
{
  /* relu(x) - relu(x - 1e-8) against 0 on [-1e6, 1e6]: the sup is the
   * double 1e-8 itself (attained for x >= 1e-8), the slope 1 on the strip */
  double d8 = 1e-8;
  ShlNet *f = net_1d (2, (double[]) { 1, 0, 1, 1, -d8, -1 }, -1e6, 1e6);
  ShlDistances D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.sup, ==, d8);
  g_assert_cmpfloat (D.w1inf_2, ==, 1.0);
  g_assert_cmpfloat (D.w1inf_max, ==, 1.0);
  g_assert_cmpfloat (D.argsup[0], >=, d8);
  shl_net_free (f);

  /* P0 at n = 1e14, 1e15, 1e300: relu(nx)/n - relu(nx - 1)/n. With
   * c = fl(1/n), the sup is c (for x >= 1/n) and the slope on the ramp is
   * the exact product c n, rounded once */
  const double ns[] = { 1e14, 1e15, 3e15, 1e300 };
  for (guint k = 0; k < G_N_ELEMENTS (ns); k++)
    {
      double n = ns[k], c = 1.0 / n;
      f = net_1d (2, (double[]) { n, 0, c, n, -1, -c }, -1, 1);
      D = distance_checked (f, NULL, NULL, NULL);
      g_assert_cmpfloat (D.sup, ==, c);
      g_assert_cmpfloat (D.w1inf_2, ==, c * n);
      g_assert_cmpfloat (fabs (D.w1inf_2 - 1.0), <=, DBL_EPSILON);
      g_assert_cmpfloat (D.sobolev, ==, D.w1inf_2);
      shl_net_free (f);
    }

  /* two kinks one ulp apart, anywhere: sup = the ulp, slope 1 between */
  const double ts[] = { 0.3, -0.7, 1e-300, 0.99999999999999989, -1e-5 };
  for (guint k = 0; k < G_N_ELEMENTS (ts); k++)
    {
      double t = ts[k], t2 = nextafter (t, 1.0);
      f = net_1d (1, (double[]) { 1, -t, 1 }, -1, 1);
      ShlNet *g = net_1d (1, (double[]) { 1, -t2, 1 }, -1, 1);
      D = distance_checked (f, g, NULL, NULL);
      g_assert_cmpfloat (D.sup, ==, t2 - t);
      g_assert_cmpfloat (D.w1inf_2, ==, 1.0);
      shl_net_free (f);
      shl_net_free (g);
    }

  /* a kink exactly on the boundary and one an ulp inside it */
  f = net_1d (1, (double[]) { 1, -1, 5 }, -1, 1);
  D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, 0.0);
  g_assert_cmpfloat (D.sup, ==, 0.0);
  shl_net_free (f);
  f = net_1d (1, (double[]) { 1, -nextafter (1.0, 0.0), 5 }, -1, 1);
  D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, 5.0);
  g_assert_cmpfloat (D.sup, ==, 5.0 * (1.0 - nextafter (1.0, 0.0)));

  /* a thousand kinks packed into ten ulps, each with a jump of +-1: the
   * slope alternates between 0 and 1 on intervals of one ulp or less */
  ShlNet *p = shl_net_new (1000, 1, NULL, NULL);
  double t = 0.5;
  for (int i = 0; i < 1000; i++)
    {
      double ti = t;
      for (int u = 0; u < i % 11; u++)
        ti = nextafter (ti, 1.0);
      /* (x - ti) with an alternating sign of c, rescaled so kinks are the
       * same double but not always the same neuron */
      set_neuron (p, i, 2.0, 0, -2.0 * ti, i % 2 ? -0.5 : 0.5);
    }
  D = distance_checked (p, NULL, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_2, <=, 1000.0);
  shl_net_free (p);
  shl_net_free (f);
}

static void
test_thin_2d (void)
{
  /* a strip of width 1e-12 across the square: relu(x + y) -
   * relu(x + y - d): sup d, gradient (1, 1) on the strip */
  double d = 1e-12;
  ShlNet *f = shl_net_new (2, 2, NULL, NULL);
  set_neuron (f, 0, 1, 1, 0, 1);
  set_neuron (f, 1, 1, 1, -d, -1);
  ShlDistances D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.sup, ==, d);
  g_assert_cmpfloat (D.w1inf_2, ==, G_SQRT2);
  g_assert_cmpfloat (D.w1inf_max, ==, 1.0);
  shl_net_free (f);

  /* a tiny cell bounded by four kink lines: two strips of width d, one
   * along x (0 < x < d) and one along y (0 < y < d); their d x d
   * intersection is the only cell with gradient (1, 1), and the sup 2 d
   * is attained beyond both */
  const double ds[] = { 1e-12, 1e-300, 0x1p-1074 };
  for (guint k = 0; k < G_N_ELEMENTS (ds); k++)
    {
      d = ds[k];
      f = shl_net_new (4, 2, NULL, NULL);
      set_neuron (f, 0, 1, 0, 0, 1);
      set_neuron (f, 1, 1, 0, -d, -1);
      set_neuron (f, 2, 0, 1, 0, 1);
      set_neuron (f, 3, 0, 1, -d, -1);
      D = distance_checked (f, NULL, NULL, NULL);
      g_assert_cmpfloat (D.w1inf_2, ==, G_SQRT2);
      g_assert_cmpfloat (D.w1inf_max, ==, 1.0);
      g_assert_cmpfloat (D.sup, ==, 2 * d);
      shl_net_free (f);
    }
  /* the same with strips one ulp wide around (0.25, -0.5) */
  f = shl_net_new (4, 2, NULL, NULL);
  set_neuron (f, 0, 1, 0, -0.25, 1);
  set_neuron (f, 1, 1, 0, nextafter (-0.25, -1.0), -1);
  set_neuron (f, 2, 0, 1, 0.5, 1);
  set_neuron (f, 3, 0, 1, nextafter (0.5, 0.0), -1);
  D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, G_SQRT2);
  g_assert_cmpfloat (D.sup, ==, (0.25 - nextafter (0.25, 0.0)) * 2
                                  + (0.5 - nextafter (0.5, 0.0)));
  shl_net_free (f);

  /* the same tiny cell, rotated: lines x + y = s, x + y = s + d,
   * x - y = t, x - y = t + d (jumps (1, 1) and (1, -1)) */
  f = shl_net_new (4, 2, NULL, NULL);
  d = 1e-13;
  set_neuron (f, 0, 1, 1, -0.1, 1);
  set_neuron (f, 1, 1, 1, -0.1 - d, -1);
  set_neuron (f, 2, 1, -1, 0.3, 1);
  set_neuron (f, 3, 1, -1, 0.3 - d, -1);
  D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, 2.0);  /* (2, 0) in the tiny cell */
  g_assert_cmpfloat (D.w1inf_max, ==, 2.0);
  shl_net_free (f);

  /* a thin wedge: two lines through (0.2, -0.1) at an angle ~1e-12; the
   * gradient in the wedge is the jump of one of them */
  f = shl_net_new (1, 2, NULL, NULL);
  ShlNet *g = shl_net_new (1, 2, NULL, NULL);
  set_neuron (f, 0, 1, 2, 0.0, 3);
  set_neuron (g, 0, 1, 2 + 1e-12, 0.0, 3);
  D = distance_checked (f, g, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_max, >=, 6.0);  /* the cell with g alone */
  g_assert_cmpfloat (D.sup, <=, 1e-11);
  shl_net_free (f);
  shl_net_free (g);

  /* lines one ulp apart through the corner region */
  f = shl_net_new (2, 2, NULL, NULL);
  set_neuron (f, 0, 1, 1, -1.5, 1);
  set_neuron (f, 1, 1, 1, nextafter (-1.5, 0.0), -1);
  D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, G_SQRT2);
  g_assert_cmpfloat (D.sup, ==, 1.5 - fabs (nextafter (-1.5, 0.0)));
  shl_net_free (f);
}

/* Properties that hold bit for bit only for an exact computation. */
static void
test_exact_properties (void)
{
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 1; seed <= n_seeds (30); seed++)
      {
        ShlNet *f = shl_test_random_net (d == 1 ? 40 : 8, d, seed);
        ShlNet *g = shl_test_random_net (d == 1 ? 30 : 6, d, 77 + seed);
        ShlDistances D = distance_checked (f, g, NULL, NULL);

        /* outer weights and affine parts times 2^k: every norm times 2^k */
        ShlNet *f2 = shl_net_copy (f), *g2 = shl_net_copy (g);
        int k = (int) (seed % 7) - 3;
        ShlNet *nets[2] = { f2, g2 };
        for (int q = 0; q < 2; q++)
          {
            for (int i = 0; i < nets[q]->m; i++)
              nets[q]->c[i] = ldexp (nets[q]->c[i], k);
            *nets[q]->e = ldexp (*nets[q]->e, k);
            for (int j = 0; j < d; j++)
              nets[q]->v[j] = ldexp (nets[q]->v[j], k);
          }
        ShlDistances S = distance (f2, g2, NULL, NULL);
        g_assert_cmpfloat (S.sup, ==, ldexp (D.sup, k));
        g_assert_cmpfloat (S.w1inf_2, ==, ldexp (D.w1inf_2, k));
        g_assert_cmpfloat (S.w1inf_max, ==, ldexp (D.w1inf_max, k));

        /* the input scaled by 2^s (a times 2^s, the box divided by it):
         * the sup unchanged, gradients times 2^s */
        int sh = (int) (seed % 5) - 2;
        ShlNet *f3 = shl_net_copy (f), *g3 = shl_net_copy (g);
        double lo[2], hi[2];
        for (int j = 0; j < d; j++)
          {
            lo[j] = ldexp (f->lo[j], -sh);
            hi[j] = ldexp (f->hi[j], -sh);
          }
        nets[0] = f3;
        nets[1] = g3;
        for (int q = 0; q < 2; q++)
          {
            for (int i = 0; i < nets[q]->m * d; i++)
              nets[q]->a[i] = ldexp (nets[q]->a[i], sh);
            for (int j = 0; j < d; j++)
              nets[q]->v[j] = ldexp (nets[q]->v[j], sh);
          }
        S = distance (f3, g3, lo, hi);
        g_assert_cmpfloat (S.sup, ==, D.sup);
        g_assert_cmpfloat (S.w1inf_2, ==, ldexp (D.w1inf_2, sh));
        g_assert_cmpfloat (S.w1inf_max, ==, ldexp (D.w1inf_max, sh));

        /* permuted neurons: the same numbers */
        ShlNet *f4 = shl_net_copy (f);
        int *perm = g_new (int, f->m);
        for (int i = 0; i < f->m; i++)
          perm[i] = f->m - 1 - i;
        g_assert_true (shl_net_permute (f4, perm));
        S = distance (f4, g, NULL, NULL);
        g_assert_cmpfloat (S.sup, ==, D.sup);
        g_assert_cmpfloat (S.w1inf_2, ==, D.w1inf_2);
        g_assert_cmpfloat (S.w1inf_max, ==, D.w1inf_max);
        g_free (perm);

        shl_net_free (f);
        shl_net_free (g);
        shl_net_free (f2);
        shl_net_free (g2);
        shl_net_free (f3);
        shl_net_free (g3);
        shl_net_free (f4);
      }
}

/* Magnitudes outside the range of the floating-point filter: exact
 * arithmetic all the way, and an answer that overflows is +inf. */
static void
test_extreme_magnitudes (void)
{
  /* every parameter 1e308: the slope is 1e308 * 1e308 + 1e308 */
  for (int d = 1; d <= 2; d++)
    {
      ShlNet *f = shl_net_new (1, d, NULL, NULL);
      for (size_t k = 0; k < f->n_params; k++)
        f->theta[k] = 1e308;
      ShlDistances D = distance_checked (f, NULL, NULL, NULL);
      g_assert_true (isinf (D.sup) && D.sup > 0);
      g_assert_true (isinf (D.w1inf_2) && D.w1inf_2 > 0);
      g_assert_true (isinf (D.w1inf_max) && D.w1inf_max > 0);
      g_assert_true (isinf (D.sobolev));
      /* the same against itself: exactly 0, no overflow */
      ShlNet *g = shl_net_copy (f);
      D = distance_checked (f, g, NULL, NULL);
      g_assert_cmpfloat (D.sup, ==, 0.0);
      g_assert_cmpfloat (D.w1inf_2, ==, 0.0);
      shl_net_free (f);
      shl_net_free (g);
    }

  /* large but representable: relu(1e200 x) 1e100 has slope 1e300 */
  ShlNet *f = net_1d (1, (double[]) { 1e200, 0, 1e100 }, -1, 1);
  ShlDistances D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, 1e200 * 1e100);
  g_assert_cmpfloat (D.sup, ==, 1e200 * 1e100);
  shl_net_free (f);

  /* tiny: kinks at 1e-300 and 2e-300 with jumps 1e300 */
  f = net_1d (2, (double[]) { 1, -1e-300, 1e300, 1, -2e-300, -1e300 }, -1, 1);
  D = distance_checked (f, NULL, NULL, NULL);
  g_assert_cmpfloat (D.w1inf_2, ==, 1e300);
  /* sup = 1e300 (2e-300 - 1e-300), rounded once */
  g_assert_cmpfloat (fabs (D.sup - 1.0), <=, 2 * DBL_EPSILON);
  shl_net_free (f);

  /* the same kink from neurons of wildly different scales */
  f = net_1d (2, (double[]) { 0x1p-600, -0x1p-601, 1, -0x1p600, 0x1p599, 1 },
              -1, 1);
  D = distance_checked (f, NULL, NULL, NULL);
  shl_net_free (f);

  /* 2-D, coefficients across the exponent range: fast == naive */
  for (guint64 seed = 1; seed <= 10; seed++)
    {
      ShlNet *r = shl_test_random_net (5, 2, seed);
      for (int i = 0; i < 5; i++)
        shl_net_rescale_neuron (r, i, ldexp (1.0, (int) (seed * 97 + i * 131) % 1200 - 600));
      distance_checked (r, NULL, NULL, NULL);
      shl_net_free (r);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/geom/status/names", test_status_names);
  g_test_add_func ("/geom/status/kinks-1d", test_status_kinks_1d);
  g_test_add_func ("/geom/status/kinks-2d", test_status_kinks_2d);
  g_test_add_func ("/geom/param-distance", test_param_distance);
  g_test_add_func ("/geom/distance/1d-p0", test_distance_1d_p0);
  g_test_add_func ("/geom/distance/1d-p3", test_distance_1d_p3);
  g_test_add_func ("/geom/distance/1d-misc", test_distance_1d_misc);
  g_test_add_func ("/geom/distance/2d-hand", test_distance_2d_hand);
  g_test_add_func ("/geom/distance/random-1d", test_random_1d);
  g_test_add_func ("/geom/distance/random-2d", test_random_2d);
  g_test_add_func ("/geom/distance/mixed-widths", test_random_mixed_widths);
  g_test_add_func ("/geom/distance/non-default-domain",
                   test_non_default_domain);
  g_test_add_func ("/geom/degenerate/duplicate-lines", test_duplicate_lines);
  g_test_add_func ("/geom/degenerate/parallel-lines", test_parallel_lines);
  g_test_add_func ("/geom/degenerate/corner-lines", test_corner_lines);
  g_test_add_func ("/geom/degenerate/concurrent-lines",
                   test_concurrent_lines);
  g_test_add_func ("/geom/degenerate/wide-2d", test_wide_2d);
  g_test_add_func ("/geom/distance/self-exact", test_self_distance_exact);
  g_test_add_func ("/geom/distance/rescaled-copy", test_rescaled_copy);
  g_test_add_func ("/geom/thin/1d", test_thin_1d);
  g_test_add_func ("/geom/thin/2d", test_thin_2d);
  g_test_add_func ("/geom/exact/properties", test_exact_properties);
  g_test_add_func ("/geom/exact/extreme-magnitudes", test_extreme_magnitudes);
  return g_test_run ();
}
