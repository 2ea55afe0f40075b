/* shl-plot-items.c: the data items of a plot: extents and drawing. */
#include "shl-plot-private.h"

#include <math.h>

#include "shl-plot-cells.h"

void
shl_item_free (ShlItem *item)
{
  if (!item)
    return;
  g_free (item->label);
  g_free (item->cb_label);
  g_free (item->x);
  g_free (item->y);
  g_free (item->colors);
  if (item->image)
    cairo_surface_destroy (item->image);
  shl_contour_lines_free (item->lines, item->n_lines);
  shl_cell_map_free (item->cells);
  g_free (item);
}

ShlColor
shl_item_color (const ShlItem *item, const ShlPlotStyle *st)
{
  const ShlSeriesStyle *s = &item->style;
  ShlColor c;
  if (s->palette >= 0)
    c = shl_plot_style_series_color (st, s->palette);
  else if (s->palette == SHL_COLOR_FOREGROUND)
    c = st->foreground;
  else
    c = s->color;
  if (s->alpha > 0.0)
    c.a *= MIN (s->alpha, 1.0);
  return c;
}

static gboolean
valid (ShlScale s, double v)
{
  return isfinite (v) && (s != SHL_SCALE_LOG10 || v > 0.0);
}

static void
grow (double v, double *lo, double *hi, gboolean *any)
{
  *lo = MIN (*lo, v);
  *hi = MAX (*hi, v);
  *any = TRUE;
}

gboolean
shl_item_extent (const ShlItem *item, ShlAxisId axis, ShlScale scale,
                 double *lo, double *hi, gboolean *exact)
{
  gboolean any = FALSE;
  gboolean x = axis == SHL_AXIS_X;
  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  *exact = FALSE;
  switch (item->kind)
    {
    case SHL_ITEM_LINE:
    case SHL_ITEM_SCATTER:
      for (int i = 0; i < item->n; i++)
        if (isfinite (item->x[i]) && isfinite (item->y[i])
            && valid (scale, x ? item->x[i] : item->y[i]))
          grow (x ? item->x[i] : item->y[i], lo, hi, &any);
      break;
    case SHL_ITEM_STEPS:
      if (x)
        {
          for (int i = 0; i <= item->n && item->n > 0; i++)
            if (valid (scale, item->x[i]))
              grow (item->x[i], lo, hi, &any);
        }
      else
        for (int i = 0; i < item->n; i++)
          if (valid (scale, item->y[i]))
            grow (item->y[i], lo, hi, &any);
      break;
    case SHL_ITEM_RUG:
      if (x)
        for (int i = 0; i < item->n; i++)
          if (valid (scale, item->x[i]))
            grow (item->x[i], lo, hi, &any);
      break;
    case SHL_ITEM_SEGMENTS:
      for (int i = 0; i < item->n; i++)
        for (int k = 0; k < 2; k++)
          {
            double v = item->x[4 * i + 2 * k + (x ? 0 : 1)];
            if (valid (scale, v))
              grow (v, lo, hi, &any);
          }
      break;
    case SHL_ITEM_HEATMAP:
    case SHL_ITEM_CONTOURS:
      {
        double a = x ? item->x0 : item->y0, b = x ? item->x1 : item->y1;
        if (valid (scale, a) && valid (scale, b))
          {
            grow (a, lo, hi, &any);
            grow (b, lo, hi, &any);
            *exact = TRUE;
          }
      }
      break;
    case SHL_ITEM_HLINE:
    case SHL_ITEM_VLINE:
    case SHL_ITEM_XSPAN:
    case SHL_ITEM_TEXT:
    case SHL_ITEM_LEGEND_ONLY:
    default:
      break;
    }
  return any;
}

gboolean
shl_item_is_guide (const ShlItem *item)
{
  return item->kind == SHL_ITEM_HEATMAP || item->kind == SHL_ITEM_CONTOURS
         || item->kind == SHL_ITEM_HLINE || item->kind == SHL_ITEM_VLINE
         || item->kind == SHL_ITEM_XSPAN;
}

/* ---- line styles and markers ----------------------------------------- */

double
shl_item_line_width (const ShlSeriesStyle *s, const ShlPlotStyle *st)
{
  return st->line_width * (s->width > 0.0 ? s->width : 1.0);
}

void
shl_apply_line_style (cairo_t *cr, const ShlSeriesStyle *s,
                      const ShlPlotStyle *st)
{
  double lw = shl_item_line_width (s, st);
  cairo_set_line_width (cr, lw);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  double d = MAX (lw, 0.5);
  switch (s->dash)
    {
    case SHL_DASH_DASHED:
      {
        double dash[] = { 3.7 * d, 1.9 * d };
        cairo_set_dash (cr, dash, 2, 0.0);
      }
      break;
    case SHL_DASH_DOTTED:
      {
        double dash[] = { 0.0, 2.2 * d };
        cairo_set_dash (cr, dash, 2, 0.0);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      }
      break;
    case SHL_DASH_DASHDOT:
      {
        double dash[] = { 5.0 * d, 1.8 * d, 0.0, 1.8 * d };
        cairo_set_dash (cr, dash, 4, 0.0);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      }
      break;
    case SHL_DASH_SOLID:
    default:
      cairo_set_dash (cr, NULL, 0, 0.0);
      break;
    }
}

void
shl_draw_marker_path (cairo_t *cr, ShlMarker marker, double x, double y,
                      double size)
{
  double r = 0.5 * size;
  cairo_new_sub_path (cr);
  switch (marker)
    {
    case SHL_MARKER_SQUARE:
      {
        double h = 0.886 * r; /* same area as the circle */
        cairo_rectangle (cr, x - h, y - h, 2 * h, 2 * h);
      }
      break;
    case SHL_MARKER_TRIANGLE:
      {
        double R = 1.3 * r; /* a little under equal area: looks balanced */
        double c = 0.8660254037844386 * R;
        cairo_move_to (cr, x, y - R);
        cairo_line_to (cr, x + c, y + 0.5 * R);
        cairo_line_to (cr, x - c, y + 0.5 * R);
        cairo_close_path (cr);
      }
      break;
    case SHL_MARKER_CROSS:
      {
        double h = 0.8 * r;
        cairo_move_to (cr, x - h, y - h);
        cairo_line_to (cr, x + h, y + h);
        cairo_move_to (cr, x - h, y + h);
        cairo_line_to (cr, x + h, y - h);
      }
      break;
    case SHL_MARKER_CIRCLE:
    case SHL_MARKER_NONE:
    default:
      cairo_arc (cr, x, y, r, 0.0, 2.0 * G_PI);
      cairo_close_path (cr);
      break;
    }
}

double
shl_item_marker_size (const ShlSeriesStyle *s, const ShlPlotStyle *st)
{
  return st->marker_size * (s->marker_scale > 0.0 ? s->marker_scale : 1.0);
}

static double
marker_stroke (const ShlSeriesStyle *s, const ShlPlotStyle *st)
{
  return MAX (st->axis_width, 0.6 * shl_item_line_width (s, st));
}

/* Fills or strokes the current marker path. */
static void
finish_markers (cairo_t *cr, const ShlSeriesStyle *s, const ShlPlotStyle *st,
                gboolean edge)
{
  cairo_set_dash (cr, NULL, 0, 0.0);
  if (s->hollow || s->marker == SHL_MARKER_CROSS)
    {
      cairo_set_line_width (cr, marker_stroke (s, st));
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      cairo_set_line_cap (cr, s->marker == SHL_MARKER_CROSS
                                  ? CAIRO_LINE_CAP_ROUND
                                  : CAIRO_LINE_CAP_BUTT);
      cairo_stroke (cr);
    }
  else if (s->outlined)
    {
      cairo_fill_preserve (cr);
      cairo_save (cr);
      shl_color_set_source (st->foreground, cr);
      cairo_set_line_width (cr, 0.8 * st->axis_width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  else if (edge && st->background.a > 0.0)
    {
      cairo_fill_preserve (cr);
      cairo_save (cr);
      shl_color_set_source (shl_color_with_alpha (st->background, 0.7), cr);
      cairo_set_line_width (cr, 0.5 * st->axis_width);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  else
    cairo_fill (cr);
}

/* ---- clipped polylines in user space ---------------------------------- */

typedef struct {
  cairo_t *cr;
  double x0, y0, x1, y1;   /* clip box, well outside the plot area */
  gboolean have_last, pen;
  double lx, ly;
} Pen;

static void
pen_init (Pen *p, ShlFrame *f)
{
  const ShlRect *r = &f->lay.plot;
  double m = 64.0 + 4.0 * f->st.line_width;
  p->cr = f->cr;
  p->x0 = r->x - m, p->y0 = r->y - m;
  p->x1 = r->x + r->width + m, p->y1 = r->y + r->height + m;
  p->have_last = p->pen = FALSE;
}

static void
pen_break (Pen *p)
{
  p->have_last = p->pen = FALSE;
}

/* Liang-Barsky: clips (ax,ay)-(bx,by) to the box; FALSE if invisible. */
static gboolean
clip_segment (const Pen *p, double *ax, double *ay, double *bx, double *by)
{
  double t0 = 0.0, t1 = 1.0;
  double dx = *bx - *ax, dy = *by - *ay;
  double pp[4] = { -dx, dx, -dy, dy };
  double qq[4] = { *ax - p->x0, p->x1 - *ax, *ay - p->y0, p->y1 - *ay };
  for (int k = 0; k < 4; k++)
    {
      if (pp[k] == 0.0)
        {
          if (qq[k] < 0.0)
            return FALSE;
          continue;
        }
      double t = qq[k] / pp[k];
      if (pp[k] < 0.0)
        t0 = MAX (t0, t);
      else
        t1 = MIN (t1, t);
      if (t0 > t1)
        return FALSE;
    }
  double sx = *ax, sy = *ay;
  *ax = sx + t0 * dx, *ay = sy + t0 * dy;
  *bx = sx + t1 * dx, *by = sy + t1 * dy;
  return TRUE;
}

static void
pen_to (Pen *p, double x, double y)
{
  if (!isfinite (x) || !isfinite (y))
    {
      pen_break (p);
      return;
    }
  if (p->have_last)
    {
      double ax = p->lx, ay = p->ly, bx = x, by = y;
      if (clip_segment (p, &ax, &ay, &bx, &by))
        {
          gboolean start_moved = ax != p->lx || ay != p->ly;
          if (!p->pen || start_moved)
            cairo_move_to (p->cr, ax, ay);
          cairo_line_to (p->cr, bx, by);
          p->pen = bx == x && by == y;
        }
      else
        p->pen = FALSE;
    }
  p->have_last = TRUE;
  p->lx = x;
  p->ly = y;
}

/* ---- the items -------------------------------------------------------- */

static void
draw_line (const ShlItem *item, ShlFrame *f, ShlColor c)
{
  cairo_t *cr = f->cr;
  Pen pen;
  pen_init (&pen, f);
  for (int i = 0; i < item->n; i++)
    pen_to (&pen, shl_frame_ux (f, item->x[i]), shl_frame_uy (f, item->y[i]));
  shl_apply_line_style (cr, &item->style, &f->st);
  cairo_stroke (cr);

  if (item->style.marker != SHL_MARKER_NONE)
    {
      double size = shl_item_marker_size (&item->style, &f->st);
      for (int i = 0; i < item->n; i++)
        {
          double x = shl_frame_ux (f, item->x[i]);
          double y = shl_frame_uy (f, item->y[i]);
          if (isfinite (x) && isfinite (y) && fabs (x) < 1e6
              && fabs (y) < 1e6)
            shl_draw_marker_path (cr, item->style.marker, x, y, size);
        }
      shl_color_set_source (c, cr);
      finish_markers (cr, &item->style, &f->st, FALSE);
    }
}

static void
draw_scatter (const ShlItem *item, ShlFrame *f, ShlColor c)
{
  cairo_t *cr = f->cr;
  double size = shl_item_marker_size (&item->style, &f->st);
  const ShlRect *r = &f->lay.plot;
  /* many points in a small plot: markers shrink so that together they
   * cover at most about a sixth of the data area (a one-column figure's
   * 256 points would otherwise be one blot), down to 45 % of their size
   * so that shapes still tell classes apart */
  if (item->n > 0)
    {
      double cap = sqrt (0.16 * r->width * r->height / item->n);
      size = CLAMP (cap, 0.45 * size, size);
    }
  for (int i = 0; i < item->n; i++)
    {
      double x = shl_frame_ux (f, item->x[i]);
      double y = shl_frame_uy (f, item->y[i]);
      if (!isfinite (x) || !isfinite (y) || x < r->x - size
          || x > r->x + r->width + size || y < r->y - size
          || y > r->y + r->height + size)
        continue;
      shl_draw_marker_path (cr, item->style.marker, x, y, size);
      if (item->colors)
        {
          ShlColor pc = item->colors[i];
          pc.a *= c.a;
          shl_color_set_source (pc, cr);
          finish_markers (cr, &item->style, &f->st, TRUE);
        }
    }
  if (!item->colors)
    {
      shl_color_set_source (c, cr);
      finish_markers (cr, &item->style, &f->st, TRUE);
    }
  cairo_new_path (cr);
}

static void
draw_steps (const ShlItem *item, ShlFrame *f)
{
  Pen pen;
  pen_init (&pen, f);
  for (int i = 0; i < item->n; i++)
    {
      double v = item->y[i];
      double y = shl_frame_uy (f, v);
      /* consecutive equal values continue the same line */
      if (i > 0 && !(item->y[i - 1] == v))
        pen_break (&pen);
      if (!pen.have_last)
        pen_to (&pen, shl_frame_ux (f, item->x[i]), y);
      pen_to (&pen, shl_frame_ux (f, item->x[i + 1]), y);
    }
  shl_apply_line_style (f->cr, &item->style, &f->st);
  cairo_stroke (f->cr);
}

static void
draw_rug (const ShlItem *item, ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlRect *r = &f->lay.plot;
  double len = 2.2 * f->st.tick_length;
  double bottom = r->y + r->height;
  shl_apply_line_style (cr, &item->style, &f->st);
  double lw = cairo_get_line_width (cr);
  for (int i = 0; i < item->n; i++)
    {
      double x = shl_frame_ux (f, item->x[i]);
      if (!isfinite (x) || x < r->x - 1 || x > r->x + r->width + 1)
        continue;
      x = shl_frame_snap (f, x, lw, FALSE);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom - len);
    }
  cairo_stroke (cr);
}

static void
draw_contours (const ShlItem *item, ShlFrame *f)
{
  Pen pen;
  pen_init (&pen, f);
  for (int l = 0; l < item->n_lines; l++)
    {
      const ShlContourLine *c = &item->lines[l];
      pen_break (&pen);
      for (int k = 0; k < c->n; k++)
        pen_to (&pen, shl_frame_ux (f, c->xy[2 * k]),
                shl_frame_uy (f, c->xy[2 * k + 1]));
      if (c->closed && c->n > 2)
        pen_to (&pen, shl_frame_ux (f, c->xy[0]), shl_frame_uy (f, c->xy[1]));
    }
  shl_apply_line_style (f->cr, &item->style, &f->st);
  if (item->style.dash == SHL_DASH_SOLID)
    cairo_set_line_cap (f->cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (f->cr);
}

static void
draw_heatmap (const ShlItem *item, ShlFrame *f)
{
  cairo_t *cr = f->cr;
  double ux0 = shl_frame_ux (f, item->x0), ux1 = shl_frame_ux (f, item->x1);
  double uy0 = shl_frame_uy (f, item->y1), uy1 = shl_frame_uy (f, item->y0);
  int nx = cairo_image_surface_get_width (item->image);
  int ny = cairo_image_surface_get_height (item->image);
  if (!(ux1 > ux0) || !(uy1 > uy0) || nx <= 0 || ny <= 0)
    return;
  cairo_pattern_t *pat = cairo_pattern_create_for_surface (item->image);
  cairo_matrix_t m;
  cairo_matrix_init_scale (&m, nx / (ux1 - ux0), ny / (uy1 - uy0));
  cairo_matrix_translate (&m, -ux0, -uy0);
  cairo_pattern_set_matrix (pat, &m);
  cairo_pattern_set_filter (pat, item->hstyle.smooth ? CAIRO_FILTER_GOOD
                                                     : CAIRO_FILTER_NEAREST);
  /* PAD keeps smooth edges opaque on raster targets; vector targets get a
   * plain image (the viewer interpolates). */
  cairo_surface_type_t t = cairo_surface_get_type (cairo_get_target (cr));
  gboolean vector = t == CAIRO_SURFACE_TYPE_PDF || t == CAIRO_SURFACE_TYPE_SVG
                    || t == CAIRO_SURFACE_TYPE_PS;
  cairo_pattern_set_extend (pat, vector ? CAIRO_EXTEND_NONE
                                        : CAIRO_EXTEND_PAD);
  cairo_save (cr);
  cairo_set_source (cr, pat);
  cairo_rectangle (cr, ux0, uy0, ux1 - ux0, uy1 - uy0);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_pattern_destroy (pat);
}

/* A horizontal (at item->y[0]) or vertical (at item->x[0]) line across
 * the plot area. */
static void
draw_reference_line (const ShlItem *item, ShlFrame *f, gboolean horizontal)
{
  cairo_t *cr = f->cr;
  const ShlRect *r = &f->lay.plot;
  double v = horizontal ? shl_frame_uy (f, item->y[0]) : shl_frame_ux (f, item->x[0]);
  if (!isfinite (v))
    return;
  shl_apply_line_style (cr, &item->style, &f->st);
  v = shl_frame_snap (f, v, cairo_get_line_width (cr), horizontal);
  if (horizontal)
    {
      cairo_move_to (cr, r->x, v);
      cairo_line_to (cr, r->x + r->width, v);
    }
  else
    {
      cairo_move_to (cr, v, r->y);
      cairo_line_to (cr, v, r->y + r->height);
    }
  cairo_stroke (cr);
}

/* a band over the plot's whole height between two x values */
static void
draw_xspan (const ShlItem *item, ShlFrame *f)
{
  const ShlRect *r = &f->lay.plot;
  double a = fmax (fmin (item->x[0], item->x[1]), f->lay.x_min);
  double b = fmin (fmax (item->x[0], item->x[1]), f->lay.x_max);
  if (!(b > a))
    return;
  double ua = shl_frame_ux (f, a), ub = shl_frame_ux (f, b);
  if (!isfinite (ua) || !isfinite (ub))
    return;
  cairo_rectangle (f->cr, fmin (ua, ub), r->y, fabs (ub - ua), r->height);
  cairo_fill (f->cr);
}

void
shl_item_draw (const ShlItem *item, ShlFrame *f)
{
  cairo_t *cr = f->cr;
  ShlColor c = shl_item_color (item, &f->st);
  cairo_save (cr);
  shl_color_set_source (c, cr);
  switch (item->kind)
    {
    case SHL_ITEM_LINE:
      draw_line (item, f, c);
      break;
    case SHL_ITEM_SCATTER:
      draw_scatter (item, f, c);
      break;
    case SHL_ITEM_STEPS:
      draw_steps (item, f);
      break;
    case SHL_ITEM_RUG:
      draw_rug (item, f);
      break;
    case SHL_ITEM_HLINE:
      draw_reference_line (item, f, TRUE);
      break;
    case SHL_ITEM_VLINE:
      draw_reference_line (item, f, FALSE);
      break;
    case SHL_ITEM_XSPAN:
      draw_xspan (item, f);
      break;
    case SHL_ITEM_SEGMENTS:
      {
        Pen pen;
        pen_init (&pen, f);
        for (int i = 0; i < item->n; i++)
          {
            const double *s = &item->x[4 * i];
            pen_break (&pen);
            pen_to (&pen, shl_frame_ux (f, s[0]), shl_frame_uy (f, s[1]));
            pen_to (&pen, shl_frame_ux (f, s[2]), shl_frame_uy (f, s[3]));
          }
        shl_apply_line_style (cr, &item->style, &f->st);
        cairo_stroke (cr);
      }
      break;
    case SHL_ITEM_HEATMAP:
      if (item->cells)
        shl_cell_map_draw (item, f);
      else
        draw_heatmap (item, f);
      break;
    case SHL_ITEM_CONTOURS:
      draw_contours (item, f);
      break;
    case SHL_ITEM_TEXT:
    case SHL_ITEM_LEGEND_ONLY:
    default:
      break;
    }
  cairo_restore (cr);
}

void
shl_item_draw_sample (const ShlItem *item, ShlFrame *f, double x, double y,
                      double width)
{
  cairo_t *cr = f->cr;
  ShlColor c = shl_item_color (item, &f->st);
  const ShlSeriesStyle *s = &item->style;
  cairo_save (cr);
  shl_color_set_source (c, cr);
  gboolean markers_only = item->kind == SHL_ITEM_SCATTER
                          || (item->kind == SHL_ITEM_LEGEND_ONLY
                              && s->marker != SHL_MARKER_NONE);
  /* A sample the legend box would swallow (black on a dark theme, white
   * on a light one) is drawn on a chip of the foreground colour. */
  double lbg = shl_color_lightness (f->st.legend_background);
  if (fabs (shl_color_lightness (c) - lbg) < 25.0
      && f->st.legend_background.a > 0.5)
    {
      double em = f->st.text_size;
      double h = MAX (0.95 * em, 1.3 * shl_item_marker_size (s, &f->st));
      double x0 = x - 0.2 * em, w = width + 0.4 * em, r = 0.2 * em;
      cairo_save (cr);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x0 + w - r, y - 0.5 * h + r, r, -G_PI / 2, 0);
      cairo_arc (cr, x0 + w - r, y + 0.5 * h - r, r, 0, G_PI / 2);
      cairo_arc (cr, x0 + r, y + 0.5 * h - r, r, G_PI / 2, G_PI);
      cairo_arc (cr, x0 + r, y - 0.5 * h + r, r, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
      shl_color_set_source (shl_color_with_alpha (f->st.foreground, 0.85),
                            cr);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  if (item->kind == SHL_ITEM_RUG)
    {
      double h = 1.6 * f->st.tick_length;
      shl_apply_line_style (cr, s, &f->st);
      cairo_move_to (cr, x + 0.5 * width, y + 0.5 * h);
      cairo_line_to (cr, x + 0.5 * width, y - 0.5 * h);
      cairo_stroke (cr);
    }
  else if (!markers_only)
    {
      shl_apply_line_style (cr, s, &f->st);
      if (s->dash != SHL_DASH_SOLID)
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + width, y);
      cairo_stroke (cr);
    }
  if (s->marker != SHL_MARKER_NONE)
    {
      shl_draw_marker_path (cr, s->marker, x + 0.5 * width, y,
                            shl_item_marker_size (s, &f->st));
      finish_markers (cr, s, &f->st, markers_only);
    }
  cairo_restore (cr);
}
