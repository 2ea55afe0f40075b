/* shl-plot-layout.c: what a layout is made of: the frame, ranges, ticks
 * whose labels fit, pixel snapping and data coordinates (the constrained
 * layout itself is in shl-plot-place.c). */
#include "shl-plot-private.h"

#include <math.h>
#include <string.h>

/* ---- style, snapping, coordinates ------------------------------------ */

void
shl_plot_style_scaled (ShlPlotStyle *out, const ShlPlotStyle *style)
{
  *out = *style;
  double s = style->scale > 0.0 ? style->scale : 1.0;
  out->title_size *= s;
  out->label_size *= s;
  out->tick_size *= s;
  out->text_size *= s;
  out->line_width *= s;
  out->axis_width *= s;
  out->grid_width *= s;
  out->tick_length *= s;
  out->marker_size *= s;
  out->pad *= s;
  out->scale = 1.0;
}

gboolean
shl_plot_snap_enabled (cairo_t *cr, const ShlPlotStyle *style)
{
  if (!cr || !style->pixel_snap)
    return FALSE;
  switch (shl_plot_target_type (cr))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_SCRIPT:
      return FALSE;
    default:
      break;
    }
  cairo_matrix_t m;
  cairo_get_matrix (cr, &m);
  return m.xy == 0.0 && m.yx == 0.0;
}

/* Position of an axis-parallel line of user width w at coordinate v so
 * that it covers whole device pixels. horizontal: v is a y. */
double
shl_frame_snap (const ShlFrame *f, double v, double w, gboolean horizontal)
{
  if (!f->snap)
    return v;
  double dx = w, dy = w;
  cairo_user_to_device_distance (f->cr, &dx, &dy);
  double dw = fabs (horizontal ? dy : dx);
  int n = MAX (1, (int) lround (dw));
  double px = horizontal ? 0.0 : v, py = horizontal ? v : 0.0;
  cairo_user_to_device (f->cr, &px, &py);
  double *d = horizontal ? &py : &px;
  *d = (n % 2) ? floor (*d) + 0.5 : round (*d);
  cairo_device_to_user (f->cr, &px, &py);
  return horizontal ? py : px;
}

/* A user width that is a whole number of device pixels (>= 1). */
double
shl_frame_snap_width (const ShlFrame *f, double w)
{
  if (!f->snap)
    return w;
  double dx = w, dy = 0.0;
  cairo_user_to_device_distance (f->cr, &dx, &dy);
  double dw = fabs (dx);
  if (dw <= 0.0)
    return w;
  double n = MAX (1.0, round (dw));
  return w * n / dw;
}

static void
snap_rect (const ShlFrame *f, ShlRect *r)
{
  if (!f->snap)
    return;
  double x0 = r->x, y0 = r->y, x1 = r->x + r->width, y1 = r->y + r->height;
  cairo_user_to_device (f->cr, &x0, &y0);
  cairo_user_to_device (f->cr, &x1, &y1);
  x0 = round (x0), y0 = round (y0), x1 = round (x1), y1 = round (y1);
  cairo_device_to_user (f->cr, &x0, &y0);
  cairo_device_to_user (f->cr, &x1, &y1);
  r->x = MIN (x0, x1);
  r->y = MIN (y0, y1);
  r->width = fabs (x1 - x0);
  r->height = fabs (y1 - y0);
}

static double
tf (ShlScale s, double v)
{
  return s == SHL_SCALE_LOG10 ? log10 (v) : v;
}

static double
tf_inv (ShlScale s, double t)
{
  return s == SHL_SCALE_LOG10 ? pow (10.0, t) : t;
}

double
shl_frame_ux (const ShlFrame *f, double x)
{
  const ShlPlotLayout *l = &f->lay;
  double a = tf (l->x_scale, l->x_min), b = tf (l->x_scale, l->x_max);
  return l->plot.x + (tf (l->x_scale, x) - a) / (b - a) * l->plot.width;
}

double
shl_frame_uy (const ShlFrame *f, double y)
{
  const ShlPlotLayout *l = &f->lay;
  double a = tf (l->y_scale, l->y_min), b = tf (l->y_scale, l->y_max);
  return l->plot.y + l->plot.height
         - (tf (l->y_scale, y) - a) / (b - a) * l->plot.height;
}

void
shl_plot_layout_to_user (const ShlPlotLayout *layout, double x, double y,
                         double *ux, double *uy)
{
  g_return_if_fail (layout != NULL);
  ShlFrame f;
  f.lay = *layout;
  if (ux)
    *ux = shl_frame_ux (&f, x);
  if (uy)
    *uy = shl_frame_uy (&f, y);
}

gboolean
shl_plot_layout_to_data (const ShlPlotLayout *layout, double ux, double uy,
                         double *x, double *y)
{
  g_return_val_if_fail (layout != NULL, FALSE);
  const ShlPlotLayout *l = layout;
  if (l->plot.width <= 0.0 || l->plot.height <= 0.0)
    return FALSE;
  double fx = (ux - l->plot.x) / l->plot.width;
  double fy = (l->plot.y + l->plot.height - uy) / l->plot.height;
  double ax = tf (l->x_scale, l->x_min), bx = tf (l->x_scale, l->x_max);
  double ay = tf (l->y_scale, l->y_min), by = tf (l->y_scale, l->y_max);
  if (x)
    *x = tf_inv (l->x_scale, ax + fx * (bx - ax));
  if (y)
    *y = tf_inv (l->y_scale, ay + fy * (by - ay));
  return fx >= 0.0 && fx <= 1.0 && fy >= 0.0 && fy <= 1.0;
}

/* ---- ranges ---------------------------------------------------------- */

static void
resolve_range (const ShlPlot *plot, ShlAxisId axis, double *out_lo,
               double *out_hi)
{
  const ShlAxisSpec *spec = &plot->axis[axis];
  ShlScale s = spec->scale;
  gboolean log = s == SHL_SCALE_LOG10;
  double plo = G_MAXDOUBLE, phi = -G_MAXDOUBLE; /* padded data */
  double elo = G_MAXDOUBLE, ehi = -G_MAXDOUBLE; /* exact extents */

  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      double lo, hi;
      gboolean exact = FALSE;
      if (!shl_item_extent (item, axis, s, &lo, &hi, &exact))
        continue;
      if (exact)
        elo = MIN (elo, lo), ehi = MAX (ehi, hi);
      else
        plo = MIN (plo, lo), phi = MAX (phi, hi);
    }

  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  gboolean have_exact = elo <= ehi;
  if (plo <= phi)
    {
      double a = tf (s, plo), b = tf (s, phi);
      double span = b - a;
      double pad = span > 0.0 ? spec->padding * span
                   : log      ? 0.5
                   : (a != 0.0 ? 0.1 * fabs (a) : 1.0);
      /* only data sticking out of a heat map's rectangle is padded */
      double tol = have_exact ? 1e-9 * (ehi - elo) : 0.0;
      lo = have_exact && plo >= elo - tol ? elo : tf_inv (s, a - pad);
      hi = have_exact && phi <= ehi + tol ? ehi : tf_inv (s, b + pad);
    }
  if (have_exact)
    lo = MIN (lo, elo), hi = MAX (hi, ehi);
  if (!(lo <= hi))
    {
      lo = log ? 1.0 : 0.0;
      hi = log ? 10.0 : 1.0;
    }
  if (isfinite (spec->lo) && (!log || spec->lo > 0.0))
    lo = spec->lo;
  if (isfinite (spec->hi) && (!log || spec->hi > 0.0))
    hi = spec->hi;
  if (!(lo < hi))
    {
      if (isfinite (spec->lo) && !isfinite (spec->hi))
        hi = log ? lo * 10.0 : lo + 1.0;
      else if (log)
        {
          double c = MAX (lo, hi);
          lo = c / 3.0, hi = c * 3.0;
        }
      else
        {
          double c = lo, d = c != 0.0 ? 0.1 * fabs (c) : 1.0;
          lo = c - d, hi = c + d;
        }
    }
  *out_lo = lo;
  *out_hi = hi;
}


/* Position of v along an axis of length len from lo (user units). */
double
shl_axis_pos (ShlScale s, double lo, double hi, double len, double v)
{
  double a = tf (s, lo), b = tf (s, hi);
  return (tf (s, v) - a) / (b - a) * len;
}

/* ---- the frame ------------------------------------------------------- */

static void
placed_clear (gpointer data)
{
  ShlPlaced *pl = data;
  g_clear_object (&pl->layout);
}

void
shl_frame_init (ShlFrame *f, const ShlPlotStyle *style, cairo_t *cr,
                ShlText *text)
{
  memset (f, 0, sizeof *f);
  shl_plot_style_scaled (&f->st, style);
  f->cr = cr;
  f->snap = shl_plot_snap_enabled (cr, &f->st);
  if (!text)
    text = f->own_text = shl_text_new (&f->st, f->st.hinting);
  f->text = text;
  f->placed = g_array_new (FALSE, FALSE, sizeof (ShlPlaced));
  g_array_set_clear_func (f->placed, placed_clear);
}

void
shl_frame_clear (ShlFrame *f)
{
  g_clear_object (&f->title);
  g_clear_object (&f->xlabel);
  g_clear_object (&f->ylabel);
  g_clear_object (&f->clabel);
  g_clear_object (&f->letter);
  g_clear_pointer (&f->legend, shl_legend_free);
  g_clear_pointer (&f->placed, g_array_unref);
  g_clear_pointer (&f->own_text, shl_text_free);
}

static const ShlItem *
colorbar_item (const ShlPlot *plot)
{
  const ShlItem *found = NULL;
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (item->kind == SHL_ITEM_HEATMAP && item->hstyle.colorbar)
        found = item;
    }
  return found;
}

void
shl_plot_resolve (ShlPlot *plot, ShlFrame *f)
{
  ShlPlotLayout *lay = &f->lay;
  memset (lay, 0, sizeof *lay);
  lay->x_scale = plot->axis[SHL_AXIS_X].scale;
  lay->y_scale = plot->axis[SHL_AXIS_Y].scale;
  resolve_range (plot, SHL_AXIS_X, &lay->x_min, &lay->x_max);
  resolve_range (plot, SHL_AXIS_Y, &lay->y_min, &lay->y_max);
  f->grid = plot->grid < 0 ? f->st.grid_lines : plot->grid;
  f->tick_spec[SHL_AXIS_X] = &plot->axis[SHL_AXIS_X];
  f->tick_spec[SHL_AXIS_Y] = &plot->axis[SHL_AXIS_Y];
  f->cbar = colorbar_item (plot);
  if (f->cbar)
    {
      lay->c_min = f->cbar->hstyle.vmin;
      lay->c_max = f->cbar->hstyle.vmax;
      lay->c_scale = f->cbar->hstyle.scale;
    }
  /* the style's legend setting replaces a plot's AUTO */
  f->legend_want = plot->legend;
  f->legend_avoid = plot->legend_avoid;
  f->pin_title = plot->min_m.top > 0;
  f->square_ticks = plot->equal_aspect && lay->x_scale == SHL_SCALE_LINEAR
                    && lay->y_scale == SHL_SCALE_LINEAR && lay->x_min == lay->y_min
                    && lay->x_max == lay->y_max;
  if (plot->legend == SHL_LEGEND_AUTO)
    f->legend_want = f->st.legend;
}

ShlRect
shl_frame_plot_rect (ShlPlot *plot, ShlFrame *f, const ShlRect *area,
                     const ShlMargins *m)
{
  const ShlPlotLayout *lay = &f->lay;
  ShlRect p = {
    area->x + m->left, area->y + m->top,
    MAX (1.0, area->width - m->left - m->right),
    MAX (1.0, area->height - m->top - m->bottom),
  };
  if (plot->equal_aspect && lay->x_scale == SHL_SCALE_LINEAR
      && lay->y_scale == SHL_SCALE_LINEAR)
    {
      double ux = (lay->x_max - lay->x_min) / p.width;
      double uy = (lay->y_max - lay->y_min) / p.height;
      if (ux > uy)
        {
          double h = (lay->y_max - lay->y_min) / ux;
          p.y += 0.5 * (p.height - h);
          p.height = h;
        }
      else
        {
          double w = (lay->x_max - lay->x_min) / uy;
          /* keep the colour bar next to the plot: centre the pair */
          p.x += 0.5 * (p.width - w);
          p.width = w;
        }
    }
  snap_rect (f, &p);
  return p;
}

/* Colour-bar geometry relative to the plot area. */
ShlRect
shl_frame_colorbar_rect (const ShlFrame *f, const ShlRect *p)
{
  return (ShlRect) { p->x + p->width + 1.2 * f->st.tick_size, p->y,
                     1.1 * f->st.tick_size, p->height };
}

double
shl_frame_label_gap (const ShlFrame *f)
{
  return 0.6 * f->st.pad;
}

double
shl_frame_tick_out (const ShlFrame *f)
{
  return f->st.ticks_inside ? 0.0 : f->st.tick_length;
}

/* A data area smaller than this is no use: 5 x 3 tick-label ems. */
double
shl_frame_min_width (const ShlFrame *f)
{
  return 5.0 * f->st.tick_size;
}

double
shl_frame_min_height (const ShlFrame *f)
{
  return 3.0 * f->st.tick_size;
}

/* ---- ticks whose labels fit ------------------------------------------ */

/* Do the labels of ticks o, o + k, o + 2k, ... keep their distance along
 * an axis of length len? */
static gboolean
labels_fit (const ShlFrame *f, const ShlTicks *t, const ShlTickLabels *tl,
            ShlScale s, double lo, double hi, double len,
            gboolean horizontal, int k, int o)
{
  double em = f->st.tick_size;
  int prev = -1;
  for (int i = o; i < t->n; i += k)
    {
      if (prev >= 0)
        {
          double d = shl_axis_pos (s, lo, hi, len, t->v[i])
                     - shl_axis_pos (s, lo, hi, len, t->v[prev]);
          double need = horizontal
                            ? 0.5 * (tl->m[i].w + tl->m[prev].w) + 0.6 * em
                            : 0.5 * (tl->m[i].h + tl->m[prev].h) + 0.25 * em;
          if (d < need)
            return FALSE;
        }
      prev = i;
    }
  return TRUE;
}

/* The offset of every k-th label: the one that labels 0 (linear) or 1
 * (log) when there is one. */
static int
label_offset (const ShlTicks *t, ShlScale s, int k)
{
  for (int i = 0; i < t->n; i++)
    if (t->v[i] == (s == SHL_SCALE_LOG10 ? 1.0 : 0.0))
      return i % k;
  return 0;
}

void
shl_frame_choose_ticks (ShlFrame *f, ShlTicks *t, ShlTickLabels *tl,
                        ShlScale s, double lo, double hi, double len,
                        gboolean horizontal)
{
  shl_frame_choose_axis_ticks (f, NULL, t, tl, s, lo, hi, len, horizontal);
}

void
shl_frame_choose_axis_ticks (ShlFrame *f, const ShlAxisSpec *spec, ShlTicks *t,
                             ShlTickLabels *tl, ShlScale s, double lo,
                             double hi, double len, gboolean horizontal)
{
  double em = f->st.tick_size;
  int target = horizontal || f->square_ticks ? (int) lround (len / (5.0 * em)) + 1
                                             : (int) lround (len / (4.0 * em)) + 1;
  target = CLAMP (target, 2, 8);
  /* a figure's wish: explicit values (never thinned, only labelled every
   * k-th when they would collide) or a count (thinned like any) */
  gboolean fixed = spec && spec->n_ticks > 0;
  if (spec && spec->tick_count > 0)
    target = CLAMP (spec->tick_count, 2, SHL_TICKS_MAX);
  memset (tl, 0, sizeof *tl);
  for (;;)
    {
      if (fixed)
        shl_ticks_explicit (t, spec->ticks, spec->n_ticks, lo, hi);
      else
        shl_ticks_compute (t, s, lo, hi, target);
      tl->n = t->n;
      if (!f->flags.tick_labels)
        return;
      for (int i = 0; i < t->n; i++)
        {
          char buf[96];
          shl_ticks_label (t, i, buf, sizeof buf);
          tl->layout[i] = shl_text_layout_cached (f->text, SHL_FONT_TICK, buf);
          shl_text_box (tl->layout[i], &tl->m[i]);
        }
      int kmin = t->n >= 3 ? f->flags.stride : 1;
      int k = kmin;
      while (k < t->n
             && !labels_fit (f, t, tl, s, lo, hi, len, horizontal, k,
                             label_offset (t, s, k)))
        k++;
      /* fewer ticks first; only at two ticks label every k-th */
      if (k == kmin || target <= 2 || fixed)
        {
          int o = label_offset (t, s, k);
          for (int i = 0; i < t->n; i++)
            tl->shown[i] = i >= o && (i - o) % k == 0;
          return;
        }
      target--;
    }
}
