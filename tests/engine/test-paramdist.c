/* test-paramdist.c: the per-neuron best rescalings delta and delta2, and
 * the distances d_sym, d_sym_l2 modulo permutations and rescalings.
 *
 * delta / delta2 are checked against a dense grid search in t = log lambda
 * (refined three times around the best grid point) with objectives written
 * out here independently of the library: the exact value is never above
 * the grid minimum (beyond rounding) and the grid converges to it. d_sym is
 * checked against brute force over all permutations, its invariances, the
 * bound by the raw distance, padding, the aligned network it returns, and
 * the closed-form values of theory.md section 3.
 *
 * SHL_TEST_LIGHT=1 (valgrind runs) uses fewer random cases. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-geom.h"
#include "shl-net.h"
#include "shl-paramdist.h"
#include "shl-rng.h"
#include "shl-test.h"

#define LEN_MAX SHL_NEURON_LEN (SHL_MAX_DIM)

static gboolean
light_mode (void)
{
  const char *s = g_getenv ("SHL_TEST_LIGHT");
  return s && *s && strcmp (s, "0") != 0;
}

static int
n_reps (int n)
{
  return light_mode () ? (n + 9) / 10 : n;
}

/* ------------------------------------------------------------------------ */
/* Reference objectives and grid search                                     */

/* max(||l (a_q, b_q) - (a_p, b_p)||_inf, |c_q / l - c_p|) */
static double
ref_f (const double *p, const double *q, int d, double l)
{
  double r = fabs (q[d + 1] / l - p[d + 1]);
  for (int k = 0; k <= d; k++)
    r = fmax (r, fabs (l * q[k] - p[k]));
  return r;
}

/* ||l (a_q, b_q) - (a_p, b_p)||_2^2 + (c_q / l - c_p)^2 */
static double
ref_f2 (const double *p, const double *q, int d, double l)
{
  double t = q[d + 1] / l - p[d + 1], r = t * t;
  for (int k = 0; k <= d; k++)
    r += (l * q[k] - p[k]) * (l * q[k] - p[k]);
  return r;
}

typedef double (*RefFn) (const double *p, const double *q, int d, double l);

/* min over t in [-40, 40] of fn(e^t): a grid of step 0.005, then three
 * refinements (+- one step, 2000 sub-steps each) around the best point */
static double
grid_min (RefFn fn, const double *p, const double *q, int d)
{
  double lo = -40.0, hi = 40.0, best = INFINITY, tbest = 0.0;
  int n = 16000;
  for (int level = 0; level < 4; level++)
    {
      double h = (hi - lo) / n;
      for (int i = 0; i <= n; i++)
        {
          double t = lo + i * h;
          double f = fn (p, q, d, exp (t));
          if (f < best)
            {
              best = f;
              tbest = t;
            }
        }
      lo = tbest - h;
      hi = tbest + h;
      n = 2000;
    }
  return best;
}

static double
norm_inf (const double *x, int n)
{
  double r = 0.0;
  for (int k = 0; k < n; k++)
    r = fmax (r, fabs (x[k]));
  return r;
}

static double
norm2_sq (const double *x, int n)
{
  double r = 0.0;
  for (int k = 0; k < n; k++)
    r += x[k] * x[k];
  return r;
}

/* an entry with many exact zeros, small integers and wide magnitudes */
static double
random_entry (ShlRng *rng)
{
  switch (shl_rng_below (rng, 10))
    {
    case 0:
    case 1:
      return 0.0;
    case 2:
      return shl_rng_uniform (rng) < 0.5 ? -1.0 : 1.0;
    case 3:
      return (double) shl_rng_below (rng, 5) - 2.0;
    case 8:
      return shl_rng_normal (rng) * pow (10.0, shl_rng_range (rng, -2.0, 2.0));
    default:
      return shl_rng_normal (rng);
    }
}

static void
random_pair (double *p, double *q, int d, ShlRng *rng)
{
  for (int k = 0; k < d + 2; k++)
    {
      p[k] = random_entry (rng);
      q[k] = random_entry (rng);
    }
  switch (shl_rng_below (rng, 8))
    {
    case 0:
      /* q a noisy rescaling of p */
      {
        double l0 = exp (shl_rng_range (rng, -3.0, 3.0));
        for (int k = 0; k <= d; k++)
          q[k] = p[k] / l0 + 1e-3 * shl_rng_normal (rng);
        q[d + 1] = p[d + 1] * l0;
      }
      break;
    case 1:
      memset (q, 0, (size_t) (d + 2) * sizeof (double));
      break;
    case 2:
      memset (p, 0, (size_t) (d + 2) * sizeof (double));
      break;
    case 3:
      q[d + 1] = 0.0;           /* half-zero q: lambda -> 0 possible */
      break;
    case 4:
      memset (q, 0, (size_t) (d + 1) * sizeof (double));   /* (a, b) = 0 */
      break;
    default:
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* delta                                                                    */

static void
check_delta_against_grid (const double *p, const double *q, int d,
                          int *n_limit0, int *n_limitinf)
{
  double l;
  double v = shl_neuron_delta (&l, p, q, d);
  g_assert_true (l >= 0.0);
  /* the value is achieved by the reported lambda (or its limit) */
  if (l == 0.0 || l == INFINITY)
    {
      double z[LEN_MAX] = { 0 };
      g_assert_cmpfloat (v, ==, shl_neuron_delta (NULL, p, z, d));
      if (l == 0.0)
        {
          g_assert_cmpfloat (q[d + 1], ==, 0.0);
          (*n_limit0)++;
        }
      else
        {
          g_assert_cmpfloat (norm_inf (q, d + 1), ==, 0.0);
          (*n_limitinf)++;
        }
    }
  else
    g_assert_cmpfloat (v, ==, ref_f (p, q, d, l));
  double scale = fmax (1.0, fmax (norm_inf (p, d + 2), v));
  double g = grid_min (ref_f, p, q, d);
  if (!(g >= v - 1e-13 * scale) || !(g - v <= 1e-9 * scale))
    g_error ("delta: exact %.17g (lambda %.17g), grid %.17g; p = (%g %g %g "
             "%g), q = (%g %g %g %g), d = %d", v, l, g, p[0], p[1], p[2],
             d > 1 ? p[3] : 0.0, q[0], q[1], q[2], d > 1 ? q[3] : 0.0, d);
}

static void
test_delta_grid (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 11);
  int n0 = 0, ninf = 0;
  for (int rep = 0; rep < n_reps (400); rep++)
    for (int d = 0; d <= 2; d++)
      {
        double p[LEN_MAX], q[LEN_MAX];
        random_pair (p, q, d, &rng);
        check_delta_against_grid (p, q, d, &n0, &ninf);
      }
  /* both limits occurred */
  g_assert_cmpint (n0, >, 0);
  g_assert_cmpint (ninf, >, 0);
}

static void
test_delta_hand (void)
{
  double l;
  /* identical neurons */
  const double p[4] = { 0.7, -1.3, 0.2, 2.5 };
  g_assert_cmpfloat (shl_neuron_delta (&l, p, p, 2), ==, 0.0);
  g_assert_cmpfloat (l, ==, 1.0);
  g_assert_cmpfloat (shl_neuron_delta2 (&l, p, p, 2), ==, 0.0);
  g_assert_cmpfloat (l, ==, 1.0);

  /* q = p rescaled by 1 / l0: lambda = l0 brings it back */
  ShlRng rng;
  shl_rng_seed (&rng, 5);
  for (int rep = 0; rep < n_reps (200); rep++)
    {
      int d = 1 + (int) shl_rng_below (&rng, 2);
      double pp[LEN_MAX], q[LEN_MAX];
      double l0 = exp (shl_rng_range (&rng, -6.0, 6.0));
      for (int k = 0; k < d + 2; k++)
        pp[k] = shl_rng_normal (&rng);
      for (int k = 0; k <= d; k++)
        q[k] = pp[k] / l0;
      q[d + 1] = pp[d + 1] * l0;
      double scale = norm_inf (pp, d + 2);
      double v = shl_neuron_delta (&l, pp, q, d);
      g_assert_cmpfloat (v, <=, 1e-15 * scale * 4);
      shl_assert_close (l, l0, 1e-13, 0.0);
      v = shl_neuron_delta2 (&l, pp, q, d);
      g_assert_cmpfloat (v, <=, 1e-30 * scale * scale * 16);
      shl_assert_close (l, l0, 1e-7, 0.0);   /* a flat minimum: sqrt(eps) */
    }

  /* zero neuron q: the constant max(||(a_p, b_p)||_inf, |c_p|), lambda 1 */
  const double z[4] = { 0 };
  g_assert_cmpfloat (shl_neuron_delta (&l, p, z, 2), ==, 2.5);
  g_assert_cmpfloat (l, ==, 1.0);
  shl_assert_close (shl_neuron_delta2 (&l, p, z, 2), norm2_sq (p, 4), 1e-15,
                    0.0);
  g_assert_cmpfloat (l, ==, 1.0);
  /* zero reference p: sqrt(||(a_q, b_q)||_inf |c_q|), lambda
   * sqrt(|c_q| / ||(a_q, b_q)||_inf) */
  const double q1[3] = { 4.0, -1.0, 9.0 };
  shl_assert_close (shl_neuron_delta (&l, z, q1, 1), 6.0, 1e-15, 0.0);
  shl_assert_close (l, 1.5, 1e-15, 0.0);
  /* delta2(0, q) = 2 ||(a_q, b_q)||_2 |c_q| at l^2 = |c_q| / ||(a_q,b_q)||_2 */
  shl_assert_close (shl_neuron_delta2 (&l, z, q1, 1), 2.0 * sqrt (17.0) * 9.0,
                    1e-14, 0.0);
  shl_assert_close (l * l, 9.0 / sqrt (17.0), 1e-14, 0.0);

  /* c_q = 0, best as lambda -> 0: F = max(1 + l, 0.5, 0.3) */
  const double p2[3] = { -1.0, 0.5, 0.3 }, q2[3] = { 1.0, 0.0, 0.0 };
  g_assert_cmpfloat (shl_neuron_delta (&l, p2, q2, 1), ==, 1.0);
  g_assert_cmpfloat (l, ==, 0.0);
  shl_assert_close (shl_neuron_delta2 (&l, p2, q2, 1), 1.0 + 0.25 + 0.09,
                    1e-15, 0.0);
  g_assert_cmpfloat (l, ==, 0.0);
  /* ... but lambda = 1 is kept when it ties with the limit */
  const double p3[3] = { -1.0, 0.5, 2.0 };
  g_assert_cmpfloat (shl_neuron_delta (&l, p3, q2, 1), ==, 2.0);
  g_assert_cmpfloat (l, ==, 1.0);
  /* (a_q, b_q) = 0, best as lambda -> infinity: F = max(0.2, 2 / l + 1) */
  const double p4[3] = { 0.2, 0.1, -1.0 }, q4[3] = { 0.0, 0.0, 2.0 };
  g_assert_cmpfloat (shl_neuron_delta (&l, p4, q4, 1), ==, 1.0);
  g_assert_cmpfloat (l, ==, INFINITY);
  double out[3] = { 7, 7, 7 };
  shl_neuron_rescaled (out, q4, l, 1);
  g_assert_cmpfloat (norm_inf (out, 3), ==, 0.0);
  /* same sign: attained at c_q / c_p */
  const double p5[3] = { 0.2, 0.1, 4.0 };
  g_assert_cmpfloat (shl_neuron_delta (&l, p5, q4, 1), ==, 0.2);
  /* any lambda with |2 / l - 4| <= 0.2 is optimal; the candidate is 1/2 */
  g_assert_cmpfloat (l, ==, 0.5);

  /* not symmetric: delta((1,0,1), (2,0,0)) = 1, the reverse sqrt 2 - 1 at
   * lambda = 1 + sqrt 2 */
  const double a[3] = { 1.0, 0.0, 1.0 }, b[3] = { 2.0, 0.0, 0.0 };
  g_assert_cmpfloat (shl_neuron_delta (&l, a, b, 1), ==, 1.0);
  shl_assert_close (shl_neuron_delta (&l, b, a, 1), sqrt (2.0) - 1.0, 1e-15,
                    0.0);
  shl_assert_close (l, 1.0 + sqrt (2.0), 1e-15, 0.0);

  /* in-place rescaling */
  double r[4] = { 1.0, -2.0, 0.5, 3.0 };
  shl_neuron_rescaled (r, r, 2.0, 2);
  g_assert_cmpfloat (r[0], ==, 2.0);
  g_assert_cmpfloat (r[1], ==, -4.0);
  g_assert_cmpfloat (r[2], ==, 1.0);
  g_assert_cmpfloat (r[3], ==, 1.5);
  shl_neuron_rescaled (r, r, 0.0, 2);
  g_assert_cmpfloat (norm_inf (r, 4), ==, 0.0);
}

/* ------------------------------------------------------------------------ */
/* delta2                                                                   */

static void
check_delta2_against_grid (const double *p, const double *q, int d)
{
  double l;
  double v = shl_neuron_delta2 (&l, p, q, d);
  g_assert_true (l >= 0.0);
  if (l == 0.0 || l == INFINITY)
    shl_assert_close (v, norm2_sq (p, d + 2), 1e-15, 0.0);
  else
    g_assert_cmpfloat (v, ==, ref_f2 (p, q, d, l));
  double s = norm_inf (p, d + 2) + norm_inf (q, d + 2);
  double scale = fmax (1.0, fmax (s * s, v));
  double g = grid_min (ref_f2, p, q, d);
  if (!(g >= v - 1e-13 * scale) || !(g - v <= 1e-9 * scale))
    g_error ("delta2: exact %.17g (lambda %.17g), grid %.17g; p = (%g %g %g "
             "%g), q = (%g %g %g %g), d = %d", v, l, g, p[0], p[1], p[2],
             d > 1 ? p[3] : 0.0, q[0], q[1], q[2], d > 1 ? q[3] : 0.0, d);
}

static void
test_delta2_grid (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 12);
  for (int rep = 0; rep < n_reps (400); rep++)
    for (int d = 0; d <= 2; d++)
      {
        double p[LEN_MAX], q[LEN_MAX];
        random_pair (p, q, d, &rng);
        check_delta2_against_grid (p, q, d);
      }
}

/* Two local minima: the (a, b) part wants lambda = 100, the c part
 * lambda = 1. Whichever is lower must win. */
static void
test_delta2_bimodal (void)
{
  for (int k = -20; k <= 20; k++)
    {
      double eps = 1e-3 * k;
      double p[3] = { 1.0 + eps, 0.0, 1.0 }, q[3] = { 0.01, 0.0, 1.0 };
      check_delta2_against_grid (p, q, 1);
      double l;
      shl_neuron_delta2 (&l, p, q, 1);
      if (k > 0)
        g_assert_cmpfloat (l, >, 50.0);   /* the far minimum is lower */
      if (k < 0)
        g_assert_cmpfloat (l, <, 2.0);
      /* three positive roots of the quartic also with an extra coordinate */
      double p2[4] = { 1.0 + eps, 0.5, 0.0, 1.0 };
      double q2[4] = { 0.01, 0.005, 0.0, 1.0 };
      check_delta2_against_grid (p2, q2, 2);
    }
}

/* ------------------------------------------------------------------------ */
/* Networks: helpers                                                        */

static void
set_neuron (ShlNet *net, int i, double a0, double a1, double b, double c)
{
  net->a[i * net->d] = a0;
  if (net->d > 1)
    net->a[i * net->d + 1] = a1;
  net->b[i] = b;
  net->c[i] = c;
}

/* neuron i of out = neuron perm[i] of net rescaled by lam[i] (lam may be
 * NULL); e and v copied */
static ShlNet *
transformed (const ShlNet *net, const int *perm, const double *lam)
{
  ShlNet *out = shl_net_new (net->m, net->d, net->lo, net->hi);
  int d = net->d;
  for (int i = 0; i < net->m; i++)
    {
      int j = perm[i];
      double l = lam ? lam[i] : 1.0;
      for (int k = 0; k < d; k++)
        out->a[i * d + k] = l * net->a[j * d + k];
      out->b[i] = l * net->b[j];
      out->c[i] = net->c[j] / l;
    }
  *out->e = *net->e;
  memcpy (out->v, net->v, (size_t) d * sizeof (double));
  return out;
}

/* a random symmetry of net: permutation and rescalings exp(N(0, 1))
 * (sometimes 1e-3 or 1e3) */
static ShlNet *
random_symmetry (const ShlNet *net, ShlRng *rng)
{
  int *perm = g_new (int, net->m + 1);
  double *lam = g_new (double, net->m + 1);
  for (int i = 0; i < net->m; i++)
    {
      perm[i] = i;
      uint64_t r = shl_rng_below (rng, 10);
      lam[i] = r == 0 ? 1e-3 : r == 1 ? 1e3 : exp (shl_rng_normal (rng));
    }
  shl_rng_shuffle (rng, perm, net->m);
  ShlNet *out = transformed (net, perm, lam);
  g_free (perm);
  g_free (lam);
  return out;
}

/* net with k zero neurons added at random positions */
static ShlNet *
padded (const ShlNet *net, int k, ShlRng *rng)
{
  ShlNet *big = shl_net_new (net->m + k, net->d, net->lo, net->hi);
  int *perm = g_new (int, big->m + 1);
  for (int i = 0; i < big->m; i++)
    perm[i] = i;
  shl_rng_shuffle (rng, perm, big->m);
  int d = net->d;
  for (int i = 0; i < net->m; i++)
    {
      int t = perm[i];
      for (int j = 0; j < d; j++)
        big->a[t * d + j] = net->a[i * d + j];
      big->b[t] = net->b[i];
      big->c[t] = net->c[i];
    }
  *big->e = *net->e;
  memcpy (big->v, net->v, (size_t) d * sizeof (double));
  g_free (perm);
  return big;
}

static double
theta_inf (const ShlNet *net)
{
  return norm_inf (net->theta, (int) net->n_params);
}

/* a random net, sometimes with zero, half-zero and duplicate neurons */
static ShlNet *
random_net (int m, int d, guint64 seed)
{
  ShlNet *net = shl_test_random_net (m, d, seed);
  ShlRng rng;
  shl_rng_seed (&rng, seed ^ 0x5eed);
  for (int i = 0; i < m; i++)
    switch (shl_rng_below (&rng, 12))
      {
      case 0:
        set_neuron (net, i, 0.0, 0.0, 0.0, 0.0);
        break;
      case 1:
        net->c[i] = 0.0;
        break;
      case 2:
        set_neuron (net, i, 0.0, 0.0, 0.0, net->c[i]);
        break;
      case 3:
        if (i > 0)
          set_neuron (net, i, net->a[(i - 1) * d], d > 1 ? net->a[i * d - 1] : 0,
                      net->b[i - 1], net->c[i - 1]);
        break;
      default:
        break;
      }
  return net;
}

/* ------------------------------------------------------------------------ */
/* Networks: tests                                                          */

static void
test_sym_orbit_zero (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 21);
  const int widths[] = { 0, 1, 2, 3, 8, 20 };
  for (int d = 1; d <= 2; d++)
    for (gsize w = 0; w < G_N_ELEMENTS (widths); w++)
      for (int rep = 0; rep < n_reps (10); rep++)
        {
          ShlNet *A = random_net (widths[w], d, 100 * w + rep + 1000 * d);
          ShlNet *S = random_symmetry (A, &rng);
          double scale = fmax (1.0, fmax (theta_inf (A), theta_inf (S)));
          g_assert_cmpfloat (shl_param_distance_sym (A, S), <=, 1e-12 * scale);
          g_assert_cmpfloat (shl_param_distance_sym (S, A), <=, 1e-12 * scale);
          g_assert_cmpfloat (shl_param_distance_sym_l2 (A, S), <=,
                             1e-12 * scale);
          g_assert_cmpfloat (shl_param_distance_sym_l2 (S, A), <=,
                             1e-12 * scale);
          g_assert_cmpfloat (shl_param_distance_sym (A, A), ==, 0.0);
          g_assert_cmpfloat (shl_param_distance_sym_l2 (A, A), ==, 0.0);
          /* the identity pairing with lambda = 1 is found */
          ShlParamAlign *al = shl_param_align_sym (A, A, SHL_PARAM_DIST_REFINE);
          for (int i = 0; i < A->m; i++)
            g_assert_cmpfloat (al->cost[i], ==, 0.0);
          shl_param_align_free (al);
          shl_net_free (A);
          shl_net_free (S);
        }
}

static void
test_sym_invariance (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 22);
  for (int d = 1; d <= 2; d++)
    for (int rep = 0; rep < n_reps (30); rep++)
      {
        int ma = (int) shl_rng_below (&rng, 9), mb = (int) shl_rng_below (&rng, 9);
        ShlNet *A = random_net (ma, d, 7 * rep + d);
        ShlNet *B = random_net (mb, d, 7 * rep + d + 1000);
        double base = shl_param_distance_sym (A, B);
        double base2 = shl_param_distance_sym_l2 (A, B);
        ShlNet *SB = random_symmetry (B, &rng);
        shl_assert_close (shl_param_distance_sym (A, SB), base, 1e-12, 1e-14);
        shl_assert_close (shl_param_distance_sym_l2 (A, SB), base2, 1e-12,
                          1e-14);
        /* permuting A (no rescaling) changes nothing either */
        int *perm = g_new (int, ma + 1);
        for (int i = 0; i < ma; i++)
          perm[i] = i;
        shl_rng_shuffle (&rng, perm, ma);
        ShlNet *PA = transformed (A, perm, NULL);
        g_assert_cmpfloat (shl_param_distance_sym (PA, B), ==, base);
        shl_assert_close (shl_param_distance_sym_l2 (PA, B), base2, 1e-14, 0.0);
        g_free (perm);
        shl_net_free (PA);
        shl_net_free (SB);
        shl_net_free (A);
        shl_net_free (B);
      }
}

static void
test_sym_raw_bound (void)
{
  for (int d = 1; d <= 2; d++)
    for (int rep = 0; rep < n_reps (40); rep++)
      {
        int m = rep % 12;
        ShlNet *A = random_net (m, d, 31 * rep + d);
        ShlNet *B = random_net (m, d, 31 * rep + d + 500);
        double raw = shl_param_distance_raw (A, B);
        g_assert_cmpfloat (shl_param_distance_sym (A, B), <=, raw);
        g_assert_cmpfloat (shl_param_distance_sym (B, A), <=, raw);
        double raw2 = 0.0;
        for (size_t k = 0; k < A->n_params; k++)
          raw2 += (A->theta[k] - B->theta[k]) * (A->theta[k] - B->theta[k]);
        raw2 = sqrt (raw2);
        g_assert_cmpfloat (shl_param_distance_sym_l2 (A, B), <=,
                           raw2 * (1 + 1e-14));
        /* a small perturbation: d_sym is at most its size */
        ShlNet *C = shl_net_copy (A);
        for (size_t k = 0; k < C->n_params; k++)
          C->theta[k] += 1e-6 * sin ((double) (k + rep));
        g_assert_cmpfloat (shl_param_distance_sym (A, C), <=,
                           shl_param_distance_raw (A, C));
        shl_net_free (C);
        shl_net_free (A);
        shl_net_free (B);
      }
}

/* padding the narrower net up to the wider width (zeros at random
 * positions) changes nothing; padding both further can only lower d_sym */
static void
test_sym_padding (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 23);
  for (int d = 1; d <= 2; d++)
    for (int rep = 0; rep < n_reps (30); rep++)
      {
        ShlNet *A = random_net (rep % 7, d, 3 * rep + d);
        ShlNet *B = random_net ((rep * 5) % 9, d, 3 * rep + d + 77);
        int M = MAX (A->m, B->m), extra = 1 + rep % 3;
        ShlNet *PA = padded (A, M - A->m, &rng);
        ShlNet *PB = padded (B, M - B->m, &rng);
        ShlNet *XA = padded (A, M - A->m + extra, &rng);
        ShlNet *XB = padded (B, M - B->m + extra, &rng);
        double v = shl_param_distance_sym (A, B);
        double v2 = shl_param_distance_sym_l2 (A, B);
        g_assert_cmpfloat (shl_param_distance_sym (PA, B), ==, v);
        g_assert_cmpfloat (shl_param_distance_sym (A, PB), ==, v);
        g_assert_cmpfloat (shl_param_distance_sym (PA, PB), ==, v);
        shl_assert_close (shl_param_distance_sym_l2 (PA, B), v2, 1e-14, 1e-15);
        shl_assert_close (shl_param_distance_sym_l2 (A, PB), v2, 1e-14, 1e-15);
        shl_assert_close (shl_param_distance_sym_l2 (PA, PB), v2, 1e-14, 1e-15);
        g_assert_cmpfloat (shl_param_distance_sym (XA, XB), <=, v);
        g_assert_cmpfloat (shl_param_distance_sym_l2 (XA, XB), <=,
                           v2 * (1 + 1e-14));
        shl_net_free (A);
        shl_net_free (B);
        shl_net_free (PA);
        shl_net_free (PB);
        shl_net_free (XA);
        shl_net_free (XB);
      }

  /* the example of shl-paramdist.h: 2 at width 1, 1 at width 2 */
  ShlNet *A = shl_net_new (1, 1, NULL, NULL), *B = shl_net_new (1, 1, NULL, NULL);
  set_neuron (A, 0, 1.0, 0.0, 0.0, 1.0);
  set_neuron (B, 0, -1.0, 0.0, 0.0, -1.0);
  g_assert_cmpfloat (shl_param_distance_sym (A, B), ==, 2.0);
  ShlNet *XA = padded (A, 1, &rng), *XB = padded (B, 1, &rng);
  g_assert_cmpfloat (shl_param_distance_sym (XA, XB), ==, 1.0);
  shl_net_free (A);
  shl_net_free (B);
  shl_net_free (XA);
  shl_net_free (XB);
}

/* min over all permutations of B's (padded) slots, with delta / delta2 */
static void
brute_sym (double *dmax, double *dl2, const ShlNet *A, const ShlNet *B)
{
  int d = A->d, M = MAX (A->m, B->m);
  double P[6][LEN_MAX] = { { 0 } }, Q[6][LEN_MAX] = { { 0 } };
  g_assert_cmpint (M, <=, 6);
  for (int i = 0; i < A->m; i++)
    {
      for (int k = 0; k < d; k++)
        P[i][k] = A->a[i * d + k];
      P[i][d] = A->b[i];
      P[i][d + 1] = A->c[i];
    }
  for (int i = 0; i < B->m; i++)
    {
      for (int k = 0; k < d; k++)
        Q[i][k] = B->a[i * d + k];
      Q[i][d] = B->b[i];
      Q[i][d + 1] = B->c[i];
    }
  double de = fabs (*A->e - *B->e), dv = 0.0, dv2 = 0.0;
  for (int k = 0; k < d; k++)
    {
      dv = fmax (dv, fabs (A->v[k] - B->v[k]));
      dv2 += (A->v[k] - B->v[k]) * (A->v[k] - B->v[k]);
    }
  /* all permutations of 0..M-1 in lexicographic order */
  int perm[6];
  for (int i = 0; i < M; i++)
    perm[i] = i;
  double best = INFINITY, best2 = INFINITY;
  for (;;)
    {
      double mx = 0.0, s = 0.0;
      for (int i = 0; i < M; i++)
        {
          mx = fmax (mx, shl_neuron_delta (NULL, P[i], Q[perm[i]], d));
          s += shl_neuron_delta2 (NULL, P[i], Q[perm[i]], d);
        }
      best = fmin (best, mx);
      best2 = fmin (best2, s);
      int i = M - 2;
      while (i >= 0 && perm[i] > perm[i + 1])
        i--;
      if (i < 0)
        break;
      int j = M - 1;
      while (perm[j] < perm[i])
        j--;
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
      for (int a = i + 1, b = M - 1; a < b; a++, b--)
        {
          t = perm[a];
          perm[a] = perm[b];
          perm[b] = t;
        }
    }
  *dmax = fmax (best, fmax (de, dv));
  *dl2 = sqrt (best2 + de * de + dv2);
}

static void
test_sym_brute (void)
{
  for (int d = 1; d <= 2; d++)
    for (int rep = 0; rep < n_reps (60); rep++)
      {
        ShlNet *A = random_net (rep % 6, d, 13 * rep + d);
        ShlNet *B = random_net ((rep / 6) % 6, d, 13 * rep + d + 99);
        double want, want2;
        brute_sym (&want, &want2, A, B);
        g_assert_cmpfloat (shl_param_distance_sym (A, B), ==, want);
        shl_assert_close (shl_param_distance_sym_l2 (A, B), want2, 1e-14, 0.0);
        shl_net_free (A);
        shl_net_free (B);
      }
}

/* the aligned network realises B and sits at distance d_sym from A */
static void
check_apply (const ShlNet *A, const ShlNet *B, const ShlParamAlign *al)
{
  ShlNet *X = shl_param_align_apply (al, B);
  g_assert_nonnull (X);
  g_assert_cmpint (X->m, ==, al->width);
  ShlNet *PA = shl_net_new (al->width, A->d, A->lo, A->hi);
  int d = A->d;
  memcpy (PA->a, A->a, (size_t) A->m * d * sizeof (double));
  memcpy (PA->b, A->b, (size_t) A->m * sizeof (double));
  memcpy (PA->c, A->c, (size_t) A->m * sizeof (double));
  *PA->e = *A->e;
  memcpy (PA->v, A->v, (size_t) d * sizeof (double));
  double scale = fmax (1.0, fmax (theta_inf (A), theta_inf (X)));
  if (al->l2)
    {
      double s = 0.0;
      for (size_t k = 0; k < PA->n_params; k++)
        s += (PA->theta[k] - X->theta[k]) * (PA->theta[k] - X->theta[k]);
      shl_assert_close (sqrt (s), al->value, 1e-12, 1e-13 * scale);
    }
  else
    shl_assert_close (shl_param_distance_raw (PA, X), al->value, 1e-13,
                      1e-14 * scale);
  /* per slot */
  double worst = 0.0;
  for (int i = 0; i < al->width; i++)
    {
      g_assert_cmpint (al->perm[i], >=, 0);
      g_assert_cmpint (al->perm[i], <, al->width);
      g_assert_true (al->lambda[i] >= 0.0);
      worst = al->l2 ? worst + al->cost[i] : fmax (worst, al->cost[i]);
    }
  g_assert_cmpfloat (worst, ==, al->neurons);
  if (al->width > 0)
    g_assert_cmpfloat (al->cost[al->worst], >=, al->l2 ? 0.0 : al->neurons);
  /* same realization as B */
  ShlDistances D;
  g_assert_true (shl_realization_distance (&D, X, B, NULL, NULL));
  ShlDistances N;
  g_assert_true (shl_realization_distance (&N, B, NULL, NULL, NULL));
  g_assert_cmpfloat (D.sup, <=, 1e-12 * fmax (1.0, N.sup) * scale);
  shl_net_free (X);
  shl_net_free (PA);
}

static void
test_sym_apply (void)
{
  for (int d = 1; d <= 2; d++)
    for (int rep = 0; rep < n_reps (40); rep++)
      {
        ShlNet *A = random_net (rep % 9, d, 17 * rep + d);
        ShlNet *B = random_net ((rep * 7) % 10, d, 17 * rep + d + 3);
        ShlParamAlign *al = shl_param_align_sym (A, B, SHL_PARAM_DIST_DEFAULT);
        ShlParamAlign *ar = shl_param_align_sym (A, B, SHL_PARAM_DIST_REFINE);
        ShlParamAlign *a2 = shl_param_align_sym_l2 (A, B);
        g_assert_false (al->l2);
        g_assert_true (a2->l2);
        g_assert_cmpint (al->width, ==, MAX (A->m, B->m));
        g_assert_cmpfloat (ar->value, ==, al->value);
        g_assert_cmpfloat (al->value, ==,
                           fmax (al->neurons, fmax (al->e_diff, al->v_diff)));
        check_apply (A, B, al);
        check_apply (A, B, ar);
        check_apply (A, B, a2);
        /* refining never increases the sum of the pair costs */
        double s = 0.0, sr = 0.0;
        for (int i = 0; i < al->width; i++)
          {
            s += al->cost[i];
            sr += ar->cost[i];
          }
        g_assert_cmpfloat (sr, <=, s * (1 + 1e-14));
        shl_param_align_free (al);
        shl_param_align_free (ar);
        shl_param_align_free (a2);
        shl_net_free (A);
        shl_net_free (B);
      }
}

/* B = a permuted, rescaled, slightly perturbed copy of A: the refined
 * pairing recovers the hidden permutation and rescalings for every
 * neuron, not just for the bottleneck one */
static void
test_sym_refine_recovers (void)
{
  const int m = 40;
  ShlRng rng;
  shl_rng_seed (&rng, 24);
  ShlNet *A = shl_test_random_net (m, 2, 4242);
  int *perm = g_new (int, m), *inv = g_new (int, m);
  double *lam = g_new (double, m);
  for (int i = 0; i < m; i++)
    {
      perm[i] = i;
      lam[i] = exp (0.5 * shl_rng_normal (&rng));
    }
  shl_rng_shuffle (&rng, perm, m);
  ShlNet *B = transformed (A, perm, lam);
  for (int i = 0; i < m; i++)
    inv[perm[i]] = i;
  for (size_t k = 0; k < B->n_params; k++)
    B->theta[k] += 1e-4 * shl_rng_normal (&rng);
  ShlParamAlign *al = shl_param_align_sym (A, B, SHL_PARAM_DIST_REFINE);
  ShlParamAlign *a2 = shl_param_align_sym_l2 (A, B);
  for (int i = 0; i < m; i++)
    {
      /* B's neuron inv[i] is A's neuron i rescaled by 1 / lam[inv[i]] */
      g_assert_cmpint (al->perm[i], ==, inv[i]);
      g_assert_cmpint (a2->perm[i], ==, inv[i]);
      shl_assert_close (al->lambda[i], 1.0 / lam[inv[i]], 1e-2, 0.0);
      shl_assert_close (a2->lambda[i], 1.0 / lam[inv[i]], 1e-2, 0.0);
    }
  g_assert_cmpfloat (al->value, <, 1e-3);
  shl_param_align_free (al);
  shl_param_align_free (a2);
  g_free (perm);
  g_free (inv);
  g_free (lam);
  shl_net_free (A);
  shl_net_free (B);
}

static void
test_sym_asymmetry (void)
{
  ShlNet *A = shl_net_new (1, 1, NULL, NULL);
  ShlNet *B = shl_net_new (1, 1, NULL, NULL);
  set_neuron (A, 0, 1.0, 0.0, 0.0, 1.0);
  set_neuron (B, 0, 2.0, 0.0, 0.0, 0.0);
  g_assert_cmpfloat (shl_param_distance_sym (A, B), ==, 1.0);
  shl_assert_close (shl_param_distance_sym (B, A), sqrt (2.0) - 1.0, 1e-15, 0);
  /* half-zero neuron: the zero net is in the closure of B's orbit */
  ShlNet *Z = shl_net_new (1, 1, NULL, NULL);
  g_assert_cmpfloat (shl_param_distance_sym (Z, B), ==, 0.0);
  g_assert_cmpfloat (shl_param_distance_sym (B, Z), ==, 2.0);
  ShlParamAlign *al = shl_param_align_sym (Z, B, 0);
  g_assert_cmpfloat (al->lambda[0], ==, 0.0);
  shl_param_align_free (al);
  g_assert_cmpfloat (shl_param_distance_sym_l2 (Z, B), ==, 0.0);
  g_assert_cmpfloat (shl_param_distance_sym_l2 (B, Z), ==, 2.0);
  /* e and v count */
  *Z->e = 3.0;
  g_assert_cmpfloat (shl_param_distance_sym (Z, B), ==, 3.0);
  Z->v[0] = -4.0;
  g_assert_cmpfloat (shl_param_distance_sym (Z, B), ==, 4.0);
  g_assert_cmpfloat (shl_param_distance_sym_l2 (Z, B), ==, 5.0);
  shl_net_free (A);
  shl_net_free (B);
  shl_net_free (Z);
}

static void
test_sym_invalid (void)
{
  ShlNet *A = shl_test_random_net (3, 1, 1);
  ShlNet *B = shl_test_random_net (3, 2, 2);
  g_assert_null (shl_param_align_sym (A, B, 0));
  g_assert_null (shl_param_align_sym_l2 (A, B));
  g_assert_null (shl_param_align_sym (NULL, B, 0));
  g_assert_true (isnan (shl_param_distance_sym (A, B)));
  g_assert_true (isnan (shl_param_distance_sym_l2 (A, NULL)));
  ShlNet *C = shl_net_copy (A);
  C->c[1] = NAN;
  g_assert_true (isnan (shl_param_distance_sym (A, C)));
  C->c[1] = INFINITY;
  g_assert_true (isnan (shl_param_distance_sym_l2 (C, A)));
  /* apply with the wrong network */
  ShlParamAlign *al = shl_param_align_sym (A, A, 0);
  g_assert_null (shl_param_align_apply (al, B));
  ShlNet *D = shl_test_random_net (4, 1, 3);
  g_assert_null (shl_param_align_apply (al, D));
  g_assert_null (shl_param_align_apply (NULL, A));
  shl_param_align_free (al);
  shl_param_align_free (NULL);
  /* width 0: only the affine part */
  ShlNet *E = shl_net_new (0, 2, NULL, NULL), *F = shl_net_new (0, 2, NULL, NULL);
  *E->e = 1.0;
  F->v[0] = 0.5;
  F->v[1] = -2.0;
  al = shl_param_align_sym (E, F, SHL_PARAM_DIST_REFINE);
  g_assert_cmpint (al->width, ==, 0);
  g_assert_cmpint (al->worst, ==, -1);
  g_assert_cmpfloat (al->neurons, ==, 0.0);
  g_assert_cmpfloat (al->value, ==, 2.0);
  ShlNet *X = shl_param_align_apply (al, F);
  g_assert_cmpint (X->m, ==, 0);
  g_assert_cmpfloat (X->v[1], ==, -2.0);
  shl_net_free (X);
  shl_param_align_free (al);
  shl_assert_close (shl_param_distance_sym_l2 (E, F), sqrt (1.0 + 0.25 + 4.0),
                    1e-15, 0.0);
  shl_net_free (A);
  shl_net_free (B);
  shl_net_free (C);
  shl_net_free (D);
  shl_net_free (E);
  shl_net_free (F);
}

/* ------------------------------------------------------------------------ */
/* theory.md section 3, the parts that need no fibre optimisation           */

/* P0: Gamma = 0 (width 2), Phi = (1, 0, 1), (1, -1/n, -1). Every pair costs
 * delta(0, q) = sqrt(||(a_q, b_q)||_inf |c_q|) = 1, and the other way
 * delta(q, 0) = max(||(a_q, b_q)||_inf, |c_q|) = 1: d_sym = 1 for every n,
 * while ||f_Gamma - f_Phi||_inf = 1/n. l2: delta2(0, q) = 2 ||(a,b)||_2 |c|. */
static void
test_theory_p0 (void)
{
  const int ns[] = { 1, 2, 3, 10, 100, 1000, 1000000 };
  for (gsize k = 0; k < G_N_ELEMENTS (ns); k++)
    {
      double n = ns[k];
      ShlNet *G = shl_net_new (2, 1, NULL, NULL);
      ShlNet *P = shl_net_new (2, 1, NULL, NULL);
      set_neuron (P, 0, 1.0, 0.0, 0.0, 1.0);
      set_neuron (P, 1, 1.0, 0.0, -1.0 / n, -1.0);
      ShlDistances D;
      g_assert_true (shl_realization_distance (&D, G, P, NULL, NULL));
      shl_assert_close (D.sup, 1.0 / n, 1e-12, 1e-15);
      g_assert_cmpfloat (shl_param_distance_sym (G, P), ==, 1.0);
      g_assert_cmpfloat (shl_param_distance_sym (P, G), ==, 1.0);
      shl_assert_close (shl_param_distance_sym_l2 (G, P),
                        sqrt (2.0 + 2.0 * sqrt (1.0 + 1.0 / (n * n))), 1e-14,
                        0.0);
      shl_net_free (G);
      shl_net_free (P);
    }
}

/* P1: Gamma = (1, 0, eps), g = eps relu(x - 1/2) as (1, -1/2, eps):
 * min over l of max(|l - 1|, l / 2, eps |1 / l - 1|) = 1/3 at l = 2/3
 * (for eps <= 2/3). Balanced start (s, 0, s), s = sqrt eps:
 * ((sqrt 3 - 1) / 2) s at l = (sqrt 3 - 1) s. Without rescaling, to g's
 * balanced form (a, -a/2, eps/a), a = (eps / sqrt 1.25)^(1/2): 0.4729 s
 * (the restricted-set readout of theory.md). */
static void
test_theory_p1 (void)
{
  const double epss[] = { 1e-1, 1e-2, 1e-4, 1e-8 };
  for (gsize k = 0; k < G_N_ELEMENTS (epss); k++)
    {
      double eps = epss[k], s = sqrt (eps);
      ShlNet *G = shl_net_new (1, 1, NULL, NULL);
      ShlNet *P = shl_net_new (1, 1, NULL, NULL);
      set_neuron (G, 0, 1.0, 0.0, 0.0, eps);
      set_neuron (P, 0, 1.0, 0.0, -0.5, eps);
      shl_assert_close (shl_param_distance_sym (G, P), 1.0 / 3.0, 1e-15, 0.0);
      ShlParamAlign *al = shl_param_align_sym (G, P, 0);
      shl_assert_close (al->lambda[0], 2.0 / 3.0, 1e-15, 0.0);
      shl_param_align_free (al);

      set_neuron (G, 0, s, 0.0, 0.0, s);
      shl_assert_close (shl_param_distance_sym (G, P),
                        0.5 * (sqrt (3.0) - 1.0) * s, 1e-14, 0.0);
      double a = sqrt (eps / sqrt (1.25));
      set_neuron (P, 0, a, 0.0, -0.5 * a, eps / a);
      /* balanced: |c| = ||(a, b)||_2 */
      shl_assert_close (eps / a, hypot (a, 0.5 * a), 1e-15, 0.0);
      double raw = shl_param_distance_raw (G, P);
      shl_assert_close (raw, 0.5 * a, 1e-15, 0.0);
      g_assert_cmpfloat (fabs (raw / s - 0.4729), <, 1e-4);
      /* d_sym may rescale and gets the smaller value */
      shl_assert_close (shl_param_distance_sym (G, P),
                        0.5 * (sqrt (3.0) - 1.0) * s, 1e-14, 0.0);
      shl_net_free (G);
      shl_net_free (P);
    }
}

/* P2: Gamma = 2 x (1, 0, 1), g = 2 relu(x) + eps relu(x - 1/2) as
 * (1, 0, 2), (1, -1/2, eps): delta((1,0,1), (1,0,2)) = sqrt 2 - 1 and
 * delta((1,0,1), (1,-1/2,eps)) = 1 - sqrt eps (for small eps), so
 * d_sym = max(sqrt 2 - 1, 1 - sqrt eps), the value in the table. */
static void
test_theory_p2 (void)
{
  const double epss[] = { 0.25, 1e-2, 1e-4, 1e-8 };
  for (gsize k = 0; k < G_N_ELEMENTS (epss); k++)
    {
      double eps = epss[k];
      ShlNet *G = shl_net_new (2, 1, NULL, NULL);
      ShlNet *P = shl_net_new (2, 1, NULL, NULL);
      set_neuron (G, 0, 1.0, 0.0, 0.0, 1.0);
      set_neuron (G, 1, 1.0, 0.0, 0.0, 1.0);
      set_neuron (P, 0, 1.0, 0.0, -0.5, eps);
      set_neuron (P, 1, 1.0, 0.0, 0.0, 2.0);
      shl_assert_close (shl_param_distance_sym (G, P),
                        fmax (sqrt (2.0) - 1.0, 1.0 - sqrt (eps)), 1e-15, 0.0);
      shl_net_free (G);
      shl_net_free (P);
    }
}

/* P4: Gamma = (1, -K, 1) (f = 0 on [-1, 1]), g = eps relu(x) as
 * (1, 0, eps): the bias term alone costs K and lambda = 1 - ... any lambda
 * with |l - 1| <= K, |eps / l - 1| <= K: d_sym = K. */
static void
test_theory_p4 (void)
{
  const double Ks[] = { 2.0, 10.0, 1e3 };
  for (gsize k = 0; k < G_N_ELEMENTS (Ks); k++)
    {
      ShlNet *G = shl_net_new (1, 1, NULL, NULL);
      ShlNet *P = shl_net_new (1, 1, NULL, NULL);
      set_neuron (G, 0, 1.0, 0.0, -Ks[k], 1.0);
      set_neuron (P, 0, 1.0, 0.0, 0.0, 1e-3);
      g_assert_cmpfloat (shl_param_distance_sym (G, P), ==, Ks[k]);
      shl_net_free (G);
      shl_net_free (P);
    }
}

/* ------------------------------------------------------------------------ */
/* Timing                                                                   */

static void
time_width (int m)
{
  ShlNet *A = shl_test_random_net (m, 2, 1);
  ShlNet *B = shl_test_random_net (m, 2, 2);
  gint64 t0 = g_get_monotonic_time ();
  ShlParamAlign *al = shl_param_align_sym (A, B, 0);
  gint64 t1 = g_get_monotonic_time ();
  ShlParamAlign *ar = shl_param_align_sym (A, B, SHL_PARAM_DIST_REFINE);
  gint64 t2 = g_get_monotonic_time ();
  ShlParamAlign *a2 = shl_param_align_sym_l2 (A, B);
  gint64 t3 = g_get_monotonic_time ();
  g_test_message ("m = %d, d = 2: d_sym %.2f ms, refined %.2f ms, "
                  "d_sym_l2 %.2f ms", m, (t1 - t0) * 1e-3, (t2 - t1) * 1e-3,
                  (t3 - t2) * 1e-3);
  g_assert_cmpfloat (al->value, ==, ar->value);
  shl_param_align_free (al);
  shl_param_align_free (ar);
  shl_param_align_free (a2);
  shl_net_free (A);
  shl_net_free (B);
}

/* The sparse path (SHL_PARAM_DIST_SPARSE) against the dense reference
 * (SHL_PARAM_DIST_DENSE): the same d_sym bit for bit (also with REFINE,
 * whose pairing must then have the least sum of costs), the same d_sym_l2
 * up to rounding, on several families of networks. */
static ShlNet *
family_net (int family, int m, int d, guint64 seed, const ShlNet *like)
{
  ShlRng rng;
  shl_rng_seed (&rng, seed);
  ShlNet *n;
  switch (family)
    {
    case 0: /* He initialisation (small outer weights) */
      n = shl_net_new (m, d, NULL, NULL);
      shl_net_init_random (n, SHL_INIT_HE, &rng);
      return n;
    case 1: /* balanced */
      n = shl_net_new (m, d, NULL, NULL);
      shl_net_init_random (n, SHL_INIT_BALANCED, &rng);
      return n;
    case 2: /* zero, half-zero and duplicate neurons, unit outer weights */
      return random_net (m, d, seed);
    default: /* a perturbed, rescaled, permuted copy of like */
      n = shl_net_new (like->m, d, NULL, NULL);
      memcpy (n->theta, like->theta, like->n_params * sizeof (double));
      for (size_t k = 0; k < n->n_params; k++)
        n->theta[k] += 1e-3 * shl_rng_normal (&rng);
      for (int i = 0; i < n->m; i++)
        shl_net_rescale_neuron (n, i, exp (shl_rng_range (&rng, -1, 1)));
      return n;
    }
}

static void
test_sym_sparse_vs_dense (void)
{
  const int widths[][2] = { { 30, 30 }, { 60, 60 }, { 40, 55 }, { 70, 26 },
                            { 150, 150 }, { 25, 200 } };
  int n_w = light_mode () ? 3 : (int) G_N_ELEMENTS (widths);
  for (int d = 1; d <= 2; d++)
    for (int w = 0; w < n_w; w++)
      for (int family = 0; family < 4; family++)
        {
          int ma = widths[w][0], mb = widths[w][1];
          guint64 seed = 1000 * d + 10 * w + family;
          ShlNet *A = family_net (family == 3 ? 0 : family, ma, d, seed, NULL);
          ShlNet *B = family == 3 ? family_net (3, mb, d, seed + 1, A)
                                  : family_net (family, mb, d, seed + 1, NULL);
          ShlParamAlign *s = shl_param_align_sym (A, B, SHL_PARAM_DIST_SPARSE);
          ShlParamAlign *sd = shl_param_align_sym (A, B, SHL_PARAM_DIST_DENSE);
          g_assert_nonnull (s);
          g_assert_nonnull (sd);
          g_assert_cmpfloat (s->value, ==, sd->value);
          g_assert_cmpfloat (s->neurons, ==, sd->neurons);
          /* the reported pairing attains it */
          double mx = 0.0;
          for (int i = 0; i < s->width; i++)
            mx = fmax (mx, s->cost[i]);
          g_assert_cmpfloat (mx, ==, s->neurons);

          ShlParamAlign *r = shl_param_align_sym (A, B, SHL_PARAM_DIST_REFINE
                                                          | SHL_PARAM_DIST_SPARSE);
          ShlParamAlign *rd = shl_param_align_sym (A, B, SHL_PARAM_DIST_REFINE
                                                           | SHL_PARAM_DIST_DENSE);
          g_assert_cmpfloat (r->value, ==, rd->value);
          double sr = 0.0, srd = 0.0;
          for (int i = 0; i < r->width; i++)
            {
              sr += r->cost[i];
              srd += rd->cost[i];
            }
          shl_assert_close (sr, srd, 1e-12, 1e-14);

          ShlParamAlign *l = shl_param_align_sym_l2_flags (A, B, SHL_PARAM_DIST_SPARSE);
          ShlParamAlign *ld = shl_param_align_sym_l2_flags (A, B, SHL_PARAM_DIST_DENSE);
          shl_assert_close (l->value, ld->value, 1e-12, 1e-14);
          shl_assert_close (l->neurons, ld->neurons, 1e-12, 1e-14);
          shl_param_align_free (s);
          shl_param_align_free (sd);
          shl_param_align_free (r);
          shl_param_align_free (rd);
          shl_param_align_free (l);
          shl_param_align_free (ld);
          shl_net_free (A);
          shl_net_free (B);
        }
}

static void
test_timing (void)
{
  time_width (64);
  if (g_test_perf ())
    time_width (512);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/paramdist/delta/hand", test_delta_hand);
  g_test_add_func ("/paramdist/delta/grid", test_delta_grid);
  g_test_add_func ("/paramdist/delta2/grid", test_delta2_grid);
  g_test_add_func ("/paramdist/delta2/bimodal", test_delta2_bimodal);
  g_test_add_func ("/paramdist/sym/orbit-zero", test_sym_orbit_zero);
  g_test_add_func ("/paramdist/sym/invariance", test_sym_invariance);
  g_test_add_func ("/paramdist/sym/raw-bound", test_sym_raw_bound);
  g_test_add_func ("/paramdist/sym/padding", test_sym_padding);
  g_test_add_func ("/paramdist/sym/brute-force", test_sym_brute);
  g_test_add_func ("/paramdist/sym/apply", test_sym_apply);
  g_test_add_func ("/paramdist/sym/refine-recovers", test_sym_refine_recovers);
  g_test_add_func ("/paramdist/sym/asymmetry", test_sym_asymmetry);
  g_test_add_func ("/paramdist/sym/invalid", test_sym_invalid);
  g_test_add_func ("/paramdist/theory/p0", test_theory_p0);
  g_test_add_func ("/paramdist/theory/p1", test_theory_p1);
  g_test_add_func ("/paramdist/theory/p2", test_theory_p2);
  g_test_add_func ("/paramdist/theory/p4", test_theory_p4);
  g_test_add_func ("/paramdist/sym/sparse-vs-dense", test_sym_sparse_vs_dense);
  g_test_add_func ("/paramdist/timing", test_timing);
  return g_test_run ();
}
