/* slide-expect.h: what a lesson slide specifies, computed the test's own
 * way, for the sim's and the window's lesson tests (header-only).
 *
 *  - the view: the defaults; a preset's view recipe; the plane of its
 *    last symmetry move; then the slide's own keys;
 *  - a preset slide's run: Γ at step 0, the preset's g as the twin, and
 *    each of the slide's moves an event on the timeline at step 0 whose
 *    "before" is the network before it (the last one is the ghost); the
 *    network training started from is Γ after every move, each applied
 *    keeping the width.
 *
 * Failures are g_assert failures at the caller's test. */
#pragma once

#include <glib.h>
#include <math.h>
#include <string.h>

#include "shl-move.h"
#include "shl-pathology.h"
#include "shl-sim-lesson.h"
#include "shl-timeline.h"
#include "shl-view-recipe.h"
#include "shl-view-settings.h"

/* the plane a move is shown in: the balance plane for rescaling and
 * balancing (and κ's balancing step), the kink plane for the others; 2-D
 * networks always in the balance plane */
static inline ShlTrajView
slide_expect_move_plane (const ShlMove *m, int d)
{
  if (d == 2)
    return SHL_TRAJ_BALANCE;
  if (m->kind == SHL_MOVE_BALANCE || m->kind == SHL_MOVE_BALANCE_NEURON
      || m->kind == SHL_MOVE_RESCALE_NEURON
      || (m->kind == SHL_MOVE_CANON_STEP && m->step == SHL_CANON_BALANCE))
    return SHL_TRAJ_BALANCE;
  return SHL_TRAJ_KINKS;
}

static inline double
slide_expect_param (const ShlLessonSlide *s)
{
  const ShlPathology *p = shl_pathology_lookup (s->preset);
  g_assert_nonnull (p);
  return s->has_param ? s->param : p->param_default;
}

/* The view slide s specifies (not for session slides, whose view is the
 * session's): the defaults, the preset's recipe, the last move's plane,
 * the slide's keys. */
static inline void
slide_expect_view (ShlViewSettings *want, const ShlLessonSlide *s)
{
  shl_view_settings_init (want);
  int d = 1;
  if (s->preset)
    {
      g_assert_true (shl_view_recipe_for_preset (want, s->preset, slide_expect_param (s)));
      ShlNet *gamma, *g;
      g_assert_true (shl_pathology_build (&gamma, &g, s->preset, slide_expect_param (s)));
      d = gamma->d;
      shl_net_free (gamma);
      shl_net_free (g);
    }
  for (guint k = 0; s->moves && s->moves[k]; k++)
    {
      ShlMove m;
      g_assert_true (shl_move_from_id (&m, s->moves[k]));
      want->traj_view = slide_expect_move_plane (&m, d);
    }
  g_assert_true (shl_sim_lesson_layer_view (want, s->view_json, NULL));
}

static inline void
slide_expect_same_theta (const double *x, const ShlNet *y)
{
  g_assert_nonnull (y);
  g_assert_cmpmem (x, y->n_params * sizeof (double), y->theta, y->n_params * sizeof (double));
}

static inline void
slide_expect_same_net (const ShlNet *x, const ShlNet *y)
{
  g_assert_nonnull (x);
  g_assert_nonnull (y);
  g_assert_true (shl_net_same_shape (x, y));
  slide_expect_same_theta (x->theta, y);
}

/* A preset slide's run on sim, `steps` steps after the slide was shown:
 * Γ at step 0, g the twin, the moves on the timeline at step 0 (their
 * networks before them, the last one the ghost while the step shown is
 * 0), training started from Γ after the moves. */
static inline void
slide_expect_preset_run (ShlSim *sim, const ShlLessonSlide *s, guint64 steps)
{
  ShlNet *gamma, *g;
  g_assert_true (shl_pathology_build (&gamma, &g, s->preset, slide_expect_param (s)));
  ShlScene *scene = shl_sim_get_scene (sim);
  double param;
  g_assert_cmpstr (shl_sim_get_preset (sim, &param), ==, s->preset);
  g_assert_cmpfloat (param, ==, slide_expect_param (s));
  /* the preset's Γ at step 0 and its g as the twin, moves or not */
  slide_expect_same_net (scene->net0, gamma);
  slide_expect_same_net (shl_sim_get_twin (sim), g);
  /* each move an event at step 0, from the network before it */
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) shl_net_free);
  g_ptr_array_add (chain, shl_net_copy (gamma));
  for (guint k = 0; s->moves && s->moves[k]; k++)
    {
      ShlMove m;
      g_assert_true (shl_move_from_id (&m, s->moves[k]));
      ShlNet *next = shl_move_apply_keep_width (&m, g_ptr_array_index (chain, k));
      g_assert_nonnull (next);
      g_ptr_array_add (chain, next);
    }
  guint n_moves = chain->len - 1;
  const ShlTimeline *tl = shl_sim_get_timeline (sim);
  g_assert_cmpuint (tl->n, ==, n_moves);
  for (guint k = 0; k < n_moves; k++)
    {
      g_assert_cmpuint (tl->ev[k].step, ==, 0);
      slide_expect_same_theta (tl->ev[k].before, g_ptr_array_index (chain, k));
    }
  const ShlNet *start = g_ptr_array_index (chain, n_moves);
  /* training started from Γ after the moves: the step-0 point */
  g_assert_cmpuint (shl_sim_get_history_length (sim), >=, 1);
  g_assert_cmpuint (scene->hist_step[0], ==, 0);
  slide_expect_same_theta (scene->hist_theta, start);
  if (steps == 0)
    {
      slide_expect_same_net (scene->net, start);
      if (n_moves > 0)
        slide_expect_same_net (shl_sim_get_ghost (sim), g_ptr_array_index (chain, n_moves - 1));
      else
        g_assert_null (shl_sim_get_ghost (sim));
    }
  else
    /* no move at the step shown: no ghost */
    g_assert_null (shl_sim_get_ghost (sim));
  g_ptr_array_unref (chain);
  shl_net_free (gamma);
  shl_net_free (g);
}
