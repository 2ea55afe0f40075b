/* shl-plot-axes.c: drawing a laid-out plot: grid, items, frame, ticks,
 * tick and axis labels, title, colour-bar axis, text and legend. */
#include "shl-plot-private.h"

#include <math.h>

#include "shl-export.h"
#include "shl-plot-record.h"

/* Shows the common factor of ticks t with its box's (ax, ay) fraction at
 * (x, y). */
static void
draw_multiplier (ShlFrame *f, const ShlTicks *t, double x, double y,
                 double ax, double ay)
{
  char buf[64];
  if (!shl_ticks_multiplier (t, buf, sizeof buf))
    return;
  PangoLayout *l = shl_text_layout (f->text, SHL_FONT_TICK, buf);
  double w, h;
  shl_text_extents (l, &w, &h, NULL);
  shl_text_show (f->cr, l, x - ax * w, y - ay * h);
  g_object_unref (l);
}

/* ---- drawing --------------------------------------------------------- */

static void
draw_grid (ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlRect *p = &f->lay.plot;
  double w = shl_frame_snap_width (f, f->st.grid_width);
  cairo_save (cr);
  cairo_set_line_width (cr, w);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  shl_color_set_source (f->st.grid, cr);
  for (int i = 0; i < f->xt.n; i++)
    {
      double x = shl_frame_snap (f, shl_frame_ux (f, f->xt.v[i]), w, FALSE);
      if (x <= p->x + 0.5 || x >= p->x + p->width - 0.5)
        continue;
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
    }
  for (int i = 0; i < f->yt.n; i++)
    {
      double y = shl_frame_snap (f, shl_frame_uy (f, f->yt.v[i]), w, TRUE);
      if (y <= p->y + 0.5 || y >= p->y + p->height - 0.5)
        continue;
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Tick marks along one edge. ticks/minor at user positions pos; edge is
 * the coordinate of the edge, dir +1/-1 the outward direction. */
static void
stroke_ticks (ShlFrame *f, const double *pos, int n, double edge, double len,
              int dir, gboolean horizontal_axis, double w)
{
  cairo_t *cr = f->cr;
  double d = f->st.ticks_inside ? -dir * len : dir * len;
  for (int i = 0; i < n; i++)
    {
      if (horizontal_axis)
        {
          double x = shl_frame_snap (f, pos[i], w, FALSE);
          cairo_move_to (cr, x, edge);
          cairo_line_to (cr, x, edge + d);
        }
      else
        {
          double y = shl_frame_snap (f, pos[i], w, TRUE);
          cairo_move_to (cr, edge, y);
          cairo_line_to (cr, edge + d, y);
        }
    }
  cairo_stroke (cr);
}

static int
tick_positions (const ShlFrame *f, const double *v, int n, gboolean xaxis,
                gboolean cbar, double *pos)
{
  const ShlPlotLayout *l = &f->lay;
  const ShlRect *p = &l->plot;
  int k = 0;
  for (int i = 0; i < n; i++)
    {
      double u;
      if (cbar)
        u = p->y + p->height
            - shl_axis_pos (l->c_scale, l->c_min, l->c_max, p->height, v[i]);
      else
        u = xaxis ? shl_frame_ux (f, v[i]) : shl_frame_uy (f, v[i]);
      double lo = xaxis ? p->x : p->y;
      double hi = xaxis ? p->x + p->width : p->y + p->height;
      if (u < lo - 0.01 || u > hi + 0.01)
        continue;
      pos[k++] = u;
    }
  return k;
}

/* The major and minor ticks of t along an axis (x, y or the colour bar)
 * from its edge in direction dir. */
static void
stroke_tick_set (ShlFrame *f, const ShlTicks *t, gboolean xaxis, gboolean cbar,
                 double edge, int dir, double w)
{
  double pos[SHL_TICKS_MINOR_MAX];
  int n = tick_positions (f, t->v, t->n, xaxis, cbar, pos);
  stroke_ticks (f, pos, n, edge, f->st.tick_length, dir, xaxis, w);
  n = tick_positions (f, t->minor, t->n_minor, xaxis, cbar, pos);
  stroke_ticks (f, pos, n, edge, 0.55 * f->st.tick_length, dir, xaxis, w);
}

/* Strokes r as a frame of line width w on whole pixels (square caps);
 * its snapped edges go to x0, x1, y0, y1. */
static void
stroke_frame (ShlFrame *f, const ShlRect *r, double w, double *x0, double *x1,
              double *y0, double *y1)
{
  *x0 = shl_frame_snap (f, r->x, w, FALSE);
  *x1 = shl_frame_snap (f, r->x + r->width, w, FALSE);
  *y0 = shl_frame_snap (f, r->y, w, TRUE);
  *y1 = shl_frame_snap (f, r->y + r->height, w, TRUE);
  cairo_set_line_cap (f->cr, CAIRO_LINE_CAP_SQUARE);
  cairo_rectangle (f->cr, *x0, *y0, *x1 - *x0, *y1 - *y0);
  cairo_stroke (f->cr);
}

/* Vertical tick labels (y axis, colour bar) centred on the digits. */
static void
draw_vertical_labels (ShlFrame *f, const ShlTicks *t, gboolean cbar,
                      double x, gboolean right_align)
{
  ShlTickLabels tl = { 0 };
  shl_tick_labels_measure (f, t, &tl);
  double dtop = -f->text->digit_top[SHL_FONT_TICK];
  const ShlPlotLayout *l = &f->lay;
  for (int i = 0; i < t->n; i++)
    {
      double y = cbar ? l->plot.y + l->plot.height
                            - shl_axis_pos (l->c_scale, l->c_min, l->c_max,
                                        l->plot.height, t->v[i])
                      : shl_frame_uy (f, t->v[i]);
      double baseline = y + 0.5 * dtop;
      shl_text_show (f->cr, tl.layout[i], right_align ? x - tl.w[i] : x,
                     baseline - tl.base[i]);
    }
  shl_tick_labels_clear (&tl);
}

static void
draw_axes (ShlPlot *plot, ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlPlotStyle *st = &f->st;
  const ShlRect *p = &f->lay.plot;
  double w = shl_frame_snap_width (f, st->axis_width);
  double gap = shl_frame_label_gap (f), tout = shl_frame_tick_out (f);

  cairo_save (cr);
  shl_color_set_source (st->foreground, cr);
  cairo_set_line_width (cr, w);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);

  /* frame */
  double x0, x1, y0, y1;
  stroke_frame (f, p, w, &x0, &x1, &y0, &y1);

  /* ticks: outward from the frame line's outer edge */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  stroke_tick_set (f, &f->xt, TRUE, FALSE, y1, +1, w);
  stroke_tick_set (f, &f->yt, FALSE, FALSE, x0, -1, w);

  /* x tick labels, baselines aligned */
  ShlTickLabels tl = { 0 };
  shl_tick_labels_measure (f, &f->xt, &tl);
  double top = p->y + p->height + tout + gap;
  for (int i = 0; i < f->xt.n; i++)
    {
      double x = shl_frame_ux (f, f->xt.v[i]);
      shl_text_show (cr, tl.layout[i], x - 0.5 * tl.w[i],
                     top + tl.basemax - tl.base[i]);
    }
  double xl_top = top + tl.hmax + gap;
  shl_tick_labels_clear (&tl);

  draw_multiplier (f, &f->xt, p->x + p->width, xl_top, 1.0, 0.0);
  draw_multiplier (f, &f->yt, p->x, p->y - 0.3 * st->pad, 0.0, 1.0);

  /* y tick labels */
  draw_vertical_labels (f, &f->yt, FALSE, p->x - tout - gap, TRUE);
  shl_tick_labels_measure (f, &f->yt, &tl);
  double yl_right = p->x - tout - gap - tl.wmax - gap;
  shl_tick_labels_clear (&tl);

  /* axis labels and title */
  if (plot->axis[SHL_AXIS_X].label)
    {
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_LABEL,
                                        plot->axis[SHL_AXIS_X].label);
      double lw;
      shl_text_extents (l, &lw, NULL, NULL);
      shl_text_show (cr, l, p->x + 0.5 * (p->width - lw), xl_top);
      g_object_unref (l);
    }
  if (plot->axis[SHL_AXIS_Y].label)
    {
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_LABEL,
                                        plot->axis[SHL_AXIS_Y].label);
      double lw, lh;
      shl_text_extents (l, &lw, &lh, NULL);
      cairo_save (cr);
      cairo_translate (cr, MAX (f->lay.area.x + st->pad, yl_right - lh),
                       p->y + 0.5 * (p->height + lw));
      cairo_rotate (cr, -G_PI / 2.0);
      shl_text_show (cr, l, 0.0, 0.0);
      cairo_restore (cr);
      g_object_unref (l);
    }
  if (plot->title)
    {
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_TITLE, plot->title);
      double lw, lh;
      shl_text_extents (l, &lw, &lh, NULL);
      double x = p->x + 0.5 * (p->width - lw);
      x = CLAMP (x, f->lay.area.x + st->pad,
                 MAX (f->lay.area.x + st->pad,
                      f->lay.area.x + f->lay.area.width - st->pad - lw));
      double y = MAX (f->lay.area.y + st->pad, p->y - st->pad - lh);
      shl_text_show (cr, l, x, y);
      g_object_unref (l);
    }
  cairo_restore (cr);
}

/* Colour-bar ticks and labels (the bar itself is in shl-heatmap.c). */
static void
draw_colorbar_axis (ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlPlotStyle *st = &f->st;
  const ShlRect *b = &f->lay.colorbar;
  double w = shl_frame_snap_width (f, st->axis_width);
  double gap = shl_frame_label_gap (f), tout = shl_frame_tick_out (f);

  cairo_save (cr);
  shl_color_set_source (st->foreground, cr);
  cairo_set_line_width (cr, w);
  double x0, x1, y0, y1;
  stroke_frame (f, b, w, &x0, &x1, &y0, &y1);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  stroke_tick_set (f, &f->ct, FALSE, TRUE, x1, +1, w);
  draw_vertical_labels (f, &f->ct, TRUE, b->x + b->width + tout + gap, FALSE);
  draw_multiplier (f, &f->ct, b->x, b->y - 0.3 * st->pad, 0.0, 1.0);

  ShlTickLabels tl = { 0 };
  shl_tick_labels_measure (f, &f->ct, &tl);
  double lx = b->x + b->width + tout + gap + tl.wmax + gap;
  shl_tick_labels_clear (&tl);
  if (f->cbar->hstyle.colorbar_label)
    {
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_LABEL,
                                        f->cbar->hstyle.colorbar_label);
      double lw, lh;
      shl_text_extents (l, &lw, &lh, NULL);
      cairo_save (cr);
      /* reads bottom to top, like the y label */
      cairo_translate (cr, lx, b->y + 0.5 * (b->height + lw));
      cairo_rotate (cr, -G_PI / 2.0);
      shl_text_show (cr, l, 0.0, 0.0);
      cairo_restore (cr);
      g_object_unref (l);
    }
  cairo_restore (cr);
}

static void
draw_texts (ShlPlot *plot, ShlFrame *f)
{
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (item->kind != SHL_ITEM_TEXT)
        continue;
      const ShlRect *p = &f->lay.plot;
      double x, y;
      if (item->coords == SHL_COORDS_AXES)
        {
          x = p->x + item->x[0] * p->width;
          y = p->y + (1.0 - item->y[0]) * p->height;
        }
      else
        {
          x = shl_frame_ux (f, item->x[0]);
          y = shl_frame_uy (f, item->y[0]);
        }
      if (!isfinite (x) || !isfinite (y))
        continue;
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_TEXT, item->label);
      double w, h;
      shl_text_extents (l, &w, &h, NULL);
      /* anchor fractions of the box */
      static const double ax[] = { 0.5, 0.5, 1, 1, 1, 0.5, 0, 0, 0 };
      static const double ay[] = { 0.5, 0, 0, 0.5, 1, 1, 1, 0.5, 0 };
      int a = CLAMP ((int) item->anchor, 0, 8);
      cairo_save (f->cr);
      shl_color_set_source (f->st.foreground, f->cr);
      shl_text_show (f->cr, l, x - ax[a] * w, y - ay[a] * h);
      cairo_restore (f->cr);
      g_object_unref (l);
    }
}

void
shl_plot_frame_draw (ShlPlot *plot, ShlFrame *f, gboolean paint_background)
{
  cairo_t *cr = f->cr;
  const ShlRect *a = &f->lay.area;
  const ShlRect *p = &f->lay.plot;
  ShlPlotRecord *rec = shl_plot_record_get (cr);
  gboolean data_only = shl_plot_record_get_paint (rec) == SHL_RECORD_PAINT_DATA;
  if (rec)
    {
      int k = shl_plot_record_begin_plot (rec, 0, plot->legend);
      shl_plot_record_add (rec, cr, SHL_BOX_AREA, k, a, NULL);
      shl_plot_record_add (rec, cr, SHL_BOX_PLOT, k, p, NULL);
      if (f->cbar)
        shl_plot_record_add (rec, cr, SHL_BOX_COLORBAR, k, &f->lay.colorbar, NULL);
    }

  cairo_save (cr);
  if (!data_only && paint_background && f->st.background.a > 0.0
      && !shl_render_is_transparent (cr))
    {
      shl_color_set_source (f->st.background, cr);
      cairo_rectangle (cr, a->x, a->y, a->width, a->height);
      cairo_fill (cr);
    }

  cairo_save (cr);
  cairo_rectangle (cr, p->x, p->y, p->width, p->height);
  cairo_clip (cr);
  if (f->grid && !data_only)
    draw_grid (f);
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      gboolean guide = item->kind == SHL_ITEM_HEATMAP || item->kind == SHL_ITEM_CONTOURS
                       || item->kind == SHL_ITEM_HLINE || item->kind == SHL_ITEM_VLINE;
      if (item->kind != SHL_ITEM_TEXT && !(data_only && guide))
        shl_item_draw (item, f);
    }
  cairo_restore (cr);
  if (data_only)
    {
      draw_texts (plot, f);
      if (plot->legend != SHL_LEGEND_NONE)
        shl_legend_draw (plot, f);
      cairo_restore (cr);
      return;
    }

  draw_axes (plot, f);
  if (f->cbar)
    {
      shl_colorbar_draw (f);
      draw_colorbar_axis (f);
    }
  draw_texts (plot, f);
  if (plot->legend != SHL_LEGEND_NONE)
    shl_legend_draw (plot, f);
  cairo_restore (cr);
}
