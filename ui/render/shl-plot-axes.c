/* shl-plot-axes.c: drawing a laid-out plot: grid, items, frame, ticks,
 * colour bar, the placed texts and the legend, recording every box when
 * a ShlPlotRecord is attached. */
#include "shl-plot-private.h"

#include <math.h>

#include "shl-export.h"

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
  if (!f->flags.minor)
    return;
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

void
shl_placed_show (ShlFrame *f, const ShlPlaced *pl, int record_plot)
{
  cairo_t *cr = f->cr;
  ShlPlotRecord *rec = shl_plot_record_get (cr);
  const ShlTextBox *m = &pl->m;
  /* the layout's origin from its box (rotated: a quarter turn left, so
   * the layout's (u, v) lands on (x0 + v, y0 - u)) */
  double x0, y0;
  ShlRect drawn;
  if (pl->rotated)
    {
      x0 = pl->box.x - m->y;
      y0 = pl->box.y + m->w + m->x;
      drawn = (ShlRect) { x0 + m->y, y0 - m->x - m->w, m->h, m->w };
    }
  else
    {
      x0 = pl->box.x - m->x;
      y0 = pl->box.y - m->y;
      drawn = (ShlRect) { x0 + m->x, y0 + m->y, m->w, m->h };
    }
  if (rec)
    shl_plot_record_add (rec, cr, pl->kind, record_plot, &drawn,
                         pango_layout_get_text (pl->layout));
  if (shl_plot_record_get_paint (rec) == SHL_RECORD_PAINT_DATA
      && pl->kind != SHL_BOX_TEXT)
    return;
  if (!pl->rotated)
    {
      shl_text_show (cr, pl->layout, x0, y0);
      return;
    }
  cairo_save (cr);
  cairo_translate (cr, x0, y0);
  cairo_rotate (cr, -G_PI / 2.0);
  shl_text_show (cr, pl->layout, 0.0, 0.0);
  cairo_restore (cr);
}

/* Frame and tick marks of the data area and the colour bar. */
static void
draw_axes (ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlPlotStyle *st = &f->st;
  double w = shl_frame_snap_width (f, st->axis_width);
  double x0, x1, y0, y1;
  cairo_save (cr);
  shl_color_set_source (st->foreground, cr);
  cairo_set_line_width (cr, w);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  stroke_frame (f, &f->lay.plot, w, &x0, &x1, &y0, &y1);
  /* ticks: outward from the frame line's outer edge */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  stroke_tick_set (f, &f->xt, TRUE, FALSE, y1, +1, w);
  stroke_tick_set (f, &f->yt, FALSE, FALSE, x0, -1, w);
  if (f->lay.colorbar.width > 0)
    {
      cairo_restore (cr);
      shl_colorbar_draw (f);
      cairo_save (cr);
      shl_color_set_source (st->foreground, cr);
      cairo_set_line_width (cr, w);
      stroke_frame (f, &f->lay.colorbar, w, &x0, &x1, &y0, &y1);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      stroke_tick_set (f, &f->ct, FALSE, TRUE, x1, +1, w);
    }
  cairo_restore (cr);
}

void
shl_plot_frame_draw (ShlPlot *plot, ShlFrame *f, gboolean paint_background)
{
  cairo_t *cr = f->cr;
  const ShlRect *a = &f->lay.area;
  const ShlRect *p = &f->lay.plot;
  ShlPlotRecord *rec = shl_plot_record_get (cr);
  gboolean paint = shl_plot_record_get_paint (rec) == SHL_RECORD_PAINT_ALL;
  int k = -1;
  if (rec)
    {
      k = shl_plot_record_begin_plot (rec, (int) f->lay.stage,
                                      (int) f->lay.legend_pos);
      shl_plot_record_add (rec, cr, SHL_BOX_AREA, k, a, NULL);
      shl_plot_record_add (rec, cr, SHL_BOX_PLOT, k, p, NULL);
      if (f->lay.colorbar.width > 0)
        shl_plot_record_add (rec, cr, SHL_BOX_COLORBAR, k, &f->lay.colorbar,
                             NULL);
    }

  cairo_save (cr);
  if (paint && paint_background && f->st.background.a > 0.0
      && !shl_render_is_transparent (cr))
    {
      shl_color_set_source (f->st.background, cr);
      cairo_rectangle (cr, a->x, a->y, a->width, a->height);
      cairo_fill (cr);
    }

  cairo_save (cr);
  cairo_rectangle (cr, p->x, p->y, p->width, p->height);
  cairo_clip (cr);
  if (paint && f->grid)
    draw_grid (f);
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (item->kind != SHL_ITEM_TEXT && (paint || !shl_item_is_guide (item)))
        shl_item_draw (item, f);
    }
  cairo_restore (cr);

  if (paint)
    draw_axes (f);
  shl_color_set_source (f->st.foreground, cr);
  for (guint i = 0; i < f->placed->len; i++)
    shl_placed_show (f, &g_array_index (f->placed, ShlPlaced, i), k);
  shl_legend_draw (plot, f, k);
  cairo_restore (cr);
}
