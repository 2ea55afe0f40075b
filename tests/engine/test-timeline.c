/* test-timeline.c: symmetry moves as events on the training timeline:
 * moves that keep the width (every neuron keeps its slot), the events
 * and their labels, their JSON, the noise rule, and the engine thread
 * continuing at a move's step. */
#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-geom.h"
#include "shl-io.h"
#include "shl-noise.h"
#include "shl-runner.h"
#include "shl-test.h"
#include "shl-timeline-io.h"

/* a 1-D net: (a, b, c) per neuron */
static ShlNet *
net1 (int m, const double *abc)
{
  ShlNet *n = shl_net_new (m, 1, NULL, NULL);
  for (int i = 0; i < m; i++)
    {
      n->a[i] = abc[3 * i];
      n->b[i] = abc[3 * i + 1];
      n->c[i] = abc[3 * i + 2];
    }
  return n;
}

static void
assert_same_function (const ShlNet *x, const ShlNet *y)
{
  ShlDistances D;
  g_assert_true (shl_realization_distance (&D, x, y, NULL, NULL));
  g_assert_cmpfloat (D.sobolev, <=, 1e-12);
}

static void
test_keep_width (void)
{
  /* 0: dead (kink at 2, inactive), 1: active at 0.5, 2: affine on the
   * domain, 3: a = 0, 4: on neuron 1's kink, same orientation */
  ShlNet *net = net1 (5, (double[]) { 1, -2, 1, 1, -0.5, 2, 1, 3, 1, 0, 1, 4, 2, -1, 3 });
  ShlMove drop = shl_move_canon_step (SHL_CANON_DROP);
  ShlNet *d = shl_move_apply_keep_width (&drop, net);
  g_assert_cmpint (d->m, ==, 5);
  assert_same_function (d, net);
  /* the dropped slots are zero, the others keep their neuron bit for bit */
  g_assert_true (d->a[0] == 0 && d->b[0] == 0 && d->c[0] == 0);
  g_assert_true (d->a[3] == 0 && d->b[3] == 0 && d->c[3] == 0);
  for (int i = 1; i < 5; i++)
    if (i != 3)
      g_assert_true (d->a[i] == net->a[i] && d->b[i] == net->b[i] && d->c[i] == net->c[i]);
  /* affine: slot 2 becomes zero, the linear part takes it */
  ShlMove affine = shl_move_canon_step (SHL_CANON_AFFINE);
  ShlNet *f = shl_move_apply_keep_width (&affine, d);
  g_assert_cmpint (f->m, ==, 5);
  assert_same_function (f, net);
  g_assert_true (f->a[2] == 0 && f->c[2] == 0);
  g_assert_cmpfloat (f->v[0], ==, 1);
  /* merge: neuron 4 joins neuron 1 (its slot stays, 4's is zero) */
  ShlMove merge = shl_move_canon_step (SHL_CANON_MERGE);
  ShlNet *g = shl_move_apply_keep_width (&merge, f);
  g_assert_cmpint (g->m, ==, 5);
  assert_same_function (g, net);
  g_assert_true (g->c[1] != 0);
  g_assert_true (g->a[4] == 0 && g->b[4] == 0 && g->c[4] == 0);
  /* a move that keeps the width anyway is shl_move_apply */
  ShlMove bal = shl_move_balance ();
  ShlNet *b1 = shl_move_apply_keep_width (&bal, net), *b2 = shl_move_apply (&bal, net);
  g_assert_cmpmem (b1->theta, b1->n_params * sizeof (double), b2->theta, b2->n_params * sizeof (double));
  shl_net_free (b1);
  shl_net_free (b2);
  shl_net_free (net);
  shl_net_free (d);
  shl_net_free (f);
  shl_net_free (g);
}

static void
test_events (void)
{
  ShlNet *net = net1 (2, (double[]) { 1, 0, 0.01, -1, 0.5, 2 });
  ShlTimeline *tl = shl_timeline_new (net->n_params);
  ShlMove bal = shl_move_balance (), resc = shl_move_rescale_neuron (1, 2.0);
  ShlNet *a = shl_move_apply_keep_width (&bal, net);
  g_assert_true (shl_timeline_append (tl, 10, &bal, net, a));
  ShlNet *b = shl_move_apply_keep_width (&resc, a);
  g_assert_true (shl_timeline_append (tl, 10, &resc, a, b));
  g_assert_true (shl_timeline_append (tl, 30, &bal, b, b));
  /* not before the last one, not another shape */
  g_assert_false (shl_timeline_append (tl, 20, &bal, b, b));
  ShlNet *wide = net1 (3, (double[]) { 1, 0, 1, 1, 0, 1, 1, 0, 1 });
  g_assert_false (shl_timeline_append (tl, 40, &bal, wide, wide));
  g_assert_cmpuint (tl->n, ==, 3);
  /* the last move at a step */
  g_assert_true (shl_timeline_at (tl, 10) == &tl->ev[1]);
  g_assert_null (shl_timeline_at (tl, 11));
  g_assert_cmpmem (tl->ev[0].before, net->n_params * sizeof (double), net->theta,
                   net->n_params * sizeof (double));
  /* how far θ moved: ||a - net||_inf */
  double moved = 0;
  for (size_t k = 0; k < net->n_params; k++)
    moved = fmax (moved, fabs (a->theta[k] - net->theta[k]));
  g_assert_cmpfloat (tl->ev[0].moved, ==, moved);
  g_assert_cmpfloat (tl->ev[0].f_change, <=, tl->ev[0].f_tol);
  g_assert_cmpfloat (tl->ev[2].moved, ==, 0);

  char buf[256];
  g_assert_cmpstr (shl_move_short_label (buf, sizeof buf, &bal), ==, "balance");
  g_assert_cmpstr (shl_move_short_label (buf, sizeof buf, &resc), ==, "×2 on 2");
  ShlMove c3 = shl_move_canon_step (SHL_CANON_ORIENT);
  g_assert_cmpstr (shl_move_short_label (buf, sizeof buf, &c3), ==, "κ 3");
  ShlMoveEvent e = tl->ev[0];
  e.move = c3;
  e.moved = 0.42;
  g_assert_cmpstr (shl_move_event_caption (buf, sizeof buf, &e), ==,
                   "κ step 3 of 6: orient — f unchanged, θ moved by 0.42");
  e.f_change = 1e-3;
  g_assert_nonnull (strstr (shl_move_event_caption (buf, sizeof buf, &e), "f changed by 0.001"));

  /* JSON and back, bit for bit */
  g_autofree char *json = shl_timeline_to_json (tl);
  g_autoptr (GError) err = NULL;
  ShlTimeline *back = shl_timeline_from_json (json, net->n_params, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (back->n, ==, tl->n);
  for (size_t k = 0; k < tl->n; k++)
    {
      g_assert_cmpuint (back->ev[k].step, ==, tl->ev[k].step);
      g_assert_cmpint (back->ev[k].move.kind, ==, tl->ev[k].move.kind);
      g_assert_cmpfloat (back->ev[k].moved, ==, tl->ev[k].moved);
      g_assert_cmpmem (back->ev[k].before, net->n_params * sizeof (double), tl->ev[k].before,
                       net->n_params * sizeof (double));
    }
  ShlTimeline *copy = shl_timeline_copy (tl);
  g_assert_cmpuint (copy->n, ==, 3);
  shl_timeline_truncate_after (copy, 10);
  g_assert_cmpuint (copy->n, ==, 2);
  shl_timeline_truncate_after (copy, 9);
  g_assert_cmpuint (copy->n, ==, 0);
  shl_timeline_free (copy);
  shl_timeline_free (back);

  /* what a damaged file gets told */
  struct { const char *json; const char *says; } bad[] = {
    { "{}", "array" },
    { "[1]", "move 1: expected an object" },
    { "[{\"step\": -1}]", "\"step\"" },
    { "[{\"step\": 3, \"move\": \"jump\"}]", "\"move\"" },
    { "[{\"step\": 3, \"move\": \"balance\", \"moved\": 1, \"f_change\": 0, \"f_tol\": 0, \"before\": [1]}]",
      "\"before\"" },
    { "[{\"step\": 3, \"move\": \"balance\", \"moved\": \"far\", \"f_change\": 0, \"f_tol\": 0}]",
      "expected numbers" },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_clear_error (&err);
      g_assert_null (shl_timeline_from_json (bad[k].json, net->n_params, &err));
      g_assert_nonnull (err);
      if (!strstr (err->message, bad[k].says))
        g_error ("%s: \"%s\" does not say %s", bad[k].json, err->message, bad[k].says);
    }
  shl_timeline_free (tl);
  shl_net_free (net);
  shl_net_free (wide);
  shl_net_free (a);
  shl_net_free (b);
}

/* rounding noise: a value within a few ulps of the terms' size */
static void
test_noise (void)
{
  ShlNet *net = net1 (2, (double[]) { 1, 0, 3, -2, 1, 0.5 });
  /* sum |c| (|a| D + |b|) = 3 (1) + 0.5 (2 + 1) */
  g_assert_cmpfloat (shl_net_value_scale (net), ==, 4.5);
  g_assert_true (shl_noise_is_zero_distance (1e-15, net, net));
  g_assert_false (shl_noise_is_zero_distance (1e-12, net, net));
  /* the gradient's terms: sum |c| |a| = 3 (1) + 0.5 (2) */
  g_assert_cmpfloat (shl_net_slope_scale (net), ==, 4.0);
  g_assert_true (shl_noise_is_zero_slope_distance (1e-15, net, net));
  g_assert_false (shl_noise_is_zero_slope_distance (1e-12, net, net));
  g_assert_cmpfloat (shl_noise_tol (0, 1.0), ==, 2 * SHL_NOISE_ULPS * DBL_EPSILON);
  shl_net_free (net);
}

/* the engine thread goes on at a move's step */
static void
test_runner_at_step (void)
{
  ShlNet *net = net1 (2, (double[]) { 1, 0, 1, -1, 0.3, 0.5 });
  ShlData *data = shl_data_new (1, 16, net->lo, net->hi);
  for (size_t k = 0; k < 16; k++)
    {
      data->x[k] = -1 + 2.0 * k / 15;
      data->y[k] = sin (3 * data->x[k]);
    }
  ShlTrainOpts o;
  shl_train_opts_init (&o);
  ShlRunner *r = shl_runner_new (net, data, &o, NULL, NULL);
  shl_runner_step (r, 50);
  shl_runner_sync (r);
  ShlHistory *h = shl_history_new (net->n_params);
  g_autoptr (ShlSnapshot) s = shl_runner_take (r, h);
  g_assert_cmpuint (s->step, ==, 50);
  ShlMove bal = shl_move_balance ();
  ShlNet *moved = shl_move_apply_keep_width (&bal, s->net);
  guint gen = shl_runner_reset_at_step (r, moved, data, &o, 50);
  g_assert_cmpuint (gen, ==, 2);
  shl_history_truncate_after (h, 49);
  shl_runner_step (r, 5);
  shl_runner_sync (r);
  g_autoptr (ShlSnapshot) t = shl_runner_take (r, h);
  g_assert_cmpuint (t->generation, ==, 2);
  g_assert_cmpuint (t->step, ==, 55);
  /* every step once, the moved network at the move's step */
  g_assert_cmpuint (h->n, ==, 56);
  for (size_t k = 0; k < h->n; k++)
    g_assert_cmpuint (h->steps[k], ==, k);
  g_assert_cmpmem (shl_history_theta_at (h, 50), net->n_params * sizeof (double), moved->theta,
                   net->n_params * sizeof (double));
  shl_runner_free (r);
  shl_history_free (h);
  shl_net_free (moved);
  shl_net_free (net);
  shl_data_free (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/keep-width", test_keep_width);
  g_test_add_func ("/timeline/events", test_events);
  g_test_add_func ("/timeline/noise", test_noise);
  g_test_add_func ("/timeline/runner-at-step", test_runner_at_step);
  return g_test_run ();
}
