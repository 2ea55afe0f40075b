/* shl-cli-render.c: `shallows-cli render`, figures from a session without
 * a display, drawn by the same code as the app's export. */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "shl-cli.h"
#include "shl-export.h"
#include "shl-figure-spec.h"
#include "shl-landscape.h"
#include "shl-panels.h"
#include "shl-scene-data.h"
#include "shl-session.h"
#include "shl-text.h"
#include "shl-timeline-io.h"

/* the names of --format; the figure's names are the spec's
 * (shl-figure-spec.h) */
static const ShlName format_entries[] = {
  { SHL_EXPORT_PDF, "pdf", "PDF" },
  { SHL_EXPORT_SVG, "svg", "SVG" },
  { SHL_EXPORT_PNG, "png", "PNG" },
};
static const ShlNameTable format_names = SHL_NAME_TABLE ("format", format_entries);

typedef struct {
  ShlScene        *scene;
  ShlFigureOptions fig;
  ShlFigureSpec   *spec;      /* --spec, or NULL; owned */
  double           spec_w, spec_h; /* the size the spec or --preset
                                      sets; NAN: none */
  ShlPlotOverrides ov[SHL_N_PANELS][2]; /* --xlim / --ylim over the
                                           spec's */
  int              land_grid; /* --landscape-grid; 0: automatic */
} RenderCtx;

static void
render_ctx_clear (RenderCtx *c)
{
  g_clear_pointer (&c->spec, shl_figure_spec_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RenderCtx, render_ctx_clear)

static void
draw (cairo_t *cr, double width, double height, gpointer data)
{
  RenderCtx *c = data;
  shl_panels_draw_figure_with (cr, c->scene, &c->fig, width, height);
}

void
shl_cli_default_figure_size (int panel, double *w, double *h)
{
  /* one panel: a one-column figure (3.3 in); all four: two columns (6.9 in) */
  *w = panel < 0 ? 497.0 : 238.0;
  *h = panel < 0 ? 400.0 : 190.0;
}

/* What is done with the scene of one frame (number frame); FALSE when
 * it failed (with the error set). */
typedef gboolean (*FrameFunc) (ShlScene *scene, guint frame, gpointer data, GError **error);

/* Replays the session's run from step 0 and hands the scene of every
 * K-th step (and the last) to fn; the number of frames into n_frames;
 * an exit status. */
static int
replay_frames (const ShlSession *ss, guint64 every, guint64 steps, int grid, FrameFunc fn,
               gpointer fn_data, guint *n_frames)
{
  const char *cmd = "render";
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
  /* the symmetry moves on the session's timeline are made again at their
   * steps (issue 10) */
  ShlTimeline *moves = run->events_json ? shl_timeline_from_json (run->events_json, run->net0->n_params, &err)
                                        : shl_timeline_new (run->net0->n_params);
  g_autoptr (ShlData) data = moves ? shl_session_make_data (run, &err) : NULL;
  if (!moves || !data)
    {
      shl_timeline_free (moves);
      shl_trainer_free (tr);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }
  /* every step is recorded: the frames show the whole path */
  shl_history_reset (run->history, run->net0->n_params);
  guint frame = 0;
  int code = SHL_CLI_EXIT_OK;
  for (guint64 k = 0;; k++)
    {
      if (!(tr = shl_timeline_replay_step (moves, k, tr, data, &run->opts)))
        {
          code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "a move at step %" G_GUINT64_FORMAT " does not apply", k);
          break;
        }
      if (!shl_history_append (run->history, k, shl_trainer_loss (tr),
                               shl_trainer_net (tr)->theta))
        {
          code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "out of memory at step %" G_GUINT64_FORMAT, k);
          break;
        }
      if (k % every == 0 || k == steps)
        {
          /* the session as it stands at step k, with the moves made so far */
          shl_trainer_state_free (run->state);
          run->state = shl_trainer_get_state (tr);
          ShlTimeline *so_far = shl_timeline_copy (moves);
          shl_timeline_truncate_after (so_far, k);
          g_free (run->events_json);
          run->events_json = so_far->n ? shl_timeline_to_json (so_far) : NULL;
          shl_timeline_free (so_far);
          g_autoptr (ShlSceneData) sd = shl_scene_data_new_grid (run, grid, &err);
          if (!sd)
            {
              code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
              break;
            }
          if (!fn (shl_scene_data_get_scene (sd), frame++, fn_data, &err))
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
  shl_timeline_free (moves);
  *n_frames = frame;
  return code;
}

typedef struct {
  RenderCtx              *ctx;
  const char             *dir;
  double                  w, h;
  const ShlExportOptions *eo;
  ShlFigureRanges         ranges;
  int                     digits;  /* of the last step, at least 6 */
} FramesCtx;

/* the first pass: each frame's ranges */
static gboolean
measure_frame (ShlScene *scene, guint frame, gpointer data, GError **error)
{
  FramesCtx *fc = data;
  (void) frame, (void) error;
  shl_figure_ranges_add (&fc->ranges, scene, &fc->ctx->fig, fc->w, fc->h);
  return TRUE;
}

/* the second: the frame with the ranges fixed, as a numbered PNG */
static gboolean
write_frame (ShlScene *scene, guint frame, gpointer data, GError **error)
{
  FramesCtx *fc = data;
  fc->ctx->scene = scene;
  /* the step at the top of the frame */
  g_autofree char *header = g_strdup_printf ("step %" G_GUINT64_FORMAT, scene->step);
  fc->ctx->fig.header = header;
  /* named by step, zero-padded so that they sort in order */
  g_autofree char *name = g_strdup_printf ("step-%0*" G_GUINT64_FORMAT ".png", fc->digits,
                                           scene->step);
  (void) frame;
  g_autofree char *path = g_build_filename (fc->dir, name, NULL);
  gboolean ok = shl_io_check_output_path (path, error)
                && shl_render_export_with (path, SHL_EXPORT_PNG, fc->w, fc->h, fc->eo, draw,
                                           fc->ctx, error);
  fc->ctx->fig.header = NULL;
  return ok;
}

/* Replays the session's run from step 0 twice: for the axis and colour
 * ranges of all the frames together, then to write every K-th step as a
 * numbered PNG with those ranges fixed (ranges the figure sets stay). */
static int
render_frames (const ShlSession *ss, const char *dir, guint64 every, guint64 steps,
               RenderCtx *ctx, double w, double h, const ShlExportOptions *eo, gboolean quiet)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    return shl_cli_fail ("render", SHL_CLI_EXIT_ERROR, "%s: cannot create the directory: %s",
                         dir, g_strerror (errno));
  g_autofree FramesCtx *fc = g_new0 (FramesCtx, 1);
  *fc = (FramesCtx) { ctx, dir, w, h, eo };
  fc->digits = 6;
  for (guint64 s = steps / 1000000; s > 0; s /= 10)
    fc->digits++;
  shl_figure_ranges_init (&fc->ranges);
  /* legends outside the plots in every frame: a legend that moves
   * between a corner and outside as the data move makes the plots jump */
  if (ctx->fig.legend == SHL_LEGEND_AUTO)
    ctx->fig.legend = SHL_LEGEND_OUTSIDE;
  /* the step axis of the last frame for all: every step is recorded, so
   * automatic is logarithmic beyond 100 steps */
  if (ctx->fig.loss_steps == SHL_STEP_AXIS_AUTO)
    ctx->fig.loss_steps = steps > 100 ? SHL_STEP_AXIS_LOG : SHL_STEP_AXIS_LINEAR;
  guint n = 0;
  int code = replay_frames (ss, every, steps, ctx->land_grid, measure_frame, fc, &n);
  if (code != SHL_CLI_EXIT_OK)
    return code;
  shl_figure_ranges_fix (&fc->ranges, &ctx->fig);
  code = replay_frames (ss, every, steps, ctx->land_grid, write_frame, fc, &n);
  if (code == SHL_CLI_EXIT_OK && !quiet)
    printf ("%u frames in %s\n", n, dir);
  return code;
}

typedef struct {
  char *panel, *format, *w, *h, *dpi, *style, *out, *frames, *every, *steps, *csv;
  char *legend, *font, *loss_steps, *max_memory, *spec, *preset;
  char *colormap, *hide, *show, *land_grid, *video, *fps;
  char **titles, **xlim, **ylim, **crange;
  gboolean transparent, no_titles, letters;
} RenderArgs;

static void
render_args_clear (RenderArgs *a)
{
  char **strings[] = { &a->panel, &a->format, &a->w, &a->h, &a->dpi, &a->style, &a->out,
                       &a->frames, &a->every, &a->steps, &a->csv, &a->legend, &a->font,
                       &a->loss_steps, &a->max_memory, &a->spec, &a->preset, &a->colormap,
                       &a->hide, &a->show, &a->land_grid, &a->video, &a->fps };
  for (guint k = 0; k < G_N_ELEMENTS (strings); k++)
    g_clear_pointer (strings[k], g_free);
  char ***lists[] = { &a->titles, &a->xlim, &a->ylim, &a->crange };
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    g_clear_pointer (lists[k], g_strfreev);
}

/* --hide / --show LIST: data, target, kinks, twin, neurons */
static int
apply_series (ShlFigureOptions *o, const char *option, const char *list, gboolean on,
              const char *cmd)
{
  g_auto (GStrv) names = g_strsplit (list, ",", -1);
  for (int k = 0; names[k]; k++)
    {
      const char *n = g_strstrip (names[k]);
      if (!shl_figure_set_series (o, n, on))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "%s: expected data, target, kinks, twin or neurons "
                             "(comma-separated), got \"%s\"", option, n);
    }
  return SHL_CLI_EXIT_OK;
}

/* "[PANEL=]LO,HI": the panel (or the only one drawn; "loss": the
 * trajectory's loss plot, plot 1) and the range; an exit status */
static int
parse_panel_range (const char *option, const char *text, const ShlFigureOptions *o,
                   int *kind, int *plot, double range[2], const char *cmd)
{
  const char *eq = strchr (text, '=');
  *plot = 0;
  if (eq)
    {
      g_autofree char *id = g_strndup (text, (gsize) (eq - text));
      ShlPanelKind k;
      if (g_str_equal (id, "loss"))
        k = SHL_PANEL_TRAJECTORY, *plot = 1;
      else if (!shl_panel_from_id (id, &k))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "%s %s: expected realization, derivative, landscape, trajectory "
                             "or loss before '='", option, text);
      *kind = (int) k;
      text = eq + 1;
    }
  else if (o->panel >= 0)
    *kind = o->panel;
  else
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "%s %s: name the panel (PANEL=LO,HI) when more than one is drawn",
                         option, text);
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr (GError) err = NULL;
  if (g_strv_length (parts) != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s: expected LO,HI, got \"%s\"", option,
                         text);
  if (!shl_cli_parse_double (option, parts[0], -1e300, 1e300, &range[0], &err)
      || !shl_cli_parse_double (option, parts[1], -1e300, 1e300, &range[1], &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  if (!(range[0] < range[1]))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s: expected LO < HI, got %g,%g", option,
                         range[0], range[1]);
  return SHL_CLI_EXIT_OK;
}

/* --xlim, --ylim, --color-range: over the spec's panel changes */
static int
apply_ranges (RenderCtx *rc, const RenderArgs *a, const char *cmd)
{
  ShlFigureOptions *o = &rc->fig;
  char **lists[] = { a->xlim, a->ylim, a->crange };
  const char *names[] = { "--xlim", "--ylim", "--color-range" };
  for (int l = 0; l < 3; l++)
    for (int k = 0; lists[l] && lists[l][k]; k++)
      {
        int kind = 0, plot = 0;
        double r[2];
        int code = parse_panel_range (names[l], lists[l][k], o, &kind, &plot, r, cmd);
        if (code != SHL_CLI_EXIT_OK)
          return code;
        if (l == 2)
          {
            if (kind == SHL_PANEL_TRAJECTORY)
              return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                                   "--color-range: the trajectory has no colour bar");
            if (kind == SHL_PANEL_LANDSCAPE && !(r[0] > 0))
              return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                                   "--color-range landscape: expected LO > 0 (the loss "
                                   "slice's colour scale may be logarithmic)");
            o->color_range[kind][0] = r[0], o->color_range[kind][1] = r[1];
            continue;
          }
        if (plot == 1 && l == 1 && !(r[0] > 0))
          return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                               "--ylim loss: expected LO > 0 (the loss axis is logarithmic)");
        ShlPlotOverrides *ov = &rc->ov[kind][plot];
        if (o->overrides[kind][plot] != ov)
          {
            if (o->overrides[kind][plot])
              *ov = *o->overrides[kind][plot];
            else
              shl_plot_overrides_init (ov);
            o->overrides[kind][plot] = ov;
          }
        ov->axis[l].lo = r[0], ov->axis[l].hi = r[1];
      }
  return SHL_CLI_EXIT_OK;
}

/* the flags that change what is drawn: --colormap, --hide, --show,
 * --xlim, --ylim, --color-range */
static int
apply_drawing_flags (RenderCtx *rc, const RenderArgs *a, const char *cmd)
{
  g_autoptr (GError) err = NULL;
  int map = rc->fig.diverging_map;
  if (a->colormap
      && !shl_cli_parse_name ("--colormap", a->colormap, &shl_figure_colormap_names, &map, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  rc->fig.diverging_map = (ShlColormap) map;
  int code = SHL_CLI_EXIT_OK;
  if (a->hide && a->show)
    {
      /* a series in both: say so rather than let one win */
      g_auto (GStrv) h = g_strsplit (a->hide, ",", -1);
      g_auto (GStrv) s = g_strsplit (a->show, ",", -1);
      for (int i = 0; h[i]; i++)
        for (int j = 0; s[j]; j++)
          if (g_str_equal (g_strstrip (h[i]), g_strstrip (s[j])))
            return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--hide and --show both name %s",
                                 h[i]);
    }
  if (a->hide)
    code = apply_series (&rc->fig, "--hide", a->hide, FALSE, cmd);
  if (code == SHL_CLI_EXIT_OK && a->show)
    code = apply_series (&rc->fig, "--show", a->show, TRUE, cmd);
  return code == SHL_CLI_EXIT_OK ? apply_ranges (rc, a, cmd) : code;
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RenderArgs, render_args_clear)

/* --title TEXT (the panel's, or the figure's above all four) or
 * --title PANEL=TEXT (that panel's, with --panel all) */
static int
apply_titles (RenderCtx *rc, char **titles, const char *cmd)
{
  for (int k = 0; titles && titles[k]; k++)
    {
      g_autofree char *unknown = shl_text_math_check (titles[k]);
      if (unknown)
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--title: %s is not a TeX command Shallows sets (see the README's "
                             "\"Math in labels\")", unknown);
      const char *eq = strchr (titles[k], '=');
      ShlPanelKind kind;
      if (eq)
        {
          g_autofree char *id = g_strndup (titles[k], (gsize) (eq - titles[k]));
          if (shl_panel_from_id (id, &kind))
            {
              if (rc->fig.panel >= 0 && rc->fig.panel != (int) kind)
                return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                                     "--title %s=…: that panel is not drawn", id);
              if (rc->fig.panel >= 0)
                rc->fig.title = eq + 1;
              else
                rc->fig.panel_titles[kind] = eq + 1;
              continue;
            }
        }
      rc->fig.title = titles[k];
    }
  return SHL_CLI_EXIT_OK;
}

/* The figure options from the spec (if any), then the flags, which
 * override it; an exit status. */
static int
figure_options (RenderCtx *rc, const RenderArgs *a, const char *cmd)
{
  g_autoptr (GError) err = NULL;
  rc->spec_w = rc->spec_h = NAN;
  if (rc->spec)
    {
      rc->fig = rc->spec->options;
      rc->spec_w = rc->spec->width_pt;
      rc->spec_h = rc->spec->height_pt;
    }
  else
    shl_figure_options_init (&rc->fig);
  int preset;
  if (a->preset)
    {
      if (!shl_cli_parse_name ("--preset", a->preset, &shl_figure_preset_names, &preset, &err))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
      rc->spec_w = shl_figure_preset_apply ((ShlFigurePreset) preset, &rc->fig);
    }
  if (a->panel)
    {
      ShlPanelKind k;
      rc->fig.panel = -1;
      rc->fig.n_panels = 0;
      if (!g_str_equal (a->panel, "all") && !shl_panel_from_id (a->panel, &k))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                             "--panel: expected realization, derivative, landscape, trajectory or all, got \"%s\"",
                             a->panel);
      if (!g_str_equal (a->panel, "all"))
        rc->fig.panel = (int) k;
    }
  int style = rc->fig.preset, legend = rc->fig.legend, font = rc->fig.font;
  int steps = rc->fig.loss_steps;
  if ((a->style && !shl_cli_parse_name ("--style", a->style, &shl_figure_style_names, &style, &err))
      || (a->legend
          && !shl_cli_parse_name ("--legend", a->legend, &shl_figure_legend_names, &legend, &err))
      || (a->font && !shl_cli_parse_name ("--font", a->font, &shl_figure_font_names, &font, &err))
      || (a->loss_steps
          && !shl_cli_parse_name ("--loss-steps", a->loss_steps, &shl_figure_steps_names, &steps,
                                  &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  rc->fig.preset = (ShlStylePreset) style;
  rc->fig.legend = (ShlLegendPos) legend;
  rc->fig.font = (ShlFontFamily) font;
  rc->fig.loss_steps = (ShlStepAxis) steps;
  if (a->no_titles)
    rc->fig.titles = FALSE;
  if (a->letters)
    rc->fig.letters = TRUE;
  int code = apply_titles (rc, a->titles, cmd);
  return code == SHL_CLI_EXIT_OK ? apply_drawing_flags (rc, a, cmd) : code;
}

/* The default height of the figure's grid at width w: 190/238 of it for
 * a panel, 400/497 for all four; other grids cells of aspect 0.8, but
 * at least 150 pt (the trajectory's loss plot needs room). */
static double
default_height (const ShlFigureOptions *o, double w)
{
  double dw, dh;
  shl_cli_default_figure_size (o->panel, &dw, &dh);
  int kinds[SHL_N_PANELS], rows, cols;
  int n = shl_figure_options_grid (o, dw, dh, kinds, &rows, &cols);
  if (o->panel < 0 && (n < SHL_N_PANELS || o->columns > 0))
    return MAX (w * 0.8 * rows / cols, 150.0);
  return w * dh / dw;
}

/* The size: the flags, else the spec's (or --preset's), else the
 * defaults (238 for a panel, 497 for a grid); one side alone sets the
 * other as the default height does. */
static gboolean
figure_size (const RenderArgs *a, const RenderCtx *rc, double *w, double *h, GError **error)
{
  double dw, dh;
  shl_cli_default_figure_size (rc->fig.panel, &dw, &dh);
  *w = isnan (rc->spec_w) ? dw : rc->spec_w;
  *h = isnan (rc->spec_h) || a->w ? NAN : rc->spec_h;
  if ((a->w && !shl_cli_parse_double ("--width-pt", a->w, 10, 10000, w, error))
      || (a->h && !shl_cli_parse_double ("--height-pt", a->h, 10, 10000, h, error)))
    return FALSE;
  if (isnan (*h))
    *h = default_height (&rc->fig, *w);
  else if (!a->w && isnan (rc->spec_w))
    *w = *h * dw / default_height (&rc->fig, dw);
  return TRUE;
}

/* Options, size, format and resolution; an exit status. */
static int
parse_render (RenderArgs *a, RenderCtx *rc, ShlExportFormat *fmt, double *w, double *h,
              ShlExportOptions *eo, guint64 *every, guint64 *steps, double *fps,
              const char *cmd)
{
  g_autoptr (GError) err = NULL;
  if ((a->out != NULL) + (a->frames || a->video) + (a->csv != NULL) != 1)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "give exactly one of --out FILE, --frames DIR (and/or --video FILE) "
                         "or --csv DIR");
  /* no ffmpeg, or a name it cannot write: refused before any work */
  if (a->video && !shl_cli_video_check (a->video, &err))
    return shl_cli_fail (cmd, err->code == G_FILE_ERROR_NOENT ? SHL_CLI_EXIT_ERROR
                                                                : SHL_CLI_EXIT_USAGE,
                         "%s", err->message);
  if (a->spec)
    {
      /* a bad spec is refused before anything is loaded or written */
      rc->spec = shl_figure_spec_load (a->spec, &err);
      if (!rc->spec)
        return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }
  int code = figure_options (rc, a, cmd);
  if (code != SHL_CLI_EXIT_OK)
    return code;
  int format = SHL_EXPORT_PNG;
  if (a->format && !shl_cli_parse_name ("--format", a->format, &format_names, &format, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  *fmt = (ShlExportFormat) format;
  if (!a->format && a->out && !shl_export_format_from_path (a->out, fmt))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "--out: cannot tell the format from \"%s\"; add --format pdf|svg|png", a->out);
  ShlExportFormat by_name;
  if (a->format && a->out && shl_export_format_from_path (a->out, &by_name) && by_name != *fmt)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "--format %s, but --out \"%s\" ends in .%s: they must agree",
                         a->format, a->out, format_entries[by_name].id);
  gboolean frames = a->frames || a->video;
  if (frames && a->format && *fmt != SHL_EXPORT_PNG)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--frames and --video draw PNG frames");
  if (frames)
    *fmt = SHL_EXPORT_PNG;
  double mb = (double) (SHL_EXPORT_MAX_BYTES_DEFAULT >> 20);
  eo->dpi = 300.0;
  eo->flags = a->transparent ? SHL_EXPORT_TRANSPARENT : SHL_EXPORT_FLAGS_NONE;
  if (!figure_size (a, rc, w, h, &err)
      || (a->dpi && !shl_cli_parse_double ("--dpi", a->dpi, 10, 2400, &eo->dpi, &err))
      || (a->max_memory && !shl_cli_parse_double ("--max-memory", a->max_memory, 1, 1e6, &mb, &err))
      || (a->every && !shl_cli_parse_uint ("--every", a->every, 1, G_MAXINT64, every, &err))
      || (a->steps && !shl_cli_parse_uint ("--steps", a->steps, 0, 100000000, steps, &err))
      || (a->fps && !shl_cli_parse_double ("--fps", a->fps, 0.1, 120, fps, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  if (!frames && (a->every || a->steps))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--every and --steps go with --frames or --video");
  if (!a->video && a->fps)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--fps goes with --video");
  rc->land_grid = 0;
  if (a->land_grid && !g_str_equal (a->land_grid, "auto"))
    {
      guint64 g;
      if (!shl_cli_parse_uint ("--landscape-grid", a->land_grid, SHL_SCENE_GRID_MIN,
                               SHL_SCENE_GRID_MAX, &g, &err))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s (or auto)", err->message);
      rc->land_grid = (int) g;
    }
  eo->max_bytes = (guint64) (mb * (1 << 20));
  /* refused before anything is loaded or drawn */
  if (!a->csv && !shl_render_export_check (*fmt, *w, *h, eo->dpi, eo->max_bytes, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s (--max-memory MB)", err->message);
  return SHL_CLI_EXIT_OK;
}

/* --frames DIR and/or --video F: the frames in DIR (or in a temporary
 * directory, removed after), then the video; an exit status */
static int
render_movie (const RenderArgs *a, const ShlSession *ss, guint64 every, guint64 steps,
              double fps, RenderCtx *rc, double w, double h, const ShlExportOptions *eo)
{
  const char *cmd = "render";
  g_autoptr (GError) err = NULL;
  g_autofree char *tmp = NULL;
  if (a->video && !a->frames && !(tmp = g_dir_make_tmp ("shallows-frames-XXXXXX", &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "cannot make a directory for the frames: %s",
                         err->message);
  const char *dir = a->frames ? a->frames : tmp;
  int code = render_frames (ss, dir, every, steps, rc, w, h, eo, a->frames == NULL);
  if (code == SHL_CLI_EXIT_OK && a->video)
    {
      if (shl_cli_video_assemble (dir, a->video, fps, &err))
        printf ("%s written\n", a->video);
      else
        code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }
  if (tmp)
    shl_io_remove_flat_dir (tmp);
  return code;
}

int
shl_cli_render (int argc, char **argv)
{
  const char *cmd = "render";
  g_auto (RenderArgs) a = { 0 };
  GOptionEntry entries[] = {
    { "spec", 0, 0, G_OPTION_ARG_FILENAME, &a.spec, "A figure spec (JSON; see the README); the other options override its fields", "FILE" },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &a.preset, "neurips|icml|icml-wide: the journal's width, Times and its font size", "NAME" },
    { "letters", 0, 0, G_OPTION_ARG_NONE, &a.letters, "Panel letters (a), (b), ...", NULL },
    { "panel", 0, 0, G_OPTION_ARG_STRING, &a.panel, "realization|derivative|landscape|trajectory|all (default all, or the spec's panels)", "NAME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &a.format, "pdf|svg|png (default: from --out's extension)", "FMT" },
    { "width-pt", 0, 0, G_OPTION_ARG_STRING, &a.w, "Width in points (default 238 for a panel, 497 for all; alone, the height keeps the default's aspect ratio)", "W" },
    { "height-pt", 0, 0, G_OPTION_ARG_STRING, &a.h, "Height in points (default 190 / 400; alone, the width keeps the aspect ratio)", "H" },
    { "dpi", 0, 0, G_OPTION_ARG_STRING, &a.dpi, "Resolution of PNG output (default 300)", "D" },
    { "style", 0, 0, G_OPTION_ARG_STRING, &a.style, "paper|screen (default paper)", "NAME" },
    { "font", 0, 0, G_OPTION_ARG_STRING, &a.font, "dejavu|termes|cm: DejaVu, TeX Gyre Termes (Times) or Computer Modern (default dejavu)", "NAME" },
    { "legend", 0, 0, G_OPTION_ARG_STRING, &a.legend, "auto|outside|top-left|top-right|bottom-left|bottom-right|off (default auto: a corner with no data under it, else outside)", "WHERE" },
    { "no-titles", 0, 0, G_OPTION_ARG_NONE, &a.no_titles, "Leave out the plot titles", NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.titles, "The panel's title, or with --panel all a title above the four; PANEL=TEXT: that panel's (markup, $math$; repeatable)", "TEXT" },
    { "loss-steps", 0, 0, G_OPTION_ARG_STRING, &a.loss_steps, "auto|linear|log: the training loss's step axis (default auto: logarithmic beyond two decades)", "SCALE" },
    { "max-memory", 0, 0, G_OPTION_ARG_STRING, &a.max_memory, "Refuse a PNG that needs more memory than this (default 512)", "MB" },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &a.transparent, "Leave the background transparent", NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &a.out, "The figure to write", "FILE" },
    { "frames", 0, 0, G_OPTION_ARG_FILENAME, &a.frames, "Instead: replay the run and write numbered PNGs here (the same axes in every frame, its step at the top)", "DIR" },
    { "video", 0, 0, G_OPTION_ARG_FILENAME, &a.video, "Instead (or with --frames): the frames as a video, F.mp4 (H.264) or F.webm (VP9); needs ffmpeg", "F" },
    { "fps", 0, 0, G_OPTION_ARG_STRING, &a.fps, "With --video: frames a second (default 10)", "R" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &a.csv, "Instead: write every plotted series as CSV files here", "DIR" },
    { "every", 0, 0, G_OPTION_ARG_STRING, &a.every, "With --frames or --video: a frame every K steps (default 10)", "K" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &a.steps, "With --frames or --video: replay this many steps (default: the session's)", "N" },
    { "colormap", 0, 0, G_OPTION_ARG_STRING, &a.colormap, "coolwarm|bluegold: the map of signed 2-D values (bluegold is greyscale-safe: dark below zero, light above)", "NAME" },
    { "hide", 0, 0, G_OPTION_ARG_STRING, &a.hide, "Leave out these series: data,target,kinks,twin,neurons (comma-separated)", "LIST" },
    { "show", 0, 0, G_OPTION_ARG_STRING, &a.show, "Draw these series (the same names; neurons: each neuron's term in 1-D)", "LIST" },
    { "xlim", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.xlim, "A panel's x range: [PANEL=]LO,HI (PANEL realization|derivative|landscape|trajectory|loss; repeatable)", "RANGE" },
    { "ylim", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.ylim, "A panel's y range: [PANEL=]LO,HI (repeatable)", "RANGE" },
    { "color-range", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.crange, "A 2-D map's colour range: [PANEL=]LO,HI (repeatable)", "RANGE" },
    { "landscape-grid", 0, 0, G_OPTION_ARG_STRING, &a.land_grid, "The loss slice's grid, 3..1001 nodes a side, or auto (default: --out 200 nodes per inch of the map; frames, video and CSV the session's)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("SESSION.json - render a figure without a display");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Draws the panels of a saved session exactly as the app's Export Figure does:\n"
    "the network where the session stopped, its history, and the loss slice at\n"
    "the session's landscape settings. PDF and SVG keep text and curves as vectors;\n"
    "PNGs carry their resolution; PDFs are byte for byte the same when\n"
    "SOURCE_DATE_EPOCH is set. No text overlaps or leaves the page at any size:\n"
    "what does not fit is dropped (minor ticks, every other tick label, the legend\n"
    "goes outside, the title, ...; see the README).");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected exactly one session file");

  g_auto (RenderCtx) rc = { 0 };
  ShlExportFormat fmt = SHL_EXPORT_PNG;
  ShlExportOptions eo = { 0 };
  double w, h, fps = 10.0;
  guint64 every = 10, steps = 0;
  int code = parse_render (&a, &rc, &fmt, &w, &h, &eo, &every, &steps, &fps, cmd);
  if (code != SHL_CLI_EXIT_OK)
    return code;

  /* the figure replaces --out by rename: only a regular file */
  if ((status = shl_cli_check_output (cmd, a.out)) != SHL_CLI_EXIT_OK)
    return status;
  g_autoptr (GError) err = NULL;
  g_autoptr (ShlSession) ss = shl_session_load (argv[1], &err);
  if (!ss)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  if (a.frames || a.video)
    {
      if (!a.steps)
        steps = ss->state ? ss->state->steps : 0;
      return render_movie (&a, ss, every, steps, fps, &rc, w, h, &eo);
    }
  /* a figure's loss slice as fine as its print (200 per inch of the map)
   * or its pixels; CSV keeps the session's grid */
  int grid = rc.land_grid;
  if (!grid && a.out)
    grid = shl_figure_landscape_grid (&rc.fig, w, h, 200.0);
  g_autoptr (ShlSceneData) sd = shl_scene_data_new_grid (ss, grid, &err);
  if (!sd)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s: %s", argv[1], err->message);
  rc.scene = shl_scene_data_get_scene (sd);
  if (a.csv)
    {
      guint n = 0;
      if (!shl_panels_export_csv (rc.scene, a.csv, &n, &err))
        return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      printf ("%u CSV files in %s\n", n, a.csv);
      return SHL_CLI_EXIT_OK;
    }
  if (!shl_render_export_with (a.out, fmt, w, h, &eo, draw, &rc, &err))
    return shl_cli_fail (cmd, err->code == SHL_RENDER_ERROR_TOO_LARGE ? SHL_CLI_EXIT_USAGE
                                                                      : SHL_CLI_EXIT_ERROR,
                         "%s", err->message);
  return SHL_CLI_EXIT_OK;
}
