/* shl-plot-style.c: the three style presets. */
#include "shl-plot-style.h"

#include <string.h>

void
shl_plot_style_set_font (ShlPlotStyle *style, const char *family)
{
  g_return_if_fail (style != NULL && family != NULL);
  g_strlcpy (style->font_family, family, sizeof style->font_family);
}

void
shl_plot_style_set_font_family (ShlPlotStyle *style, ShlFontFamily family)
{
  g_return_if_fail (style != NULL);
  switch (family)
    {
    case SHL_FONT_FAMILY_TERMES:
      shl_plot_style_set_font (style, "TeX Gyre Termes, TeX Gyre Termes Math, DejaVu Serif, serif");
      break;
    case SHL_FONT_FAMILY_CM:
      shl_plot_style_set_font (style, "CMU Serif, Latin Modern Math, DejaVu Serif, serif");
      break;
    case SHL_FONT_FAMILY_DEJAVU:
    default:
      shl_plot_style_set_font (style, strstr (style->font_family, "Sans")
                                          ? "DejaVu Sans, sans-serif"
                                          : "DejaVu Serif, serif");
      break;
    }
}

/* The font and sizes both screen styles use. */
static void
set_screen_sizes (ShlPlotStyle *style)
{
  shl_plot_style_set_font (style, "DejaVu Sans, sans-serif");
  style->title_size = 13.5;
  style->label_size = 12.5;
  style->tick_size = 11.0;
  style->text_size = 11.0;
  style->line_width = 1.75;
  style->axis_width = 1.0;
  style->grid_width = 1.0;
  style->tick_length = 5.0;
  style->marker_size = 6.5;
  style->pad = 5.0;
}

void
shl_plot_style_init (ShlPlotStyle *style, ShlStylePreset preset)
{
  g_return_if_fail (style != NULL);
  memset (style, 0, sizeof *style);
  style->scale = 1.0;
  style->legend = SHL_LEGEND_AUTO;
  style->titles = TRUE;
  style->pixel_snap = TRUE;
  style->grid_lines = TRUE;

  switch (preset)
    {
    case SHL_STYLE_PAPER:
      shl_plot_style_set_font (style, "DejaVu Serif, serif");
      style->title_size = 9.0;
      style->label_size = 8.5;
      style->tick_size = 7.5;
      style->text_size = 7.5;
      style->line_width = 1.0;
      style->axis_width = 0.6;
      style->grid_width = 0.4;
      style->tick_length = 3.0;
      style->marker_size = 3.6;
      style->pad = 3.0;
      style->background = shl_color_rgb (0xffffff);
      style->foreground = shl_color_rgb (0x000000);
      style->grid = shl_color_rgb (0xe3e3e3);
      style->legend_background = shl_color_with_alpha (style->background,
                                                       0.9);
      style->legend_border = shl_color_rgb (0xcccccc);
      style->grid_lines = FALSE;
      break;

    case SHL_STYLE_SCREEN_DARK:
      set_screen_sizes (style);
      style->background = shl_color_rgb (0x1e1e1e);
      style->foreground = shl_color_rgb (0xdeddda);
      style->grid = shl_color_rgb (0x333333);
      style->legend_background = shl_color_with_alpha (style->background,
                                                       0.88);
      style->legend_border = shl_color_rgb (0x4a4a4a);
      break;

    case SHL_STYLE_SCREEN_LIGHT:
    default:
      set_screen_sizes (style);
      style->background = shl_color_rgb (0xffffff);
      style->foreground = shl_color_rgb (0x262626);
      style->grid = shl_color_rgb (0xebebeb);
      style->legend_background = shl_color_with_alpha (style->background,
                                                       0.88);
      style->legend_border = shl_color_rgb (0xd0d0d0);
      break;
    }
}

ShlColor
shl_plot_style_series_color (const ShlPlotStyle *style, int i)
{
  ShlColor c = shl_palette (i);
  int k = ((i % SHL_PALETTE_SIZE) + SHL_PALETTE_SIZE) % SHL_PALETTE_SIZE;
  /* On a dark background the deep blue is too dim: lift its lightness.
   * On white (paper, a light screen) the yellow is (L* 89, nearly white
   * in a grey print): a dark yellow instead (L* 64) */
  if (style && shl_color_lightness (style->background) < 50.0)
    {
      if (k == 0)
        c = shl_color_rgb (0x3d9be0);
    }
  else if (k == 6)
    c = shl_color_rgb (0xb09a00);
  return c;
}
