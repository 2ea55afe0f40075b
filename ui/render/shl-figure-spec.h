/* shl-figure-spec.h: a figure spec, the JSON file that says how a figure
 * for a paper looks (`shallows-cli render --spec FILE`).
 *
 *   {"format": "shallows-figure", "version": 1,
 *    "preset": "neurips", "letters": true, "legend": "outside",
 *    "panels": ["realization", "trajectory"],
 *    "realization": {"x": [-1, 1], "y": [-2, 2], "y_label": "$f(x)$"},
 *    "series": {"kinks": false}}
 *
 * Every field is optional; the README's "Figure spec (JSON)" lists them.
 * A journal preset sets the width, the font and its size; the spec's own
 * fields come after it. Loading validates everything: unknown fields,
 * wrong types and bad values are errors that name the file and the
 * field's path ("fig.json: realization.y: ..."); nothing is half-loaded.
 * GLib + json-glib (the engine's JSON reader); no GTK. */
#pragma once

#include <glib.h>

#include "shl-names.h"
#include "shl-panels-figure.h"

G_BEGIN_DECLS

/* The journal presets. */
typedef enum {
  SHL_FIGURE_PRESET_NEURIPS,     /* NeurIPS: 5.5 in text width (397 pt),
                                    Times, labels 9 pt */
  SHL_FIGURE_PRESET_ICML,        /* ICML: 3.25 in column (234 pt), Times,
                                    labels 8 pt */
  SHL_FIGURE_PRESET_ICML_WIDE,   /* ICML: 6.75 in text width (487 pt),
                                    Times, labels 8 pt */
} ShlFigurePreset;

/* ids in spec files and on the command line */
extern const ShlNameTable shl_figure_preset_names;   /* neurips, icml, ... */
extern const ShlNameTable shl_figure_style_names;    /* paper, screen */
extern const ShlNameTable shl_figure_legend_names;   /* auto, outside, ... */
extern const ShlNameTable shl_figure_font_names;     /* dejavu, termes, cm */
extern const ShlNameTable shl_figure_steps_names;    /* auto, linear, log */
extern const ShlNameTable shl_figure_letter_names;   /* top-left, title */
extern const ShlNameTable shl_figure_colormap_names; /* coolwarm, bluegold:
                                                        signed 2-D maps */

/* The series a figure shows or hides: data, target, kinks, twin (hide_*)
 * and neurons (show_neurons), by their names in spec files and on the
 * command line; FALSE for another name (nothing set). */
gboolean shl_figure_series_known (const char *name);
gboolean shl_figure_set_series   (ShlFigureOptions *options,
                                  const char *name, gboolean on);

/* A preset's width in pt (the figure's default width) and what it sets
 * in the options (paper style, font, font size). */
double shl_figure_preset_apply (ShlFigurePreset preset,
                                ShlFigureOptions *options);

typedef struct {
  ShlFigureOptions options;   /* ready to draw; pointers into the spec */
  double width_pt, height_pt; /* the size the spec sets (its preset's
                                 width, its own fields); NAN: not set */
  /* private */
  ShlPlotOverrides overrides_[4][2];
  GPtrArray *owned_;          /* strings and tick arrays */
} ShlFigureSpec;

/* A spec from JSON text; name (a file name) starts every message. */
ShlFigureSpec *shl_figure_spec_from_json (const char *text, gssize len,
                                          const char *name, GError **error);
ShlFigureSpec *shl_figure_spec_load      (const char *path, GError **error);
void           shl_figure_spec_free      (ShlFigureSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlFigureSpec, shl_figure_spec_free)

/* The spec of the options and a size (NAN: not written), as JSON text
 * that shl_figure_spec_from_json reads back to the same options: every
 * field it knows, in a fixed order, numbers exact, pretty-printed, with a
 * trailing newline (shl-figure-spec-write.c). One panel (options->panel
 * >= 0) is written as "panels": [that one]. g_free it. */
char          *shl_figure_spec_to_json   (const ShlFigureOptions *options,
                                          double width_pt, double height_pt);
/* The same written to path atomically; errors name the file. */
gboolean       shl_figure_spec_save      (const ShlFigureOptions *options,
                                          double width_pt, double height_pt,
                                          const char *path, GError **error);

G_END_DECLS
