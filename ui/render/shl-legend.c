/* shl-legend.c: the legend box in a corner of the plot area. */
#include "shl-plot-private.h"
#include "shl-plot-record.h"

#include <math.h>

static gboolean
in_legend (const ShlItem *item)
{
  return item->label != NULL && item->kind != SHL_ITEM_TEXT
         && item->kind != SHL_ITEM_HEATMAP;
}

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

static void
legend_origin (const ShlFrame *f, ShlLegendPos pos, double bw, double bh,
               double *x, double *y)
{
  const ShlRect *p = &f->lay.plot;
  double inset = 1.2 * f->st.pad;
  gboolean left = pos == SHL_LEGEND_TOP_LEFT || pos == SHL_LEGEND_BOTTOM_LEFT;
  gboolean top = pos == SHL_LEGEND_TOP_LEFT || pos == SHL_LEGEND_TOP_RIGHT;
  *x = left ? p->x + inset : p->x + p->width - inset - bw;
  *y = top ? p->y + inset : p->y + p->height - inset - bh;
}

typedef struct {
  double x0, y0, x1, y1;
  int count;
} Box;

static void
hit (Box *b, double x, double y)
{
  if (x >= b->x0 && x <= b->x1 && y >= b->y0 && y <= b->y1)
    b->count++;
}

/* Samples the segment (data coordinates) at a few points. */
static void
hit_segment (Box *b, const ShlFrame *f, double xa, double ya, double xb,
             double yb)
{
  double ua = shl_frame_ux (f, xa), va = shl_frame_uy (f, ya);
  double ub = shl_frame_ux (f, xb), vb = shl_frame_uy (f, yb);
  if (!isfinite (ua) || !isfinite (va) || !isfinite (ub) || !isfinite (vb))
    return;
  int n = CLAMP ((int) (hypot (ub - ua, vb - va) / 4.0), 1, 64);
  for (int k = 0; k <= n; k++)
    hit (b, ua + (ub - ua) * k / n, va + (vb - va) * k / n);
}

/* How much data a legend box would hide. */
static int
covered (ShlPlot *plot, const ShlFrame *f, double x, double y, double w,
         double h)
{
  Box b = { x, y, x + w, y + h, 0 };
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *it = g_ptr_array_index (plot->items, i);
      switch (it->kind)
        {
        case SHL_ITEM_LINE:
          for (int k = 0; k + 1 < it->n; k++)
            hit_segment (&b, f, it->x[k], it->y[k], it->x[k + 1],
                         it->y[k + 1]);
          break;
        case SHL_ITEM_SCATTER:
          for (int k = 0; k < it->n; k++)
            {
              double u = shl_frame_ux (f, it->x[k]);
              double v = shl_frame_uy (f, it->y[k]);
              if (isfinite (u) && isfinite (v))
                for (int r = 0; r < 4; r++) /* a marker weighs more */
                  hit (&b, u, v);
            }
          break;
        case SHL_ITEM_STEPS:
          for (int k = 0; k < it->n; k++)
            hit_segment (&b, f, it->x[k], it->y[k], it->x[k + 1], it->y[k]);
          break;
        case SHL_ITEM_SEGMENTS:
          for (int k = 0; k < it->n; k++)
            hit_segment (&b, f, it->x[4 * k], it->x[4 * k + 1],
                         it->x[4 * k + 2], it->x[4 * k + 3]);
          break;
        case SHL_ITEM_CONTOURS:
          for (int l = 0; l < it->n_lines; l++)
            for (int k = 0; k + 1 < it->lines[l].n; k++)
              {
                const double *q = &it->lines[l].xy[2 * k];
                hit_segment (&b, f, q[0], q[1], q[2], q[3]);
              }
          break;
        default:
          break;
        }
    }
  return b.count;
}

void
shl_legend_draw (ShlPlot *plot, ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlPlotStyle *st = &f->st;
  GPtrArray *entries = g_ptr_array_new ();
  GPtrArray *layouts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (!in_legend (item))
        continue;
      g_ptr_array_add (entries, (gpointer) item);
      g_ptr_array_add (layouts,
                       shl_text_layout (f->text, SHL_FONT_TEXT, item->label));
    }
  if (entries->len == 0)
    goto out;

  double em = st->text_size;
  double inner = 0.5 * em, sample_w = 2.0 * em, gap = 0.5 * em;
  double spacing = 0.1 * em;
  double label_w = 0.0, rows_h = 0.0;
  double *row_h = g_new (double, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      double w, h;
      shl_text_extents (g_ptr_array_index (layouts, i), &w, &h, NULL);
      label_w = MAX (label_w, w);
      row_h[i] = MAX (h, st->marker_size * 1.3);
      rows_h += row_h[i] + (i ? spacing : 0.0);
    }
  double bw = 2 * inner + sample_w + gap + label_w;
  double bh = 2 * inner + rows_h - 0.3 * inner;
  ShlLegendPos pos = plot->legend;
  if (pos == SHL_LEGEND_BEST)
    {
      /* upper right, upper left, lower left, lower right, like matplotlib */
      static const ShlLegendPos order[4] = {
        SHL_LEGEND_TOP_RIGHT, SHL_LEGEND_TOP_LEFT, SHL_LEGEND_BOTTOM_LEFT,
        SHL_LEGEND_BOTTOM_RIGHT,
      };
      int best = G_MAXINT;
      for (int k = 0; k < 4; k++)
        {
          double x, y;
          legend_origin (f, order[k], bw, bh, &x, &y);
          int c = covered (plot, f, x, y, bw, bh);
          if (c < best)
            best = c, pos = order[k];
        }
    }
  double bx, by;
  legend_origin (f, pos, bw, bh, &bx, &by);

  ShlPlotRecord *rec = shl_plot_record_get (cr);
  if (rec)
    shl_plot_record_add (rec, cr, SHL_BOX_LEGEND, shl_plot_record_current_plot (rec),
                         &(ShlRect) { bx, by, bw, bh }, NULL);
  if (shl_plot_record_get_paint (rec) == SHL_RECORD_PAINT_DATA)
    {
      /* laid out and recorded, not painted */
      for (guint i = 0; i < entries->len; i++)
        ;
      g_free (row_h);
      goto out;
    }
  cairo_save (cr);
  rounded_rect (cr, bx, by, bw, bh, MIN (0.3 * em, 0.5 * MIN (bw, bh)));
  shl_color_set_source (st->legend_background, cr);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 0.8 * st->axis_width);
  shl_color_set_source (st->legend_border, cr);
  cairo_stroke (cr);

  double y = by + inner - 0.15 * inner;
  for (guint i = 0; i < entries->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (entries, i);
      PangoLayout *l = g_ptr_array_index (layouts, i);
      double w, h;
      shl_text_extents (l, &w, &h, NULL);
      double cy = y + 0.5 * row_h[i];
      shl_item_draw_sample (item, f, bx + inner, cy, sample_w);
      shl_color_set_source (st->foreground, cr);
      shl_text_show (cr, l, bx + inner + sample_w + gap, cy - 0.5 * h);
      y += row_h[i] + spacing;
    }
  cairo_restore (cr);
  g_free (row_h);
out:
  g_ptr_array_unref (layouts);
  g_ptr_array_unref (entries);
}
