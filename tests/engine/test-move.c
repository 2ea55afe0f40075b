/* test-move.c: typed symmetry moves (shl-move.h).
 *
 * The kind table, ids and labels (round trips, exact strings, what the
 * parser refuses), the argument checks, the expected parameters of
 * hand-made cases, and that every move keeps the realization: by the
 * engine's exact sup distance (shl_realization_distance) and by dense
 * evaluation on a grid of the domain, relative to the size of the
 * function; bit for bit where the move is exact (permutation, rescaling by
 * a power of two). */
#include <float.h>
#include <glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "shl-geom.h"
#include "shl-move.h"
#include "shl-net.h"
#include "shl-symmetry.h"
#include "shl-test.h"

#define RTOL 1e-12

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static void
set_neuron (ShlNet *net, int i, double a0, double a1, double b, double c)
{
  net->a[i * net->d] = a0;
  if (net->d > 1)
    net->a[i * net->d + 1] = a1;
  net->b[i] = b;
  net->c[i] = c;
}

/* A hand-made network with every degeneracy kappa handles: on [-1, 1]^d,
 * an active neuron, its duplicate (rescaled by 2), a wrong orientation, a
 * dead and an affine neuron, a zero neuron, a = 0 with b > 0, and an
 * unbalanced active neuron. */
static ShlNet *
messy_net (int d)
{
  ShlNet *net = shl_net_new (8, d, NULL, NULL);
  double s = d > 1 ? 0.4 : 0.0;
  set_neuron (net, 0, 1.5, s, -0.3, 0.7);
  set_neuron (net, 1, 3.0, 2 * s, -0.6, -0.2);
  set_neuron (net, 2, -2.0, -s, 1.0, 0.4);
  set_neuron (net, 3, 1.0, s, -5.0, 1.3);
  set_neuron (net, 4, 1.0, s, 3.0, -0.8);
  /* neuron 5: zero */
  set_neuron (net, 6, 0.0, 0.0, 0.5, 2.0);
  set_neuron (net, 7, 0.5, -s, 0.25, -1.1);
  *net->e = 0.3;
  net->v[0] = -0.2;
  if (d > 1)
    net->v[1] = 0.1;
  return net;
}

/* the values of net on a grid of n (1-D) or n x n (2-D) points of its box;
 * *count receives the number of points */
static double *
dense_values (const ShlNet *net, int n, size_t *count)
{
  size_t np = net->d == 1 ? (size_t) n : (size_t) n * (size_t) n;
  double *x = g_new (double, np * (size_t) net->d);
  for (size_t k = 0; k < np; k++)
    {
      size_t i = k % (size_t) n, j = k / (size_t) n;
      x[k * (size_t) net->d] = net->lo[0] + (net->hi[0] - net->lo[0]) * (double) i / (n - 1);
      if (net->d > 1)
        x[k * 2 + 1] = net->lo[1] + (net->hi[1] - net->lo[1]) * (double) j / (n - 1);
    }
  double *f = g_new (double, np);
  shl_net_eval (f, NULL, net, x, np);
  g_free (x);
  *count = np;
  return f;
}

/* f and g realize the same function on f's box: the exact sup distance
 * and the largest difference on a dense grid are at most rtol times the
 * size of f (its sup norm, at least 1). bitwise: the grid values must
 * agree bit for bit. */
static void
assert_same_function_at (const ShlNet *f, const ShlNet *g, double rtol,
                         gboolean bitwise, const char *what,
                         const char *file, int line)
{
  ShlDistances norm, D;
  g_assert_true (shl_realization_distance (&norm, f, NULL, NULL, NULL));
  g_assert_true (shl_realization_distance (&D, f, g, NULL, NULL));
  double tol = rtol * fmax (1.0, norm.sup);
  if (!(D.sup <= tol))
    g_error ("%s:%d: %s: sup distance %g > %g", file, line, what, D.sup, tol);
  size_t n1, n2;
  double *vf = dense_values (f, f->d == 1 ? 2001 : 101, &n1);
  double *vg = dense_values (g, f->d == 1 ? 2001 : 101, &n2);
  g_assert_cmpuint (n1, ==, n2);
  for (size_t k = 0; k < n1; k++)
    if (bitwise ? vf[k] != vg[k] : !(fabs (vf[k] - vg[k]) <= tol))
      g_error ("%s:%d: %s: at grid point %zu f = %.17g, g = %.17g", file,
               line, what, k, vf[k], vg[k]);
  g_free (vf);
  g_free (vg);
}

#define assert_same_function(f, g, rtol, bitwise, what) \
  assert_same_function_at ((f), (g), (rtol), (bitwise), (what), __FILE__, __LINE__)

static void
assert_theta_equal (const ShlNet *x, const ShlNet *y)
{
  g_assert_true (shl_net_same_shape (x, y));
  g_assert_cmpmem (x->theta, x->n_params * sizeof (double), y->theta,
                   y->n_params * sizeof (double));
}

/* every kind of move with valid arguments for a net of width m */
static int
all_moves (ShlMove *moves, int m)
{
  int n = 0;
  moves[n++] = shl_move_balance ();
  moves[n++] = shl_move_reverse ();
  moves[n++] = shl_move_canonical ();
  for (int k = 1; k <= SHL_CANON_N_STEPS; k++)
    moves[n++] = shl_move_canon_step ((ShlCanonStep) k);
  for (int i = 0; i < m; i++)
    {
      moves[n++] = shl_move_balance_neuron (i);
      moves[n++] = shl_move_rescale_neuron (i, 2.0);
      moves[n++] = shl_move_rescale_neuron (i, 0.5);
      moves[n++] = shl_move_rescale_neuron (i, 1.0 / 3.0);
      moves[n++] = shl_move_rescale_neuron (i, 7.25);
    }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Names, ids, labels                                                       */

static void
test_kind_table (void)
{
  static const char *const names[SHL_MOVE_N_KINDS] = {
    "balance", "balance-neuron", "rescale-neuron", "reverse", "canon-step",
    "canonical",
  };
  static const char *const labels[SHL_MOVE_N_KINDS] = {
    "Balance", "Balance neuron", "Rescale neuron", "Permute", "κ step", "κ",
  };
  for (int k = 0; k < SHL_MOVE_N_KINDS; k++)
    {
      g_assert_cmpstr (shl_move_kind_name ((ShlMoveKind) k), ==, names[k]);
      g_assert_cmpstr (shl_move_kind_label ((ShlMoveKind) k), ==, labels[k]);
      ShlMoveKind back = SHL_MOVE_N_KINDS;
      g_assert_true (shl_move_kind_from_name (names[k], &back));
      g_assert_cmpint (back, ==, k);
    }
  ShlMoveKind untouched = SHL_MOVE_REVERSE;
  g_assert_false (shl_move_kind_from_name ("rescale", &untouched));
  g_assert_false (shl_move_kind_from_name (NULL, &untouched));
  g_assert_cmpint (untouched, ==, SHL_MOVE_REVERSE);
  g_assert_cmpstr (shl_move_kind_name ((ShlMoveKind) 99), ==, "unknown");
  g_assert_cmpstr (shl_move_kind_label ((ShlMoveKind) -1), ==, "unknown");
}

static void
test_ids (void)
{
  char buf[SHL_MOVE_TEXT_MAX];
  const struct { ShlMove move; const char *id; } cases[] = {
    { shl_move_balance (), "balance" },
    { shl_move_balance_neuron (0), "balance-0" },
    { shl_move_balance_neuron (12), "balance-12" },
    { shl_move_rescale_neuron (0, 2.0), "rescale-0-2" },
    { shl_move_rescale_neuron (1, 0.5), "rescale-1-0.5" },
    { shl_move_rescale_neuron (3, 0.1), "rescale-3-0.1" },
    { shl_move_rescale_neuron (3, 1.0 / 3.0), "rescale-3-0.3333333333333333" },
    { shl_move_rescale_neuron (2, 1e-300), "rescale-2-1e-300" },
    { shl_move_reverse (), "reverse" },
    { shl_move_canon_step (SHL_CANON_DROP), "canon-1" },
    { shl_move_canon_step (SHL_CANON_ORIENT), "canon-3" },
    { shl_move_canon_step (SHL_CANON_ORDER_PAD), "canon-6" },
    { shl_move_canonical (), "canonical" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_assert_cmpstr (shl_move_to_id (buf, sizeof buf, &cases[k].move), ==, cases[k].id);
      ShlMove back;
      memset (&back, 0xff, sizeof back);
      g_assert_true (shl_move_from_id (&back, cases[k].id));
      g_assert_cmpint (back.kind, ==, cases[k].move.kind);
      if (back.kind == SHL_MOVE_BALANCE_NEURON || back.kind == SHL_MOVE_RESCALE_NEURON)
        g_assert_cmpint (back.neuron, ==, cases[k].move.neuron);
      if (back.kind == SHL_MOVE_RESCALE_NEURON)
        g_assert_true (back.lambda == cases[k].move.lambda);
      if (back.kind == SHL_MOVE_CANON_STEP)
        g_assert_cmpint (back.step, ==, cases[k].move.step);
    }

  /* any lambda reads back to the same double */
  ShlRng rng;
  shl_rng_seed (&rng, 7);
  for (int k = 0; k < 1000; k++)
    {
      ShlMove m = shl_move_rescale_neuron ((int) shl_rng_below (&rng, 1000),
                                           exp (shl_rng_range (&rng, -40, 40)));
      ShlMove back;
      g_assert_true (shl_move_from_id (&back, shl_move_to_id (buf, sizeof buf, &m)));
      g_assert_cmpint (back.neuron, ==, m.neuron);
      g_assert_true (back.lambda == m.lambda);
    }

  /* what the parser refuses */
  static const char *const bad[] = {
    "", "Balance", "balance ", " balance", "balance-", "balance--1",
    "balance-+1", "balance- 1", "balance-1x", "balance-1.0",
    "balance-99999999999", "rescale", "rescale-", "rescale-1", "rescale-1-",
    "rescale-1-0", "rescale-1--2", "rescale-1-+2", "rescale-1- 2",
    "rescale-1-inf", "rescale-1-nan", "rescale-1-1e999", "rescale-1-2x",
    "rescale-x-2", "rescale--1-2", "reverse-1", "canon", "canon-",
    "canon-0", "canon-7", "canon-3x", "canon--3", "canonicalx", "kappa",
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      ShlMove m = shl_move_reverse ();
      if (shl_move_from_id (&m, bad[k]))
        g_error ("\"%s\" was accepted as a move", bad[k]);
      g_assert_cmpint (m.kind, ==, SHL_MOVE_REVERSE);
    }
  ShlMove m;
  g_assert_false (shl_move_from_id (&m, NULL));

  /* invalid arguments have no id */
  ShlMove inv = shl_move_rescale_neuron (1, -2.0);
  g_assert_cmpstr (shl_move_to_id (buf, sizeof buf, &inv), ==, "");
  inv = shl_move_canon_step ((ShlCanonStep) 9);
  g_assert_cmpstr (shl_move_to_id (buf, sizeof buf, &inv), ==, "");
  inv = shl_move_balance_neuron (-1);
  g_assert_cmpstr (shl_move_to_id (buf, sizeof buf, &inv), ==, "");
  /* a short buffer is truncated, never overrun */
  char tiny[4];
  ShlMove c = shl_move_canonical ();
  g_assert_cmpstr (shl_move_to_id (tiny, sizeof tiny, &c), ==, "can");
}

static void
test_ids_in_a_comma_locale (void)
{
  /* a locale whose decimal point is a comma, if the machine has one */
  static const char *const names[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8",
  };
  const char *found = NULL;
  for (unsigned k = 0; k < G_N_ELEMENTS (names) && !found; k++)
    if (setlocale (LC_NUMERIC, names[k]))
      found = names[k];
  if (!found)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  char buf[SHL_MOVE_TEXT_MAX];
  ShlMove m = shl_move_rescale_neuron (4, 0.5), back;
  g_assert_cmpstr (shl_move_to_id (buf, sizeof buf, &m), ==, "rescale-4-0.5");
  g_assert_true (shl_move_from_id (&back, "rescale-4-0.25"));
  g_assert_true (back.lambda == 0.25);
  g_assert_cmpstr (shl_move_to_label (buf, sizeof buf, &m), ==, "Rescale neuron 5 by λ = 0.5");
  setlocale (LC_NUMERIC, "C");
}

static void
test_labels (void)
{
  char buf[SHL_MOVE_TEXT_MAX];
  const struct { ShlMove move; const char *label; } cases[] = {
    { shl_move_balance (), "Balance every neuron" },
    { shl_move_balance_neuron (0), "Balance neuron 1" },
    { shl_move_rescale_neuron (2, 2.0), "Rescale neuron 3 by λ = 2" },
    { shl_move_rescale_neuron (2, 0.5), "Rescale neuron 3 by λ = 0.5" },
    { shl_move_reverse (), "Permute: reverse the order of the neurons" },
    { shl_move_canon_step (SHL_CANON_DROP), "κ step 1 of 6: drop" },
    { shl_move_canon_step (SHL_CANON_AFFINE), "κ step 2 of 6: fold affine" },
    { shl_move_canon_step (SHL_CANON_ORIENT), "κ step 3 of 6: orient" },
    { shl_move_canon_step (SHL_CANON_MERGE), "κ step 4 of 6: merge" },
    { shl_move_canon_step (SHL_CANON_BALANCE), "κ step 5 of 6: balance" },
    { shl_move_canon_step (SHL_CANON_ORDER_PAD), "κ step 6 of 6: order" },
    { shl_move_canonical (), "κ: the canonical form, padded to the width" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    g_assert_cmpstr (shl_move_to_label (buf, sizeof buf, &cases[k].move), ==, cases[k].label);
  /* invalid arguments: the kind's label */
  ShlMove inv = shl_move_rescale_neuron (0, 0.0);
  g_assert_cmpstr (shl_move_to_label (buf, sizeof buf, &inv), ==, "Rescale neuron");
  inv.kind = (ShlMoveKind) 42;
  g_assert_cmpstr (shl_move_to_label (buf, sizeof buf, &inv), ==, "unknown");
}

/* ------------------------------------------------------------------------ */
/* Checks                                                                   */

static void
test_checks (void)
{
  char buf[SHL_MOVE_TEXT_MAX];
  ShlNet *net = messy_net (1);
  ShlNet *before = shl_net_copy (net);
  ShlMove ok[64];
  int n = all_moves (ok, net->m);
  for (int k = 0; k < n; k++)
    g_assert_null (shl_move_check (&ok[k], net, buf, sizeof buf));

  const struct { ShlMove move; const char *why; } bad[] = {
    { shl_move_balance_neuron (8), "neuron 9 does not exist (the width is 8)" },
    { shl_move_rescale_neuron (20, 2.0), "neuron 21 does not exist (the width is 8)" },
    { shl_move_balance_neuron (-1), "neuron index -1 is negative" },
    { shl_move_rescale_neuron (0, 0.0), "λ = 0 is not a positive finite number" },
    { shl_move_rescale_neuron (0, -1.5), "λ = -1.5 is not a positive finite number" },
    { shl_move_rescale_neuron (0, INFINITY), "λ = inf is not a positive finite number" },
    { shl_move_rescale_neuron (0, NAN), "λ = nan is not a positive finite number" },
    { shl_move_canon_step ((ShlCanonStep) 0), "κ has no step 0 (steps 1 to 6)" },
    { shl_move_canon_step ((ShlCanonStep) 7), "κ has no step 7 (steps 1 to 6)" },
    { { .kind = (ShlMoveKind) 17 }, "unknown move" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      const char *why = shl_move_check (&bad[k].move, net, buf, sizeof buf);
      g_assert_true (why == buf);
      g_assert_cmpstr (why, ==, bad[k].why);
      g_assert_null (shl_move_apply (&bad[k].move, net));
    }
  /* the argument checks alone: an index beyond any width is fine */
  ShlMove far = shl_move_balance_neuron (1000);
  g_assert_null (shl_move_check (&far, NULL, buf, sizeof buf));
  g_assert_null (shl_move_apply (&far, NULL));

  /* a network that is not finite takes no move */
  net->c[2] = NAN;
  for (int k = 0; k < n; k++)
    {
      g_assert_cmpstr (shl_move_check (&ok[k], net, buf, sizeof buf), ==,
                       "a parameter of the network is not finite");
      g_assert_null (shl_move_apply (&ok[k], net));
    }
  net->c[2] = before->c[2];
  assert_theta_equal (net, before);
  shl_net_free (net);
  shl_net_free (before);
}

/* ------------------------------------------------------------------------ */
/* Hand-made cases                                                          */

static void
test_hand_made (void)
{
  /* 1-D on [-1, 1]: (a, b, c) = (1, -0.5, 3), (3, 4, 20), (-1, 0.25, 2) */
  ShlNet *f = shl_net_new (3, 1, NULL, NULL);
  set_neuron (f, 0, 1.0, 0, -0.5, 3.0);
  set_neuron (f, 1, 3.0, 0, 4.0, 20.0);
  set_neuron (f, 2, -1.0, 0, 0.25, 2.0);
  *f->e = 0.25;
  f->v[0] = -0.75;
  ShlNet *copy = shl_net_copy (f);

  /* rescale neuron 0 by 2: (2, -1, 1.5), nothing else moves */
  ShlMove m = shl_move_rescale_neuron (0, 2.0);
  ShlNet *g = shl_move_apply (&m, f);
  g_assert_cmpfloat (g->a[0], ==, 2.0);
  g_assert_cmpfloat (g->b[0], ==, -1.0);
  g_assert_cmpfloat (g->c[0], ==, 1.5);
  for (int i = 1; i < 3; i++)
    {
      g_assert_cmpfloat (g->a[i], ==, f->a[i]);
      g_assert_cmpfloat (g->b[i], ==, f->b[i]);
      g_assert_cmpfloat (g->c[i], ==, f->c[i]);
    }
  g_assert_cmpfloat (*g->e, ==, 0.25);
  g_assert_cmpfloat (g->v[0], ==, -0.75);
  assert_same_function (f, g, 0, TRUE, "rescale by 2");
  shl_net_free (g);

  /* balance neuron 1: ||(3, 4)|| = 5, |c| = 20, lambda = 2: (6, 8, 10) */
  m = shl_move_balance_neuron (1);
  g = shl_move_apply (&m, f);
  g_assert_cmpfloat (g->a[1], ==, 6.0);
  g_assert_cmpfloat (g->b[1], ==, 8.0);
  g_assert_cmpfloat (g->c[1], ==, 10.0);
  g_assert_cmpfloat (g->c[0], ==, 3.0);
  g_assert_cmpfloat (g->c[2], ==, 2.0);
  assert_same_function (f, g, 0, TRUE, "balance neuron 1");
  shl_net_free (g);

  /* balance all: |c_i| = ||(a_i, b_i)|| for each */
  m = shl_move_balance ();
  g = shl_move_apply (&m, f);
  for (int i = 0; i < 3; i++)
    shl_assert_close (fabs (g->c[i]), hypot (g->a[i], g->b[i]), 4 * DBL_EPSILON, 0);
  g_assert_cmpfloat (g->a[1], ==, 6.0);
  g_assert_cmpfloat (g->c[1], ==, 10.0);
  /* neuron 0: lambda = sqrt (3 / ||(1, -0.5)||) */
  shl_assert_close (g->a[0], sqrt (3.0 / hypot (1.0, 0.5)), 4 * DBL_EPSILON, 0);
  assert_same_function (f, g, RTOL, FALSE, "balance");
  shl_net_free (g);

  /* reverse: neuron k is old neuron 2 - k bit for bit, e and v stay */
  m = shl_move_reverse ();
  g = shl_move_apply (&m, f);
  for (int k = 0; k < 3; k++)
    {
      g_assert_cmpfloat (g->a[k], ==, f->a[2 - k]);
      g_assert_cmpfloat (g->b[k], ==, f->b[2 - k]);
      g_assert_cmpfloat (g->c[k], ==, f->c[2 - k]);
    }
  g_assert_cmpfloat (*g->e, ==, *f->e);
  g_assert_cmpfloat (g->v[0], ==, f->v[0]);
  assert_same_function (f, g, RTOL, FALSE, "reverse");
  shl_net_free (g);

  /* kappa step 3, orient: neuron 2 (a = -1) becomes (1, -0.25, 2) and the
   * affine part takes c t = 2 (-x + 0.25): v += -2, e += 0.5 */
  m = shl_move_canon_step (SHL_CANON_ORIENT);
  g = shl_move_apply (&m, f);
  g_assert_cmpint (g->m, ==, 3);
  g_assert_cmpfloat (g->a[2], ==, 1.0);
  g_assert_cmpfloat (g->b[2], ==, -0.25);
  g_assert_cmpfloat (g->c[2], ==, 2.0);
  g_assert_cmpfloat (g->v[0], ==, -2.75);
  g_assert_cmpfloat (*g->e, ==, 0.75);
  g_assert_cmpfloat (g->a[0], ==, 1.0);
  g_assert_cmpfloat (g->a[1], ==, 3.0);
  assert_same_function (f, g, RTOL, FALSE, "orient");
  shl_net_free (g);

  /* kappa step 2, affine: neuron 1 (3x + 4 >= 1 on the box) is folded:
   * v += 20 * 3, e += 20 * 4, and dropped */
  m = shl_move_canon_step (SHL_CANON_AFFINE);
  g = shl_move_apply (&m, f);
  g_assert_cmpint (g->m, ==, 2);
  g_assert_cmpfloat (g->v[0], ==, -0.75 + 60.0);
  g_assert_cmpfloat (*g->e, ==, 0.25 + 80.0);
  g_assert_cmpfloat (g->a[0], ==, 1.0);
  g_assert_cmpfloat (g->a[1], ==, -1.0);
  assert_same_function (f, g, RTOL, FALSE, "affine");
  shl_net_free (g);

  /* kappa: width kept (padded), restricted, the same function */
  m = shl_move_canonical ();
  g = shl_move_apply (&m, f);
  g_assert_cmpint (g->m, ==, 3);
  g_assert_true (shl_net_is_restricted (g, 1e-12));
  g_assert_cmpint (shl_net_count_zero (g), ==, 1);
  assert_same_function (f, g, RTOL, FALSE, "canonical");
  shl_net_free (g);

  /* the input was never touched */
  assert_theta_equal (f, copy);
  shl_net_free (copy);
  shl_net_free (f);
}

static void
test_canon_steps (void)
{
  for (int d = 1; d <= 2; d++)
    {
      ShlNet *f = messy_net (d);
      /* step 1 drops the dead, zero and c = 0 neurons and folds a = 0 */
      ShlMove m = shl_move_canon_step (SHL_CANON_DROP);
      ShlNet *g = shl_move_apply (&m, f);
      g_assert_cmpint (g->m, ==, 5);
      g_assert_cmpfloat (*g->e, ==, 0.3 + 2.0 * 0.5);
      assert_same_function (f, g, RTOL, FALSE, "drop");
      shl_net_free (g);

      /* the six steps one after the other are kappa without padding, bit
       * for bit; CANONICAL pads back to the width */
      ShlNet *cur = shl_net_copy (f);
      for (int k = 1; k <= SHL_CANON_N_STEPS; k++)
        {
          m = shl_move_canon_step ((ShlCanonStep) k);
          ShlNet *next = shl_move_apply (&m, cur);
          g_assert_nonnull (next);
          assert_same_function (f, next, RTOL, FALSE, "a step of kappa");
          shl_net_free (cur);
          cur = next;
        }
      ShlNet *kappa = shl_canonicalize (f, -1);
      assert_theta_equal (cur, kappa);
      m = shl_move_canonical ();
      g = shl_move_apply (&m, f);
      g_assert_cmpint (g->m, ==, f->m);
      g_assert_cmpint (shl_net_count_zero (g), ==, f->m - kappa->m);
      g_assert_true (shl_net_is_restricted (g, 1e-12));
      assert_same_function (f, g, RTOL, FALSE, "canonical");
      shl_net_free (g);
      shl_net_free (kappa);
      shl_net_free (cur);
      shl_net_free (f);
    }
}

/* ------------------------------------------------------------------------ */
/* Every move keeps the realization                                         */

static void
test_realization_kept (void)
{
  int n_checked = 0;
  for (int d = 1; d <= 2; d++)
    for (guint64 seed = 0; seed < 6; seed++)
      {
        ShlNet *f = seed == 0 ? messy_net (d) : shl_test_random_net (7, d, seed);
        ShlNet *copy = shl_net_copy (f);
        ShlMove moves[64];
        int n = all_moves (moves, f->m);
        for (int k = 0; k < n; k++)
          {
            char id[SHL_MOVE_TEXT_MAX];
            shl_move_to_id (id, sizeof id, &moves[k]);
            ShlNet *g = shl_move_apply (&moves[k], f);
            if (!g)
              g_error ("%s did not apply (d = %d, seed %" G_GUINT64_FORMAT ")", id, d, seed);
            /* power-of-two rescalings are exact, bit for bit on the grid */
            gboolean exact = moves[k].kind == SHL_MOVE_RESCALE_NEURON
                             && (moves[k].lambda == 2.0 || moves[k].lambda == 0.5);
            assert_same_function (f, g, exact ? 0.0 : RTOL, exact, id);
            if (moves[k].kind == SHL_MOVE_CANONICAL)
              g_assert_cmpint (g->m, ==, f->m);
            g_assert_true (shl_net_same_shape (f, g)
                           || moves[k].kind == SHL_MOVE_CANON_STEP);
            /* the same move twice: reverse and rescale by 2 then 0.5 undo */
            if (moves[k].kind == SHL_MOVE_REVERSE)
              {
                ShlNet *back = shl_move_apply (&moves[k], g);
                assert_theta_equal (back, f);
                shl_net_free (back);
              }
            shl_net_free (g);
            n_checked++;
          }
        for (int i = 0; i < f->m; i++)
          {
            ShlMove up = shl_move_rescale_neuron (i, 2.0);
            ShlMove down = shl_move_rescale_neuron (i, 0.5);
            ShlNet *g = shl_move_apply (&up, f);
            ShlNet *back = shl_move_apply (&down, g);
            assert_theta_equal (back, f);
            shl_net_free (back);
            shl_net_free (g);
          }
        assert_theta_equal (f, copy);
        shl_net_free (copy);
        shl_net_free (f);
      }
  g_test_message ("%d moves checked", n_checked);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/move/kind-table", test_kind_table);
  g_test_add_func ("/move/ids", test_ids);
  g_test_add_func ("/move/ids-in-a-comma-locale", test_ids_in_a_comma_locale);
  g_test_add_func ("/move/labels", test_labels);
  g_test_add_func ("/move/checks", test_checks);
  g_test_add_func ("/move/hand-made", test_hand_made);
  g_test_add_func ("/move/canon-steps", test_canon_steps);
  g_test_add_func ("/move/realization-kept", test_realization_kept);
  return g_test_run ();
}
