/* shl-window-private.h: what the rooms of the main window share.
 *
 * ShlWindow is one widget whose code lives in one file per concern:
 *
 *   shl-window.c            the core: the template (header bar, sidebar
 *                           frame, panel grid, readouts bar), init and
 *                           dispose, the frame tick and redraws, the
 *                           readouts and the history scrubber, the window's
 *                           remembered size and plot text size
 *   shl-window-sidebar.c    the controls generated from ShlSim properties:
 *                           problem, network, training, view
 *   shl-window-stability.c  inverse stability: the pathology gallery, the
 *                           twin and the twin readouts
 *   shl-window-neurons.c    the neuron table and the symmetry moves
 *   shl-window-export.c     figure and CSV export and the export dialog
 *   shl-window-files.c      open, save, save as, recent sessions, drag and
 *                           drop, the title and the close confirmation
 *   shl-window-actions.c    the view actions: maximise and restore a panel,
 *                           sidebar, fullscreen, the experiments window
 *   shl-window-lesson.c     lessons: the Lessons menu, slides, the
 *                           presenter mode, making and saving lessons
 *   shl-window-edit.c       direct manipulation: dragging neurons, kinks
 *                           and vertices, adding and erasing data points
 *
 * Each room keeps its state in its own part of the struct below and
 * installs its own win.* actions from a *_class_init function. */
#pragma once

#include "shl-window.h"

#include "shl-experiments.h"
#include "shl-lesson.h"
#include "shl-panels.h"
#include "shl-window-inspect.h"

/* the draw times of the last frames kept for shl_window_get_draw_stats */
#define SHL_WINDOW_FRAME_STATS 240

/* How long a symmetry move animates by default (the preferences'
 * move-animation-ms): the neurons travel from their old places in the
 * trajectory panel while the realization stays put. */
#define SHL_MOVE_ANIMATION_US (1500 * G_TIME_SPAN_MILLISECOND)

G_BEGIN_DECLS

typedef struct {
  ShlWindow   *win;
  ShlPanelKind kind;
} ShlPanelSlot;

/* the core: the readouts bar under the panels */
typedef struct {
  GtkWidget *bar;               /* the flow box */
  GtkWidget *step_label, *loss_label, *speed_label, *status_label;
  GtkWidget *scrubber;          /* the history scrubber */
  gboolean   scrub_updating;    /* set while the code moves the scrubber */
} ShlWindowReadouts;

/* the core: the frame tick and what it redraws */
typedef struct {
  guint    tick_id;
  double   draw_us[SHL_WINDOW_FRAME_STATS];  /* ring buffer */
  guint    n;                   /* frames measured so far */
  gboolean pending;             /* measure the panels' draw this frame */
  gint64   first;               /* monotonic time of the first drawn frame */
  gint64   land_redraw;         /* last redraw for a landscape job's progress */
  gint64   move_start;          /* when a symmetry move started, or 0 */
  guint    refresh_id;          /* a pending refresh of rate-limited readouts */
} ShlWindowFrames;

/* shl-window-bookmarks.c */
void       shl_window_bookmarks_class_init (GtkWidgetClass *wc);
void       shl_window_bookmarks_init      (ShlWindow *self);

/* shl-window-sidebar.c */
typedef struct {
  GtkWidget     *target_drop;
  GtkStringList *target_model;
  GPtrArray     *target_names;  /* char *, parallel to target_model */
  gboolean       updating_targets;
  GtkWidget     *lr_label;
  GtkWidget     *speed_label;
  GtkWidget     *neurons_check;
  GtkWidget     *grad_drop, *grad_label;
  GtkWidget     *land_drop;
  GtkWidget     *traj_drop;
  GtkWidget     *linear_check;
  GtkWidget     *diff_check;    /* issue 10: the difference view */
} ShlWindowSidebar;

/* shl-window-stability.c */
typedef struct {
  GtkWidget *patho_drop, *patho_scale, *patho_value, *patho_text, *patho_claim;
  gboolean   patho_updating;
  GtkWidget *twin_names[6];     /* the readouts' names and values: 0 sup, */
  GtkWidget *twin_labels[6];    /* 1 W1inf, 2 raw, 3 d_sym, 4 d_fib, 5 ratio */
  GtkWidget *twin_notes[6];     /* "exact", "upper bound", ... */
  GtkWidget *twin_status;       /* "computing…" */
  GtkWidget *twin_details;      /* the expander's text */
  gint64     twin_last;         /* last update of the twin readouts */
  GCancellable *twin_cancel;    /* the readouts job running, or NULL */
  gboolean   twin_pending;      /* an update came while it ran */
  guint      twin_done;         /* jobs finished with values (tests) */
  guint      marks_events;      /* the events the scrubber marks show */
  guint      marks_hist;        /* ... for this history length */
} ShlWindowStability;

/* shl-window-neurons.c */
typedef struct {
  GtkWidget *grid;
  gint64     last;              /* last update of the table */
  int        m;                 /* width shown, -1 without a network */
  guint64    step;              /* step shown */
  int        canon_next;        /* the next step of the "κ step" button */
  int        selected;          /* the neuron selected by a click, -1 */
  int        hovered;           /* the row under the pointer, -1 */
  GtkWidget *first_cell[64];    /* each row's first cell (to scroll to) */
} ShlWindowNeurons;

/* shl-window-files.c */
typedef struct {
  char     *session_path;       /* the open session file, or NULL */
  GMenu    *recent_menu;        /* the "Open Recent" submenu (template) */
  gboolean  closing_confirmed;
} ShlWindowFiles;

/* the pace control's steps per second (win.pace: "slow", "normal",
 * "fast" = flat out); a new window trains at the normal pace */
#define SHL_PACE_SLOW   30.0
#define SHL_PACE_NORMAL 300.0
/* the sidebar's width at text scale 1 (fixed: the panels never move
 * while the readouts in it change) */
#define SHL_SIDEBAR_WIDTH 360

/* shl-window-lesson.c */
typedef struct {
  ShlLesson *lesson;            /* the open lesson, or NULL */
  char      *path;              /* its file, or NULL (made here, not saved) */
  int        index;             /* the slide shown, -1 before the first */
  gboolean   presenting;
  gboolean   sidebar_was_visible;
  gboolean   fullscreened;      /* the presenter mode made it fullscreen */
  GMenu     *menu;              /* the shipped lessons (template) */
  char      *tmpdir;            /* sessions of slides not saved yet */
  GPtrArray *saved_accels;      /* GStrv: the keys before presenting */
  GtkWidget *experiment;        /* ShlPlotView: a slide's experiment */
  ShlStabilitySample *scatter;  /* its samples, once made */
  guint      n_scatter;
  guint      n_captured;
} ShlWindowLesson;

typedef struct {
  GtkWidget *button;            /* the header bar's menu button */
  GtkWidget *popover, *entry, *list;
} ShlWindowBookmarks;
/* shl-window-edit.c: what a press on a panel grabbed */
typedef enum {
  SHL_EDIT_NONE,
  SHL_EDIT_DOT,                 /* a neuron's dot in the kink plane */
  SHL_EDIT_KINK,                /* a kink marker on the realization axis */
  SHL_EDIT_VERTEX,              /* a vertex of f (or g) */
  SHL_EDIT_ERASE,               /* the data eraser (Shift) */
  SHL_EDIT_ADD,                 /* a click that adds a data point */
  SHL_EDIT_LINE,                /* 2-D: a kink line, to move it */
  SHL_EDIT_ROTATE,              /* 2-D: a kink line's end, to rotate it */
} ShlEditGrab;

typedef struct {
  ShlEditGrab   grab;
  int           panel;          /* the panel pressed */
  int           neuron;         /* the neuron grabbed */
  gboolean      twin;           /* the twin's (Shift) */
  double        press_ux, press_uy;  /* the press, widget coordinates */
  double        press_y;        /* the press's data y (vertex drags) */
  ShlPlotLayout layout;         /* the plot pressed, as drawn at the press */
  double        lever_x;        /* vertex drags: f follows the pointer at */
  double        lever_r;        /* lever_x; relu(a lever_x + b) there, */
  double        lever_f0;       /* f there at the press, and f there */
  double        lever_rest;     /* without the neuron's term */
  double        add_x[2], add_y;/* the point a click adds */
  gboolean      started;        /* the drag moved: the edit has begun */
  double        press_x[2];     /* the press in data coordinates */
  double        a0[2], b0;      /* 2-D: the neuron grabbed at the press */
  double        pivot[2];       /* 2-D: the middle of its kink line */
  guint         add_id;         /* the add waiting for the double click */
} ShlWindowEdit;

struct _ShlWindow {
  GtkApplicationWindow parent_instance;

  ShlSim      *sim;
  GSettings   *settings;        /* preferences, NULL without the schema */
  double       plot_scale;
  GtkCssProvider *text_css;     /* the text scale for every widget */
  char        *css_class;       /* this window's, for text_css */

  /* template children */
  GtkWidget   *run_button;
  GtkWidget   *sidebar;         /* the scrolled window */
  GtkWidget   *sidebar_box;     /* the rooms append their sections here */
  GtkWidget   *sidebar_sep;     /* the line between sidebar and panels */
  GtkWidget   *grid;            /* ShlPanelGrid */
  GtkWidget   *caption;         /* ShlCaptionView, shown when presenting */

  GtkWidget   *views[SHL_N_PANELS];
  ShlPanelSlot slots[SHL_N_PANELS];

  ShlWindowReadouts  readouts;
  ShlWindowFrames    frames;
  ShlWindowSidebar   side;
  ShlWindowStability stability;
  ShlWindowNeurons   neurons;
  ShlWindowFiles     files;
  ShlWindowLesson    lesson;
  ShlWindowBookmarks marks;
  ShlWindowEdit      edit;
};

/* shl-window.c */
void       shl_window_redraw_all          (ShlWindow *self);
void       shl_window_update_readouts     (ShlWindow *self);
/* the rate-limited readouts skipped an update: show the last state soon */
void       shl_window_schedule_refresh    (ShlWindow *self);
void       shl_window_start_move_animation (ShlWindow *self);
void       shl_window_show_error          (ShlWindow *self, const char *primary,
                                           const GError *error);

/* shl-window-sidebar.c */
void       shl_window_sidebar_init        (ShlWindow *self);
void       shl_window_sidebar_dispose     (ShlWindow *self);
/* show the view settings of a loaded session in the sidebar */
void       shl_window_sidebar_show_view   (ShlWindow *self,
                                           const ShlViewSettings *view);
/* a heading and a two-column grid of label + control rows */
GtkWidget *shl_window_sidebar_section     (GtkWidget *box, const char *title);
void       shl_window_sidebar_add_row     (GtkWidget *grid, const char *label,
                                           GtkWidget *widget, const char *tooltip);

/* shl-window-stability.c */
void       shl_window_stability_class_init (GtkWidgetClass *wc);
void       shl_window_stability_build     (ShlWindow *self, GtkWidget *box);
void       shl_window_update_twin_readouts (ShlWindow *self);
/* update the twin readouts at the next chance, skipping the rate limit */
void       shl_window_twin_changed        (ShlWindow *self);
void       shl_window_stability_dispose   (ShlWindow *self);
/* marks on the history scrubber at the moves on the timeline */
void       shl_window_stability_update_marks (ShlWindow *self);

/* shl-window-neurons.c */
void       shl_window_neurons_build       (ShlWindow *self, GtkWidget *box);
void       shl_window_update_neuron_table (ShlWindow *self);
/* clicks on the panels select the neuron hit (after the views exist) */
void       shl_window_neurons_attach_panels (ShlWindow *self);
/* how long a symmetry move animates (the preferences' move-animation-ms) */
gint64     shl_window_move_duration_us    (ShlWindow *self);

/* shl-window-export.c */
void       shl_window_export_class_init   (GtkWidgetClass *wc);

/* shl-window-files.c */
void       shl_window_files_class_init    (GtkWidgetClass *wc);
void       shl_window_files_init          (ShlWindow *self);
void       shl_window_files_dispose       (ShlWindow *self);

/* shl-window-actions.c */
void       shl_window_actions_class_init  (GtkWidgetClass *wc);

/* shl-window-edit.c */
/* drags and clicks on the realization and trajectory panels */
void       shl_window_edit_attach         (ShlWindow *self);
void       shl_window_edit_dispose        (ShlWindow *self);

/* shl-window-lesson.c */
void       shl_window_lesson_class_init   (GtkWidgetClass *wc);
void       shl_window_lesson_init         (ShlWindow *self);
void       shl_window_lesson_dispose      (ShlWindow *self);

G_END_DECLS
