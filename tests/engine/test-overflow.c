/* test-overflow.c: parameters near the ends of the double range (1e308,
 * 1e-308, subnormals, mixed magnitudes) in the per-neuron quantities,
 * balancing, the canonical form kappa, the restricted projection, the
 * typed moves and the network files. Every answer is either right (to a
 * few ulps of the exact value, computed by hand here) or an explicit
 * refusal; never a wrong finite number. */
#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-geom.h"
#include "shl-io.h"
#include "shl-move.h"
#include "shl-symmetry.h"
#include "shl-test.h"

/* a width-m network on [lo, hi]^d from rows (a..., b, c) */
static ShlNet *
net_of (int m, int d, double lo, double hi, const double *rows, double e,
        const double *v)
{
  double l[2] = { lo, lo }, h[2] = { hi, hi };
  ShlNet *net = shl_net_new (m, d, l, h);
  for (int i = 0; i < m; i++)
    {
      for (int j = 0; j < d; j++)
        net->a[i * d + j] = rows[i * (d + 2) + j];
      net->b[i] = rows[i * (d + 2) + d];
      net->c[i] = rows[i * (d + 2) + d + 1];
    }
  *net->e = e;
  for (int j = 0; v && j < d; j++)
    net->v[j] = v[j];
  return net;
}

/* |x - want| <= ulps ulp(want) */
static void
assert_ulps (double x, double want, double ulps, const char *what)
{
  double tol = ulps * (nextafter (fabs (want), INFINITY) - fabs (want));
  if (!(fabs (x - want) <= tol) && x != want)
    g_error ("%s: %.17g, expected %.17g (within %g ulps)", what, x, want, ulps);
}

/* ------------------------------------------------------ neuron quantities */

static void
test_neuron_quantities (void)
{
  /* norms: sqrt of squares that overflow or underflow */
  static const double scales[] = { 1.0, 1e150, 1e200, 1e300, 0x1p1000, 1e-150, 1e-200, 1e-300,
                                   0x1p-1000, 1e-310, 5e-323 };
  for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
    {
      double t = scales[k];
      /* (a, b) = (3t, 4t): the norm is 5t, exactly for powers of two */
      double rows[] = { 3 * t, 4 * t, 1.0 };
      ShlNet *net = net_of (1, 1, -1, 1, rows, 0, NULL);
      if (fabs (3 * t) >= DBL_MIN)
        {
          assert_ulps (shl_net_neuron_norm_ab (net, 0), 5 * t, 2, "norm_ab");
          assert_ulps (shl_net_neuron_norm_a (net, 0), 3 * t, 1, "norm_a");
          /* imbalance log(1 / 5t) */
          double want = -log (5.0) - log (t);
          assert_ulps (shl_net_neuron_imbalance (net, 0), want, 8, "imbalance");
        }
      else
        {
          /* subnormal entries: the norm within the entries' own precision */
          double n = shl_net_neuron_norm_ab (net, 0);
          g_assert_true (n > 0 && fabs (n - 5 * t) <= 2 * 5e-324 + 1e-12 * n);
        }
      shl_net_free (net);
    }

  /* the largest: (DBL_MAX, DBL_MAX) has norm sqrt(2) DBL_MAX = inf (beyond
   * the range), (DBL_MAX / 2, DBL_MAX / 2) has norm ~1.27e308 */
  double big[] = { DBL_MAX / 2, DBL_MAX / 2, 1.0 };
  ShlNet *net = net_of (1, 1, -1, 1, big, 0, NULL);
  assert_ulps (shl_net_neuron_norm_ab (net, 0), DBL_MAX / 2 * sqrt (2.0), 2, "norm of DBL_MAX/2");
  big[0] = big[1] = DBL_MAX;
  shl_net_free (net);
  net = net_of (1, 1, -1, 1, big, 0, NULL);
  g_assert_true (isinf (shl_net_neuron_norm_ab (net, 0)));
  shl_net_free (net);

  /* every parameter at 1e308: the imbalance is log(1/sqrt(2)), the jump
   * c |a| = 1e616 is beyond the range (+inf), the kink is -1 */
  double all[] = { 1e308, 1e308, 1e308 };
  net = net_of (1, 1, -1, 1, all, 1e308, (double[]) { 1e308 });
  assert_ulps (shl_net_neuron_imbalance (net, 0), -0.5 * log (2.0), 2, "imbalance at 1e308");
  g_assert_true (isinf (shl_net_neuron_jump (net, 0)) && shl_net_neuron_jump (net, 0) > 0);
  g_assert_cmpfloat (shl_net_neuron_kink (net, 0), ==, -1.0);
  g_assert_cmpint (shl_net_neuron_place (net, 0, 0.0), ==, SHL_KINK_AFFINE);
  g_assert_cmpint (shl_net_neuron_place (net, 0, SHL_SYM_BOUNDARY_RTOL), ==, SHL_KINK_AFFINE);
  shl_net_free (net);

  /* the place on the box does not depend on the scale of (a, b): the same
   * neurons scaled by 2^k, from 2^-1000 to 2^1000 */
  static const double shapes[][4] = {
    /* a1, a2, b: inside, dead, affine, near the boundary */
    { 1.0, 0.5, 0.25 }, { 1.0, -1.0, -2.5 }, { -0.5, 0.25, 1.0 }, { 1.0, 0.0, -1.0 + 1e-9 },
  };
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      double r0[] = { shapes[s][0], shapes[s][1], shapes[s][2], 1.0 };
      ShlNet *ref = net_of (1, 2, -1, 1, r0, 0, NULL);
      ShlKinkPlace p0 = shl_net_neuron_place (ref, 0, 0.0);
      ShlKinkPlace q0 = shl_net_neuron_place (ref, 0, SHL_SYM_BOUNDARY_RTOL);
      double k0 = shl_net_neuron_kink (ref, 0);
      for (int e = -1000; e <= 1000; e += 50)
        {
          double r[] = { ldexp (r0[0], e), ldexp (r0[1], e), ldexp (r0[2], e), 1.0 };
          ShlNet *x = net_of (1, 2, -1, 1, r, 0, NULL);
          g_assert_cmpint (shl_net_neuron_place (x, 0, 0.0), ==, p0);
          g_assert_cmpint (shl_net_neuron_place (x, 0, SHL_SYM_BOUNDARY_RTOL), ==, q0);
          assert_ulps (shl_net_neuron_kink (x, 0), k0, 4, "2-D kink under scaling");
          shl_net_free (x);
        }
      shl_net_free (ref);
    }

  /* a 2-D kink whose pre-activation at the centre overflows: a = (1e308,
   * 1e308), b = -1.5e308 on [0, 2]^2: z(centre) = 0.5e308, kink offset
   * -0.5e308 / (sqrt 2 1e308) */
  double k2[] = { 1e308, 1e308, -1.5e308, 1.0 };
  net = net_of (1, 2, 0, 2, k2, 0, NULL);
  assert_ulps (shl_net_neuron_kink (net, 0), -0.5 / sqrt (2.0), 4, "2-D kink at 1e308");
  shl_net_free (net);
}

/* ------------------------------------------------------------- balancing */

static void
test_balance_extremes (void)
{
  /* |c| / ||(a, b)|| overflows or underflows, the balanced neuron does
   * not: its norm is the geometric mean, and c a (the function) stays */
  static const double cases[][3] = {
    /* a, b, c */
    { 1e300, 0.0, 1e-300 }, { 1e-300, 0.0, 1e300 }, { 1e-310, 0.0, 1e10 },
    { 3e307, -4e307, 1e-307 }, { 5e-324, 0.0, 1e300 }, { 1e200, 1e200, 1e-200 },
  };
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      double rows[] = { cases[k][0], cases[k][1], cases[k][2] };
      ShlNet *net = net_of (1, 1, -1, 1, rows, 0, NULL);
      double nab = shl_net_neuron_norm_ab (net, 0);
      double want = sqrt (fabs (cases[k][2])) * sqrt (nab);
      shl_net_balance_neuron (net, 0);
      g_assert_true (shl_net_is_finite (net));
      double after = shl_net_neuron_norm_ab (net, 0);
      assert_ulps (fabs (net->c[0]), want, 4, "balanced |c|");
      assert_ulps (after, want, 8, "balanced ||(a, b)||");
      /* the kink and the jump's sign are kept */
      g_assert_true (signbit (net->c[0]) == signbit (cases[k][2]));
      if (cases[k][1] != 0.0)
        assert_ulps (net->b[0] / net->a[0], cases[k][1] / cases[k][0], 8, "kink kept");
      g_assert_true (shl_net_is_restricted (net, 1e-12) || shl_net_neuron_place (net, 0, 1e-12) != SHL_KINK_INSIDE);
      shl_net_free (net);
    }
}

/* ------------------------------------------------------------- the canon */

static ShlNet *
kappa (ShlCanonReport *r, const ShlNet *net)
{
  ShlNet *k = shl_canonicalize_report (r, net, SHL_CANON_N_STEPS, -1);
  if (k)
    {
      g_assert_cmpint (r->status, ==, SHL_CANON_OK);
      /* idempotent, bit for bit, and in the restricted set */
      ShlCanonReport r2;
      ShlNet *kk = shl_canonicalize_report (&r2, k, SHL_CANON_N_STEPS, -1);
      g_assert_nonnull (kk);
      g_assert_cmpint (kk->m, ==, k->m);
      g_assert_cmpmem (kk->theta, kk->n_params * sizeof (double), k->theta,
                       k->n_params * sizeof (double));
      shl_net_free (kk);
      int bad;
      ShlRestrictedCheck chk = shl_net_check_restricted (&bad, k, SHL_RESTRICTED_TOL);
      if (chk != SHL_RESTRICTED_OK)
        g_error ("kappa not restricted: neuron %d: %s", bad, shl_restricted_check_name (chk));
    }
  return k;
}

static void
test_canonical_extremes (void)
{
  ShlCanonReport r;

  /* every parameter at 1e308: kappa would fold 1e616 into v: refused,
   * naming step 2 and neuron 0 (before, the neuron was dropped and the
   * result claimed to compute the same function) */
  double all[] = { 1e308, 1e308, 1e308 };
  ShlNet *net = net_of (1, 1, -1, 1, all, 1e308, (double[]) { 1e308 });
  g_assert_null (kappa (&r, net));
  g_assert_cmpint (r.status, ==, SHL_CANON_OVERFLOW);
  g_assert_cmpint (r.step, ==, SHL_CANON_AFFINE);
  g_assert_cmpint (r.neuron, ==, 0);
  g_assert_null (shl_canonicalize (net, -1));
  g_assert_nonnull (strstr (shl_canon_status_message (r.status), "double range"));
  shl_net_free (net);

  /* the fold overflows in the product but not in the result: c a = 2e308,
   * v = -1.5e308, so v becomes 0.5e308 exactly (a fused multiply-add) */
  double fold[] = { 1e308, 1e308, 2.0 };
  net = net_of (1, 1, -1, 1, fold, -1.5e308, (double[]) { -1.5e308 });
  ShlNet *k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 0);
  g_assert_cmpfloat (k->v[0], ==, fma (2.0, 1e308, -1.5e308));
  g_assert_cmpfloat (*k->e, ==, fma (2.0, 1e308, -1.5e308));
  shl_net_free (k);
  shl_net_free (net);

  /* two neurons on one kink whose weights c ||(a, b)|| = 1e600 cancel:
   * the function is 0, and so is kappa */
  double cancel[] = { 1e300, 0.0, 1e300, 2e300, 0.0, -0.5e300 };
  net = net_of (2, 1, -1, 1, cancel, 0, NULL);
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 0);
  shl_net_free (k);
  shl_net_free (net);

  /* two equal neurons at 1e300: merged weight 2e600, balanced into
   * |c| = ||a|| = sqrt(2) 1e300 */
  double twice[] = { 1e300, -5e299, 1e300, 1e300, -5e299, 1e300 };
  net = net_of (2, 1, -1, 1, twice, 0, NULL);
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 1);
  double n = shl_net_neuron_norm_ab (k, 0);
  assert_ulps (k->c[0], sqrt (2.0 * sqrt (1.25)) * 1e300, 16, "merged c at 1e300");
  assert_ulps (n, k->c[0], 8, "balanced");
  assert_ulps (shl_net_neuron_kink (k, 0), 0.5, 4, "kink");
  shl_net_free (k);
  shl_net_free (net);

  /* tiny weights on a wide domain: f = 1e-400 relu(x) twice is 2e-400 x
   * for x > 0, up to 2e-100 at x = 1e300: the merged weight underflows
   * in the plain sum, but kappa keeps it */
  double tiny[] = { 1e-200, 0.0, 1e-200, 1e-200, 0.0, 1e-200 };
  net = net_of (2, 1, -1e300, 1e300, tiny, 0, NULL);
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 1);
  assert_ulps ((k->c[0] * 1e200) * (k->a[0] * 1e200), 2.0, 16, "f(1e300) 1e100");
  shl_net_free (k);
  shl_net_free (net);

  /* subnormal parameters: a neuron with c = 1e-310 is kept, balanced */
  double sub[] = { 1.0, -0.25, 1e-310 };
  net = net_of (1, 1, -1, 1, sub, 0, NULL);
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 1);
  assert_ulps (fabs (k->c[0]), sqrt (1e-310) * sqrt (sqrt (1.0625)), 8, "subnormal c balanced");
  shl_net_free (k);
  shl_net_free (net);

  /* ... but c = 5e-324 against ||(a, b)|| ~ 1e-310 would balance into
   * subnormal weights of a few digits: refused at step 5 */
  double sub2[] = { 1e-310, -2.5e-311, 5e-324 };
  net = net_of (1, 1, -1, 1, sub2, 0, NULL);
  g_assert_null (kappa (&r, net));
  g_assert_cmpint (r.status, ==, SHL_CANON_UNDERFLOW);
  g_assert_cmpint (r.step, ==, SHL_CANON_BALANCE);
  g_assert_cmpint (r.neuron, ==, 0);
  shl_net_free (net);

  /* mixed magnitudes in 2-D: neurons at 1e300 and 1e-300 on the same line
   * (x1 + x2 = 0.5) merge; the sum of weights 1 + 1 = 2 */
  double mixed[] = { 1e300, 1e300, -5e299, 1e-300, 1e-300, 1e-300, -5e-301, 1e300 };
  net = net_of (2, 2, -1, 1, mixed, 0, NULL);
  ShlNeuronDiag diag[2];
  shl_net_diagnose (diag, net);
  g_assert_cmpint (diag[1].duplicate_of, ==, 0);
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 1);
  /* c |(a, b)| = 1e-300 1e300 sqrt(2.25) + 1e300 1e-300 sqrt(2.25) */
  assert_ulps (fabs (k->c[0]) * shl_net_neuron_norm_ab (k, 0), 2 * 1.5, 16, "merged 2-D weight");
  shl_net_free (k);
  shl_net_free (net);

  /* huge domain in 2-D (width near DBL_MAX) with a line through it: the
   * hyperplane test no longer overflows; a rescaled copy is a duplicate */
  double wide[] = { 1.0, 1.0, 1e307, 1.0, 4.0, 4.0, 4e307, 0.5 };
  net = net_of (2, 2, -0x1p1022, 0x1p1022, wide, 0, NULL);
  shl_net_diagnose (diag, net);
  g_assert_cmpint (diag[1].duplicate_of, ==, 0);
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 1);
  shl_net_free (k);
  shl_net_free (net);
}

/* What fuzz-geometry found in kappa (tests/fuzz/corpus/geometry/regress-*),
 * each checked against values computed by hand. */
static void
test_canonical_fuzz_findings (void)
{
  ShlCanonReport r;

  /* a neuron with subnormal a and b: its norm sqrt(3) 2^-1074 is itself
   * subnormal (2 2^-1074 when rounded), so balancing against it left
   * |c| / ||(a, b)|| = 2/sqrt(3): balanced on scaled copies now */
  double sub[] = { -5e-324, 5e-324, -5e-324, 0.5 };
  ShlNet *net = net_of (1, 2, 0, 1e6, sub, -0.25, (double[]) { -0.25, 1e-11 });
  ShlNet *k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 1);
  /* sqrt (|c| ||(a, b)||), without rounding sqrt(3) 5e-324 */
  double t = sqrt (0.5 * sqrt (3.0)) * sqrt (5e-324);
  assert_ulps (fabs (k->c[0]), t, 8, "balanced |c|");
  assert_ulps (shl_net_neuron_norm_ab (k, 0), t, 8, "balanced ||(a, b)||");
  shl_net_free (k);
  shl_net_free (net);

  /* merging a neuron with subnormal parameters into an ordinary one on the
   * same line: c a = -82 * 82 = -6724 to the last digits (a subnormal
   * divided before scaling kept 24 bits) */
  double into[] = { 8.219457e-317, 8.219457e-317, 8.219457e-317, 8.219457e-317,
                    82, 82, 82, -82 };
  net = net_of (2, 2, -1, 1, into, 0, NULL);
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 1);
  /* c relu(a.x + b) with a = (a1, a1), b = a1: the jump across the line is
   * c a1 = -6724 + 8.219457e-317^2 = -6724 */
  assert_ulps (k->c[0] * k->a[0], -6724.0, 4, "merged c a1");
  shl_net_free (k);
  shl_net_free (net);

  /* two lines that are not parallel (15.5 + 5.6e-11 against 15.5 in a1),
   * on [0.25, 0.5] x [-1000, 1000]: equal in box coordinates to 16 ulps,
   * so merged; the weight moves with the ratio of their box norms, so the
   * function moves by about 1e-9 at the far corner, not 3e-7 */
  double lines[] = { 15.500000000056389, 15.5, -18.75, -18.75, 15.5, 15.5, -18.75, -18.75 };
  net = net_of (2, 2, 0, 1, lines, 0, NULL);
  net->lo[0] = 0.25, net->hi[0] = 0.5, net->lo[1] = -1000, net->hi[1] = 1000;
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 1);
  ShlDistances dist;
  g_assert_true (shl_realization_distance (&dist, net, k, NULL, NULL));
  g_assert_cmpfloat (dist.sup, <, 1e-8);
  shl_net_free (k);
  shl_net_free (net);

  /* 5e-324 relu(0.5 x) on [0, 1e6]: folding gives v = 2.5e-324, which
   * rounds to 0 and would lose 2.5e-318 at x = 1e6: refused, naming the
   * neuron by its index in the file (1: the zero neuron before it is
   * dropped in step 1) */
  double fold[] = { 1.5, 0, -0.0, 0.5, 0, 5e-324 };
  net = net_of (2, 1, 0, 1e6, fold, 0, NULL);
  g_assert_null (kappa (&r, net));
  g_assert_cmpint (r.status, ==, SHL_CANON_UNDERFLOW);
  g_assert_cmpint (r.step, ==, SHL_CANON_AFFINE);
  g_assert_cmpint (r.neuron, ==, 1);
  shl_net_free (net);

  /* kinks 2^-40 apart are two kinks (the hyperplane tolerance is 16
   * ulps): kappa keeps both, and the function */
  double thin[] = { 1, 0, 1, 1, -0x1p-40, -1 };
  net = net_of (2, 1, -1, 1, thin, 0, NULL);
  k = kappa (&r, net);
  g_assert_nonnull (k);
  g_assert_cmpint (k->m, ==, 2);
  g_assert_true (shl_realization_distance (&dist, net, k, NULL, NULL));
  g_assert_cmpfloat (dist.sup, <=, 16 * DBL_EPSILON);
  shl_net_free (k);
  shl_net_free (net);

  /* balancing 1.3e-284 next to -6.8e124 in a would lose the first entry
   * (and flip the orientation): refused */
  double lost[] = { 1.3103323434972899e-284, -6.835577954925989e+124, -2.2250738585072014e-308,
                    -2.2250738585072014e-308 };
  net = net_of (1, 2, -1, 1, lost, 0, NULL);
  g_assert_null (kappa (&r, net));
  g_assert_cmpint (r.status, ==, SHL_CANON_UNDERFLOW);
  g_assert_cmpint (r.step, ==, SHL_CANON_BALANCE);
  shl_net_free (net);
}

/* ------------------------------------------------ projection and moves */

static void
test_projection_overflow (void)
{
  double all[] = { 1e308, 1e308, 1e308 };
  ShlNet *net = net_of (1, 1, -1, 1, all, 1e308, (double[]) { 1e308 });
  ShlProjectStats st;
  shl_restricted_project_stats (&st, net);
  g_assert_cmpint (st.overflow, ==, 1);
  g_assert_false (shl_net_is_finite (net));   /* training then reports it */
  shl_net_free (net);

  /* the representable case projects like kappa */
  double fold[] = { 1e308, 1e308, 2.0 };
  net = net_of (1, 1, -1, 1, fold, -1.5e308, (double[]) { -1.5e308 });
  shl_restricted_project_stats (&st, net);
  g_assert_cmpint (st.overflow, ==, 0);
  g_assert_cmpint (st.folded, ==, 1);
  g_assert_cmpfloat (net->v[0], ==, fma (2.0, 1e308, -1.5e308));
  shl_net_free (net);
}

static void
test_moves_extremes (void)
{
  double rows[] = { 1e10, -5e9, 1e-300, 1.0, 0.5, 1.0 };
  ShlNet *net = net_of (2, 1, -1, 1, rows, 0, NULL);
  char why[SHL_MOVE_TEXT_MAX];

  /* a rescaling that overflows a, or underflows c: refused, with why */
  ShlMove up = shl_move_rescale_neuron (0, 1e300);
  g_assert_nonnull (shl_move_check (&up, net, why, sizeof why));
  g_assert_nonnull (strstr (why, "leaves the double range"));
  g_assert_null (shl_move_apply (&up, net));
  ShlMove down = shl_move_rescale_neuron (0, 1e100);   /* c = 1e-400 */
  g_assert_nonnull (shl_move_check (&down, net, why, sizeof why));
  g_assert_null (shl_move_apply (&down, net));
  /* within the range: applied, exact for a power of two */
  ShlMove ok = shl_move_rescale_neuron (0, 0x1p-20);
  g_assert_null (shl_move_check (&ok, net, why, sizeof why));
  ShlNet *out = shl_move_apply (&ok, net);
  g_assert_nonnull (out);
  g_assert_cmpfloat (out->a[0] * out->c[0], ==, 1e10 * 1e-300);
  shl_net_free (out);

  /* balancing a neuron with |c| / ||(a, b)|| ~ 1e-310 works */
  ShlMove bal = shl_move_balance ();
  out = shl_move_apply (&bal, net);
  g_assert_nonnull (out);
  g_assert_true (shl_net_is_finite (out));
  assert_ulps (fabs (out->c[0]), shl_net_neuron_norm_ab (out, 0), 4, "balanced by the move");
  shl_net_free (out);
  shl_net_free (net);

  /* kappa that overflows is refused by the move too */
  double all[] = { 1e308, 1e308, 1e308 };
  net = net_of (1, 1, -1, 1, all, 1e308, (double[]) { 1e308 });
  ShlMove kap = shl_move_canonical ();
  g_assert_nonnull (shl_move_check (&kap, net, why, sizeof why));
  g_assert_nonnull (strstr (why, "double range"));
  g_assert_null (shl_move_apply (&kap, net));
  ShlMove step2 = shl_move_canon_step (SHL_CANON_AFFINE);
  g_assert_null (shl_move_apply (&step2, net));
  shl_net_free (net);
}

/* -------------------------------------------------------------- diagnose */

static void
test_diagnose_extremes (void)
{
  double all[] = { 1e308, 1e308, 1e308 };
  ShlNet *net = net_of (1, 1, -1, 1, all, 1e308, (double[]) { 1e308 });
  ShlNeuronDiag diag[1];
  shl_net_diagnose (diag, net);
  assert_ulps (diag[0].norm_ab, sqrt (2.0) * 1e308, 2, "norm_ab");
  assert_ulps (diag[0].imbalance, -0.5 * log (2.0), 2, "imbalance");
  g_assert_true (isinf (diag[0].jump));
  char *text = shl_net_diagnosis_text (net, diag);
  g_assert_nonnull (strstr (text, "inf: a value beyond the double range"));
  g_assert_null (strstr (text, "nan"));
  free (text);
  shl_net_free (net);

  /* ordinary networks get no such line */
  net = shl_test_random_net (3, 1, 5);
  ShlNeuronDiag d3[3];
  shl_net_diagnose (d3, net);
  text = shl_net_diagnosis_text (net, d3);
  g_assert_null (strstr (text, "beyond the double range"));
  free (text);
  shl_net_free (net);
}

/* ------------------------------------------------------------------ files */

/* 1e308, 1e-308 and subnormal parameters load and save bit for bit */
static void
test_files_extremes (void)
{
  double rows[] = { DBL_MAX, -1e-308, 5e-324, -0.0, 1e-310, -DBL_MAX };
  ShlNet *net = net_of (2, 1, -1, 1, rows, 4.9e-324, (double[]) { -2.2250738585072014e-308 });
  g_autofree char *text = shl_net_to_json_data (net);
  g_assert_nonnull (text);
  g_autoptr (GError) err = NULL;
  ShlNet *back = shl_net_from_json_data (text, -1, "x.json", &err);
  g_assert_no_error (err);
  g_assert_cmpmem (back->theta, back->n_params * sizeof (double), net->theta,
                   net->n_params * sizeof (double));
  shl_net_free (back);
  shl_net_free (net);

  /* 1e309 is refused: not finite */
  g_assert_null (shl_net_from_json_data ("{\"format\": \"shallows-network\", \"version\": 1, "
                                         "\"input_dim\": 1, \"domain\": [[-1, 1]], \"a\": [[1e309]], "
                                         "\"b\": [0], \"c\": [1], \"e\": 0}", -1, "x.json", &err));
  g_assert_error (err, SHL_ERROR, SHL_ERROR_FORMAT);
  g_assert_nonnull (strstr (err->message, "field \"a\": row 1, entry 1: the number is too large"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/overflow/neuron-quantities", test_neuron_quantities);
  g_test_add_func ("/overflow/balance", test_balance_extremes);
  g_test_add_func ("/overflow/canonical", test_canonical_extremes);
  g_test_add_func ("/overflow/canonical-fuzz-findings", test_canonical_fuzz_findings);
  g_test_add_func ("/overflow/projection", test_projection_overflow);
  g_test_add_func ("/overflow/moves", test_moves_extremes);
  g_test_add_func ("/overflow/diagnose", test_diagnose_extremes);
  g_test_add_func ("/overflow/files", test_files_extremes);
  return g_test_run ();
}
