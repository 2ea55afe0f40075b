/* test-geom.c: neuron status, kinks and exact realization distances.
 *
 * Exact distances are checked against hand-computed values, against dense
 * grid sampling (exact sup never below the sampled one, and above it by at
 * most the Lipschitz bound for the grid spacing) and against an independent
 * brute-force evaluation at every vertex of the line arrangement and just
 * beside it in every sector.
 *
 * SHL_TEST_LIGHT=1 shrinks the sampling grids and skips the largest case
 * (for valgrind runs); SHL_TEST_STRESS=1 runs ten times as many seeds. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-geom.h"
#include "shl-net.h"
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

  /* independent brute force over the arrangement: equal */
  double b_sup, b_w2, b_wmax;
  brute_force (f, g, lo, hi, &b_sup, &b_w2, &b_wmax);
  shl_assert_close (b_sup, D.sup, 1e-10, 1e-10);
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

      /* a rescaled copy of a line (exact symmetry): the same function */
      ShlNet *h = shl_net_copy (f);
      shl_net_rescale_neuron (h, 5, 3.0);
      shl_net_rescale_neuron (h, 1, 0.1);
      D = distance (f, h, NULL, NULL);
      g_assert_cmpfloat (D.sobolev, <=, 1e-12);

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
  check_exact (f, NULL, f->lo, f->hi, grid_2d ());
  for (guint64 seed = 1; seed <= n_seeds (5); seed++)
    {
      ShlNet *g = shl_test_random_net (5, 2, seed);
      check_exact (f, g, f->lo, f->hi, grid_2d () / 2 + 1);
      shl_net_free (g);
    }
  shl_net_free (f);
}

/* Many lines through one point, and nearly coincident lines. */
static void
test_concurrent_lines (void)
{
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

/* rescaling moves a kink by an ulp; that must not count as a jump */
static void
test_rescaled_copy (void)
{
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 1; seed <= 200; seed++)
      {
        ShlNet *f = shl_test_random_net (9, d, seed);
        ShlNet *g = shl_net_copy (f);
        shl_net_balance (g);
        shl_net_rescale_neuron (g, 0, 3.0);
        ShlDistances dist;
        g_assert_true (shl_realization_distance (&dist, f, g, NULL, NULL));
        if (!(dist.sobolev < 1e-12))
          g_error ("d=%d seed %" G_GUINT64_FORMAT ": a rescaled copy is at W1inf distance %g",
                   d, seed, dist.sobolev);
        shl_net_free (f);
        shl_net_free (g);
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
  return g_test_run ();
}
