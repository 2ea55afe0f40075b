/* shl-cli-lesson.c: `shallows-cli lesson`, one image per slide of a
 * lesson, for handouts: each slide set on a simulation exactly as the
 * app's presenter mode sets it (shl-sim-lesson.h), its training run for
 * its steps, then drawn as the presenter mode shows it: the caption band
 * (shl-caption.h, with the key twin readouts when the slide has a twin)
 * above the panels in a 2x2 grid (or the one panel the slide maximises),
 * by the same drawing code. Deterministic: the same
 * lesson gives the same files. */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "shl-caption.h"
#include "shl-cli.h"
#include "shl-export.h"
#include "shl-panels.h"
#include "shl-scene-data.h"
#include "shl-session.h"
#include "shl-sim-lesson.h"
#include "shl-stability-scatter.h"
#include "shl-twin-readouts.h"
#include "shl-view-settings.h"

/* the panel grid's spacing and margin on screen (shl-panel-grid.c,
 * shl-window.ui), in user units */
#define GRID_GAP    6.0
#define GRID_MARGIN 6.0

static const ShlName format_entries[] = {
  { SHL_EXPORT_PNG, "png", "PNG" },
  { SHL_EXPORT_PDF, "pdf", "PDF" },
};
static const ShlNameTable format_names = SHL_NAME_TABLE ("format", format_entries);

static const ShlName style_entries[] = {
  { SHL_STYLE_SCREEN_LIGHT, "screen", "Screen" },
  { SHL_STYLE_SCREEN_DARK, "dark", "Screen, dark" },
  { SHL_STYLE_PAPER, "paper", "Paper" },
};
static const ShlNameTable style_names = SHL_NAME_TABLE ("style", style_entries);

typedef struct {
  const ShlScene *scene;
  ShlCaption      caption;
  ShlPlotStyle    style;
  int             maximized;   /* a panel, or -1 */
  const ShlStabilitySample *scatter;  /* the slide's experiment, or NULL */
  guint           n_scatter;
} Page;

/* the caption band on top, the panels below: a 2x2 grid, as the
 * presenter mode keeps them, or the maximised panel */
static void
draw_page (cairo_t *cr, double width, double height, gpointer data)
{
  Page *p = data;
  if (p->style.background.a > 0 && !shl_render_is_transparent (cr))
    {
      shl_color_set_source (p->style.background, cr);
      cairo_paint (cr);
    }
  double ch = ceil (shl_caption_height (&p->caption, &p->style, width));
  shl_caption_draw (cr, &p->caption, &p->style, &(ShlRect) { 0, 0, width, ch });
  ShlRect area = { GRID_MARGIN, ch + GRID_MARGIN, width - 2 * GRID_MARGIN,
                   height - ch - 2 * GRID_MARGIN };
  if (area.width <= 0 || area.height <= 0)
    return;
  if (p->scatter)
    {
      shl_stability_scatter_draw (cr, p->scatter, p->n_scatter, NULL, &p->style, &area);
      return;
    }
  if (p->maximized >= 0 && p->maximized < SHL_N_PANELS)
    {
      shl_panel_draw (cr, (ShlPanelKind) p->maximized, p->scene, &p->style, &area);
      return;
    }
  double w = (area.width - GRID_GAP) / 2, h = (area.height - GRID_GAP) / 2;
  for (int k = 0; k < SHL_N_PANELS; k++)
    {
      ShlRect r = { area.x + (k % 2) * (w + GRID_GAP), area.y + (k / 2) * (h + GRID_GAP), w, h };
      shl_panel_draw (cr, (ShlPanelKind) k, p->scene, &p->style, &r);
    }
}

/* "1280x720" */
static gboolean
parse_size (const char *text, double *w, double *h, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, "x", 3);
  if (g_strv_length (parts) != 2)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "--size: expected WIDTHxHEIGHT in pixels (like 1280x720), got \"%s\"", text);
      return FALSE;
    }
  return shl_cli_parse_double ("--size (width)", parts[0], 100, 20000, w, error)
         && shl_cli_parse_double ("--size (height)", parts[1], 100, 20000, h, error);
}

/* the scatter's samples, made once (as the presenter mode makes them) */
static const ShlStabilitySample *
scatter_samples (void)
{
  static ShlStabilitySample *samples;
  if (!samples)
    samples = shl_stability_scatter_sample (SHL_STABILITY_SCATTER_SAMPLES,
                                            SHL_STABILITY_SCATTER_WIDTH);
  return samples;
}

/* slide k of the lesson as the sim has it now, into path */
static gboolean
write_slide (ShlSim *sim, const ShlLesson *lesson, guint k, const char *path,
             ShlExportFormat fmt, double w, double h, double dpi, const ShlPlotStyle *style,
             GError **error)
{
  g_autoptr (ShlSession) ss = shl_sim_to_session (sim);
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, error);
  if (!sd)
    return FALSE;
  ShlViewSettings view;
  if (!shl_view_settings_from_json (&view, ss->view_json, error))
    return FALSE;
  const ShlLessonSlide *s = shl_lesson_get_slide (lesson, k);
  g_autofree char *counter = g_strdup_printf ("%u / %u", k + 1, shl_lesson_n_slides (lesson));
  ShlScene *scene = shl_scene_data_get_scene (sd);
  g_autofree char *status = shl_caption_format_step (scene->step);
  Page page = { scene, { s->title, { NULL }, s->n_lines, counter, status }, *style, view.maximized };
  for (guint j = 0; j < s->n_lines && j < SHL_CAPTION_MAX_LINES; j++)
    page.caption.lines[j] = s->lines[j];
  if (g_strcmp0 (s->experiment, "scatter") == 0)
    {
      page.scatter = scatter_samples ();
      page.n_scatter = SHL_STABILITY_SCATTER_SAMPLES;
      page.caption.status = NULL;   /* an experiment has no steps */
    }
  /* over the panels with a twin, the key readouts under the caption's
   * lines, as the presenter mode shows them */
  g_autofree char *readouts = NULL;
  const ShlNet *f = shl_sim_get_scene (sim)->net, *g = shl_sim_get_twin (sim);
  if (!page.scatter && f && g && f->d == g->d)
    {
      double param = 0;
      const char *preset = shl_sim_get_preset (sim, &param);
      ShlTwinReadouts r;
      if (shl_twin_readouts_compute (&r, f, g, preset, param, NULL))
        readouts = shl_twin_readouts_caption (&r, view.recipe.highlight);
    }
  page.caption.readouts = readouts;
  return shl_render_export (path, fmt, w, h, dpi, SHL_EXPORT_FLAGS_NONE, draw_page, &page, error);
}

int
shl_cli_lesson (int argc, char **argv)
{
  const char *cmd = "lesson";
  g_autofree char *out = NULL, *format_s = NULL, *size_s = NULL, *w_s = NULL, *h_s = NULL;
  g_autofree char *dpi_s = NULL, *scale_s = NULL, *style_s = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "The folder to write slide-01.png, ... into (made if missing)", "DIR" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_s, "png|pdf (default png)", "FMT" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_s, "Page size in pixels, as a screen of that size shows it (default 1280x720)", "WxH" },
    { "width-pt", 0, 0, G_OPTION_ARG_STRING, &w_s, "Instead: page width in points", "W" },
    { "height-pt", 0, 0, G_OPTION_ARG_STRING, &h_s, "Instead: page height in points", "H" },
    { "dpi", 0, 0, G_OPTION_ARG_STRING, &dpi_s, "With --width-pt: resolution of PNG output (default 72: a point is a pixel)", "D" },
    { "text-scale", 0, 0, G_OPTION_ARG_STRING, &scale_s, "Text size, as the app's (1 = normal, 1.75 = projector; default 1)", "X" },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style_s, "screen|dark|paper (default screen)", "NAME" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("LESSON.json - one image per slide");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Sets every slide of the lesson as the app's presenter mode does, runs its\n"
    "training for its steps (at once, with the same result as at the slide's pace),\n"
    "and draws its caption above the panels. LESSON may also be the name of a\n"
    "lesson shipped with Shallows (paper, p0, ..., p4).");
  g_autoptr (GError) err = NULL;
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected exactly one lesson file");
  if (!out)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--out DIR is required");
  int format = SHL_EXPORT_PNG, style_id = SHL_STYLE_SCREEN_LIGHT;
  if ((format_s && !shl_cli_parse_name ("--format", format_s, &format_names, &format, &err))
      || (style_s && !shl_cli_parse_name ("--style", style_s, &style_names, &style_id, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  if (size_s && (w_s || h_s))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "give --size or --width-pt and --height-pt, not both");
  if (!w_s != !h_s)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--width-pt and --height-pt go together");
  if (dpi_s && !w_s)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--dpi goes with --width-pt and --height-pt (--size is in pixels)");
  double w = 1280, h = 720, dpi = 72, scale = 1.0;
  if ((size_s && !parse_size (size_s, &w, &h, &err))
      || (w_s && !shl_cli_parse_double ("--width-pt", w_s, 72, 20000, &w, &err))
      || (h_s && !shl_cli_parse_double ("--height-pt", h_s, 72, 20000, &h, &err))
      || (dpi_s && !shl_cli_parse_double ("--dpi", dpi_s, 10, 2400, &dpi, &err))
      || (scale_s && !shl_cli_parse_double ("--text-scale", scale_s, 0.5, 4, &scale, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);

  /* a file, else a shipped lesson of that name */
  g_autofree char *path = g_strdup (argv[1]);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      char *shipped = shl_lessons_find_shipped (argv[1]);
      if (shipped)
        {
          g_free (path);
          path = shipped;
        }
    }
  g_autoptr (ShlLesson) lesson = shl_sim_load_lesson (path, &err);
  if (!lesson)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  if (g_mkdir_with_parents (out, 0755) != 0)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s: cannot create the folder: %s", out,
                         g_strerror (errno));

  ShlPlotStyle style;
  shl_plot_style_init (&style, (ShlStylePreset) style_id);
  style.scale = scale;
  ShlExportFormat fmt = (ShlExportFormat) format;
  guint n = shl_lesson_n_slides (lesson);
  int digits = n >= 100 ? 3 : 2;
  g_autoptr (ShlSim) sim = shl_sim_new ();
  for (guint k = 0; k < n; k++)
    {
      if (!shl_sim_apply_slide (sim, lesson, k, SHL_SLIDE_TRAIN_NOW, &err))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      shl_sim_sync (sim);
      g_autofree char *name = g_strdup_printf ("slide-%0*u.%s", digits, k + 1,
                                               shl_export_format_extension (fmt));
      g_autofree char *file = g_build_filename (out, name, NULL);
      if (!write_slide (sim, lesson, k, file, fmt, w, h, dpi, &style, &err))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s: slide %u: %s", path, k + 1, err->message);
    }
  printf ("%u slides of \"%s\" in %s\n", n, lesson->title, out);
  return SHL_CLI_EXIT_OK;
}
