/* shl-figure-spec-write.c: writing a figure spec (shl-figure-spec.h),
 * what the app's Export Figure dialog saves.
 *
 * The text is written by hand rather than by JsonGenerator so that it
 * reads well (a range on one line: "x": [-1, 1]) and is the same bytes
 * for the same options: fields in a fixed order, numbers as the engine
 * writes them (the shortest text that reads back to the same double). */
#include "shl-figure-spec.h"

#include <math.h>

#include "shl-io-private.h"
#include "shl-panels.h"

#define SPEC_FORMAT "shallows-figure"
#define SPEC_VERSION 1

typedef struct {
  GString *s;
  int      depth;   /* of the object being written */
  gboolean first;   /* no member written in it yet */
} Writer;

/* a new member: the comma after the last one, a new line, indentation
 * and the key */
static void
key (Writer *w, const char *name)
{
  g_string_append (w->s, w->first ? "\n" : ",\n");
  w->first = FALSE;
  for (int k = 0; k < w->depth; k++)
    g_string_append (w->s, "  ");
  shl_json_append_string (w->s, name);
  g_string_append (w->s, ": ");
}

static void
open_object (Writer *w, const char *name)
{
  key (w, name);
  g_string_append_c (w->s, '{');
  w->depth++;
  w->first = TRUE;
}

static void
close_object (Writer *w)
{
  w->depth--;
  g_string_append_c (w->s, '\n');
  for (int k = 0; k < w->depth; k++)
    g_string_append (w->s, "  ");
  g_string_append_c (w->s, '}');
  w->first = FALSE;
}

static void
put_string (Writer *w, const char *name, const char *value)
{
  key (w, name);
  shl_json_append_string (w->s, value);
}

static void
put_id (Writer *w, const char *name, const ShlNameTable *table, int value)
{
  put_string (w, name, shl_name_id (table, value));
}

static void
put_bool (Writer *w, const char *name, gboolean value)
{
  key (w, name);
  g_string_append (w->s, value ? "true" : "false");
}

static void
put_number (Writer *w, const char *name, double value)
{
  key (w, name);
  shl_json_append_double (w->s, value);
}

static void
put_numbers (Writer *w, const char *name, const double *v, int n)
{
  key (w, name);
  g_string_append_c (w->s, '[');
  for (int k = 0; k < n; k++)
    {
      if (k)
        g_string_append (w->s, ", ");
      shl_json_append_double (w->s, v[k]);
    }
  g_string_append_c (w->s, ']');
}

/* the reader's checks: a range it would refuse is not one */
static gboolean
is_range (double lo, double hi)
{
  return isfinite (lo) && isfinite (hi) && lo < hi;
}

static gboolean
all_finite (const double *v, int n)
{
  for (int k = 0; k < n; k++)
    if (!isfinite (v[k]))
      return FALSE;
  return TRUE;
}

/* x, y, x_label, y_label, x_ticks, y_ticks of one plot */
static void
put_axes (Writer *w, const ShlPlotOverrides *ov)
{
  static const char *const names[2][3] = { { "x", "x_label", "x_ticks" },
                                           { "y", "y_label", "y_ticks" } };
  for (int a = 0; a < 2; a++)
    {
      const ShlAxisOverride *ax = &ov->axis[a];
      if (is_range (ax->lo, ax->hi))
        put_numbers (w, names[a][0], (double[]) { ax->lo, ax->hi }, 2);
      if (ax->label)
        put_string (w, names[a][1], ax->label);
      if (ax->n_explicit > 0 && ax->ticks && all_finite (ax->ticks, ax->n_explicit))
        put_numbers (w, names[a][2], ax->ticks, ax->n_explicit);
      else if (ax->n_ticks > 0)
        put_number (w, names[a][2], ax->n_ticks);
    }
}

static gboolean
axes_set (const ShlPlotOverrides *ov)
{
  if (!ov)
    return FALSE;
  for (int a = 0; a < 2; a++)
    {
      const ShlAxisOverride *ax = &ov->axis[a];
      if (is_range (ax->lo, ax->hi) || ax->label || ax->n_ticks > 0
          || (ax->n_explicit > 0 && ax->ticks))
        return TRUE;
    }
  return FALSE;
}

/* A panel's object, if the options change anything in it. */
static void
put_panel (Writer *w, const ShlFigureOptions *o, ShlPanelKind kind)
{
  gboolean heat = kind != SHL_PANEL_TRAJECTORY;
  const ShlPlotOverrides *ov = o->overrides[kind][0];
  const ShlPlotOverrides *loss = heat ? NULL : o->overrides[kind][1];
  gboolean range = heat && is_range (o->color_range[kind][0], o->color_range[kind][1]);
  if (!o->panel_titles[kind] && !range && !axes_set (loss)
      && !(ov && (ov->letter || ov->colorbar_label || axes_set (ov))))
    return;
  open_object (w, shl_panel_id (kind));
  if (o->panel_titles[kind])
    put_string (w, "title", o->panel_titles[kind]);
  if (ov && ov->letter)
    put_string (w, "letter", ov->letter);
  if (ov)
    put_axes (w, ov);
  if (heat && ov && ov->colorbar_label)
    put_string (w, "colorbar_label", ov->colorbar_label);
  if (range)
    put_numbers (w, "color_range", o->color_range[kind], 2);
  if (axes_set (loss))
    {
      open_object (w, "loss");
      put_axes (w, loss);
      close_object (w);
    }
  close_object (w);
}

static void
put_panels (Writer *w, const ShlFigureOptions *o)
{
  int kinds[SHL_N_PANELS], n = 0;
  if (o->panel >= 0 && o->panel < SHL_N_PANELS)
    kinds[n++] = o->panel;
  else
    for (int k = 0; k < o->n_panels && k < SHL_N_PANELS; k++)
      kinds[n++] = o->panels[k];
  if (n == 0)
    return;   /* all four, in the usual order */
  key (w, "panels");
  g_string_append_c (w->s, '[');
  for (int k = 0; k < n; k++)
    {
      if (k)
        g_string_append (w->s, ", ");
      shl_json_append_string (w->s, shl_panel_id ((ShlPanelKind) kinds[k]));
    }
  g_string_append_c (w->s, ']');
  if (o->panel < 0 && o->columns > 0)
    put_number (w, "columns", o->columns);
}

/* "series" on one line: it is short and reads as a list of switches */
static void
put_series (Writer *w, const ShlFigureOptions *o)
{
  key (w, "series");
  g_string_append_printf (w->s, "{\"data\": %s, \"target\": %s, \"kinks\": %s, \"twin\": %s",
                          o->hide_data ? "false" : "true", o->hide_target ? "false" : "true",
                          o->hide_kinks ? "false" : "true", o->hide_twin ? "false" : "true");
  if (o->show_neurons >= 0)
    g_string_append_printf (w->s, ", \"neurons\": %s", o->show_neurons ? "true" : "false");
  g_string_append_c (w->s, '}');
}

char *
shl_figure_spec_to_json (const ShlFigureOptions *o, double width_pt, double height_pt)
{
  g_return_val_if_fail (o != NULL, NULL);
  Writer w = { g_string_new ("{"), 1, TRUE };
  put_string (&w, "format", SPEC_FORMAT);
  put_number (&w, "version", SPEC_VERSION);
  put_id (&w, "style", &shl_figure_style_names, o->preset);
  put_id (&w, "font", &shl_figure_font_names, o->font);
  if (o->font_size > 0)
    put_number (&w, "font_size", o->font_size);
  put_id (&w, "legend", &shl_figure_legend_names, o->legend);
  put_bool (&w, "titles", o->titles);
  if (o->title)
    put_string (&w, "title", o->title);
  if (o->letters && o->letter_pos == SHL_LETTER_TITLE)
    put_id (&w, "letters", &shl_figure_letter_names, SHL_LETTER_TITLE);
  else
    put_bool (&w, "letters", o->letters);
  put_panels (&w, o);
  put_series (&w, o);
  put_id (&w, "colormap", &shl_figure_colormap_names, o->diverging_map);
  put_id (&w, "loss_steps", &shl_figure_steps_names, o->loss_steps);
  if (isfinite (width_pt))
    put_number (&w, "width_pt", width_pt);
  if (isfinite (height_pt))
    put_number (&w, "height_pt", height_pt);
  for (int k = 0; k < SHL_N_PANELS; k++)
    put_panel (&w, o, (ShlPanelKind) k);
  g_string_append (w.s, "\n}\n");
  return g_string_free (w.s, FALSE);
}

gboolean
shl_figure_spec_save (const ShlFigureOptions *o, double width_pt, double height_pt,
                      const char *path, GError **error)
{
  g_return_val_if_fail (o != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_autofree char *text = shl_figure_spec_to_json (o, width_pt, height_pt);
  /* errors name the path (shl_write_file_atomic) */
  return shl_write_file_atomic (path, text, -1, error);
}
