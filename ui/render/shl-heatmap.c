/* shl-heatmap.c: heat-map images and the colour bar. */
#include "shl-plot-private.h"

#include <math.h>

/* Resolves style->vmin/vmax from z when unset (see ShlHeatmapStyle). */
void
shl_heatmap_resolve_range (const double *z, gsize n, ShlHeatmapStyle *style)
{
  if (style->vmin < style->vmax
      && (style->scale != SHL_SCALE_LOG10 || style->vmin > 0.0))
    return;
  gboolean log = style->scale == SHL_SCALE_LOG10;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  for (gsize k = 0; k < n; k++)
    {
      double v = z[k];
      if (!isfinite (v) || (log && v <= 0.0))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  if (!(lo <= hi))
    {
      lo = log ? 1.0 : 0.0;
      hi = log ? 10.0 : 1.0;
    }
  if (!log && shl_colormap_is_diverging (style->colormap) && lo < 0.0
      && hi > 0.0)
    {
      double m = MAX (-lo, hi);
      lo = -m;
      hi = m;
    }
  if (!(lo < hi))
    {
      if (log)
        lo /= 2.0, hi *= 2.0;
      else
        {
          double d = lo != 0.0 ? 0.1 * fabs (lo) : 1.0;
          lo -= d, hi += d;
        }
    }
  style->vmin = lo;
  style->vmax = hi;
}

cairo_surface_t *
shl_heatmap_image (const double *z, int nx, int ny, ShlHeatmapStyle *style)
{
  shl_heatmap_resolve_range (z, (gsize) nx * ny, style);
  gboolean log = style->scale == SHL_SCALE_LOG10;
  double lo = log ? log10 (style->vmin) : style->vmin;
  double hi = log ? log10 (style->vmax) : style->vmax;

  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                     nx, ny);
  if (cairo_surface_status (img) != CAIRO_STATUS_SUCCESS)
    return img;
  cairo_surface_flush (img);
  unsigned char *data = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);
  for (int row = 0; row < ny; row++)
    {
      int j = ny - 1 - row; /* image rows run top-down, z rows bottom-up */
      guint32 *px = (guint32 *) (void *) (data + (gsize) row * stride);
      for (int i = 0; i < nx; i++)
        {
          double v = z[(gsize) j * nx + i];
          if (isnan (v))
            {
              px[i] = 0;
              continue;
            }
          double t;
          if (log)
            t = v > 0.0 ? (log10 (v) - lo) / (hi - lo) : 0.0;
          else
            t = (v - lo) / (hi - lo);
          ShlColor c = shl_colormap_lookup (style->colormap, t);
          guint32 r = (guint32) lround (c.r * 255.0);
          guint32 g = (guint32) lround (c.g * 255.0);
          guint32 b = (guint32) lround (c.b * 255.0);
          px[i] = 0xff000000u | r << 16 | g << 8 | b;
        }
    }
  cairo_surface_mark_dirty (img);
  return img;
}

void
shl_colorbar_draw (ShlFrame *f)
{
  cairo_t *cr = f->cr;
  const ShlRect *b = &f->lay.colorbar;
  const ShlHeatmapStyle *hs = &f->cbar->hstyle;
  /* a vertical gradient, dense enough that sRGB interpolation between
   * stops is invisible; stays a vector shading in PDF/SVG */
  cairo_pattern_t *pat = cairo_pattern_create_linear (0.0, b->y + b->height,
                                                      0.0, b->y);
  const int n = 64;
  for (int k = 0; k <= n; k++)
    {
      double t = (double) k / n;
      ShlColor c = shl_colormap_lookup (hs->colormap, t);
      cairo_pattern_add_color_stop_rgb (pat, t, c.r, c.g, c.b);
    }
  cairo_save (cr);
  cairo_set_source (cr, pat);
  cairo_rectangle (cr, b->x, b->y, b->width, b->height);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_pattern_destroy (pat);
}
