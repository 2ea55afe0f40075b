/* shl-panel-report.h: what a panel drew, for tests and hit testing.
 *
 * Drawing a panel with a report (shl_panel_draw_report) records, next to
 * the pixels, every plot the panel laid out (its name and where its data
 * area ended up, ShlPlotLayout) and every item it added, by role: the
 * network f, the twin g, their derivatives, the difference view, the
 * neurons of each network (with their indices), edge markers for neurons
 * beyond the axes, the points where a distance is attained, insets,
 * captions, move events. Tests ask the report instead of reading pixels
 * ("is the twin's derivative in the derivative panel?", "is every neuron
 * inside the axes or at an edge?"); the window asks it which neuron a
 * click hit.
 *
 * Coordinates are data coordinates of the item's plot; NaN breaks a line
 * or marks a point that is not drawn. cairo + GLib, no GTK. */
#pragma once

#include <glib.h>

#include "shl-plot.h"

G_BEGIN_DECLS

typedef enum {
  SHL_ROLE_NONE,
  SHL_ROLE_NETWORK,          /* f (1-D curve, 2-D heat map) */
  SHL_ROLE_NETWORK_DERIV,    /* f' (step function) or a component of grad f */
  SHL_ROLE_TWIN,             /* g */
  SHL_ROLE_TWIN_DERIV,       /* g' (step function) */
  SHL_ROLE_DIFF,             /* f - g */
  SHL_ROLE_DIFF_DERIV,       /* (f - g)' */
  SHL_ROLE_TARGET,
  SHL_ROLE_TARGET_DERIV,
  SHL_ROLE_DATA,
  SHL_ROLE_KINKS,            /* kink positions on the x axis, or kink lines */
  SHL_ROLE_TERM,             /* one neuron's term c_i relu(a_i x + b_i) */
  SHL_ROLE_NEURONS,          /* neurons as points (owner: whose) */
  SHL_ROLE_NEURON_PATH,      /* a neuron's recorded path */
  SHL_ROLE_MOVE_LINK,        /* ghost -> network: how far each neuron moved */
  SHL_ROLE_EDGE_MARKER,      /* a neuron beyond the axes, at the edge */
  SHL_ROLE_ARGSUP,           /* where ||f - g||_inf is attained (value) */
  SHL_ROLE_ARGW1,            /* where |f - g|_{W^1,inf} is attained (value) */
  SHL_ROLE_THIN,             /* a feature narrower than a pixel, widened */
  SHL_ROLE_INSET,            /* the region an inset magnifies (x, y: 2 corners) */
  SHL_ROLE_DOMAIN_SHADE,     /* x (2): an interval outside the domain */
  SHL_ROLE_ORBIT,            /* a rescaling orbit in the balance plane */
  SHL_ROLE_BALANCED,         /* the diagonal of balanced neurons */
  SHL_ROLE_BADGE,            /* "×2": neurons drawn on top of each other */
  SHL_ROLE_LABEL,            /* a neuron's number next to its point */
  SHL_ROLE_TWIN_MARK,        /* the twin in a landscape plane */
  SHL_ROLE_CURRENT_MARK,     /* the current parameters in a landscape plane */
  SHL_ROLE_PATH,             /* the training path in a landscape plane */
  SHL_ROLE_HEATMAP,          /* a heat map (vmin, vmax: its colour range) */
  SHL_ROLE_LOSS,             /* the training loss */
  SHL_ROLE_EVENT,            /* a symmetry move on the timeline (x: step) */
  SHL_ROLE_CAPTION,          /* text on the panel (text) */
  SHL_ROLE_HIGHLIGHT,        /* the emphasised neuron */
  SHL_N_ROLES
} ShlRole;

/* whose item it is */
typedef enum {
  SHL_OWNER_NONE,
  SHL_OWNER_NET,             /* the network f */
  SHL_OWNER_TWIN,            /* the twin g */
  SHL_OWNER_GHOST,           /* the network before the last move */
} ShlOwner;

typedef struct {
  ShlRole  role;
  ShlOwner owner;
  int      plot;             /* index of the plot it belongs to */
  int      n;                /* points */
  double  *x, *y;            /* (n) data coordinates */
  int     *neuron;           /* (n) the neuron of each point, or NULL */
  char    *text;             /* a caption, marker or label text, or NULL */
  double   value;            /* a value the item shows (NAN: none) */
  double   vmin, vmax;       /* HEATMAP: the colour range */
} ShlReportItem;

typedef struct {
  char         *name;        /* "realization", "derivative", "neurons",
                                "loss", "inset", "landscape", ... */
  ShlPlotLayout layout;      /* where it was drawn, its axis ranges */
  gboolean      drawn;       /* layout is set */
} ShlReportPlot;

typedef struct _ShlPanelReport ShlPanelReport;

ShlPanelReport *shl_panel_report_new    (void);
void            shl_panel_report_free   (ShlPanelReport *report);
void            shl_panel_report_clear  (ShlPanelReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlPanelReport, shl_panel_report_free)

/* ---- recording (the panels; every function accepts report == NULL) -- */

/* A new plot named name; items added from now on belong to it. */
void            shl_panel_report_begin_plot (ShlPanelReport *report,
                                             const char *name);
/* The layout the current plot was drawn with. */
void            shl_panel_report_end_plot   (ShlPanelReport *report,
                                             const ShlPlotLayout *layout);
/* The layout plot k (in the order begun) was drawn with: for plots built
 * first and drawn together (a column). */
void            shl_panel_report_set_layout (ShlPanelReport *report, guint k,
                                             const ShlPlotLayout *layout);
/* An item of the current plot; x, y (n) and neuron (n, may be NULL) are
 * copied. Returns the item (NULL without a report) to set text, value. */
ShlReportItem  *shl_panel_report_add        (ShlPanelReport *report,
                                             ShlRole role, ShlOwner owner,
                                             const double *x, const double *y,
                                             const int *neuron, int n);
void            shl_panel_report_set_text   (ShlReportItem *item,
                                             const char *text);

/* ---- queries ------------------------------------------------------- */

guint                shl_panel_report_n_plots  (const ShlPanelReport *report);
const ShlReportPlot *shl_panel_report_plot     (const ShlPanelReport *report,
                                                guint k);
/* the first plot of that name, or NULL */
const ShlReportPlot *shl_panel_report_find_plot (const ShlPanelReport *report,
                                                 const char *name);
guint                shl_panel_report_n_items  (const ShlPanelReport *report);
const ShlReportItem *shl_panel_report_item     (const ShlPanelReport *report,
                                                guint k);
/* The nth item (0-based) with this role and owner (SHL_OWNER_NONE as owner
 * matches any owner), or NULL. */
const ShlReportItem *shl_panel_report_find     (const ShlPanelReport *report,
                                                ShlRole role, ShlOwner owner,
                                                guint nth);
/* the same, only in the plot named plot_name */
const ShlReportItem *shl_panel_report_find_in  (const ShlPanelReport *report,
                                                const char *plot_name,
                                                ShlRole role, ShlOwner owner,
                                                guint nth);
guint                shl_panel_report_count    (const ShlPanelReport *report,
                                                ShlRole role, ShlOwner owner);
/* Whether the point (x, y) lies inside the axis ranges of plot k (ends
 * included, a relative slack of 1e-9 of the span). */
gboolean             shl_panel_report_inside   (const ShlPanelReport *report,
                                                guint k, double x, double y);

/* The neuron drawn nearest to (ux, uy) (user units of the drawing)
 * within radius: TRUE and its index and owner, or FALSE. Points of
 * NEURONS, EDGE_MARKER and LABEL items count. */
gboolean             shl_panel_report_hit_neuron (const ShlPanelReport *report,
                                                  double ux, double uy,
                                                  double radius, int *neuron,
                                                  ShlOwner *owner);

const char          *shl_role_name  (ShlRole role);

G_END_DECLS
