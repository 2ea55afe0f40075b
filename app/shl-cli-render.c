/* shl-cli-render.c: `shallows-cli render`, figures from a session without
 * a display, drawn by the same code as the app's export. */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "shl-cli.h"
#include "shl-export.h"
#include "shl-landscape.h"
#include "shl-panels.h"
#include "shl-scene-data.h"
#include "shl-session.h"

/* the names of --style and --format */
static const ShlName style_entries[] = {
  { SHL_STYLE_PAPER, "paper", "Paper (white, print line widths, serif)" },
  { SHL_STYLE_SCREEN_LIGHT, "screen", "Screen" },
};
static const ShlNameTable style_names = SHL_NAME_TABLE ("style", style_entries);

static const ShlName format_entries[] = {
  { SHL_EXPORT_PDF, "pdf", "PDF" },
  { SHL_EXPORT_SVG, "svg", "SVG" },
  { SHL_EXPORT_PNG, "png", "PNG" },
};
static const ShlNameTable format_names = SHL_NAME_TABLE ("format", format_entries);

typedef struct {
  ShlScene     *scene;
  int           panel;      /* -1: all */
  ShlStylePreset style;
} RenderCtx;

static void
draw (cairo_t *cr, double width, double height, gpointer data)
{
  RenderCtx *c = data;
  shl_panels_draw_figure (cr, c->scene, c->panel, c->style, width, height);
}

void
shl_cli_default_figure_size (int panel, double *w, double *h)
{
  /* one panel: a one-column figure (3.3 in); all four: two columns (6.9 in) */
  *w = panel < 0 ? 497.0 : 238.0;
  *h = panel < 0 ? 400.0 : 190.0;
}

/* Replay the session's run from step 0 and write every K-th step as a
 * numbered PNG. */
static int
render_frames (const ShlSession *ss, const char *dir, guint64 every, guint64 steps,
               RenderCtx *ctx, double w, double h, double dpi, ShlExportFlags flags)
{
  const char *cmd = "render";
  if (g_mkdir_with_parents (dir, 0755) != 0)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s: cannot create the directory: %s", dir,
                         g_strerror (errno));
  g_autoptr (GError) err = NULL;
  /* a copy of the session without the trainer state: training restarts at
   * step 0 and the frames record their own history */
  g_autofree char *text = shl_session_to_json (ss);
  g_autoptr (ShlSession) run = shl_session_from_json (text, -1, "session", &err);
  if (!run)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  g_clear_pointer (&run->state, shl_trainer_state_free);
  ShlTrainer *tr = shl_session_make_trainer (run, &err);
  if (!tr)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  /* every step is recorded: the frames show the whole path */
  shl_history_reset (run->history, run->net0->n_params);
  guint frame = 0;
  int code = SHL_CLI_EXIT_OK;
  for (guint64 k = 0;; k++)
    {
      if (!shl_history_append (run->history, k, shl_trainer_loss (tr),
                               shl_trainer_net (tr)->theta))
        {
          code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "out of memory at step %" G_GUINT64_FORMAT, k);
          break;
        }
      if (k % every == 0 || k == steps)
        {
          /* the session as it stands at step k */
          shl_trainer_state_free (run->state);
          run->state = shl_trainer_get_state (tr);
          g_autoptr (ShlSceneData) sd = shl_scene_data_new (run, &err);
          if (!sd)
            {
              code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
              break;
            }
          ctx->scene = shl_scene_data_get_scene (sd);
          g_autofree char *name = g_strdup_printf ("frame-%05u.png", frame++);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          if (!shl_io_check_output_path (path, &err)
              || !shl_render_export (path, SHL_EXPORT_PNG, w, h, dpi, flags, draw, ctx, &err))
            {
              code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
              break;
            }
        }
      if (k == steps)
        break;
      if (!shl_trainer_step (tr, NULL))
        {
          code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", shl_trainer_message (tr));
          break;
        }
    }
  shl_trainer_free (tr);
  if (code == SHL_CLI_EXIT_OK)
    printf ("%u frames in %s\n", frame, dir);
  return code;
}

int
shl_cli_render (int argc, char **argv)
{
  const char *cmd = "render";
  g_autofree char *panel_s = NULL, *format_s = NULL, *w_s = NULL, *h_s = NULL;
  g_autofree char *dpi_s = NULL, *style_s = NULL, *out = NULL, *frames = NULL;
  g_autofree char *every_s = NULL, *steps_s = NULL, *csv = NULL;
  gboolean transparent = FALSE;
  GOptionEntry entries[] = {
    { "panel", 0, 0, G_OPTION_ARG_STRING, &panel_s, "realization|derivative|landscape|trajectory|all (default all)", "NAME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_s, "pdf|svg|png (default: from --out's extension)", "FMT" },
    { "width-pt", 0, 0, G_OPTION_ARG_STRING, &w_s, "Width in points (default 238 for a panel, 497 for all)", "W" },
    { "height-pt", 0, 0, G_OPTION_ARG_STRING, &h_s, "Height in points (default 190 / 400)", "H" },
    { "dpi", 0, 0, G_OPTION_ARG_STRING, &dpi_s, "Resolution of PNG output (default 300)", "D" },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style_s, "paper|screen (default paper)", "NAME" },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &transparent, "Leave the background transparent", NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "The figure to write", "FILE" },
    { "frames", 0, 0, G_OPTION_ARG_FILENAME, &frames, "Instead: replay the run and write numbered PNGs here", "DIR" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "Instead: write every plotted series as CSV files here", "DIR" },
    { "every", 0, 0, G_OPTION_ARG_STRING, &every_s, "With --frames: a frame every K steps (default 10)", "K" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &steps_s, "With --frames: replay this many steps (default: the session's)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("SESSION.json - render a figure without a display");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Draws the panels of a saved session exactly as the app's Export Figure does:\n"
    "the network where the session stopped, its history, and the loss slice at\n"
    "the session's landscape settings. PDF and SVG keep text and curves as vectors.");
  g_autoptr (GError) err = NULL;
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected exactly one session file");
  if ((out != NULL) + (frames != NULL) + (csv != NULL) != 1)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "give exactly one of --out FILE, --frames DIR or --csv DIR");

  RenderCtx rc = { NULL, -1, SHL_STYLE_PAPER };
  if (panel_s && !g_str_equal (panel_s, "all"))
    {
      ShlPanelKind k;
      if (!shl_panel_from_id (panel_s, &k))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--panel: expected realization, derivative, landscape, trajectory or all, got \"%s\"",
                             panel_s);
      rc.panel = (int) k;
    }
  int style = rc.style, format = SHL_EXPORT_PNG;
  if ((style_s && !shl_cli_parse_name ("--style", style_s, &style_names, &style, &err))
      || (format_s && !shl_cli_parse_name ("--format", format_s, &format_names, &format, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  rc.style = (ShlStylePreset) style;
  ShlExportFormat fmt = (ShlExportFormat) format;
  if (!format_s && out && !shl_export_format_from_path (out, &fmt))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "--out: cannot tell the format from \"%s\"; add --format pdf|svg|png", out);
  if (frames && format_s && fmt != SHL_EXPORT_PNG)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--frames writes PNG files");
  double w, h, dpi = 300.0;
  shl_cli_default_figure_size (rc.panel, &w, &h);
  guint64 every = 10, steps = 0;
  if ((w_s && !shl_cli_parse_double ("--width-pt", w_s, 10, 10000, &w, &err))
      || (h_s && !shl_cli_parse_double ("--height-pt", h_s, 10, 10000, &h, &err))
      || (dpi_s && !shl_cli_parse_double ("--dpi", dpi_s, 10, 2400, &dpi, &err))
      || (every_s && !shl_cli_parse_uint ("--every", every_s, 1, G_MAXINT64, &every, &err))
      || (steps_s && !shl_cli_parse_uint ("--steps", steps_s, 0, 100000000, &steps, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  if (!frames && (every_s || steps_s))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--every and --steps go with --frames");

  /* the figure replaces --out by rename: only a regular file */
  if ((status = shl_cli_check_output (cmd, out)) != SHL_CLI_EXIT_OK)
    return status;
  g_autoptr (ShlSession) ss = shl_session_load (argv[1], &err);
  if (!ss)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  ShlExportFlags flags = transparent ? SHL_EXPORT_TRANSPARENT : SHL_EXPORT_FLAGS_NONE;
  if (frames)
    {
      if (!steps_s)
        steps = ss->state ? ss->state->steps : 0;
      return render_frames (ss, frames, every, steps, &rc, w, h, dpi, flags);
    }
  g_autoptr (ShlSceneData) sd = shl_scene_data_new (ss, &err);
  if (!sd)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s: %s", argv[1], err->message);
  rc.scene = shl_scene_data_get_scene (sd);
  if (csv)
    {
      guint n = 0;
      if (!shl_panels_export_csv (rc.scene, csv, &n, &err))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      printf ("%u CSV files in %s\n", n, csv);
      return SHL_CLI_EXIT_OK;
    }
  if (!shl_render_export (out, fmt, w, h, dpi, flags, draw, &rc, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  return SHL_CLI_EXIT_OK;
}
