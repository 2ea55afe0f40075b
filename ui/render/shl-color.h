/* shl-color.h: colours, colour maps and the categorical palette.
 *
 * Colour maps take t in [0, 1] (clamped; NaN gives a fully transparent
 * colour) and are perceptually uniform:
 *   - SHL_COLORMAP_VIRIDIS: sequential, the standard 256-entry matplotlib
 *     table (CC0, van der Walt, Smith & Firing), linearly interpolated;
 *     CIE L* rises monotonically from 0 to 1.
 *   - SHL_COLORMAP_COOLWARM: diverging blue-grey-red, Moreland's
 *     "cool-warm" computed by Msh interpolation (2009); L* rises to 0.5
 *     and falls symmetrically after it.
 *   - SHL_COLORMAP_BLUEGOLD: diverging blue-grey-gold that survives
 *     greyscale printing: L* rises linearly from 30 to 92 (negative
 *     values dark, zero mid-grey, positive light), hue tells the sign in
 *     colour.
 * The palette is Okabe-Ito without black (colour-blind safe), cycling. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Straight (not premultiplied) sRGB components in [0, 1]. */
typedef struct {
  double r, g, b, a;
} ShlColor;

typedef enum {
  SHL_COLORMAP_VIRIDIS,
  SHL_COLORMAP_COOLWARM,
  SHL_COLORMAP_BLUEGOLD,
} ShlColormap;

#define SHL_PALETTE_SIZE 7

/* 0xRRGGBB, opaque. */
ShlColor  shl_color_rgb            (guint32 rgb);
ShlColor  shl_color_with_alpha     (ShlColor color, double alpha);
/* Linear blend in sRGB: t = 0 gives a, t = 1 gives b. */
ShlColor  shl_color_mix            (ShlColor a, ShlColor b, double t);
/* CIE L* (D65) of the colour, 0 (black) .. 100 (white); alpha ignored. */
double    shl_color_lightness      (ShlColor color);
void      shl_color_set_source     (ShlColor color, cairo_t *cr);

ShlColor  shl_colormap_lookup      (ShlColormap map, double t);
gboolean  shl_colormap_is_diverging (ShlColormap map);
const char *shl_colormap_name      (ShlColormap map);
/* Fills colors (n) with the map at (v - vmin) / (vmax - vmin); with
 * log_scale the fraction is taken on log10 (non-positive v is clamped to
 * vmin). For per-point scatter colours. */
void      shl_colormap_map_values  (ShlColor *colors, ShlColormap map,
                                    const double *v, double vmin,
                                    double vmax, gboolean log_scale, int n);

/* Okabe-Ito: blue, vermillion, bluish green, reddish purple, orange,
 * sky blue, yellow; i wraps around (negative i too). */
ShlColor  shl_palette              (int i);

G_END_DECLS
