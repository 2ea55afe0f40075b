/* shl-text.c: Pango context and layouts for the plots. */
#include "shl-text.h"

#include "shl-plot-record.h"

#include <string.h>

ShlText *
shl_text_new (const ShlPlotStyle *style, gboolean hinting)
{
  ShlText *text = g_new0 (ShlText, 1);
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  text->context = pango_font_map_create_context (map);
  pango_cairo_context_set_resolution (text->context, 72.0);

  cairo_font_options_t *fo = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, hinting ? CAIRO_HINT_STYLE_SLIGHT
                                                 : CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (text->context, fo);
  cairo_font_options_destroy (fo);
  pango_context_set_round_glyph_positions (text->context, FALSE);

  const double sizes[SHL_N_FONTS] = {
    style->title_size, style->label_size, style->tick_size, style->text_size,
  };
  for (int f = 0; f < SHL_N_FONTS; f++)
    {
      PangoFontDescription *d = pango_font_description_new ();
      pango_font_description_set_family (d, style->font_family);
      pango_font_description_set_absolute_size (
          d, MAX (1.0, sizes[f]) * PANGO_SCALE);
      text->fonts[f] = d;

      PangoLayout *l = shl_text_layout (text, f, "0");
      PangoRectangle ink;
      pango_layout_get_extents (l, &ink, NULL);
      double base = pango_layout_get_baseline (l) / (double) PANGO_SCALE;
      text->digit_top[f] = ink.y / (double) PANGO_SCALE - base;
      g_object_unref (l);
    }
  return text;
}

void
shl_text_free (ShlText *text)
{
  if (!text)
    return;
  for (int f = 0; f < SHL_N_FONTS; f++)
    if (text->fonts[f])
      pango_font_description_free (text->fonts[f]);
  g_clear_object (&text->context);
  g_free (text);
}

/* Pango 1.50 implements <sub>/<sup> with font_scale, which sizes the
 * glyphs in device space: under a scaled cairo_t (PNG export at 200 dpi)
 * a subscript comes out several times too large. Rewrite them as an
 * explicit size and rise relative to the layout's font instead. */
static char *
rewrite_sub_sup (const char *markup, int font_size)
{
  if (!strstr (markup, "<sub>") && !strstr (markup, "<sup>"))
    return NULL;
  GString *s = g_string_new (markup);
  char *sup = g_strdup_printf ("<span size=\"%d\" rise=\"%d\">",
                               (int) (0.7 * font_size),
                               (int) (0.38 * font_size));
  char *sub = g_strdup_printf ("<span size=\"%d\" rise=\"%d\">",
                               (int) (0.7 * font_size),
                               (int) (-0.16 * font_size));
  g_string_replace (s, "<sup>", sup, 0);
  g_string_replace (s, "<sub>", sub, 0);
  g_string_replace (s, "</sup>", "</span>", 0);
  g_string_replace (s, "</sub>", "</span>", 0);
  g_free (sup);
  g_free (sub);
  return g_string_free (s, FALSE);
}

PangoLayout *
shl_text_layout (ShlText *text, ShlFont font, const char *markup)
{
  PangoLayout *layout = pango_layout_new (text->context);
  pango_layout_set_font_description (layout, text->fonts[font]);
  if (!markup)
    markup = "";
  PangoAttrList *attrs = NULL;
  char *plain = NULL;
  g_autofree char *rewritten = rewrite_sub_sup (
      markup, pango_font_description_get_size (text->fonts[font]));
  if (pango_parse_markup (rewritten ? rewritten : markup, -1, 0, &attrs,
                          &plain, NULL, NULL))
    {
      pango_layout_set_text (layout, plain, -1);
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      g_free (plain);
    }
  else
    pango_layout_set_text (layout, markup, -1);
  return layout;
}

void
shl_text_extents (PangoLayout *layout, double *width, double *height,
                  double *baseline)
{
  PangoRectangle logical;
  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = logical.width / (double) PANGO_SCALE;
  if (height)
    *height = logical.height / (double) PANGO_SCALE;
  if (baseline)
    *baseline = pango_layout_get_baseline (layout) / (double) PANGO_SCALE;
}

void
shl_text_show (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  ShlPlotRecord *rec = shl_plot_record_get (cr);
  if (rec)
    {
      PangoRectangle ink, logical;
      pango_layout_get_extents (layout, &ink, &logical);
      const double u = 1.0 / PANGO_SCALE;
      double x0 = logical.x * u, y0 = logical.y * u;
      double x1 = (logical.x + logical.width) * u, y1 = (logical.y + logical.height) * u;
      if (ink.width > 0 && ink.height > 0)
        {
          x0 = MIN (x0, ink.x * u), y0 = MIN (y0, ink.y * u);
          x1 = MAX (x1, (ink.x + ink.width) * u), y1 = MAX (y1, (ink.y + ink.height) * u);
        }
      ShlRect r = { x + x0, y + y0, x1 - x0, y1 - y0 };
      shl_plot_record_add (rec, cr, SHL_BOX_TEXT, shl_plot_record_current_plot (rec), &r,
                           pango_layout_get_text (layout));
      if (shl_plot_record_get_paint (rec) == SHL_RECORD_PAINT_DATA)
        return;
    }
  cairo_move_to (cr, x, y);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
}
