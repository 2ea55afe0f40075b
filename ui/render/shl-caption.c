/* shl-caption.c: a slide's caption band (see shl-caption.h). */
#include "shl-caption.h"

#include <string.h>

#include "shl-export.h"
#include "shl-text.h"

/* sizes in user units at scale 1: large enough to read from the back of
 * a room on a projector, next to panels whose text is 11 to 13.5 */
#define TITLE_SIZE   20.0
#define LINE_SIZE    15.0
#define COUNTER_SIZE 13.0
#define PAD          12.0   /* around the text */
#define TITLE_GAP     4.0   /* between the title and the first line */
#define LINE_GAP      2.0   /* between lines */
#define COUNTER_GAP  24.0   /* between the title and the counter */

/* The fonts of a caption: ShlText's title, text and label fonts at the
 * caption's sizes. */
static ShlText *
caption_text (const ShlPlotStyle *style, gboolean hinting)
{
  ShlPlotStyle st = *style;
  double s = style->scale > 0 ? style->scale : 1.0;
  st.title_size = TITLE_SIZE * s;
  st.text_size = LINE_SIZE * s;
  st.label_size = COUNTER_SIZE * s;
  st.tick_size = COUNTER_SIZE * s;
  return shl_text_new (&st, hinting);
}

static PangoLayout *
plain_layout (ShlText *text, ShlFont font, const char *s, double width, gboolean bold)
{
  g_autofree char *escaped = shl_text_escape_plain (s);
  g_autofree char *markup = bold ? g_strdup_printf ("<b>%s</b>", escaped) : NULL;
  PangoLayout *l = shl_text_layout (text, font, markup ? markup : escaped);
  pango_layout_set_width (l, (int) (MAX (width, 1.0) * PANGO_SCALE));
  pango_layout_set_wrap (l, PANGO_WRAP_WORD_CHAR);
  return l;
}

/* The readout row ("name 0.005  ·  name ≤ 0.1") with each value bound
 * to the word before it by no-break spaces: a wrapped row never leaves a
 * number alone at the start of a line. */
static char *
glue_values (const char *row)
{
  g_auto (GStrv) parts = g_strsplit (row, "  ·  ", -1);
  for (int k = 0; parts[k]; k++)
    {
      GString *p = g_string_new (parts[k]);
      char *last = strrchr (p->str, ' ');
      if (last)
        {
          gssize at = last - p->str;
          g_string_erase (p, at, 1);
          g_string_insert (p, at, "\u00a0");
          /* "≤ value": the space before ≤ too */
          if (at >= 4 && strncmp (p->str + at - 3, "≤", 3) == 0 && p->str[at - 4] == ' ')
            {
              g_string_erase (p, at - 4, 1);
              g_string_insert (p, at - 4, "\u00a0");
            }
        }
      g_free (parts[k]);
      parts[k] = g_string_free (p, FALSE);
    }
  return g_strjoinv ("  ·  ", parts);
}

typedef struct {
  PangoLayout *title, *counter, *readouts;
  PangoLayout *lines[SHL_CAPTION_MAX_LINES];
  guint        n_lines;
  double       pad, title_gap, line_gap;
  double       height;
} Layout;

static void
layout_caption (Layout *lo, ShlText *text, const ShlCaption *c, const ShlPlotStyle *style,
                double width)
{
  double s = style->scale > 0 ? style->scale : 1.0;
  lo->pad = PAD * s;
  lo->title_gap = TITLE_GAP * s;
  lo->line_gap = LINE_GAP * s;
  double inner = width - 2 * lo->pad;
  double counter_w = 0;
  lo->counter = NULL;
  if ((c->counter && *c->counter) || (c->status && *c->status))
    {
      /* "step 3 000   ·   3 / 12" at the right; the title leaves room for
       * a status of up to eight digits */
      g_autofree char *right = g_strdup_printf ("%s%s%s", c->status ? c->status : "",
                                                c->status && c->counter ? "   ·   " : "",
                                                c->counter ? c->counter : "");
      g_autofree char *room = g_strdup_printf ("%s%s", c->status ? "step 88 888 888   ·   " : "",
                                               c->counter ? c->counter : "");
      lo->counter = plain_layout (text, SHL_FONT_LABEL, right, inner, FALSE);
      pango_layout_set_width (lo->counter, -1);
      PangoLayout *r = plain_layout (text, SHL_FONT_LABEL, room, inner, FALSE);
      pango_layout_set_width (r, -1);
      double w1, w2;
      shl_text_extents (lo->counter, &w1, NULL, NULL);
      shl_text_extents (r, &w2, NULL, NULL);
      g_object_unref (r);
      counter_w = MIN (MAX (w1, w2) + COUNTER_GAP * s, 0.5 * inner);
    }
  lo->title = plain_layout (text, SHL_FONT_TITLE, c->title, inner - counter_w, TRUE);
  double h;
  shl_text_extents (lo->title, NULL, &h, NULL);
  lo->height = lo->pad + h;
  lo->n_lines = MIN (c->n_lines, SHL_CAPTION_MAX_LINES);
  for (guint k = 0; k < lo->n_lines; k++)
    {
      lo->lines[k] = plain_layout (text, SHL_FONT_TEXT, c->lines[k], inner, FALSE);
      shl_text_extents (lo->lines[k], NULL, &h, NULL);
      lo->height += (k ? lo->line_gap : lo->title_gap) + h;
    }
  lo->readouts = NULL;
  if (c->readouts && *c->readouts)
    {
      g_autofree char *glued = glue_values (c->readouts);
      lo->readouts = plain_layout (text, SHL_FONT_LABEL, glued, inner, FALSE);
      shl_text_extents (lo->readouts, NULL, &h, NULL);
      lo->height += lo->title_gap + h;
    }
  lo->height += lo->pad;
}

static void
layout_clear (Layout *lo)
{
  g_clear_object (&lo->title);
  g_clear_object (&lo->counter);
  g_clear_object (&lo->readouts);
  for (guint k = 0; k < lo->n_lines; k++)
    g_clear_object (&lo->lines[k]);
}

char *
shl_caption_format_step (guint64 step)
{
  char digits[32];
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, step);
  GString *s = g_string_new ("step ");
  int len = (int) strlen (digits);
  for (int k = 0; k < len; k++)
    {
      if (k > 0 && (len - k) % 3 == 0)
        g_string_append (s, "\u2009");   /* THIN SPACE */
      g_string_append_c (s, digits[k]);
    }
  return g_string_free (s, FALSE);
}

double
shl_caption_height (const ShlCaption *c, const ShlPlotStyle *style, double width)
{
  g_return_val_if_fail (c != NULL && style != NULL, 0);
  g_autoptr (ShlText) text = caption_text (style, FALSE);
  Layout lo = { 0 };
  layout_caption (&lo, text, c, style, width);
  double h = lo.height;
  layout_clear (&lo);
  return h;
}

void
shl_caption_draw (cairo_t *cr, const ShlCaption *c, const ShlPlotStyle *style,
                  const ShlRect *area)
{
  g_return_if_fail (cr != NULL && c != NULL && style != NULL && area != NULL);
  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  if (style->background.a > 0 && !shl_render_is_transparent (cr))
    {
      shl_color_set_source (style->background, cr);
      cairo_paint (cr);
    }
  g_autoptr (ShlText) text = caption_text (style, style->hinting);
  Layout lo = { 0 };
  layout_caption (&lo, text, c, style, area->width);
  double s = style->scale > 0 ? style->scale : 1.0;

  /* a rule under the band, in the plots' grid colour */
  shl_color_set_source (style->grid, cr);
  cairo_set_line_width (cr, MAX (1.0, style->axis_width * s));
  double ry = area->y + area->height - 0.5 * MAX (1.0, style->axis_width * s);
  cairo_move_to (cr, area->x, ry);
  cairo_line_to (cr, area->x + area->width, ry);
  cairo_stroke (cr);

  double x = area->x + lo.pad, y = area->y + lo.pad;
  shl_color_set_source (style->foreground, cr);
  shl_text_show (cr, lo.title, x, y);
  double title_h;
  shl_text_extents (lo.title, NULL, &title_h, NULL);
  if (lo.counter)
    {
      /* dimmer, on the title's first baseline, at the right */
      double w, base;
      shl_text_extents (lo.counter, &w, NULL, &base);
      shl_color_set_source (shl_color_mix (style->foreground, style->background, 0.45), cr);
      shl_text_show (cr, lo.counter, area->x + area->width - lo.pad - w,
                     y + pango_layout_get_baseline (lo.title) / (double) PANGO_SCALE - base);
    }
  y += title_h;
  shl_color_set_source (shl_color_mix (style->foreground, style->background, 0.12), cr);
  for (guint k = 0; k < lo.n_lines; k++)
    {
      y += k ? lo.line_gap : lo.title_gap;
      shl_text_show (cr, lo.lines[k], x, y);
      double h;
      shl_text_extents (lo.lines[k], NULL, &h, NULL);
      y += h;
    }
  if (lo.readouts)
    {
      /* in the status' colour, under the lines */
      y += lo.title_gap;
      shl_color_set_source (shl_color_mix (style->foreground, style->background, 0.3), cr);
      shl_text_show (cr, lo.readouts, x, y);
    }
  layout_clear (&lo);
  cairo_restore (cr);
}
