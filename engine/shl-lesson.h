/* shl-lesson.h: lessons, an ordered list of slides for teaching.
 *
 * A lesson is a JSON file (README, "Lesson"):
 *
 *   {"format": "shallows-lesson", "version": 1, "title": "...",
 *    "slides": [{"title": "...", "lines": ["...", ...],
 *                "preset": "p1", "param": 0.01,
 *                "settings": {"lr": 0.003, ...}, "moves": ["canonical"],
 *                "view": {...}, "train": {"steps": 2000, "speed": 300}},
 *               ...]}
 *
 * Each slide sets a state (a preset of the pathology gallery and its
 * parameter, or a session file, or a network and/or data file, paths
 * relative to the lesson file; settings of the simulation by property
 * name; symmetry moves applied in order (shl-move.h ids); the view, in
 * the session's "view" format, or an experiment's plot in place of the
 * panels ("experiment": "scatter"); whether it trains, how
 * fast and for how many steps before it pauses) and carries a caption: a
 * title and one to three lines.
 *
 * The loader validates everything and names the file, the slide and the
 * field; nothing is half-loaded. A slide's view object is kept as JSON
 * text: the reader of view settings (ui/render/shl-view-settings.h, not
 * the engine's) checks it through a callback the caller passes, so keys
 * it learns later pass through here untouched. The writer is atomic.
 *
 * GLib + json-glib (the engine's I/O library). */
#pragma once

#include <glib.h>

#include "shl-io.h"

G_BEGIN_DECLS

#define SHL_LESSON_VERSION    1
#define SHL_LESSON_MAX_LINES  3
#define SHL_LESSON_TITLE_MAX  120   /* characters */
#define SHL_LESSON_LINE_MAX   240
#define SHL_LESSON_MAX_STEPS  100000000
#define SHL_LESSON_MAX_SPEED  1e7   /* steps per second */
/* the pace a slide trains at when it does not say: a few hundred steps a
 * second, which a class can watch */
#define SHL_LESSON_DEFAULT_SPEED 300.0

/* ------------------------------------------------------------ settings */

typedef enum {
  SHL_LESSON_VALUE_INT,      /* integer in [min, max] */
  SHL_LESSON_VALUE_DOUBLE,   /* number in [min, max] */
  SHL_LESSON_VALUE_BOOL,
  SHL_LESSON_VALUE_STRING,   /* one of a set of names (check) */
} ShlLessonValueType;

/* A setting a slide may give: the simulation's property of that name
 * (ShlSim, ui/shl-sim.h; a test in the sim suite checks that the two
 * agree on names, types and ranges). */
typedef struct {
  const char         *key;       /* "width", "lr", ... */
  ShlLessonValueType  type;
  double              min, max;  /* INT and DOUBLE */
  /* STRING: TRUE if value is accepted; else NULL */
  gboolean          (*check) (const char *value);
  const char         *choices;   /* STRING: for messages */
  /* the setting changes the problem a preset sets (its network, data,
   * loss), so it would leave the preset: not on a preset slide */
  gboolean            problem;
} ShlLessonSettingInfo;

const ShlLessonSettingInfo *shl_lesson_settings      (guint *n_out);
const ShlLessonSettingInfo *shl_lesson_setting_lookup (const char *key);

typedef struct {
  const ShlLessonSettingInfo *info;   /* static */
  gint64    i;                        /* INT */
  double    d;                        /* DOUBLE */
  gboolean  b;                        /* BOOL */
  char     *s;                        /* STRING */
} ShlLessonSetting;

/* -------------------------------------------------------------- slides */

typedef struct {
  /* the caption */
  char     *title;
  char     *lines[SHL_LESSON_MAX_LINES];
  guint     n_lines;

  /* the state: at most one of preset, session, (network and/or data);
   * none: the app's default problem */
  char     *preset;          /* a pathology id (shl-pathology.h), or NULL */
  gboolean  has_param;
  double    param;           /* the preset's parameter (has_param) */
  char     *session;         /* paths as written: relative to the lesson's */
  char     *network;         /* folder, or absolute; NULL if not given */
  char     *data;

  ShlLessonSetting *settings;  /* (n_settings), in the file's order */
  guint     n_settings;

  char    **moves;           /* symmetry move ids (shl_move_from_id), applied
                              * in order after the settings; NULL: none */

  char     *view_json;       /* a JSON object, or NULL (the defaults) */
  char     *experiment;      /* "scatter": the inverse-stability scatter
                              * in place of the panels; NULL: the panels */

  gboolean  train;           /* trains when shown */
  guint64   steps;           /* this many steps, then pauses (train) */
  double    speed;           /* steps per second, 0 = flat out (train) */
} ShlLessonSlide;

ShlLessonSlide *shl_lesson_slide_new      (const char *title);
void            shl_lesson_slide_free     (ShlLessonSlide *slide);
ShlLessonSlide *shl_lesson_slide_copy     (const ShlLessonSlide *slide);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlLessonSlide, shl_lesson_slide_free)
/* append a caption line (at most SHL_LESSON_MAX_LINES; FALSE when full) */
gboolean        shl_lesson_slide_add_line (ShlLessonSlide *slide,
                                           const char *line);
/* the setting of that key, or NULL */
const ShlLessonSetting *shl_lesson_slide_get_setting (const ShlLessonSlide *slide,
                                                      const char *key);

/* -------------------------------------------------------------- lessons */

typedef struct {
  char      *title;
  char      *dir;       /* the folder slide paths are relative to
                         * (NULL: the current directory) */
  GPtrArray *slides;    /* ShlLessonSlide *, owned */
} ShlLesson;

ShlLesson      *shl_lesson_new        (const char *title);
void            shl_lesson_free       (ShlLesson *lesson);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlLesson, shl_lesson_free)
/* takes the slide */
void            shl_lesson_add_slide  (ShlLesson *lesson, ShlLessonSlide *slide);
guint           shl_lesson_n_slides   (const ShlLesson *lesson);
ShlLessonSlide *shl_lesson_get_slide  (const ShlLesson *lesson, guint index);
/* a slide's path (relative to the lesson's folder, or absolute) as an
 * absolute path; g_free it */
char           *shl_lesson_resolve    (const ShlLesson *lesson, const char *path);

/* Checks a slide's view object (JSON text); FALSE with a message that
 * needs no prefix (the loader adds file, slide and field). */
typedef gboolean (*ShlLessonViewCheck) (const char *view_json, GError **error);

/* Parse a lesson; name (the file, for messages) and dir (the folder of
 * relative paths) may be NULL. check_view may be NULL (views are then
 * only checked to be objects). Files the slides name must exist. */
ShlLesson      *shl_lesson_from_json  (const char *text, gssize len,
                                       const char *name, const char *dir,
                                       ShlLessonViewCheck check_view,
                                       GError **error);
ShlLesson      *shl_lesson_load       (const char *path,
                                       ShlLessonViewCheck check_view,
                                       GError **error);
/* The lesson as JSON text (2-space indentation, numbers written by the
 * project's number writer); g_free it. */
char           *shl_lesson_to_json    (const ShlLesson *lesson);
/* Write atomically to path. Relative slide paths are rewritten to stay
 * right from path's folder (relative when below it, else absolute), and
 * lesson->dir becomes that folder. */
gboolean        shl_lesson_save       (ShlLesson *lesson, const char *path,
                                       GError **error);
/* TRUE if the text looks like a lesson (its "format" field) */
gboolean        shl_lesson_sniff      (const char *text, gsize len);

G_END_DECLS
