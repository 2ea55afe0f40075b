/* shl-figure-spec.c: reading a figure spec (shl-figure-spec.h). */
#include "shl-figure-spec.h"

#include <math.h>
#include <string.h>

/* the engine's JSON reader: messages with the file, line and column */
#include "shl-io-private.h"
#include "shl-panels.h"
#include "shl-text.h"
#include "shl-ticks.h"

#define SPEC_FORMAT "shallows-figure"
#define SPEC_VERSION 1

static const ShlName preset_entries[] = {
  { SHL_FIGURE_PRESET_NEURIPS, "neurips", "NeurIPS (5.5 in text width)" },
  { SHL_FIGURE_PRESET_ICML, "icml", "ICML (3.25 in column)" },
  { SHL_FIGURE_PRESET_ICML_WIDE, "icml-wide", "ICML (6.75 in text width)" },
};
const ShlNameTable shl_figure_preset_names = SHL_NAME_TABLE ("preset", preset_entries);

static const ShlName style_entries[] = {
  { SHL_STYLE_PAPER, "paper", "Paper (white, print line widths, serif)" },
  { SHL_STYLE_SCREEN_LIGHT, "screen", "Screen" },
};
const ShlNameTable shl_figure_style_names = SHL_NAME_TABLE ("style", style_entries);

static const ShlName legend_entries[] = {
  { SHL_LEGEND_AUTO, "auto", "In the corner with no data under it, else outside" },
  { SHL_LEGEND_OUTSIDE, "outside", "Outside the plot area" },
  { SHL_LEGEND_TOP_LEFT, "top-left", "Top left" },
  { SHL_LEGEND_TOP_RIGHT, "top-right", "Top right" },
  { SHL_LEGEND_BOTTOM_LEFT, "bottom-left", "Bottom left" },
  { SHL_LEGEND_BOTTOM_RIGHT, "bottom-right", "Bottom right" },
  { SHL_LEGEND_NONE, "off", "No legends" },
};
const ShlNameTable shl_figure_legend_names = SHL_NAME_TABLE ("legend", legend_entries);

static const ShlName font_entries[] = {
  { SHL_FONT_FAMILY_DEJAVU, "dejavu", "DejaVu Serif (paper) or Sans (screen)" },
  { SHL_FONT_FAMILY_TERMES, "termes", "TeX Gyre Termes (Times)" },
  { SHL_FONT_FAMILY_CM, "cm", "Computer Modern (CMU Serif)" },
};
const ShlNameTable shl_figure_font_names = SHL_NAME_TABLE ("font", font_entries);

static const ShlName steps_entries[] = {
  { SHL_STEP_AXIS_AUTO, "auto", "Logarithmic beyond two decades of steps" },
  { SHL_STEP_AXIS_LINEAR, "linear", "Linear" },
  { SHL_STEP_AXIS_LOG, "log", "Logarithmic" },
};
const ShlNameTable shl_figure_steps_names = SHL_NAME_TABLE ("loss-steps", steps_entries);

static const ShlName colormap_entries[] = {
  { SHL_COLORMAP_COOLWARM, "coolwarm", "Blue-grey-red (Moreland's cool-warm)" },
  { SHL_COLORMAP_BLUEGOLD, "bluegold",
    "Blue-grey-gold, greyscale-safe: dark below zero, light above" },
};
const ShlNameTable shl_figure_colormap_names = SHL_NAME_TABLE ("colormap", colormap_entries);

static const ShlName letter_entries[] = {
  { SHL_LETTER_TOP_LEFT, "top-left", "At the top left, on the title's row" },
  { SHL_LETTER_TITLE, "title", "Before the title" },
};
const ShlNameTable shl_figure_letter_names = SHL_NAME_TABLE ("letters", letter_entries);

/* the options' field of a series; NULL for "neurons" (show_neurons) and
 * for an unknown name */
static gboolean *
series_hide_field (ShlFigureOptions *o, const char *name)
{
  return g_str_equal (name, "kinks")    ? &o->hide_kinks
         : g_str_equal (name, "data")   ? &o->hide_data
         : g_str_equal (name, "target") ? &o->hide_target
         : g_str_equal (name, "twin")   ? &o->hide_twin
                                        : NULL;
}

gboolean
shl_figure_series_known (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);
  ShlFigureOptions o;
  shl_figure_options_init (&o);
  return shl_figure_set_series (&o, name, TRUE);
}

gboolean
shl_figure_set_series (ShlFigureOptions *o, const char *name, gboolean on)
{
  g_return_val_if_fail (o != NULL && name != NULL, FALSE);
  gboolean *hide = series_hide_field (o, name);
  if (hide)
    *hide = !on;
  else if (g_str_equal (name, "neurons"))
    o->show_neurons = on;
  else
    return FALSE;
  return TRUE;
}

double
shl_figure_preset_apply (ShlFigurePreset preset, ShlFigureOptions *o)
{
  g_return_val_if_fail (o != NULL, 0.0);
  o->preset = SHL_STYLE_PAPER;
  o->font = SHL_FONT_FAMILY_TERMES;   /* both journals set Times */
  switch (preset)
    {
    case SHL_FIGURE_PRESET_NEURIPS:
      o->font_size = 9.0;
      return 5.5 * 72.0;
    case SHL_FIGURE_PRESET_ICML:
      o->font_size = 8.0;
      return 3.25 * 72.0;
    case SHL_FIGURE_PRESET_ICML_WIDE:
    default:
      o->font_size = 8.0;
      return 6.75 * 72.0;
    }
}

/* ------------------------------------------------------------ reading */

typedef struct {
  const char    *name;    /* the file, for messages */
  ShlFigureSpec *spec;
  GError       **error;
} Reader;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Reader *r, const char *path, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (r->error, SHL_ERROR, SHL_ERROR_FORMAT, "%s: %s: %s", r->name, path, msg);
  return FALSE;
}

static const char *
own (Reader *r, const char *s)
{
  char *copy = g_strdup (s);
  g_ptr_array_add (r->spec->owned_, copy);
  return copy;
}

static gboolean
read_string (Reader *r, JsonNode *n, const char *path, const char **out)
{
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return fail (r, path, "expected a string, found %s", shl_json_node_kind (n));
  /* every string is markup with $math$: a TeX command it cannot set is
   * named, not drawn as written */
  g_autofree char *unknown = shl_text_math_check (json_node_get_string (n));
  if (unknown)
    return fail (r, path, "%s is not a TeX command Shallows sets (Greek letters, \\infty, "
                          "\\partial, \\|, \\le, \\sin, \\mathrm{...}, ...: see the "
                          "README's \"Math in labels\")", unknown);
  *out = own (r, json_node_get_string (n));
  return TRUE;
}

static gboolean
read_bool (Reader *r, JsonNode *n, const char *path, gboolean *out)
{
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return fail (r, path, "expected true or false, found %s", shl_json_node_kind (n));
  *out = json_node_get_boolean (n);
  return TRUE;
}

static gboolean
read_number (Reader *r, JsonNode *n, const char *path, double lo, double hi, double *out)
{
  g_autofree char *why = shl_json_node_to_double (n, out);
  if (why)
    return fail (r, path, "%s", why);
  if (!(*out >= lo && *out <= hi))
    return fail (r, path, "expected a number from %g to %g, found %g", lo, hi, *out);
  return TRUE;
}

static gboolean
read_int (Reader *r, JsonNode *n, const char *path, int lo, int hi, int *out)
{
  gint64 v;
  if (!shl_json_node_to_int (n, &v))
    return fail (r, path, "expected a whole number, found %s", shl_json_int_kind (n));
  if (v < lo || v > hi)
    return fail (r, path, "expected a whole number from %d to %d, found %" G_GINT64_FORMAT,
                 lo, hi, v);
  *out = (int) v;
  return TRUE;
}

static gboolean
read_name (Reader *r, JsonNode *n, const char *path, const ShlNameTable *table, int *out)
{
  char list[256];
  shl_name_list (table, list, sizeof list);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return fail (r, path, "expected %s, found %s", list, shl_json_node_kind (n));
  if (!shl_name_lookup (table, json_node_get_string (n), out))
    {
      g_autofree char *q = shl_io_quote_text (json_node_get_string (n), -1);
      return fail (r, path, "expected %s, found %s", list, q);
    }
  return TRUE;
}

/* [lo, hi], finite, lo < hi */
static gboolean
read_range (Reader *r, JsonNode *n, const char *path, double *out)
{
  JsonArray *a = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
  if (!a || json_array_get_length (a) != 2)
    return fail (r, path, "expected [lo, hi], found %s",
                 a ? "an array whose length is not 2" : shl_json_node_kind (n));
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *why = shl_json_node_to_double (json_array_get_element (a, k), &out[k]);
      g_autofree char *p = g_strdup_printf ("%s[%u]", path, k);
      if (why)
        return fail (r, p, "%s", why);
    }
  if (!(out[0] < out[1]))
    return fail (r, path, "expected lo < hi, found [%g, %g]", out[0], out[1]);
  return TRUE;
}

/* a tick count, or the tick values */
static gboolean
read_ticks (Reader *r, JsonNode *n, const char *path, ShlAxisOverride *ax)
{
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return read_int (r, n, path, 2, SHL_TICKS_MAX, &ax->n_ticks);
  JsonArray *a = json_node_get_array (n);
  guint len = json_array_get_length (a);
  if (len < 1 || len > SHL_TICKS_MAX)
    return fail (r, path, "expected 1 to %d tick values, found %u", SHL_TICKS_MAX, len);
  double *v = g_new (double, len);
  g_ptr_array_add (r->spec->owned_, v);
  for (guint k = 0; k < len; k++)
    {
      g_autofree char *why = shl_json_node_to_double (json_array_get_element (a, k), &v[k]);
      g_autofree char *p = g_strdup_printf ("%s[%u]", path, k);
      if (why)
        return fail (r, p, "%s", why);
    }
  ax->ticks = v;
  ax->n_explicit = (int) len;
  return TRUE;
}

/* One plot's axes: x, y, x_label, y_label, x_ticks, y_ticks; FALSE with
 * *known FALSE: not an axis field. */
static gboolean
read_axis_field (Reader *r, const char *key, JsonNode *n, const char *path,
                 ShlPlotOverrides *ov, gboolean *known)
{
  *known = TRUE;
  int a = key[0] == 'x' ? SHL_AXIS_X : key[0] == 'y' ? SHL_AXIS_Y : -1;
  if (a >= 0 && key[1] == '\0')
    {
      double range[2];
      if (!read_range (r, n, path, range))
        return FALSE;
      ov->axis[a].lo = range[0], ov->axis[a].hi = range[1];
      return TRUE;
    }
  if (a >= 0 && g_str_equal (key + 1, "_label"))
    return read_string (r, n, path, &ov->axis[a].label);
  if (a >= 0 && g_str_equal (key + 1, "_ticks"))
    return read_ticks (r, n, path, &ov->axis[a]);
  *known = FALSE;
  return FALSE;
}

static gboolean read_loss_fields (Reader *r, JsonNode *n, const char *path,
                                  ShlPlotOverrides *ov);

/* the training loss's axes (a trajectory's "loss") */
static gboolean
read_loss (Reader *r, JsonNode *n, const char *path, ShlPlotOverrides *ov)
{
  gboolean ok = read_loss_fields (r, n, path, ov);
  /* the loss axis is logarithmic */
  if (ok && !isnan (ov->axis[SHL_AXIS_Y].lo) && !(ov->axis[SHL_AXIS_Y].lo > 0))
    {
      g_autofree char *p = g_strdup_printf ("%s.y", path);
      return fail (r, p, "expected lo > 0 (the loss axis is logarithmic), found %g",
                   ov->axis[SHL_AXIS_Y].lo);
    }
  return ok;
}

static gboolean
read_loss_fields (Reader *r, JsonNode *n, const char *path, ShlPlotOverrides *ov)
{
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (r, path, "expected an object, found %s", shl_json_node_kind (n));
  JsonObjectIter it;
  const char *key;
  JsonNode *m;
  json_object_iter_init (&it, json_node_get_object (n));
  while (json_object_iter_next (&it, &key, &m))
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      gboolean known;
      if (!read_axis_field (r, key, m, p, ov, &known))
        return known ? FALSE
                     : fail (r, p, "unknown field (expected x, y, x_label, y_label, x_ticks "
                                   "or y_ticks)");
    }
  return TRUE;
}

/* A panel's object: title, letter, the axis fields, colorbar_label and
 * color_range (2-D heat maps), loss (the trajectory's loss plot). */
static gboolean
read_panel (Reader *r, ShlPanelKind kind, JsonNode *n, const char *path)
{
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (r, path, "expected an object, found %s", shl_json_node_kind (n));
  ShlFigureOptions *o = &r->spec->options;
  ShlPlotOverrides *ov = r->spec->overrides_[kind];
  gboolean heat = kind != SHL_PANEL_TRAJECTORY;
  JsonObjectIter it;
  const char *key;
  JsonNode *m;
  json_object_iter_init (&it, json_node_get_object (n));
  while (json_object_iter_next (&it, &key, &m))
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      gboolean known;
      if (read_axis_field (r, key, m, p, &ov[0], &known))
        continue;
      if (known)
        return FALSE;
      gboolean ok;
      if (g_str_equal (key, "title"))
        ok = read_string (r, m, p, &o->panel_titles[kind]);
      else if (g_str_equal (key, "letter"))
        ok = read_string (r, m, p, &ov[0].letter);
      else if (heat && g_str_equal (key, "colorbar_label"))
        ok = read_string (r, m, p, &ov[0].colorbar_label);
      else if (heat && g_str_equal (key, "color_range"))
        {
          ok = read_range (r, m, p, o->color_range[kind]);
          /* the loss slice's scale is logarithmic unless the session
           * says linear: a range for both is positive */
          if (ok && kind == SHL_PANEL_LANDSCAPE && !(o->color_range[kind][0] > 0))
            ok = fail (r, p, "expected lo > 0 (the loss slice's colour scale may be "
                             "logarithmic), found %g", o->color_range[kind][0]);
        }
      else if (!heat && g_str_equal (key, "loss"))
        ok = read_loss (r, m, p, &ov[1]);
      else
        ok = fail (r, p, "unknown field (expected title, letter, x, y, x_label, y_label, "
                         "x_ticks, y_ticks%s)",
                   heat ? ", colorbar_label or color_range" : " or loss");
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* "panels": ["realization", ...], each at most once */
static gboolean
read_panels (Reader *r, JsonNode *n)
{
  ShlFigureOptions *o = &r->spec->options;
  JsonArray *a = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
  if (!a)
    return fail (r, "panels", "expected an array of panel names, found %s",
                 shl_json_node_kind (n));
  guint len = json_array_get_length (a);
  if (len < 1 || len > SHL_N_PANELS)
    return fail (r, "panels", "expected 1 to 4 panels, found %u", len);
  for (guint k = 0; k < len; k++)
    {
      JsonNode *e = json_array_get_element (a, k);
      g_autofree char *p = g_strdup_printf ("panels[%u]", k);
      ShlPanelKind kind;
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING
          || !shl_panel_from_id (json_node_get_string (e), &kind))
        return fail (r, p, "expected realization, derivative, landscape or trajectory");
      for (guint j = 0; j < k; j++)
        if (o->panels[j] == (int) kind)
          return fail (r, p, "%s is named twice", shl_panel_id (kind));
      o->panels[k] = (int) kind;
    }
  o->n_panels = (int) len;
  if (len == 1)
    o->panel = o->panels[0], o->n_panels = 0;
  return TRUE;
}

static gboolean
read_series (Reader *r, JsonNode *n)
{
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (r, "series", "expected an object, found %s", shl_json_node_kind (n));
  ShlFigureOptions *o = &r->spec->options;
  JsonObjectIter it;
  const char *key;
  JsonNode *m;
  json_object_iter_init (&it, json_node_get_object (n));
  while (json_object_iter_next (&it, &key, &m))
    {
      g_autofree char *p = g_strdup_printf ("series.%s", key);
      gboolean on;
      if (!shl_figure_series_known (key))
        return fail (r, p, "unknown series (expected data, target, kinks, twin or neurons)");
      if (!read_bool (r, m, p, &on))
        return FALSE;
      shl_figure_set_series (o, key, on);
    }
  return TRUE;
}

/* "letters": true, false or a placement */
static gboolean
read_letters (Reader *r, JsonNode *n)
{
  ShlFigureOptions *o = &r->spec->options;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    {
      o->letters = json_node_get_boolean (n);
      return TRUE;
    }
  int pos;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
      || !shl_name_lookup (&shl_figure_letter_names, json_node_get_string (n), &pos))
    return fail (r, "letters", "expected true, false, \"top-left\" or \"title\"");
  o->letters = TRUE;
  o->letter_pos = (ShlLetterPos) pos;
  return TRUE;
}

/* format, version and preset first: the other fields override the
 * preset's, whatever their order in the file */
static gboolean
read_header (Reader *r, JsonObject *root)
{
  JsonNode *n;
  const char *s;
  int v;
  if ((n = json_object_get_member (root, "format")))
    {
      if (!read_string (r, n, "format", &s))
        return FALSE;
      if (!g_str_equal (s, SPEC_FORMAT))
        return fail (r, "format", "expected \"" SPEC_FORMAT "\" (this is not a figure spec)");
    }
  if ((n = json_object_get_member (root, "version")))
    {
      if (!read_int (r, n, "version", 1, G_MAXINT, &v))
        return FALSE;
      if (v > SPEC_VERSION)
        {
          g_set_error (r->error, SHL_ERROR, SHL_ERROR_VERSION,
                       "%s: version: %d is newer than this Shallows reads (%d)", r->name, v,
                       SPEC_VERSION);
          return FALSE;
        }
    }
  if ((n = json_object_get_member (root, "preset")))
    {
      if (!read_name (r, n, "preset", &shl_figure_preset_names, &v))
        return FALSE;
      r->spec->width_pt = shl_figure_preset_apply ((ShlFigurePreset) v, &r->spec->options);
    }
  return TRUE;
}

/* the top level's fields other than the header's */
static gboolean
read_field (Reader *r, const char *key, JsonNode *n)
{
  ShlFigureOptions *o = &r->spec->options;
  ShlPanelKind kind;
  int v;
  if (g_str_equal (key, "format") || g_str_equal (key, "version") || g_str_equal (key, "preset"))
    return TRUE;
  if (shl_panel_from_id (key, &kind))
    return read_panel (r, kind, n, key);
#define NAME_FIELD(field, table, dest, type) \
  if (g_str_equal (key, field)) \
    { \
      if (!read_name (r, n, field, table, &v)) \
        return FALSE; \
      dest = (type) v; \
      return TRUE; \
    }
  NAME_FIELD ("style", &shl_figure_style_names, o->preset, ShlStylePreset)
  NAME_FIELD ("font", &shl_figure_font_names, o->font, ShlFontFamily)
  NAME_FIELD ("legend", &shl_figure_legend_names, o->legend, ShlLegendPos)
  NAME_FIELD ("loss_steps", &shl_figure_steps_names, o->loss_steps, ShlStepAxis)
  NAME_FIELD ("colormap", &shl_figure_colormap_names, o->diverging_map, ShlColormap)
#undef NAME_FIELD
  if (g_str_equal (key, "width_pt"))
    return read_number (r, n, key, 10, 10000, &r->spec->width_pt);
  if (g_str_equal (key, "height_pt"))
    return read_number (r, n, key, 10, 10000, &r->spec->height_pt);
  if (g_str_equal (key, "font_size"))
    return read_number (r, n, key, 4, 36, &o->font_size);
  if (g_str_equal (key, "titles"))
    return read_bool (r, n, key, &o->titles);
  if (g_str_equal (key, "title"))
    return read_string (r, n, key, &o->title);
  if (g_str_equal (key, "letters"))
    return read_letters (r, n);
  if (g_str_equal (key, "panels"))
    return read_panels (r, n);
  if (g_str_equal (key, "columns"))
    return read_int (r, n, key, 1, SHL_N_PANELS, &o->columns);
  if (g_str_equal (key, "series"))
    return read_series (r, n);
  return fail (r, key, "unknown field (see the README's \"Figure spec (JSON)\")");
}

ShlFigureSpec *
shl_figure_spec_from_json (const char *text, gssize len, const char *name, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!name)
    name = "<spec>";
  g_autoptr (JsonParser) parser = shl_json_parse_text (text, len, name, error);
  if (!parser)
    return NULL;
  JsonNode *root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT, "%s: expected a JSON object, found %s",
                   name, shl_json_node_kind (root));
      return NULL;
    }
  ShlFigureSpec *spec = g_new0 (ShlFigureSpec, 1);
  spec->owned_ = g_ptr_array_new_with_free_func (g_free);
  spec->width_pt = spec->height_pt = NAN;
  shl_figure_options_init (&spec->options);
  for (int k = 0; k < SHL_N_PANELS; k++)
    for (int j = 0; j < 2; j++)
      shl_plot_overrides_init (&spec->overrides_[k][j]);
  Reader r = { name, spec, error };
  JsonObject *obj = json_node_get_object (root);
  gboolean ok = read_header (&r, obj);
  JsonObjectIter it;
  const char *key;
  JsonNode *n;
  json_object_iter_init (&it, obj);
  while (ok && json_object_iter_next (&it, &key, &n))
    ok = read_field (&r, key, n);
  if (!ok)
    {
      shl_figure_spec_free (spec);
      return NULL;
    }
  /* the panels' changes, where a panel has any */
  for (int k = 0; k < SHL_N_PANELS; k++)
    for (int j = 0; j < 2; j++)
      {
        const ShlPlotOverrides *ov = &spec->overrides_[k][j];
        gboolean any = ov->letter || ov->colorbar_label;
        for (int a = 0; a < 2; a++)
          any = any || ov->axis[a].label || !isnan (ov->axis[a].lo) || ov->axis[a].n_ticks
                || ov->axis[a].n_explicit;
        spec->options.overrides[k][j] = any ? ov : NULL;
      }
  return spec;
}

ShlFigureSpec *
shl_figure_spec_load (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  gsize len;
  g_autofree char *text = shl_io_read_file (path, &len, error);
  if (!text)
    return NULL;
  return shl_figure_spec_from_json (text, (gssize) len, path, error);
}

void
shl_figure_spec_free (ShlFigureSpec *spec)
{
  if (!spec)
    return;
  g_ptr_array_unref (spec->owned_);
  g_free (spec);
}
