/* shl-view-recipe.c: the view of each preset (see shl-view-recipe.h). */
#include "shl-view-recipe.h"

#include <math.h>
#include <string.h>

#include "shl-panel-functions.h"
#include "shl-pathology.h"

/* parameter values sampled for the fixed ranges */
#define RANGE_SAMPLES 41

typedef struct {
  const char  *id;
  ShlTrajView  traj;
  gboolean     balance_log;
  gboolean     orbits;
  ShlDirsKind  dirs;
  gboolean     terms;
  gboolean     inset;
  gboolean     kink_to_param;  /* the kink axis reaches the parameter (K) */
  ShlReadout   highlight;
  gboolean     jump_scale;     /* the y-ranges reach the neurons' jumps */
} Recipe;

static const Recipe recipes[] = {
  /* P0: g's two kinks of jump ±1 a tiny 1/n apart; Γ has none */
  { "p0", SHL_TRAJ_KINKS, FALSE, FALSE, SHL_DIRS_TWIN, FALSE, TRUE, FALSE, SHL_READOUT_DFIB },
  /* P1: an unbalanced neuron: far from the diagonal, the orbit through it */
  { "p1", SHL_TRAJ_BALANCE, TRUE, TRUE, SHL_DIRS_TWIN, FALSE, TRUE, FALSE, SHL_READOUT_DFIB },
  /* P2: two neurons on one kink (×2) */
  { "p2", SHL_TRAJ_KINKS, FALSE, FALSE, SHL_DIRS_TWIN, FALSE, TRUE, FALSE, SHL_READOUT_DFIB },
  /* P3: opposite neurons: their terms cancel (the twin has a third
   * neuron, so there is no plane towards it) */
  { "p3", SHL_TRAJ_KINKS, FALSE, FALSE, SHL_DIRS_RANDOM, TRUE, TRUE, FALSE, SHL_READOUT_DFIB },
  /* P4: the kink at K, outside the domain */
  { "p4", SHL_TRAJ_KINKS, FALSE, FALSE, SHL_DIRS_TWIN, FALSE, TRUE, TRUE, SHL_READOUT_DFIB, TRUE },
  /* the same neuron rescaled: the same orbit */
  { "rescale", SHL_TRAJ_BALANCE, TRUE, TRUE, SHL_DIRS_TWIN, FALSE, FALSE, FALSE, SHL_READOUT_DSYM },
  /* four terms that cancel */
  { "invisible-1d", SHL_TRAJ_KINKS, FALSE, FALSE, SHL_DIRS_RANDOM, TRUE, FALSE, FALSE, SHL_READOUT_SUP },
  { "invisible-2d", SHL_TRAJ_BALANCE, FALSE, FALSE, SHL_DIRS_RANDOM, FALSE, FALSE, FALSE, SHL_READOUT_SUP },
  /* the kinks merge while the slopes stay */
  { "experiment", SHL_TRAJ_KINKS, FALSE, FALSE, SHL_DIRS_RANDOM, FALSE, FALSE, FALSE, SHL_READOUT_SUP },
  /* flat around Γ, lower towards g = relu */
  { "dead", SHL_TRAJ_KINKS, FALSE, FALSE, SHL_DIRS_TWIN, FALSE, FALSE, TRUE, SHL_READOUT_NONE },
};

static const Recipe *
lookup (const char *id)
{
  for (gsize k = 0; k < G_N_ELEMENTS (recipes); k++)
    if (g_strcmp0 (recipes[k].id, id) == 0)
      return &recipes[k];
  return NULL;
}

/* the parameter at fraction u of the range, as the app's slider maps it */
static double
sample_param (const ShlPathology *p, double u)
{
  return p->param_log ? p->param_min * pow (p->param_max / p->param_min, u)
                      : p->param_min + (p->param_max - p->param_min) * u;
}

/* pad [lo, hi] by 8 % (a range around 0 also contains 0) */
static void
finish_range (double *r, double lo, double hi)
{
  lo = fmin (lo, 0);
  hi = fmax (hi, 0);
  if (!(hi > lo) || !isfinite (lo) || !isfinite (hi))
    {
      r[0] = r[1] = NAN;
      return;
    }
  double pad = 0.08 * (hi - lo);
  r[0] = lo - pad;
  r[1] = hi + pad;
}

void
shl_view_recipe_preset_ranges (double *real, double *deriv, const char *id)
{
  real[0] = real[1] = deriv[0] = deriv[1] = NAN;
  const ShlPathology *p = shl_pathology_lookup (id);
  const Recipe *rc = lookup (id);
  if (!p || p->d != 1)
    return;
  double rl = INFINITY, rh = -INFINITY, dl = INFINITY, dh = -INFINITY;
  for (int k = 0; k < RANGE_SAMPLES; k++)
    {
      ShlNet *gamma = NULL, *g = NULL;
      if (!shl_pathology_build (&gamma, &g, id, sample_param (p, (double) k / (RANGE_SAMPLES - 1))))
        continue;
      int cap = gamma->m + g->m + 2;
      double *t = g_new (double, cap), *v = g_new (double, cap), *mid = g_new (double, cap);
      double *dv = g_new (double, cap);
      int n = shl_panel_union_breakpoints (t, gamma, g);
      for (int q = 0; q + 1 < n; q++)
        mid[q] = 0.5 * (t[q] + t[q + 1]);
      for (int w = 0; w < 2; w++)
        {
          ShlNet *net = w == 0 ? shl_net_copy (gamma) : shl_panel_on_domain (g, gamma);
          shl_panel_eval_clean (v, NULL, net, t, (size_t) n);
          shl_panel_extent_add (&rl, &rh, v, n);
          shl_panel_eval_clean (v, dv, net, mid, (size_t) (n - 1));
          shl_panel_extent_add (&dl, &dh, dv, n - 1);
          shl_net_free (net);
        }
      /* the neurons' terms, when the recipe draws them */
      for (int i = 0; i < gamma->m && rc && rc->terms; i++)
        for (int q = 0; q < n; q++)
          {
            double y = gamma->c[i] * fmax (gamma->a[i] * t[q] + gamma->b[i], 0.0);
            shl_panel_extent_add (&rl, &rh, &y, 1);
          }
      /* the scale of the parameters: a neuron's jump, and its term over
       * half the domain, so that a function of size ε looks small next
       * to the neurons that make it (P4's Γ has a jump of 1, outside) */
      for (int w = 0; w < 2 && rc && rc->jump_scale; w++)
        {
          const ShlNet *net = w == 0 ? gamma : g;
          for (int i = 0; i < net->m; i++)
            {
              double J = net->c[i] * fabs (net->a[i]);
              double half = 0.5 * (gamma->hi[0] - gamma->lo[0]) * J;
              shl_panel_extent_add (&dl, &dh, &J, 1);
              shl_panel_extent_add (&rl, &rh, &half, 1);
            }
        }
      g_free (t);
      g_free (v);
      g_free (mid);
      g_free (dv);
      shl_net_free (gamma);
      shl_net_free (g);
    }
  finish_range (real, rl, rh);
  finish_range (deriv, dl, dh);
}

gboolean
shl_view_recipe_for_preset (ShlViewSettings *v, const char *id, double param)
{
  g_return_val_if_fail (v != NULL, FALSE);
  const Recipe *r = lookup (id);
  const ShlPathology *p = shl_pathology_lookup (id);
  if (!r || !p)
    return FALSE;
  ShlViewRecipe *rc = &v->recipe;
  shl_view_recipe_init (rc);
  v->traj_view = r->traj;
  v->show_neurons = r->terms;
  v->landscape_paths = FALSE;
  v->landscape_dirs = r->dirs;
  /* the twin at alpha = 1 inside the slice */
  v->landscape_span = r->dirs == SHL_DIRS_TWIN ? 1.5 : 1.0;
  v->orbit_neuron = 0;
  rc->balance_log = r->balance_log;
  rc->show_orbits = r->orbits;
  rc->inset = r->inset;
  rc->highlight = r->highlight;
  shl_view_recipe_preset_ranges (rc->real_y, rc->deriv_y, id);
  if (r->kink_to_param)
    {
      /* the kink of Γ: the axis reaches it, a little beyond */
      ShlNet *gamma = NULL, *g = NULL;
      if (shl_pathology_build (&gamma, &g, id, param) && gamma->m > 0 && gamma->a[0] != 0)
        {
          double t = -gamma->b[0] / gamma->a[0], w = gamma->hi[0] - gamma->lo[0];
          rc->kink_x[0] = fmin (gamma->lo[0] - 0.1 * w, t - 0.05 * w);
          rc->kink_x[1] = fmax (gamma->hi[0] + 0.1 * w, t + 0.12 * fmax (w, fabs (t)));
        }
      shl_net_free (gamma);
      shl_net_free (g);
    }
  g_strlcpy (v->preset, id, sizeof v->preset);
  v->preset_param = param;
  return TRUE;
}
