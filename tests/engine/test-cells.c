/* test-cells.c: the cells of a 2-D network's kink arrangement
 * (engine/shl-cells).
 *
 * Every arrangement is checked for its invariants: the cells tile the box
 * (their areas sum to the box's area up to rounding, each is convex and
 * counter-clockwise, each inner edge is shared with the cell across it,
 * running the other way), every vertex lies in the box and on both of its
 * lines, the vertex values are f - g there, and f - g at random points
 * inside each cell and on a dense grid (each point located by brute force)
 * equals the cell's affine form. Small cases are checked against
 * hand-counted cells and hand-computed gradients; degenerate ones (width
 * 0, parallel lines, lines through corners or along the box's edges, lines
 * outside the box, duplicate and cancelling neurons, concurrent lines, a
 * twin equal to f) against what they must reduce to. The level sets are
 * checked for lying on the level and for closing up. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-cells.h"
#include "shl-net.h"
#include "shl-rng.h"
#include "shl-test.h"

static void
set_neuron (ShlNet *net, int i, double a0, double a1, double b, double c)
{
  net->a[2 * i] = a0;
  net->a[2 * i + 1] = a1;
  net->b[i] = b;
  net->c[i] = c;
}

static double
diff_at (const ShlNet *f, const ShlNet *g, const double *x, double *grad)
{
  double vf, vg = 0.0, df[2], dg[2] = { 0.0, 0.0 };
  shl_net_eval (&vf, df, f, x, 1);
  if (g)
    shl_net_eval (&vg, dg, g, x, 1);
  if (grad)
    for (int j = 0; j < 2; j++)
      grad[j] = df[j] - dg[j];
  return vf - vg;
}

/* the scale of f - g's values on the box: for the tolerances */
static double
value_scale (const ShlNet *f, const ShlNet *g, const double *lo,
             const double *hi)
{
  double r = 0.0;
  for (int j = 0; j < 2; j++)
    r = fmax (r, fmax (fabs (lo[j]), fabs (hi[j])));
  double s = fabs (*f->e) + r * (fabs (f->v[0]) + fabs (f->v[1]));
  for (int i = 0; i < f->m; i++)
    s += fabs (f->c[i]) * (r * (fabs (f->a[2 * i]) + fabs (f->a[2 * i + 1]))
                           + fabs (f->b[i]));
  if (g)
    s += value_scale (g, NULL, lo, hi);
  return s;
}

/* the cell containing x (brute force), -1 if none: x at least 1e-12
 * inside every edge */
static int
locate (const ShlCells *c, const double *x)
{
  for (int k = 0; k < c->n_cells; k++)
    {
      int s0 = c->start[k], n = c->start[k + 1] - s0;
      gboolean in = TRUE;
      for (int t = 0; t < n && in; t++)
        {
          const double *p = c->xy + 2 * c->corner[s0 + t];
          const double *q = c->xy + 2 * c->corner[s0 + (t + 1) % n];
          double cr = (q[0] - p[0]) * (x[1] - p[1])
                      - (q[1] - p[1]) * (x[0] - p[0]);
          in = cr > 1e-12 * hypot (q[0] - p[0], q[1] - p[1]);
        }
      if (in)
        return k;
    }
  return -1;
}

static void
check_value (const ShlCells *c, int k, const ShlNet *f, const ShlNet *g,
             const double *x, double scale)
{
  double grad[2];
  double want = diff_at (f, g, x, grad);
  double got = c->grad[2 * k] * x[0] + c->grad[2 * k + 1] * x[1]
               + c->offset[k];
  if (!(fabs (got - want) <= 1e-12 * scale))
    g_error ("cell %d at (%.17g, %.17g): affine form %.17g, f - g %.17g", k,
             x[0], x[1], got, want);
  for (int j = 0; j < 2; j++)
    if (!(fabs (c->grad[2 * k + j] - grad[j])
          <= 1e-12 * (c->grad_mag[2 * k + j] + 1e-300)))
      g_error ("cell %d: gradient %d %.17g, shl_net_eval %.17g", k, j,
               c->grad[2 * k + j], grad[j]);
}

/* The invariants of any arrangement, and dense sampling. Returns the
 * cells (the caller frees). */
static ShlCells *
check_cells (const ShlNet *f, const ShlNet *g, const double *lo,
             const double *hi, int grid, guint64 seed)
{
  ShlCells *c = shl_cells_new (f, g, lo, hi);
  g_assert_nonnull (c);
  if (!lo)
    lo = f->lo;
  if (!hi)
    hi = f->hi;
  double scale = value_scale (f, g, lo, hi);
  g_assert_cmpint (c->n_cells, >=, 1);
  g_assert_cmpint (c->start[0], ==, 0);

  /* vertices in the box, on both lines, with their values */
  for (int v = 0; v < c->n_vertices; v++)
    {
      const double *p = c->xy + 2 * v;
      g_assert_true (p[0] >= lo[0] && p[0] <= hi[0]);
      g_assert_true (p[1] >= lo[1] && p[1] <= hi[1]);
      for (int t = 0; t < 2; t++)
        {
          int l = c->vline[2 * v + t];
          if (l < 4)
            {
              double want = l == 0 ? lo[0] : l == 1 ? hi[0]
                            : l == 2 ? lo[1] : hi[1];
              g_assert_cmpfloat (p[l / 2], ==, want);
              continue;
            }
          const double *r = c->line + 3 * (l - 4);
          double res = r[0] * p[0] + r[1] * p[1] + r[2];
          double mag = fabs (r[0] * p[0]) + fabs (r[1] * p[1]) + fabs (r[2]);
          if (!(fabs (res) <= 1e-13 * mag))
            g_error ("vertex %d off its line %d: residual %g (scale %g)", v,
                     l, res, mag);
        }
      g_assert_cmpint (c->vline[2 * v], <, c->vline[2 * v + 1]);
      shl_assert_close (c->value[v], diff_at (f, g, p, NULL), 0.0,
                        1e-14 * scale);
    }

  /* cells: convex, counter-clockwise, areas sum to the box */
  double total = 0.0, box = (hi[0] - lo[0]) * (hi[1] - lo[1]);
  for (int k = 0; k < c->n_cells; k++)
    {
      int s0 = c->start[k], n = c->start[k + 1] - s0;
      g_assert_cmpint (n, >=, 3);
      double a = shl_cells_area (c, k);
      g_assert_cmpfloat (a, >=, 0.0);
      total += a;
      for (int t = 0; t < n; t++)
        {
          int s = s0 + t, nx = s0 + (t + 1) % n;
          g_assert_cmpint (c->slot_cell[s], ==, k);
          g_assert_cmpint (c->corner[s], !=, c->corner[nx]);
          int o = c->across[s];
          if (o < 0)
            continue;
          g_assert_cmpint (c->across[o], ==, s);
          int ko = c->slot_cell[o], so = c->start[ko],
              no = c->start[ko + 1] - so;
          int onx = so + (o - so + 1) % no;
          g_assert_cmpint (c->corner[o], ==, c->corner[nx]);
          g_assert_cmpint (c->corner[onx], ==, c->corner[s]);
        }
    }
  shl_assert_close (total, box, 1e-12, 0.0);

  /* random points inside each cell */
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  for (int k = 0; k < c->n_cells; k++)
    {
      int s0 = c->start[k], n = c->start[k + 1] - s0;
      for (int rep = 0; rep < 4; rep++)
        {
          double x[2] = { 0.0, 0.0 }, wsum = 0.0;
          for (int t = 0; t < n; t++)
            {
              double w = shl_rng_uniform (&rng) + 0.05;
              x[0] += w * c->xy[2 * c->corner[s0 + t]];
              x[1] += w * c->xy[2 * c->corner[s0 + t] + 1];
              wsum += w;
            }
          x[0] /= wsum;
          x[1] /= wsum;
          if (locate (c, x) == k)
            check_value (c, k, f, g, x, scale);
        }
    }

  /* a dense grid, each point located by brute force */
  int found = 0;
  for (int iy = 0; iy < grid; iy++)
    for (int ix = 0; ix < grid; ix++)
      {
        double x[2] = { lo[0] + (hi[0] - lo[0]) * (ix + 0.4142) / grid,
                        lo[1] + (hi[1] - lo[1]) * (iy + 0.5377) / grid };
        int k = locate (c, x);
        if (k < 0)
          continue;
        found++;
        check_value (c, k, f, g, x, scale);
      }
  /* only points within 1e-12 of an edge are left unlocated */
  g_assert_cmpint (found, >=, grid * grid * 9 / 10);
  return c;
}

/* level sets lie on the level: every point is on an edge where the
 * values interpolate to the level */
static void
check_level (const ShlCells *c, const ShlNet *f, const ShlNet *g,
             double level)
{
  ShlPolylines *pl = shl_cells_level_set (c, c->value, level);
  g_assert_nonnull (pl);
  double scale = value_scale (f, g, f->lo, f->hi);
  for (int k = 0; k < pl->n; k++)
    {
      g_assert_cmpint (pl->start[k + 1] - pl->start[k], >=, 2);
      for (int p = pl->start[k]; p < pl->start[k + 1]; p++)
        {
          double v = diff_at (f, g, pl->xy + 2 * p, NULL);
          if (!(fabs (v - level) <= 1e-10 * scale))
            g_error ("level set point %d of polyline %d: %.17g, level %g", p,
                     k, v, level);
        }
      /* an open polyline ends on the box's boundary */
      if (!pl->closed[k])
        for (int e = 0; e < 2; e++)
          {
            const double *p = pl->xy + 2 * (e ? pl->start[k + 1] - 1
                                              : pl->start[k]);
            gboolean on = p[0] == f->lo[0] || p[0] == f->hi[0]
                          || p[1] == f->lo[1] || p[1] == f->hi[1];
            if (!on)
              g_error ("open polyline %d ends inside at (%g, %g)", k, p[0],
                       p[1]);
          }
    }
  shl_polylines_free (pl);
}

/* ------------------------------------------------------------------------ */

static void
test_two_lines (void)
{
  /* f = relu (x) + 2 relu (y) + 0.5 x on [-1, 1]^2 */
  ShlNet *f = shl_net_new (2, 2, NULL, NULL);
  set_neuron (f, 0, 1.0, 0.0, 0.0, 1.0);
  set_neuron (f, 1, 0.0, 1.0, 0.0, 2.0);
  f->v[0] = 0.5;
  *f->e = 0.25;
  ShlCells *c = check_cells (f, NULL, NULL, NULL, 41, 1);
  g_assert_cmpint (c->n_lines, ==, 2);
  g_assert_cmpint (c->n_cells, ==, 4);
  g_assert_cmpint (c->n_vertices, ==, 9);
  /* the gradients, one per quadrant */
  int seen = 0;
  for (int k = 0; k < c->n_cells; k++)
    {
      double gx = c->grad[2 * k], gy = c->grad[2 * k + 1];
      g_assert_true ((gx == 0.5 || gx == 1.5) && (gy == 0.0 || gy == 2.0));
      seen |= 1 << ((gx == 1.5) + 2 * (gy == 2.0));
      g_assert_cmpfloat (c->offset[k], ==, 0.25);
      shl_assert_close (shl_cells_area (c, k), 1.0, 1e-15, 0.0);
    }
  g_assert_cmpint (seen, ==, 15);
  check_level (c, f, NULL, 0.25);
  check_level (c, f, NULL, 1.0);
  shl_cells_free (c);
  shl_net_free (f);
}

static void
test_width_zero (void)
{
  double lo[2] = { -2.0, 0.0 }, hi[2] = { 3.0, 1.0 };
  ShlNet *f = shl_net_new (0, 2, lo, hi);
  f->v[0] = 1.0;
  f->v[1] = -2.0;
  *f->e = 0.5;
  ShlCells *c = check_cells (f, NULL, NULL, NULL, 21, 2);
  g_assert_cmpint (c->n_cells, ==, 1);
  g_assert_cmpint (c->n_vertices, ==, 4);
  g_assert_cmpint (c->n_lines, ==, 0);
  g_assert_cmpfloat (c->grad[0], ==, 1.0);
  g_assert_cmpfloat (c->grad[1], ==, -2.0);
  g_assert_cmpfloat (c->offset[0], ==, 0.5);
  g_assert_cmpfloat (shl_cells_area (c, 0), ==, 5.0);
  /* the level 0: x - 2y + 0.5 = 0 crosses the box once */
  ShlPolylines *pl = shl_cells_level_set (c, c->value, 0.0);
  g_assert_nonnull (pl);
  g_assert_cmpint (pl->n, ==, 1);
  g_assert_false (pl->closed[0]);
  g_assert_cmpint (pl->start[1], ==, 2);
  shl_polylines_free (pl);
  /* a level not crossed */
  pl = shl_cells_level_set (c, c->value, 100.0);
  g_assert_nonnull (pl);
  g_assert_cmpint (pl->n, ==, 0);
  shl_polylines_free (pl);
  shl_cells_free (c);
  shl_net_free (f);
}

static void
test_parallel (void)
{
  ShlNet *f = shl_net_new (3, 2, NULL, NULL);
  set_neuron (f, 0, 1.0, 0.0, -0.2, 1.0);    /* x = 0.2 */
  set_neuron (f, 1, -1.0, 0.0, -0.3, 1.0);   /* x = -0.3, other way */
  set_neuron (f, 2, 2.0, 0.0, 0.8, -0.5);    /* x = -0.4 */
  ShlCells *c = check_cells (f, NULL, NULL, NULL, 41, 3);
  g_assert_cmpint (c->n_lines, ==, 3);
  g_assert_cmpint (c->n_cells, ==, 4);
  check_level (c, f, NULL, 0.1);
  shl_cells_free (c);
  shl_net_free (f);
}

static void
test_corners (void)
{
  /* x = y through two corners, x + y = 2 through one corner only, the
   * line x = -1 along the box's edge */
  ShlNet *f = shl_net_new (3, 2, NULL, NULL);
  set_neuron (f, 0, 1.0, -1.0, 0.0, 1.0);
  set_neuron (f, 1, 1.0, 1.0, -2.0, 3.0);     /* inactive on the box */
  set_neuron (f, 2, 1.0, 0.0, 1.0, -1.5);     /* active on the box */
  ShlCells *c = check_cells (f, NULL, NULL, NULL, 41, 4);
  g_assert_cmpint (c->n_lines, ==, 1);
  g_assert_cmpint (c->n_cells, ==, 2);
  g_assert_cmpint (c->n_vertices, ==, 4);
  for (int k = 0; k < 2; k++)
    {
      g_assert_cmpint (c->start[k + 1] - c->start[k], ==, 3);
      shl_assert_close (shl_cells_area (c, k), 2.0, 1e-15, 0.0);
      g_assert_cmpfloat (c->offset[k], ==, -1.5);
    }
  shl_cells_free (c);
  shl_net_free (f);
}

static void
test_outside (void)
{
  /* both kink lines miss the box: one neuron is active on all of it, one
   * on none */
  ShlNet *f = shl_net_new (2, 2, NULL, NULL);
  set_neuron (f, 0, 1.0, 1.0, 5.0, 2.0);     /* x + y + 5 > 0: active */
  set_neuron (f, 1, 0.0, 1.0, -3.0, 7.0);    /* y > 3: never */
  ShlCells *c = check_cells (f, NULL, NULL, NULL, 21, 5);
  g_assert_cmpint (c->n_lines, ==, 0);
  g_assert_cmpint (c->n_cells, ==, 1);
  g_assert_cmpfloat (c->grad[0], ==, 2.0);
  g_assert_cmpfloat (c->grad[1], ==, 2.0);
  g_assert_cmpfloat (c->offset[0], ==, 10.0);
  shl_cells_free (c);
  shl_net_free (f);
}

static void
test_duplicates (void)
{
  ShlNet *f = shl_net_new (6, 2, NULL, NULL);
  /* the same line three ways: one kink line */
  set_neuron (f, 0, 1.0, 2.0, -0.5, 1.0);
  set_neuron (f, 1, 2.0, 4.0, -1.0, 0.25);
  set_neuron (f, 2, 0.5, 1.0, -0.25, 3.0);
  /* cancelling: c and -c on one neuron */
  set_neuron (f, 3, 1.0, -1.0, 0.3, 2.0);
  set_neuron (f, 4, 1.0, -1.0, 0.3, -2.0);
  /* relu (y) - relu (-y) = y: affine across its line */
  set_neuron (f, 5, 0.0, 1.0, 0.0, 1.0);
  ShlNet *g = shl_net_new (1, 2, NULL, NULL);
  set_neuron (g, 0, 0.0, -1.0, 0.0, 1.0);
  f->v[1] = 0.0;
  /* as a twin: f - g */
  ShlCells *c = check_cells (f, g, NULL, NULL, 41, 6);
  g_assert_cmpint (c->n_lines, ==, 1);
  g_assert_cmpint (c->n_cells, ==, 2);
  for (int k = 0; k < 2; k++)
    /* the y terms sum to 1 on both sides, up to the line's neurons */
    g_assert_true (c->grad[2 * k + 1] == 1.0
                   || c->grad[2 * k + 1] == 1.0 + 2.0 + 0.25 * 4 + 3.0);
  shl_cells_free (c);
  shl_net_free (f);
  shl_net_free (g);
}

static void
test_concurrent (void)
{
  /* x = 0, y = 0, x = y, x = -y: four lines through the origin */
  ShlNet *f = shl_net_new (4, 2, NULL, NULL);
  set_neuron (f, 0, 1.0, 0.0, 0.0, 1.0);
  set_neuron (f, 1, 0.0, 1.0, 0.0, -1.0);
  set_neuron (f, 2, 1.0, -1.0, 0.0, 0.5);
  set_neuron (f, 3, 1.0, 1.0, 0.0, 2.0);
  ShlCells *c = check_cells (f, NULL, NULL, NULL, 41, 7);
  g_assert_cmpint (c->n_lines, ==, 4);
  g_assert_cmpint (c->n_cells, ==, 8);
  /* one vertex at the origin, 4 corners, 6 other boundary points (two
   * lines end at corners) */
  g_assert_cmpint (c->n_vertices, ==, 1 + 4 + 4);
  check_level (c, f, NULL, 0.05);
  shl_cells_free (c);
  shl_net_free (f);
}

static void
test_twin_equal (void)
{
  ShlNet *f = shl_test_random_net (12, 2, 8);
  ShlNet *g = shl_net_copy (f);
  ShlCells *c = check_cells (f, g, NULL, NULL, 21, 8);
  g_assert_cmpint (c->n_lines, ==, 0);
  g_assert_cmpint (c->n_cells, ==, 1);
  g_assert_cmpfloat (c->grad[0], ==, 0.0);
  g_assert_cmpfloat (c->grad[1], ==, 0.0);
  shl_cells_free (c);
  shl_net_free (f);
  shl_net_free (g);
}

static void
test_thin (void)
{
  /* two lines 1e-15 apart and a line one ulp off a corner: slivers are
   * cells */
  ShlNet *f = shl_net_new (3, 2, NULL, NULL);
  set_neuron (f, 0, 1.0, 0.0, -0.25, 1.0);
  set_neuron (f, 1, 1.0, 0.0, -0.25 - 1e-15, -1.0);
  set_neuron (f, 2, 1.0, 1.0, -2.0 + 0x1p-51, 1.0);
  ShlCells *c = check_cells (f, NULL, NULL, NULL, 21, 9);
  g_assert_cmpint (c->n_lines, ==, 3);
  g_assert_cmpint (c->n_cells, ==, 4);
  shl_cells_free (c);
  shl_net_free (f);
}

static void
test_random (void)
{
  for (guint64 seed = 1; seed <= 12; seed++)
    {
      int m = 1 + (int) (seed * 7 % 23);
      ShlNet *f = shl_test_random_net (m, 2, seed);
      ShlNet *g = seed % 3 == 0 ? shl_test_random_net (m / 2, 2, 100 + seed)
                                : NULL;
      ShlCells *c = check_cells (f, g, NULL, NULL, 61, seed);
      /* lines in general position: cells = 1 + lines + inner crossings */
      int inner = 0;
      for (int v = 0; v < c->n_vertices; v++)
        inner += c->vline[2 * v] >= 4;
      g_assert_cmpint (c->n_cells, ==, 1 + c->n_lines + inner);
      check_level (c, f, g, 0.0);
      shl_cells_free (c);
      /* a smaller box inside */
      double lo[2] = { -0.3, -0.7 }, hi[2] = { 0.6, 0.2 };
      c = check_cells (f, g, lo, hi, 31, seed + 50);
      shl_cells_free (c);
      shl_net_free (f);
      shl_net_free (g);
    }
}

static void
test_bad (void)
{
  ShlNet *f1 = shl_net_new (2, 1, NULL, NULL);
  ShlNet *f = shl_test_random_net (3, 2, 3);
  g_assert_null (shl_cells_new (f1, NULL, NULL, NULL));
  g_assert_null (shl_cells_new (f, f1, NULL, NULL));
  double lo[2] = { 0.0, 0.0 }, hi[2] = { 0.0, 1.0 };
  g_assert_null (shl_cells_new (f, NULL, lo, hi));
  f->c[0] = NAN;
  g_assert_null (shl_cells_new (f, NULL, NULL, NULL));
  shl_net_free (f);
  shl_net_free (f1);
}

static void
test_large (void)
{
  /* widths 100 and 1000: print counts and times, check the tiling */
  int widths[2] = { 100, 1000 };
  for (int w = 0; w < 2; w++)
    {
      ShlNet *f = shl_test_random_net (widths[w], 2, 77);
      gint64 t0 = g_get_monotonic_time ();
      ShlCells *c = shl_cells_new (f, NULL, NULL, NULL);
      gint64 t1 = g_get_monotonic_time ();
      g_assert_nonnull (c);
      double total = 0.0;
      for (int k = 0; k < c->n_cells; k++)
        total += shl_cells_area (c, k);
      shl_assert_close (total, 4.0, 1e-11, 0.0);
      int inner = 0;
      for (int v = 0; v < c->n_vertices; v++)
        inner += c->vline[2 * v] >= 4;
      g_assert_cmpint (c->n_cells, ==, 1 + c->n_lines + inner);
      ShlRng rng;
      shl_rng_seed (&rng, 5);
      for (int rep = 0; rep < 200; rep++)
        {
          int k = (int) (shl_rng_uniform (&rng) * c->n_cells);
          int s0 = c->start[k], n = c->start[k + 1] - s0;
          double x[2] = { 0.0, 0.0 };
          for (int t = 0; t < n; t++)
            for (int j = 0; j < 2; j++)
              x[j] += c->xy[2 * c->corner[s0 + t] + j] / n;
          double want = diff_at (f, NULL, x, NULL);
          double got = c->grad[2 * k] * x[0] + c->grad[2 * k + 1] * x[1]
                       + c->offset[k];
          shl_assert_close (got, want, 0.0,
                            1e-12 * value_scale (f, NULL, f->lo, f->hi));
        }
      g_test_message ("width %d: %d lines, %d cells, %d vertices, %.1f ms",
                      widths[w], c->n_lines, c->n_cells, c->n_vertices,
                      (t1 - t0) / 1e3);
      shl_cells_free (c);
      shl_net_free (f);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cells/two-lines", test_two_lines);
  g_test_add_func ("/cells/width-zero", test_width_zero);
  g_test_add_func ("/cells/parallel", test_parallel);
  g_test_add_func ("/cells/corners", test_corners);
  g_test_add_func ("/cells/outside", test_outside);
  g_test_add_func ("/cells/duplicates", test_duplicates);
  g_test_add_func ("/cells/concurrent", test_concurrent);
  g_test_add_func ("/cells/twin-equal", test_twin_equal);
  g_test_add_func ("/cells/thin", test_thin);
  g_test_add_func ("/cells/random", test_random);
  g_test_add_func ("/cells/bad", test_bad);
  g_test_add_func ("/cells/large", test_large);
  return g_test_run ();
}
