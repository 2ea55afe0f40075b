/* shl-panel-report.c: what a panel drew (see shl-panel-report.h). */
#include "shl-panel-report.h"

#include <math.h>
#include <string.h>

struct _ShlPanelReport {
  GPtrArray *plots;   /* ShlReportPlot* */
  GPtrArray *items;   /* ShlReportItem* */
};

static void
plot_free (gpointer data)
{
  ShlReportPlot *p = data;
  g_free (p->name);
  g_free (p);
}

static void
item_free (gpointer data)
{
  ShlReportItem *it = data;
  g_free (it->x);
  g_free (it->y);
  g_free (it->neuron);
  g_free (it->text);
  g_free (it);
}

ShlPanelReport *
shl_panel_report_new (void)
{
  ShlPanelReport *r = g_new0 (ShlPanelReport, 1);
  r->plots = g_ptr_array_new_with_free_func (plot_free);
  r->items = g_ptr_array_new_with_free_func (item_free);
  return r;
}

void
shl_panel_report_free (ShlPanelReport *r)
{
  if (!r)
    return;
  g_ptr_array_unref (r->plots);
  g_ptr_array_unref (r->items);
  g_free (r);
}

void
shl_panel_report_clear (ShlPanelReport *r)
{
  g_return_if_fail (r != NULL);
  g_ptr_array_set_size (r->plots, 0);
  g_ptr_array_set_size (r->items, 0);
}

/* ------------------------------------------------------------ recording */

void
shl_panel_report_begin_plot (ShlPanelReport *r, const char *name)
{
  if (!r)
    return;
  ShlReportPlot *p = g_new0 (ShlReportPlot, 1);
  p->name = g_strdup (name ? name : "");
  g_ptr_array_add (r->plots, p);
}

void
shl_panel_report_end_plot (ShlPanelReport *r, const ShlPlotLayout *layout)
{
  if (!r || !layout || r->plots->len == 0)
    return;
  ShlReportPlot *p = g_ptr_array_index (r->plots, r->plots->len - 1);
  p->layout = *layout;
  p->drawn = TRUE;
}

void
shl_panel_report_set_layout (ShlPanelReport *r, guint k, const ShlPlotLayout *layout)
{
  if (!r || !layout || k >= r->plots->len)
    return;
  ShlReportPlot *p = g_ptr_array_index (r->plots, k);
  p->layout = *layout;
  p->drawn = TRUE;
}

ShlReportItem *
shl_panel_report_add (ShlPanelReport *r, ShlRole role, ShlOwner owner,
                      const double *x, const double *y, const int *neuron, int n)
{
  if (!r)
    return NULL;
  if (r->plots->len == 0)
    shl_panel_report_begin_plot (r, "");
  ShlReportItem *it = g_new0 (ShlReportItem, 1);
  it->role = role;
  it->owner = owner;
  it->plot = (int) r->plots->len - 1;
  it->n = MAX (n, 0);
  it->value = NAN;
  it->vmin = it->vmax = NAN;
  if (it->n > 0)
    {
      it->x = g_new (double, it->n);
      it->y = g_new (double, it->n);
      for (int k = 0; k < it->n; k++)
        {
          it->x[k] = x ? x[k] : NAN;
          it->y[k] = y ? y[k] : NAN;
        }
      if (neuron)
        it->neuron = g_memdup2 (neuron, (gsize) it->n * sizeof (int));
    }
  g_ptr_array_add (r->items, it);
  return it;
}

void
shl_panel_report_set_text (ShlReportItem *item, const char *text)
{
  if (!item)
    return;
  g_free (item->text);
  item->text = g_strdup (text);
}

/* -------------------------------------------------------------- queries */

guint
shl_panel_report_n_plots (const ShlPanelReport *r)
{
  g_return_val_if_fail (r != NULL, 0);
  return r->plots->len;
}

const ShlReportPlot *
shl_panel_report_plot (const ShlPanelReport *r, guint k)
{
  g_return_val_if_fail (r != NULL, NULL);
  return k < r->plots->len ? g_ptr_array_index (r->plots, k) : NULL;
}

const ShlReportPlot *
shl_panel_report_find_plot (const ShlPanelReport *r, const char *name)
{
  g_return_val_if_fail (r != NULL, NULL);
  for (guint k = 0; k < r->plots->len; k++)
    {
      const ShlReportPlot *p = g_ptr_array_index (r->plots, k);
      if (g_strcmp0 (p->name, name) == 0)
        return p;
    }
  return NULL;
}

guint
shl_panel_report_n_items (const ShlPanelReport *r)
{
  g_return_val_if_fail (r != NULL, 0);
  return r->items->len;
}

const ShlReportItem *
shl_panel_report_item (const ShlPanelReport *r, guint k)
{
  g_return_val_if_fail (r != NULL, NULL);
  return k < r->items->len ? g_ptr_array_index (r->items, k) : NULL;
}

static const ShlReportItem *
find (const ShlPanelReport *r, const char *plot_name, ShlRole role, ShlOwner owner,
      guint nth, guint *count)
{
  guint seen = 0;
  for (guint k = 0; k < r->items->len; k++)
    {
      const ShlReportItem *it = g_ptr_array_index (r->items, k);
      if (it->role != role || (owner != SHL_OWNER_NONE && it->owner != owner))
        continue;
      if (plot_name)
        {
          const ShlReportPlot *p = g_ptr_array_index (r->plots, it->plot);
          if (g_strcmp0 (p->name, plot_name) != 0)
            continue;
        }
      if (!count && seen == nth)
        return it;
      seen++;
    }
  if (count)
    *count = seen;
  return NULL;
}

const ShlReportItem *
shl_panel_report_find (const ShlPanelReport *r, ShlRole role, ShlOwner owner, guint nth)
{
  g_return_val_if_fail (r != NULL, NULL);
  return find (r, NULL, role, owner, nth, NULL);
}

const ShlReportItem *
shl_panel_report_find_in (const ShlPanelReport *r, const char *plot_name, ShlRole role,
                          ShlOwner owner, guint nth)
{
  g_return_val_if_fail (r != NULL, NULL);
  return find (r, plot_name, role, owner, nth, NULL);
}

guint
shl_panel_report_count (const ShlPanelReport *r, ShlRole role, ShlOwner owner)
{
  g_return_val_if_fail (r != NULL, 0);
  guint n = 0;
  find (r, NULL, role, owner, 0, &n);
  return n;
}

gboolean
shl_panel_report_inside (const ShlPanelReport *r, guint k, double x, double y)
{
  const ShlReportPlot *p = shl_panel_report_plot (r, k);
  if (!p || !p->drawn || !isfinite (x) || !isfinite (y))
    return FALSE;
  const ShlPlotLayout *l = &p->layout;
  double sx = 1e-9 * (l->x_max - l->x_min), sy = 1e-9 * (l->y_max - l->y_min);
  return x >= l->x_min - sx && x <= l->x_max + sx && y >= l->y_min - sy && y <= l->y_max + sy;
}

gboolean
shl_panel_report_hit_neuron (const ShlPanelReport *r, double ux, double uy, double radius,
                             int *neuron, ShlOwner *owner)
{
  g_return_val_if_fail (r != NULL, FALSE);
  double best = radius * radius;
  gboolean hit = FALSE;
  for (guint k = 0; k < r->items->len; k++)
    {
      const ShlReportItem *it = g_ptr_array_index (r->items, k);
      if (!it->neuron || (it->role != SHL_ROLE_NEURONS && it->role != SHL_ROLE_EDGE_MARKER
                          && it->role != SHL_ROLE_LABEL))
        continue;
      const ShlReportPlot *p = g_ptr_array_index (r->plots, it->plot);
      if (!p->drawn)
        continue;
      for (int q = 0; q < it->n; q++)
        {
          if (!isfinite (it->x[q]) || !isfinite (it->y[q]))
            continue;
          double px, py;
          shl_plot_layout_to_user (&p->layout, it->x[q], it->y[q], &px, &py);
          double d2 = (px - ux) * (px - ux) + (py - uy) * (py - uy);
          /* the network's own neurons win ties over twin and ghost */
          if (d2 < best || (hit && d2 == best && it->owner == SHL_OWNER_NET))
            {
              best = d2;
              hit = TRUE;
              if (neuron)
                *neuron = it->neuron[q];
              if (owner)
                *owner = it->owner;
            }
        }
    }
  return hit;
}

static const char *const role_names[SHL_N_ROLES] = {
  "none", "network", "network-derivative", "twin", "twin-derivative", "difference",
  "difference-derivative", "target", "target-derivative", "data", "kinks", "term",
  "neurons", "neuron-path", "move-link", "edge-marker", "argsup", "argw1", "thin", "inset",
  "domain-shade", "orbit", "balanced", "badge", "label", "twin-mark", "current-mark", "path",
  "heatmap", "loss", "event", "caption", "highlight",
};

const char *
shl_role_name (ShlRole role)
{
  return (unsigned) role < SHL_N_ROLES ? role_names[role] : "unknown";
}
