/* shl-legend.c: the legend: its entries measured, its size in one or more
 * columns, a corner of the data area with no data under it, drawing. */
#include "shl-plot-private.h"

#include <math.h>

struct _ShlLegend {
  int n;
  const ShlItem **items;    /* (n) */
  PangoLayout **layouts;    /* (n) owned */
  ShlTextBox *m;            /* (n) */
  double *row_h;            /* (n) height of the entry's row */
  double inner_x, inner_y;  /* padding inside the frame */
  double sample_w, gap;     /* the sample, and from it to the label */
  double spacing, col_gap;  /* between rows and columns */
};

/* a legend inside the data area takes at most this share of it */
#define INSIDE_MAX_SHARE 0.4

static gboolean
in_legend (const ShlItem *item)
{
  return item->label != NULL && item->kind != SHL_ITEM_TEXT
         && item->kind != SHL_ITEM_HEATMAP;
}

ShlLegend *
shl_legend_measure (ShlPlot *plot, ShlFrame *f)
{
  int n = 0;
  for (guint i = 0; i < plot->items->len; i++)
    n += in_legend (g_ptr_array_index (plot->items, i));
  if (n == 0)
    return NULL;
  ShlLegend *l = g_new0 (ShlLegend, 1);
  l->items = g_new (const ShlItem *, n);
  l->layouts = g_new (PangoLayout *, n);
  l->m = g_new (ShlTextBox, n);
  l->row_h = g_new (double, n);
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (!in_legend (item))
        continue;
      int k = l->n++;
      l->items[k] = item;
      l->layouts[k] = shl_text_layout (f->text, SHL_FONT_TEXT, item->label);
      shl_text_box (l->layouts[k], &l->m[k]);
      l->row_h[k] = MAX (l->m[k].h,
                         1.3 * shl_item_marker_size (&item->style, &f->st));
    }
  double em = f->st.text_size;
  l->inner_x = 0.5 * em;
  l->inner_y = 0.35 * em;
  l->sample_w = 2.0 * em;
  l->gap = 0.5 * em;
  l->spacing = 0.1 * em;
  l->col_gap = 1.0 * em;
  return l;
}

void
shl_legend_free (ShlLegend *l)
{
  if (!l)
    return;
  for (int k = 0; k < l->n; k++)
    g_object_unref (l->layouts[k]);
  g_free (l->items);
  g_free (l->layouts);
  g_free (l->m);
  g_free (l->row_h);
  g_free (l);
}

/* Widths of the cols columns and heights of the rows (entries row by
 * row); the box's size. */
static void
grid_size (const ShlLegend *l, int cols, double *col_w, double *row_h,
           double *w, double *h)
{
  int rows = (l->n + cols - 1) / cols;
  for (int c = 0; c < cols; c++)
    col_w[c] = 0.0;
  for (int r = 0; r < rows; r++)
    row_h[r] = 0.0;
  for (int k = 0; k < l->n; k++)
    {
      col_w[k % cols] = MAX (col_w[k % cols], l->m[k].w);
      row_h[k / cols] = MAX (row_h[k / cols], l->row_h[k]);
    }
  *w = 2 * l->inner_x + (cols - 1) * l->col_gap;
  for (int c = 0; c < cols; c++)
    *w += l->sample_w + l->gap + col_w[c];
  *h = 2 * l->inner_y + (rows - 1) * l->spacing;
  for (int r = 0; r < rows; r++)
    *h += row_h[r];
}

void
shl_legend_size (const ShlLegend *l, int cols, double *w, double *h)
{
  cols = CLAMP (cols, 1, l->n);
  double *cw = g_new (double, cols), *rh = g_new (double, l->n);
  grid_size (l, cols, cw, rh, w, h);
  g_free (cw);
  g_free (rh);
}

int
shl_legend_fit_cols (const ShlLegend *l, double width)
{
  for (int c = l->n; c > 1; c--)
    {
      double w, h;
      shl_legend_size (l, c, &w, &h);
      if (w <= width)
        return c;
    }
  return 1;
}

/* ---- a free corner --------------------------------------------------- */

/* Does the segment a-b (user units) come into r? (Liang-Barsky) */
static gboolean
segment_hits (const ShlRect *r, double ax, double ay, double bx, double by)
{
  if (!isfinite (ax) || !isfinite (ay) || !isfinite (bx) || !isfinite (by))
    return FALSE;
  double t0 = 0.0, t1 = 1.0, dx = bx - ax, dy = by - ay;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { ax - r->x, r->x + r->width - ax, ay - r->y,
                  r->y + r->height - ay };
  for (int k = 0; k < 4; k++)
    {
      if (p[k] == 0.0)
        {
          if (q[k] < 0.0)
            return FALSE;
          continue;
        }
      double t = q[k] / p[k];
      if (p[k] < 0.0)
        t0 = MAX (t0, t);
      else
        t1 = MIN (t1, t);
      if (t0 > t1)
        return FALSE;
    }
  return TRUE;
}

static ShlRect
inflate (const ShlRect *r, double e)
{
  return (ShlRect) { r->x - e, r->y - e, r->width + 2 * e, r->height + 2 * e };
}

/* Does the item draw anything inside box? Lines count with their width,
 * markers with their size. */
static gboolean
item_hits (const ShlItem *it, const ShlFrame *f, const ShlRect *box)
{
  const ShlSeriesStyle *s = &it->style;
  double lw = 0.5 * shl_item_line_width (s, &f->st) + 0.5;
  double mr = 0.5 * shl_item_marker_size (s, &f->st) * 1.3 + lw;
  ShlRect rl = inflate (box, lw), rm = inflate (box, mr);
#define UX(v) shl_frame_ux (f, (v))
#define UY(v) shl_frame_uy (f, (v))
  switch (it->kind)
    {
    case SHL_ITEM_LINE:
      for (int k = 0; k < it->n; k++)
        {
          if (k + 1 < it->n
              && segment_hits (&rl, UX (it->x[k]), UY (it->y[k]),
                               UX (it->x[k + 1]), UY (it->y[k + 1])))
            return TRUE;
          if (s->marker != SHL_MARKER_NONE
              && segment_hits (&rm, UX (it->x[k]), UY (it->y[k]),
                               UX (it->x[k]), UY (it->y[k])))
            return TRUE;
        }
      return FALSE;
    case SHL_ITEM_SCATTER:
      for (int k = 0; k < it->n; k++)
        if (segment_hits (&rm, UX (it->x[k]), UY (it->y[k]), UX (it->x[k]),
                          UY (it->y[k])))
          return TRUE;
      return FALSE;
    case SHL_ITEM_STEPS:
      for (int k = 0; k < it->n; k++)
        if (segment_hits (&rl, UX (it->x[k]), UY (it->y[k]),
                          UX (it->x[k + 1]), UY (it->y[k])))
          return TRUE;
      return FALSE;
    case SHL_ITEM_RUG:
      {
        double bottom = f->lay.plot.y + f->lay.plot.height;
        double top = bottom - 2.2 * f->st.tick_length;
        for (int k = 0; k < it->n; k++)
          if (segment_hits (&rl, UX (it->x[k]), bottom, UX (it->x[k]), top))
            return TRUE;
        return FALSE;
      }
    case SHL_ITEM_SEGMENTS:
      for (int k = 0; k < it->n; k++)
        {
          const double *q = &it->x[4 * k];
          if (segment_hits (&rl, UX (q[0]), UY (q[1]), UX (q[2]), UY (q[3])))
            return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
#undef UX
#undef UY
}

/* No data (guides aside) and no annotation under box? */
static gboolean
box_free (ShlPlot *plot, const ShlFrame *f, const ShlRect *box)
{
  for (guint i = 0; i < f->placed->len; i++)
    {
      const ShlPlaced *pl = &g_array_index (f->placed, ShlPlaced, i);
      if (shl_rect_overlap (&pl->box, box))
        return FALSE;
    }
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *it = g_ptr_array_index (plot->items, i);
      if (!shl_item_is_guide (it) && item_hits (it, f, box))
        return FALSE;
    }
  return TRUE;
}

static ShlRect
corner_box (const ShlFrame *f, ShlLegendPos pos, double w, double h)
{
  const ShlRect *p = &f->lay.plot;
  double inset = MIN (1.2 * f->st.pad, 0.05 * MIN (p->width, p->height));
  gboolean left = pos == SHL_LEGEND_TOP_LEFT || pos == SHL_LEGEND_BOTTOM_LEFT;
  gboolean top = pos == SHL_LEGEND_TOP_LEFT || pos == SHL_LEGEND_TOP_RIGHT;
  return (ShlRect) { left ? p->x + inset : p->x + p->width - inset - w,
                     top ? p->y + inset : p->y + p->height - inset - h, w, h };
}

gboolean
shl_legend_place_inside (ShlPlot *plot, ShlFrame *f, ShlLegendPos want,
                         ShlRect *box, ShlLegendPos *pos)
{
  const ShlRect *p = &f->lay.plot;
  double w, h;
  shl_legend_size (f->legend, 1, &w, &h);
  ShlRect probe = corner_box (f, SHL_LEGEND_TOP_LEFT, w, h);
  if (probe.x + w > p->x + p->width || probe.y + h > p->y + p->height
      || w * h > INSIDE_MAX_SHARE * p->width * p->height)
    return FALSE;
  /* upper right, upper left, lower left, lower right, like matplotlib */
  static const ShlLegendPos order[4] = {
    SHL_LEGEND_TOP_RIGHT, SHL_LEGEND_TOP_LEFT, SHL_LEGEND_BOTTOM_LEFT,
    SHL_LEGEND_BOTTOM_RIGHT,
  };
  for (int k = 0; k < 4; k++)
    {
      if (want != SHL_LEGEND_AUTO && order[k] != want)
        continue;
      if (want == SHL_LEGEND_AUTO && (f->legend_avoid & (1u << order[k])))
        continue;
      ShlRect r = corner_box (f, order[k], w, h);
      /* a corner asked for by name is taken whatever lies under it */
      if (want != SHL_LEGEND_AUTO || box_free (plot, f, &r))
        {
          *box = r;
          *pos = order[k];
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- drawing --------------------------------------------------------- */

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
shl_legend_draw (ShlPlot *plot, ShlFrame *f, int record_plot)
{
  (void) plot;
  const ShlLegend *l = f->legend;
  const ShlRect *b = &f->lay.legend;
  if (!l || b->width <= 0)
    return;
  cairo_t *cr = f->cr;
  const ShlPlotStyle *st = &f->st;
  ShlPlotRecord *rec = shl_plot_record_get (cr);
  gboolean paint = shl_plot_record_get_paint (rec) == SHL_RECORD_PAINT_ALL;
  if (rec)
    shl_plot_record_add (rec, cr, SHL_BOX_LEGEND, record_plot, b, NULL);

  cairo_save (cr);
  if (paint)
    {
      rounded_rect (cr, b->x, b->y, b->width, b->height,
                    MIN (0.3 * st->text_size, 0.5 * MIN (b->width, b->height)));
      shl_color_set_source (st->legend_background, cr);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 0.8 * st->axis_width);
      shl_color_set_source (st->legend_border, cr);
      cairo_stroke (cr);
    }
  int cols = CLAMP (f->legend_cols, 1, l->n);
  double *cw = g_new (double, cols), *rh = g_new (double, l->n), w, h;
  grid_size (l, cols, cw, rh, &w, &h);
  double y = b->y + l->inner_y;
  for (int k = 0; k < l->n; k++)
    {
      int c = k % cols;
      double x = b->x + l->inner_x;
      for (int j = 0; j < c; j++)
        x += l->sample_w + l->gap + cw[j] + l->col_gap;
      double cy = y + 0.5 * rh[k / cols];
      const ShlPlaced pl = { SHL_BOX_LEGEND_TEXT, l->layouts[k], l->m[k], FALSE,
                             { x + l->sample_w + l->gap, cy - 0.5 * l->m[k].h,
                               l->m[k].w, l->m[k].h }, 0 };
      if (paint)
        {
          shl_item_draw_sample (l->items[k], f, x, cy, l->sample_w);
          shl_color_set_source (st->foreground, cr);
        }
      shl_placed_show (f, &pl, record_plot);
      if (c == cols - 1)
        y += rh[k / cols] + l->spacing;
    }
  g_free (cw);
  g_free (rh);
  cairo_restore (cr);
}
