/* shl-panel-grid.c: row / 2x2 / maximised layout of the panels.
 *
 * The 2x2 grid unless a row of four is clearly better: each panel at
 * least ROW_MIN_WIDTH wide and its plots ROW_ADVANTAGE times larger (so a
 * wide but not very short window, such as 1280x720 without the sidebar,
 * keeps the grid instead of squeezing the landscape into a strip). */
#include "shl-panel-grid.h"

#define SPACING 6
/* A row of four only when each panel is at least this wide: a loss
 * landscape with its colour bar needs it */
#define ROW_MIN_WIDTH 360
/* and when its plots come out clearly larger than the grid's */
#define ROW_ADVANTAGE 1.15

struct _ShlPanelGrid {
  GtkWidget  parent_instance;
  GPtrArray *children;     /* GtkWidget*, not owned (the widget tree owns) */
  int        maximized;
  gboolean   row;
  gboolean   allow_row;
};

G_DEFINE_FINAL_TYPE (ShlPanelGrid, shl_panel_grid, GTK_TYPE_WIDGET)

static void
shl_panel_grid_measure (GtkWidget *widget, GtkOrientation orientation,
                        int for_size, int *min, int *nat, int *min_base,
                        int *nat_base)
{
  ShlPanelGrid *self = SHL_PANEL_GRID (widget);
  int cmin = 0, cnat = 0;
  for (guint k = 0; k < self->children->len; k++)
    {
      int m, n;
      gtk_widget_measure (g_ptr_array_index (self->children, k), orientation,
                          -1, &m, &n, NULL, NULL);
      cmin = MAX (cmin, m);
      cnat = MAX (cnat, n);
    }
  /* small enough for a 2x2 grid of minimum-size panels */
  *min = 2 * cmin + SPACING;
  *nat = 2 * cnat + SPACING;
  *min_base = *nat_base = -1;
}

/* The height of the largest 4:3 plot that fits a w x h cell: plots want
 * to be wider than tall (axes, labels, a colour bar at the side), so a
 * tall narrow cell is worth no more than its width allows. */
static double
plot_size (double w, double h)
{
  return MIN (0.75 * w, h);
}

static void
shl_panel_grid_size_allocate (GtkWidget *widget, int width, int height,
                              int baseline)
{
  ShlPanelGrid *self = SHL_PANEL_GRID (widget);
  guint n = self->children->len;
  if (n == 0)
    return;
  for (guint k = 0; k < n; k++)
    gtk_widget_set_child_visible (g_ptr_array_index (self->children, k),
                                  self->maximized < 0 || (int) k == self->maximized);
  if (self->maximized >= 0 && self->maximized < (int) n)
    {
      GtkWidget *c = g_ptr_array_index (self->children, self->maximized);
      gtk_widget_size_allocate (c, &(GtkAllocation) { 0, 0, width, height }, -1);
      return;
    }
  int cols, rows;
  double row_w = (width - (double) (n - 1) * SPACING) / n;
  double grid_w = (width - SPACING) / 2.0, grid_h = (height - SPACING) / 2.0;
  self->row = self->allow_row && row_w >= ROW_MIN_WIDTH
              && plot_size (row_w, height) > ROW_ADVANTAGE * plot_size (grid_w, grid_h);
  if (self->row)
    cols = (int) n, rows = 1;
  else
    cols = 2, rows = ((int) n + 1) / 2;
  int cw = (width - (cols - 1) * SPACING) / cols;
  int ch = (height - (rows - 1) * SPACING) / rows;
  for (guint k = 0; k < n; k++)
    {
      int col = (int) k % cols, row = (int) k / cols;
      GtkAllocation a = { col * (cw + SPACING), row * (ch + SPACING), cw, ch };
      gtk_widget_size_allocate (g_ptr_array_index (self->children, k), &a, -1);
    }
}

static void
shl_panel_grid_dispose (GObject *object)
{
  ShlPanelGrid *self = SHL_PANEL_GRID (object);
  if (self->children)
    {
      for (guint k = 0; k < self->children->len; k++)
        gtk_widget_unparent (g_ptr_array_index (self->children, k));
      g_clear_pointer (&self->children, g_ptr_array_unref);
    }
  G_OBJECT_CLASS (shl_panel_grid_parent_class)->dispose (object);
}

static void
shl_panel_grid_class_init (ShlPanelGridClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS (klass);
  oc->dispose = shl_panel_grid_dispose;
  wc->measure = shl_panel_grid_measure;
  wc->size_allocate = shl_panel_grid_size_allocate;
  gtk_widget_class_set_css_name (wc, "panelgrid");
}

static void
shl_panel_grid_init (ShlPanelGrid *self)
{
  self->children = g_ptr_array_new ();
  self->maximized = -1;
  self->allow_row = TRUE;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
shl_panel_grid_new (void)
{
  return g_object_new (SHL_TYPE_PANEL_GRID, NULL);
}

void
shl_panel_grid_add (ShlPanelGrid *self, GtkWidget *child)
{
  g_return_if_fail (SHL_IS_PANEL_GRID (self));
  g_return_if_fail (GTK_IS_WIDGET (child) && gtk_widget_get_parent (child) == NULL);
  g_ptr_array_add (self->children, child);
  gtk_widget_set_parent (child, GTK_WIDGET (self));
}

int
shl_panel_grid_get_maximized (ShlPanelGrid *self)
{
  g_return_val_if_fail (SHL_IS_PANEL_GRID (self), -1);
  return self->maximized;
}

void
shl_panel_grid_set_maximized (ShlPanelGrid *self, int index)
{
  g_return_if_fail (SHL_IS_PANEL_GRID (self));
  if (index >= (int) self->children->len)
    index = -1;
  self->maximized = index;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

void
shl_panel_grid_set_allow_row (ShlPanelGrid *self, gboolean allow)
{
  g_return_if_fail (SHL_IS_PANEL_GRID (self));
  self->allow_row = !!allow;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

gboolean
shl_panel_grid_is_row (ShlPanelGrid *self)
{
  g_return_val_if_fail (SHL_IS_PANEL_GRID (self), FALSE);
  return self->row;
}
