/* test-render-units.c: the pure functions of ui/render: nice ticks, tick
 * labels, log ticks, number formatting, marching squares, colour maps. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-render.h"
#include "shl-text.h"

#define MINUS "\xe2\x88\x92"

static void
assert_ticks (const ShlTicks *t, const double *want, int n)
{
  if (t->n != n)
    {
      GString *s = g_string_new (NULL);
      for (int i = 0; i < t->n; i++)
        g_string_append_printf (s, " %.17g", t->v[i]);
      g_error ("got %d ticks (%s), want %d", t->n, s->str, n);
    }
  for (int i = 0; i < n; i++)
    {
      double tol = 1e-12 * MAX (1.0, fabs (want[i]));
      if (fabs (t->v[i] - want[i]) > tol)
        g_error ("tick %d: got %.17g, want %.17g", i, t->v[i], want[i]);
    }
}

typedef struct {
  double lo, hi;
  int target;
  int n;
  double want[12];
} TickCase;

static void
test_linear_ticks (void)
{
  static const TickCase cases[] = {
    { 0, 1, 6, 6, { 0, 0.2, 0.4, 0.6, 0.8, 1 } },
    { -3, 3, 6, 7, { -3, -2, -1, 0, 1, 2, 3 } },
    { 0, 10, 5, 6, { 0, 2, 4, 6, 8, 10 } },
    { 0, 100, 5, 6, { 0, 20, 40, 60, 80, 100 } },
    { -1, 1, 5, 5, { -1, -0.5, 0, 0.5, 1 } },
    { 0.1, 0.35, 4, 3, { 0.1, 0.2, 0.3 } },
    { 0, 5e-5, 5, 6, { 0, 1e-5, 2e-5, 3e-5, 4e-5, 5e-5 } },
    { -0.05, 1.05, 6, 6, { 0, 0.2, 0.4, 0.6, 0.8, 1 } },
    { 0, 2 * G_PI, 6, 7, { 0, 1, 2, 3, 4, 5, 6 } },
    { 0, 5000, 6, 6, { 0, 1000, 2000, 3000, 4000, 5000 } },
    { 1000, 1000.5, 5, 6, { 1000, 1000.1, 1000.2, 1000.3, 1000.4, 1000.5 } },
    { -7.3, -2.1, 5, 5, { -7, -6, -5, -4, -3 } },
    { 3, 1, 3, 3, { 1, 2, 3 } },   /* reversed input */
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      ShlTicks t;
      shl_ticks_linear (&t, cases[c].lo, cases[c].hi, cases[c].target);
      g_test_message ("case %u: [%g, %g] target %d", c, cases[c].lo,
                      cases[c].hi, cases[c].target);
      assert_ticks (&t, cases[c].want, cases[c].n);
      g_assert_cmpint (t.kind, ==, SHL_TICKS_KIND_LINEAR);
    }

  /* degenerate ranges do not crash */
  ShlTicks t;
  shl_ticks_linear (&t, 1, 1, 5);
  g_assert_cmpint (t.n, ==, 1);
  shl_ticks_linear (&t, NAN, 1, 5);
  g_assert_cmpint (t.n, ==, 0);
  shl_ticks_linear (&t, -1e300, 1e300, 5);
  g_assert_cmpint (t.n, >=, 2);
  g_assert_cmpint (t.n, <=, SHL_TICKS_MAX);
  shl_ticks_linear (&t, 1e-300, 2e-300, 5);
  g_assert_cmpint (t.n, >=, 2);
}

static void
assert_labels (double lo, double hi, int target, const char *const *want)
{
  ShlTicks t;
  shl_ticks_compute (&t, SHL_SCALE_LINEAR, lo, hi, target);
  int n = 0;
  while (want[n])
    n++;
  g_assert_cmpint (t.n, ==, n);
  for (int i = 0; i < n; i++)
    {
      char buf[96];
      shl_ticks_label (&t, i, buf, sizeof buf);
      g_assert_cmpstr (buf, ==, want[i]);
    }
}

/* Ticks a figure asks for: those inside the range, sorted, once each,
 * labelled with up to six significant digits. */
static void
test_explicit_ticks (void)
{
  const double values[] = { 1, -0.5, 0.5, 0.5, 3, NAN, 0.123456789, -1 - 1e-12 };
  ShlTicks t;
  shl_ticks_explicit (&t, values, G_N_ELEMENTS (values), -1, 1);
  const double want[] = { -1 - 1e-12, -0.5, 0.123456789, 0.5, 1 };
  assert_ticks (&t, want, G_N_ELEMENTS (want));
  g_assert_cmpint (t.n_minor, ==, 0);
  const char *const labels[] = { MINUS "1", MINUS "0.5", "0.123457", "0.5", "1" };
  for (int i = 0; i < t.n; i++)
    {
      char buf[64];
      shl_ticks_label (&t, i, buf, sizeof buf);
      g_assert_cmpstr (buf, ==, labels[i]);
    }
  shl_ticks_explicit (&t, values, 0, -1, 1);
  g_assert_cmpint (t.n, ==, 0);
}

static void
test_tick_labels (void)
{
  const char *const a[] = { "0.1", "0.2", "0.3", NULL };
  assert_labels (0.1, 0.35, 4, a);
  const char *const b[] = { MINUS "1.0", MINUS "0.5", "0.0", "0.5", "1.0",
                            NULL };
  assert_labels (-1, 1, 5, b);
  /* mantissas, with the common factor shown once */
  const char *const c[] = { "0", "1", "2", "3", "4", "5", NULL };
  assert_labels (0, 5e-5, 5, c);
  const char *const d[] = { "0.0", "0.5", "1.0", "1.5", "2.0", NULL };
  assert_labels (0, 2e6, 5, d);
  ShlTicks t;
  char buf[64];
  shl_ticks_linear (&t, 0, 5e-5, 5);
  g_assert_true (shl_ticks_multiplier (&t, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "×10<sup>" MINUS "5</sup>");
  shl_ticks_linear (&t, -2e6, 2e6, 5);
  g_assert_true (shl_ticks_multiplier (&t, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "×10<sup>6</sup>");
  shl_ticks_label (&t, 0, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, MINUS "2");
  shl_ticks_linear (&t, 0, 1, 5);
  g_assert_false (shl_ticks_multiplier (&t, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "");
  const char *const e[] = { "0", "1000", "2000", "3000", "4000", "5000",
                            NULL };
  assert_labels (0, 5000, 6, e);
  const char *const f[] = { "1000.0", "1000.1", "1000.2", "1000.3", "1000.4",
                            "1000.5", NULL };
  assert_labels (1000, 1000.5, 5, f);
  const char *const g[] = { "0.000", "0.001", "0.002", "0.003", NULL };
  assert_labels (0, 0.0035, 4, g);
}

static void
test_format_number (void)
{
  char buf[64];
  shl_format_number (buf, sizeof buf, 0.1 + 0.2, 6, TRUE);
  g_assert_cmpstr (buf, ==, "0.3");
  shl_format_number (buf, sizeof buf, -2.5e-7, 3, TRUE);
  g_assert_cmpstr (buf, ==, MINUS "2.5×10<sup>" MINUS "7</sup>");
  shl_format_number (buf, sizeof buf, 2e-5, 3, FALSE);
  g_assert_cmpstr (buf, ==, "2×10\xe2\x81\xbb\xe2\x81\xb5");
  shl_format_number (buf, sizeof buf, 99999.7, 3, TRUE);
  g_assert_cmpstr (buf, ==, "1×10<sup>5</sup>");
  shl_format_number (buf, sizeof buf, 1234.5678, 6, TRUE);
  g_assert_cmpstr (buf, ==, "1234.57");
  shl_format_number (buf, sizeof buf, -0.0, 3, TRUE);
  g_assert_cmpstr (buf, ==, "0");
  shl_format_number (buf, sizeof buf, 0.00123, 2, TRUE);
  g_assert_cmpstr (buf, ==, "0.0012");
  shl_format_number (buf, sizeof buf, 6.02e23, 3, TRUE);
  g_assert_cmpstr (buf, ==, "6.02×10<sup>23</sup>");
  shl_format_number (buf, sizeof buf, NAN, 3, TRUE);
  g_assert_cmpstr (buf, ==, "NaN");
  shl_format_number (buf, sizeof buf, -INFINITY, 3, TRUE);
  g_assert_cmpstr (buf, ==, MINUS "\xe2\x88\x9e");
}

static void
test_log_ticks (void)
{
  ShlTicks t;
  char buf[96];

  shl_ticks_log (&t, 1e-4, 1.0, 8);
  const double a[] = { 1e-4, 1e-3, 1e-2, 1e-1, 1 };
  assert_ticks (&t, a, 5);
  g_assert_cmpint (t.kind, ==, SHL_TICKS_KIND_DECADES);
  g_assert_cmpint (t.n_minor, ==, 32);
  g_assert_cmpfloat (fabs (t.minor[0] - 2e-4), <, 1e-18);
  shl_ticks_label (&t, 0, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10<sup>" MINUS "4</sup>");
  shl_ticks_label (&t, 4, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10<sup>0</sup>");

  /* many decades: every third, minor ticks at the skipped ones */
  shl_ticks_log (&t, 1e-12, 1e3, 6);
  const double b[] = { 1e-12, 1e-9, 1e-6, 1e-3, 1, 1e3 };
  assert_ticks (&t, b, 6);
  g_assert_cmpfloat (t.step, ==, 3.0);
  g_assert_cmpint (t.n_minor, ==, 10);

  /* about one decade: 1-2-5 */
  shl_ticks_log (&t, 2.0, 30.0, 6);
  const double c[] = { 2, 5, 10, 20 };
  assert_ticks (&t, c, 4);
  g_assert_cmpint (t.kind, ==, SHL_TICKS_KIND_LOG125);
  shl_ticks_label (&t, 2, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10");
  g_assert_cmpint (t.n_minor, >, 0);

  /* two decades: 1-2-5 when they fit the target, else decades */
  shl_ticks_log (&t, 0.5, 40.0, 7);
  const double c2[] = { 0.5, 1, 2, 5, 10, 20 };
  assert_ticks (&t, c2, 6);
  shl_ticks_log (&t, 0.5, 40.0, 3);
  const double c3[] = { 1, 10 };
  assert_ticks (&t, c3, 2);
  g_assert_cmpint (t.kind, ==, SHL_TICKS_KIND_DECADES);

  /* less than a decade: linear ticks on the log axis */
  shl_ticks_log (&t, 0.3, 0.9, 6);
  const double d[] = { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
  assert_ticks (&t, d, 7);
  g_assert_cmpint (t.kind, ==, SHL_TICKS_KIND_LINEAR);

  /* invalid log range falls back to linear without crashing */
  shl_ticks_log (&t, -1.0, 1.0, 5);
  g_assert_cmpint (t.n, >=, 2);
}

/* ---- marching squares ------------------------------------------------- */

static gboolean
has_point (const ShlContourLine *l, double x, double y)
{
  for (int k = 0; k < l->n; k++)
    if (fabs (l->xy[2 * k] - x) < 1e-12 && fabs (l->xy[2 * k + 1] - y) < 1e-12)
      return TRUE;
  return FALSE;
}

static void
test_saddle (void)
{
  /* z(0,0) = 1, z(1,0) = 0, z(0,1) = 0, z(1,1) = 1; centre mean 0.5 */
  const double z[4] = { 1, 0, 0, 1 };
  ShlContourLine *lines;

  /* level 0.4: the centre is above, so the above corners join through the
   * middle and the contour cuts off the two low corners */
  int n = shl_contour_trace (&lines, z, 2, 2, 0, 1, 0, 1, 0.4);
  g_assert_cmpint (n, ==, 2);
  for (int l = 0; l < 2; l++)
    {
      g_assert_cmpint (lines[l].n, ==, 2);
      g_assert_false (lines[l].closed);
    }
  const ShlContourLine *br = has_point (&lines[0], 0.6, 0) ? &lines[0]
                                                           : &lines[1];
  const ShlContourLine *tl = br == &lines[0] ? &lines[1] : &lines[0];
  g_assert_true (has_point (br, 0.6, 0) && has_point (br, 1, 0.4));
  g_assert_true (has_point (tl, 0.4, 1) && has_point (tl, 0, 0.6));
  shl_contour_lines_free (lines, n);

  /* level 0.6: the centre is below, the high corners are cut off */
  n = shl_contour_trace (&lines, z, 2, 2, 0, 1, 0, 1, 0.6);
  g_assert_cmpint (n, ==, 2);
  const ShlContourLine *bl = has_point (&lines[0], 0.4, 0) ? &lines[0]
                                                           : &lines[1];
  const ShlContourLine *tr = bl == &lines[0] ? &lines[1] : &lines[0];
  g_assert_true (has_point (bl, 0.4, 0) && has_point (bl, 0, 0.4));
  g_assert_true (has_point (tr, 1, 0.6) && has_point (tr, 0.6, 1));
  shl_contour_lines_free (lines, n);

  /* the mirrored saddle (case 10) */
  const double w[4] = { 0, 1, 1, 0 };
  n = shl_contour_trace (&lines, w, 2, 2, 0, 1, 0, 1, 0.4);
  g_assert_cmpint (n, ==, 2);
  bl = has_point (&lines[0], 0.4, 0) ? &lines[0] : &lines[1];
  g_assert_true (has_point (bl, 0.4, 0) && has_point (bl, 0, 0.4));
  shl_contour_lines_free (lines, n);

  /* nothing outside the range */
  n = shl_contour_trace (&lines, z, 2, 2, 0, 1, 0, 1, 2.0);
  g_assert_cmpint (n, ==, 0);
  g_assert_null (lines);
}

static void
test_circle (void)
{
  enum { N = 161 };
  double *dist = g_new (double, N * N), *sq = g_new (double, N * N);
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++)
      {
        double x = -1.0 + 2.0 * i / (N - 1), y = -1.0 + 2.0 * j / (N - 1);
        dist[j * N + i] = hypot (x, y);
        sq[j * N + i] = x * x + y * y;
      }
  const double r = 0.6;
  ShlContourLine *lines;
  int n = shl_contour_trace (&lines, dist, N, N, -1, 1, -1, 1, r);
  g_assert_cmpint (n, ==, 1);
  g_assert_true (lines[0].closed);
  double len = shl_contour_lines_length (lines, n);
  g_assert_cmpfloat (fabs (len / (2 * G_PI * r) - 1.0), <, 0.01);
  /* every point on the circle */
  for (int k = 0; k < lines[0].n; k++)
    g_assert_cmpfloat (fabs (hypot (lines[0].xy[2 * k], lines[0].xy[2 * k + 1])
                             - r), <, 2e-3);
  shl_contour_lines_free (lines, n);

  n = shl_contour_trace (&lines, sq, N, N, -1, 1, -1, 1, r * r);
  g_assert_cmpint (n, ==, 1);
  len = shl_contour_lines_length (lines, n);
  g_assert_cmpfloat (fabs (len / (2 * G_PI * r) - 1.0), <, 0.01);
  shl_contour_lines_free (lines, n);

  /* a circle around the centre cut by the boundary: four corner arcs */
  n = shl_contour_trace (&lines, dist, N, N, -1, 1, -1, 1, 1.2);
  g_assert_cmpint (n, ==, 4);
  for (int l = 0; l < n; l++)
    g_assert_false (lines[l].closed);
  shl_contour_lines_free (lines, n);
  g_free (dist);
  g_free (sq);
}

static void
test_contour_nan (void)
{
  enum { N = 21 };
  double z[N * N];
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++)
      z[j * N + i] = (double) i / (N - 1);
  ShlContourLine *lines;
  int n = shl_contour_trace (&lines, z, N, N, 0, 1, 0, 1, 0.5);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpfloat (fabs (shl_contour_lines_length (lines, n) - 1.0), <,
                     1e-12);
  shl_contour_lines_free (lines, n);
  /* a hole in the middle splits the line in two */
  z[10 * N + 10] = NAN;
  n = shl_contour_trace (&lines, z, N, N, 0, 1, 0, 1, 0.5);
  g_assert_cmpint (n, ==, 2);
  shl_contour_lines_free (lines, n);
}

/* ---- colours ---------------------------------------------------------- */

static void
assert_color (ShlColor c, double r, double g, double b, double tol)
{
  g_assert_cmpfloat (fabs (c.r - r), <=, tol);
  g_assert_cmpfloat (fabs (c.g - g), <=, tol);
  g_assert_cmpfloat (fabs (c.b - b), <=, tol);
  g_assert_cmpfloat (c.a, ==, 1.0);
}

static void
test_viridis (void)
{
  assert_color (shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, 0.0), 0.267004,
                0.004874, 0.329415, 1e-6);
  assert_color (shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, 1.0), 0.993248,
                0.906157, 0.143936, 1e-6);
  assert_color (shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, 128.0 / 255.0),
                0.127568, 0.566949, 0.550556, 1e-6);
  /* clamped */
  assert_color (shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, -3.0), 0.267004,
                0.004874, 0.329415, 1e-6);
  assert_color (shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, 7.0), 0.993248,
                0.906157, 0.143936, 1e-6);
  g_assert_cmpfloat (shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, NAN).a, ==,
                     0.0);
  /* perceptually ordered: CIE L* strictly increasing */
  double prev = -1.0;
  for (int i = 0; i <= 512; i++)
    {
      double L = shl_color_lightness (
          shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, i / 512.0));
      g_assert_cmpfloat (L, >, prev);
      prev = L;
    }
  g_assert_cmpfloat (shl_color_lightness (
                         shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, 0)), <, 20);
  g_assert_cmpfloat (shl_color_lightness (
                         shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, 1)), >, 85);
}

/* the greyscale-safe diverging map: CIE L* rises linearly from 30 to 92
 * (so the sign survives a grey print), blue below the neutral middle,
 * gold above it */
static void
test_bluegold (void)
{
  g_assert_true (shl_colormap_is_diverging (SHL_COLORMAP_BLUEGOLD));
  g_assert_cmpstr (shl_colormap_name (SHL_COLORMAP_BLUEGOLD), ==, "bluegold");
  double prev = -1.0;
  for (int i = 0; i <= 512; i++)
    {
      double t = i / 512.0;
      double L = shl_color_lightness (shl_colormap_lookup (SHL_COLORMAP_BLUEGOLD, t));
      g_assert_cmpfloat (L, >, prev);
      /* linear in t up to the table's interpolation and 8-bit rounding */
      g_assert_cmpfloat (fabs (L - (30.0 + 62.0 * t)), <, 1.0);
      prev = L;
    }
  ShlColor lo = shl_colormap_lookup (SHL_COLORMAP_BLUEGOLD, 0.0);
  ShlColor hi = shl_colormap_lookup (SHL_COLORMAP_BLUEGOLD, 1.0);
  ShlColor mid = shl_colormap_lookup (SHL_COLORMAP_BLUEGOLD, 0.5);
  g_assert_cmpfloat (lo.b, >, lo.r + 0.2);   /* blue */
  g_assert_cmpfloat (hi.r, >, hi.b + 0.2);   /* gold */
  g_assert_cmpfloat (hi.g, >, hi.b + 0.1);
  g_assert_cmpfloat (fabs (mid.r - mid.g), <, 0.02);   /* neutral grey */
  g_assert_cmpfloat (fabs (mid.g - mid.b), <, 0.02);
  /* the ends differ in lightness by more than half the scale: a grey
   * print tells -1 from +1 */
  g_assert_cmpfloat (shl_color_lightness (hi) - shl_color_lightness (lo), >, 55.0);
}

static void
test_coolwarm (void)
{
  const double tol = 1.5 / 255.0;
  assert_color (shl_colormap_lookup (SHL_COLORMAP_COOLWARM, 0.0), 59 / 255.0,
                76 / 255.0, 192 / 255.0, tol);
  assert_color (shl_colormap_lookup (SHL_COLORMAP_COOLWARM, 1.0), 180 / 255.0,
                4 / 255.0, 38 / 255.0, tol);
  ShlColor mid = shl_colormap_lookup (SHL_COLORMAP_COOLWARM, 0.5);
  g_assert_cmpfloat (fabs (mid.r - mid.g), <, 0.02);
  g_assert_cmpfloat (fabs (mid.g - mid.b), <, 0.02);
  g_assert_cmpfloat (fabs (shl_color_lightness (mid) - 88.0), <, 1.0);
  g_assert_true (shl_colormap_is_diverging (SHL_COLORMAP_COOLWARM));
  g_assert_false (shl_colormap_is_diverging (SHL_COLORMAP_VIRIDIS));
  /* lightness rises to the middle, then falls */
  double prev = -1.0;
  for (int i = 0; i <= 128; i++)
    {
      double L = shl_color_lightness (
          shl_colormap_lookup (SHL_COLORMAP_COOLWARM, i / 256.0));
      g_assert_cmpfloat (L, >, prev - 1e-9);
      prev = L;
    }
  for (int i = 129; i <= 256; i++)
    {
      double L = shl_color_lightness (
          shl_colormap_lookup (SHL_COLORMAP_COOLWARM, i / 256.0));
      g_assert_cmpfloat (L, <, prev + 1e-9);
      prev = L;
    }
}

static void
test_palette (void)
{
  assert_color (shl_palette (0), 0x00 / 255.0, 0x72 / 255.0, 0xb2 / 255.0,
                1e-12);
  for (int i = 0; i < SHL_PALETTE_SIZE; i++)
    {
      ShlColor a = shl_palette (i), b = shl_palette (i + SHL_PALETTE_SIZE);
      g_assert_true (a.r == b.r && a.g == b.g && a.b == b.b);
      for (int j = 0; j < i; j++)
        {
          ShlColor c = shl_palette (j);
          g_assert_false (a.r == c.r && a.g == c.g && a.b == c.b);
        }
    }
  ShlColor m = shl_palette (-1), l = shl_palette (SHL_PALETTE_SIZE - 1);
  g_assert_true (m.r == l.r && m.g == l.g && m.b == l.b);

  /* map_values: linear and log, NaN transparent */
  const double v[4] = { 1, 10, 100, NAN };
  ShlColor c[4];
  shl_colormap_map_values (c, SHL_COLORMAP_VIRIDIS, v, 1, 100, TRUE, 4);
  ShlColor half = shl_colormap_lookup (SHL_COLORMAP_VIRIDIS, 0.5);
  g_assert_cmpfloat (fabs (c[1].g - half.g), <, 1e-12);
  g_assert_cmpfloat (c[3].a, ==, 0.0);
  shl_colormap_map_values (c, SHL_COLORMAP_VIRIDIS, v, 0, 200, FALSE, 3);
  g_assert_cmpfloat (fabs (c[2].g - half.g), <, 1e-12);
}

static void
test_styles (void)
{
  ShlPlotStyle light, dark, paper;
  shl_plot_style_init (&light, SHL_STYLE_SCREEN_LIGHT);
  shl_plot_style_init (&dark, SHL_STYLE_SCREEN_DARK);
  shl_plot_style_init (&paper, SHL_STYLE_PAPER);
  g_assert_cmpfloat (shl_color_lightness (light.background), >, 90);
  g_assert_cmpfloat (shl_color_lightness (dark.background), <, 20);
  g_assert_cmpfloat (shl_color_lightness (dark.foreground), >, 80);
  /* print sizes */
  g_assert_cmpfloat (paper.tick_size, >=, 7.0);
  g_assert_cmpfloat (paper.label_size, <=, 9.5);
  g_assert_cmpfloat (paper.line_width, <=, 1.2);
  g_assert_cmpfloat (paper.axis_width, <=, 0.8);
  /* the dark palette keeps contrast with the background */
  for (int i = 0; i < SHL_PALETTE_SIZE; i++)
    {
      ShlColor c = shl_plot_style_series_color (&dark, i);
      g_assert_cmpfloat (shl_color_lightness (c)
                         - shl_color_lightness (dark.background), >, 30);
    }
}

/* $math$: single letters and lowercase Greek italic, words, digits and
 * operators upright, - a minus, ' a prime, nested scripts sized and
 * raised relative to what they follow; the markup parses. */
static void
test_math_markup (void)
{
  const int S = 10000;   /* font size, Pango units */
  const struct {
    const char *in, *want;
  } cases[] = {
    { "no math", "no math" },
    { "Realization $f$", "Realization <span style=\"italic\">f</span>" },
    { "$f'(x)$", "<span style=\"italic\">f</span>\xe2\x80\x8a\xe2\x80\xb2(<span style=\"italic\">x</span>)" },
    { "$θ - θ_0$", "<span style=\"italic\">θ</span> " MINUS " <span style=\"italic\">θ</span>"
                   "<span size=\"7000\" rise=\"-1800\">0</span>" },
    { "$d_{\\mathrm{sym}}$", "<span style=\"italic\">d</span><span size=\"7000\" rise=\"-1800\">sym</span>" },
    /* TeX: letters in a script are variables too; commands */
    { "$a_{ij}$", "<span style=\"italic\">a</span><span size=\"7000\" rise=\"-1800\" style=\"italic\">ij</span>" },
    { "$\\theta \\to \\infty$", "<span style=\"italic\">θ</span> → ∞" },
    { "$\\Gamma$", "Γ" },
    { "$\\sin x$", "sin\xe2\x80\x89<span style=\"italic\">x</span>" },
    { "$\\|f\\|_\\infty$", "‖<span style=\"italic\">f</span>‖<span size=\"7000\" rise=\"-1800\">∞</span>" },
    { "$\\text{loss}$", "loss" },
    { "$\\foo$", "\\foo" },
    { "$x_1$", "<span style=\"italic\">x</span><span size=\"7000\" rise=\"-1800\">1</span>" },
    /* a superscript inside a subscript: 0.7 of 0.7, raised from the
     * subscript's baseline by 0.38 of its size */
    { "$f_{W^{1}}$", "<span style=\"italic\">f</span><span size=\"7000\" rise=\"-1800\" "
                     "style=\"italic\">W</span><span size=\"4900\" rise=\"860\">1</span>" },
    { "$t\\,f$", "<span style=\"italic\">t</span>\xe2\x80\x89<span style=\"italic\">f</span>" },
    { "costs \\$5", "costs $5" },
    { "$∇f$ and $Γ$", "∇<span style=\"italic\">f</span> and Γ" },
  };
  /* the commands not understood are named */
  g_autofree char *unknown = shl_text_math_check ("$\\alpha + \\mathbb{R}$ and \\$\\x");
  g_assert_cmpstr (unknown, ==, "\\mathbb");
  g_autofree char *none = shl_text_math_check ("$\\alpha \\sin \\mathrm{fib} \\, \\|$ \\notmath");
  g_assert_null (none);
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *got = shl_text_math_markup (cases[k].in, S);
      if (g_strcmp0 (got, cases[k].want) != 0)
        g_error ("%s: got %s, want %s", cases[k].in, got, cases[k].want);
      g_assert_true (pango_parse_markup (got, -1, 0, NULL, NULL, NULL, NULL));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/ticks/linear", test_linear_ticks);
  g_test_add_func ("/render/ticks/labels", test_tick_labels);
  g_test_add_func ("/render/ticks/explicit", test_explicit_ticks);
  g_test_add_func ("/render/ticks/format-number", test_format_number);
  g_test_add_func ("/render/ticks/log", test_log_ticks);
  g_test_add_func ("/render/contour/saddle", test_saddle);
  g_test_add_func ("/render/contour/circle", test_circle);
  g_test_add_func ("/render/contour/nan", test_contour_nan);
  g_test_add_func ("/render/color/viridis", test_viridis);
  g_test_add_func ("/render/color/coolwarm", test_coolwarm);
  g_test_add_func ("/render/color/bluegold", test_bluegold);
  g_test_add_func ("/render/color/palette", test_palette);
  g_test_add_func ("/render/style/presets", test_styles);
  g_test_add_func ("/render/text/math", test_math_markup);
  return g_test_run ();
}
