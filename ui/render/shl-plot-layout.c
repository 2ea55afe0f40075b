/* shl-plot-layout.c: where a plot goes: ranges, ticks, margins measured
 * from the text, pixel snapping and data coordinates. */
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
  switch (cairo_surface_get_type (cairo_get_target (cr)))
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
resolve_range (ShlPlot *plot, ShlAxisId axis, double *out_lo,
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

/* ---- tick labels ----------------------------------------------------- */

void
shl_tick_labels_clear (ShlTickLabels *tl)
{
  for (int i = 0; i < tl->n; i++)
    g_clear_object (&tl->layout[i]);
  tl->n = 0;
}

void
shl_tick_labels_measure (ShlFrame *f, const ShlTicks *t, ShlTickLabels *tl)
{
  shl_tick_labels_clear (tl);
  tl->wmax = tl->hmax = tl->basemax = 0.0;
  for (int i = 0; i < t->n; i++)
    {
      char buf[96];
      shl_ticks_label (t, i, buf, sizeof buf);
      tl->layout[i] = shl_text_layout (f->text, SHL_FONT_TICK, buf);
      shl_text_extents (tl->layout[i], &tl->w[i], &tl->h[i], &tl->base[i]);
      tl->wmax = MAX (tl->wmax, tl->w[i]);
      tl->hmax = MAX (tl->hmax, tl->h[i]);
      tl->basemax = MAX (tl->basemax, tl->base[i]);
      tl->n = i + 1;
    }
}

/* Position of v along an axis of length len from lo (user units). */
double
shl_axis_pos (ShlScale s, double lo, double hi, double len, double v)
{
  double a = tf (s, lo), b = tf (s, hi);
  return (tf (s, v) - a) / (b - a) * len;
}

/* Nice ticks whose labels do not overlap along an axis of length len. */
static void
choose_ticks (ShlFrame *f, ShlTicks *t, ShlTickLabels *tl, ShlScale s,
              double lo, double hi, double len, gboolean horizontal)
{
  double em = f->st.tick_size;
  int target = horizontal ? (int) lround (len / (5.0 * em)) + 1
                          : (int) lround (len / (4.0 * em)) + 1;
  target = CLAMP (target, 2, 8);
  for (;;)
    {
      shl_ticks_compute (t, s, lo, hi, target);
      shl_tick_labels_measure (f, t, tl);
      gboolean ok = TRUE;
      for (int i = 0; i + 1 < t->n && ok; i++)
        {
          double d = shl_axis_pos (s, lo, hi, len, t->v[i + 1])
                     - shl_axis_pos (s, lo, hi, len, t->v[i]);
          double need = horizontal ? 0.5 * (tl->w[i] + tl->w[i + 1]) + 0.6 * em
                                   : 0.5 * (tl->h[i] + tl->h[i + 1]) + 0.1 * em;
          if (d < need)
            ok = FALSE;
        }
      if (ok || target <= 2)
        break;
      target--;
    }
}

/* ---- layout ---------------------------------------------------------- */

static void
label_size (ShlFrame *f, ShlFont font, const char *markup, double *w,
            double *h)
{
  *w = *h = 0.0;
  if (!markup)
    return;
  PangoLayout *l = shl_text_layout (f->text, font, markup);
  shl_text_extents (l, w, h, NULL);
  g_object_unref (l);
}

static void
multiplier_size (ShlFrame *f, const ShlTicks *t, double *w, double *h)
{
  char buf[64];
  *w = *h = 0.0;
  if (shl_ticks_multiplier (t, buf, sizeof buf))
    label_size (f, SHL_FONT_TICK, buf, w, h);
}

/* Shows the common factor of ticks t with its box's (ax, ay) fraction at
 * (x, y). */

static const ShlItem *
colorbar_item (ShlPlot *plot)
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

/* Colour-bar geometry relative to the plot area. */
static double
colorbar_gap (const ShlFrame *f)
{
  return 1.2 * f->st.tick_size;
}

static double
colorbar_width (const ShlFrame *f)
{
  return 1.1 * f->st.tick_size;
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

/* The sizes of the title and the axis and colour-bar labels. */
typedef struct {
  double title_h;
  double xl_w, xl_h;    /* x label */
  double yl_h;          /* y label, rotated: its height is a width */
  double cl_h;          /* colour-bar label, rotated */
} LabelSizes;

static void
measure_labels (ShlPlot *plot, ShlFrame *f, LabelSizes *ls)
{
  double unused;
  label_size (f, SHL_FONT_TITLE, plot->title, &unused, &ls->title_h);
  label_size (f, SHL_FONT_LABEL, plot->axis[SHL_AXIS_X].label, &ls->xl_w, &ls->xl_h);
  label_size (f, SHL_FONT_LABEL, plot->axis[SHL_AXIS_Y].label, &unused, &ls->yl_h);
  ls->cl_h = 0;
  if (f->cbar)
    label_size (f, SHL_FONT_LABEL, f->cbar->hstyle.colorbar_label, &unused,
                &ls->cl_h);
}

/* The plot area inside margins m of area: with equal aspect, shrunk to
 * the data's aspect and centred; snapped to whole pixels. */
static ShlRect
plot_rect (ShlPlot *plot, ShlFrame *f, const ShlRect *area, const ShlMargins *m)
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

/* Vertical tick labels (y axis, colour bar) centred on their ticks may
 * stick out above and below the plot area of height len. */
static void
vertical_overhangs (ShlMargins *need, const ShlFrame *f, const ShlTicks *t,
                    const ShlTickLabels *tl, ShlScale s, double lo, double hi,
                    double len)
{
  double pad = f->st.pad, dtop = -f->text->digit_top[SHL_FONT_TICK];
  for (int i = 0; i < tl->n; i++)
    {
      double y = shl_axis_pos (s, lo, hi, len, t->v[i]);
      /* label top sits at tick - dtop/2 - base + ... ~ h/2 above */
      double above = tl->base[i] - 0.5 * dtop;
      double below = tl->h[i] - above;
      need->top = MAX (need->top, 0.5 * pad + above - (len - y));
      need->bottom = MAX (need->bottom, 0.5 * pad + below - y);
    }
}

/* What the text around the laid-out plot area needs, measured from the
 * area's edges. */
static ShlMargins
margins_needed (ShlFrame *f, const LabelSizes *ls, const ShlTickLabels *xl,
                const ShlTickLabels *yl, const ShlTickLabels *cl)
{
  const ShlPlotLayout *lay = &f->lay;
  const ShlRect p = lay->plot;
  double pad = f->st.pad, gap = shl_frame_label_gap (f), tout = shl_frame_tick_out (f);

  /* common factors of the tick labels ("×10⁶") */
  double xm_w, xm_h, ym_w, ym_h, cm_w = 0, cm_h = 0;
  multiplier_size (f, &f->xt, &xm_w, &xm_h);
  multiplier_size (f, &f->yt, &ym_w, &ym_h);
  if (f->cbar)
    multiplier_size (f, &f->ct, &cm_w, &cm_h);

  ShlMargins need;
  need.bottom = pad + tout + gap + xl->hmax
                + (MAX (ls->xl_h, xm_h) > 0 ? gap + MAX (ls->xl_h, xm_h) : 0);
  need.left = pad + (ls->yl_h > 0 ? ls->yl_h + gap : 0) + yl->wmax + gap + tout;
  need.top = pad + (ls->title_h > 0 ? ls->title_h + pad : 0);
  need.top = MAX (need.top, pad + MAX (ym_h, cm_h) + 0.3 * pad);
  need.right = pad;
  if (xm_w > 0)
    need.right = MAX (need.right, pad + 0.5 * xm_w - 0.5 * ls->xl_w);
  /* overhangs of the outermost tick labels */
  for (int i = 0; i < xl->n; i++)
    {
      double x = shl_axis_pos (lay->x_scale, lay->x_min, lay->x_max, p.width,
                               f->xt.v[i]);
      need.left = MAX (need.left, pad + 0.5 * xl->w[i] - x);
      need.right = MAX (need.right, pad + 0.5 * xl->w[i] - (p.width - x));
    }
  vertical_overhangs (&need, f, &f->yt, yl, lay->y_scale, lay->y_min, lay->y_max,
                      p.height);
  if (f->cbar)
    {
      need.right = pad + colorbar_gap (f) + colorbar_width (f) + tout
                   + gap + cl->wmax + (ls->cl_h > 0 ? gap + ls->cl_h : 0);
      vertical_overhangs (&need, f, &f->ct, cl, lay->c_scale, lay->c_min,
                          lay->c_max, p.height);
    }
  return need;
}

/* Ranges, then margins that fit the text: the ticks depend on the plot
 * area's size and the margins on the ticks' labels, so a few rounds. */
void
shl_plot_frame_layout (ShlPlot *plot, ShlFrame *f, const ShlRect *area,
                       const ShlMargins *min_margins)
{
  ShlPlotLayout *lay = &f->lay;
  memset (lay, 0, sizeof *lay);
  lay->area = *area;
  lay->x_scale = plot->axis[SHL_AXIS_X].scale;
  lay->y_scale = plot->axis[SHL_AXIS_Y].scale;
  resolve_range (plot, SHL_AXIS_X, &lay->x_min, &lay->x_max);
  resolve_range (plot, SHL_AXIS_Y, &lay->y_min, &lay->y_max);
  f->grid = plot->grid < 0 ? f->st.grid_lines : plot->grid;
  f->cbar = colorbar_item (plot);
  if (f->cbar)
    {
      lay->c_min = f->cbar->hstyle.vmin;
      lay->c_max = f->cbar->hstyle.vmax;
      lay->c_scale = f->cbar->hstyle.scale;
    }

  LabelSizes ls;
  measure_labels (plot, f, &ls);
  double pad = f->st.pad;
  ShlMargins m = { pad, pad, pad, pad };
  ShlTickLabels xl = { 0 }, yl = { 0 }, cl = { 0 };
  for (int iter = 0; iter < 4; iter++)
    {
      ShlMargins use = m;
      if (min_margins)
        {
          use.left = MAX (use.left, min_margins->left);
          use.right = MAX (use.right, min_margins->right);
          use.top = MAX (use.top, min_margins->top);
          use.bottom = MAX (use.bottom, min_margins->bottom);
        }
      ShlRect p = plot_rect (plot, f, area, &use);
      lay->plot = p;
      f->margins = use;

      choose_ticks (f, &f->xt, &xl, lay->x_scale, lay->x_min, lay->x_max,
                    p.width, TRUE);
      choose_ticks (f, &f->yt, &yl, lay->y_scale, lay->y_min, lay->y_max,
                    p.height, FALSE);
      if (f->cbar)
        choose_ticks (f, &f->ct, &cl, lay->c_scale, lay->c_min, lay->c_max,
                      p.height, FALSE);

      ShlMargins need = margins_needed (f, &ls, &xl, &yl, &cl);
      /* With equal aspect the plot may sit inside its margins; only the
       * text outside the plot area has to fit. */
      double sl = p.x - area->x, sr = area->x + area->width - p.x - p.width;
      double stp = p.y - area->y, sb = area->y + area->height - p.y - p.height;
      gboolean fits = need.left <= sl + 0.01 && need.right <= sr + 0.01
                      && need.top <= stp + 0.01 && need.bottom <= sb + 0.01;
      if (fits && iter > 0)
        break;
      m = need;
    }
  if (f->cbar)
    lay->colorbar = (ShlRect) {
      lay->plot.x + lay->plot.width + colorbar_gap (f), lay->plot.y,
      colorbar_width (f), lay->plot.height,
    };
  shl_tick_labels_clear (&xl);
  shl_tick_labels_clear (&yl);
  shl_tick_labels_clear (&cl);
}
