/* shl-sim-lesson.h: lessons (engine/shl-lesson.h) on the simulation.
 *
 * A slide is set on a ShlSim the same way in the app and in
 * `shallows-cli lesson`: the default problem first (so a slide's state
 * does not depend on the slide before it), then its source (a preset, a
 * session, a network and/or data file), its settings (the sim's
 * properties by name), its symmetry moves (each makes the network before
 * it the twin), its view (on top of the session's, if any), and
 * its training: in the app at the slide's pace until its steps are done,
 * headless all at once. Either way the same trainer takes the same
 * steps, so the state is the same bit for bit.
 *
 * Also: the view check lessons are loaded with (the view-settings
 * reader), and the folder of the lessons shipped with Shallows.
 *
 * GObject + GIO, no GTK: part of the sim library. */
#pragma once

#include "shl-lesson.h"
#include "shl-sim.h"
#include "shl-view-settings.h"

G_BEGIN_DECLS

typedef enum {
  SHL_SLIDE_TRAIN_PACED,  /* at the slide's speed, running until its
                           * steps are done (the app) */
  SHL_SLIDE_TRAIN_NOW,    /* the steps at once, flat out; shl_sim_sync
                           * returns when they are done (headless) */
} ShlSlideTraining;

/* Set the sim to slide `index` of the lesson, then start its training
 * (a slide that does not train leaves the sim paused). On error (a file
 * that does not load, a network and data of different dimensions) the
 * message names the lesson, the slide and the field, and the sim shows
 * the default problem. The sim is "not modified" afterwards. */
gboolean    shl_sim_apply_slide        (ShlSim *sim, const ShlLesson *lesson,
                                        guint index, ShlSlideTraining how,
                                        GError **error);
/* A slide's view over the view a slide's source, settings and moves
 * left (for a preset: its view recipe, then the plane of the last
 * symmetry move): the slide's keys replace the view's, objects one level
 * down key by key ({"recipe": {"difference": true}} keeps the recipe's
 * other keys). NULL: view unchanged. On error view is unchanged. */
gboolean    shl_sim_lesson_layer_view  (ShlViewSettings *view,
                                        const char *slide_view,
                                        GError **error);
/* Train n steps at the sim's speed, running, then pause. */
void        shl_sim_run_for            (ShlSim *sim, guint64 n);

/* The view check for shl_lesson_load: the view-settings reader
 * (shl-view-settings.h) accepts the object. */
gboolean    shl_sim_lesson_check_view  (const char *view_json, GError **error);
/* shl_lesson_load with that check. */
ShlLesson  *shl_sim_load_lesson        (const char *path, GError **error);

/* The folder of the lessons shipped with Shallows: the source tree's
 * data/lessons when the program runs from the build tree it was built in,
 * else the installed copy. */
const char *shl_lessons_dir            (void);
/* The shipped lessons' files (char *, g_free): paper.json first, then by
 * name; empty when the folder is missing. */
GPtrArray  *shl_lessons_shipped        (void);
/* A shipped lesson by its file name without ".json" ("paper", "p1"), or
 * NULL; g_free it. */
char       *shl_lessons_find_shipped   (const char *name);

G_END_DECLS
