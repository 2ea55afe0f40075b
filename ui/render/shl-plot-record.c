/* shl-plot-record.c: the boxes a drawing put on the page. */
#include "shl-plot-record.h"

#include <math.h>

struct _ShlPlotRecord {
  GArray        *boxes;     /* ShlBox */
  GArray        *plots;     /* int pairs: stage, legend */
  cairo_matrix_t base_inv;  /* device -> the record's units */
  ShlRecordPaint paint;
  int            current;   /* the plot being drawn */
};

static const cairo_user_data_key_t record_key;

ShlPlotRecord *
shl_plot_record_new (void)
{
  ShlPlotRecord *rec = g_new0 (ShlPlotRecord, 1);
  rec->boxes = g_array_new (FALSE, FALSE, sizeof (ShlBox));
  rec->plots = g_array_new (FALSE, FALSE, 2 * sizeof (int));
  cairo_matrix_init_identity (&rec->base_inv);
  return rec;
}

void
shl_plot_record_clear (ShlPlotRecord *record)
{
  g_return_if_fail (record != NULL);
  for (guint i = 0; i < record->boxes->len; i++)
    g_free (g_array_index (record->boxes, ShlBox, i).text);
  g_array_set_size (record->boxes, 0);
  g_array_set_size (record->plots, 0);
}

void
shl_plot_record_free (ShlPlotRecord *record)
{
  if (!record)
    return;
  shl_plot_record_clear (record);
  g_array_unref (record->boxes);
  g_array_unref (record->plots);
  g_free (record);
}

void
shl_plot_record_attach (ShlPlotRecord *record, cairo_t *cr)
{
  g_return_if_fail (record != NULL && cr != NULL);
  cairo_matrix_t m;
  cairo_get_matrix (cr, &m);
  if (cairo_matrix_invert (&m) == CAIRO_STATUS_SUCCESS)
    record->base_inv = m;
  cairo_set_user_data (cr, &record_key, record, NULL);
}

void
shl_plot_record_detach (cairo_t *cr)
{
  g_return_if_fail (cr != NULL);
  cairo_set_user_data (cr, &record_key, NULL, NULL);
}

static const cairo_user_data_key_t like_key;

cairo_surface_type_t
shl_plot_target_type (cairo_t *cr)
{
  gpointer like = cairo_get_user_data (cr, &like_key);
  return like ? (cairo_surface_type_t) (GPOINTER_TO_INT (like) - 1)
              : cairo_surface_get_type (cairo_get_target (cr));
}

cairo_t *
shl_plot_record_dry_run (cairo_t *like, ShlPlotRecord *record)
{
  g_return_val_if_fail (like != NULL && record != NULL, NULL);
  cairo_surface_t *rs = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rs);
  cairo_set_user_data (cr, &like_key, GINT_TO_POINTER ((int) shl_plot_target_type (like) + 1),
                       NULL);
  cairo_surface_destroy (rs);   /* cr keeps it */
  cairo_matrix_t m;
  cairo_get_matrix (like, &m);
  cairo_set_matrix (cr, &m);
  shl_plot_record_attach (record, cr);
  return cr;
}

void
shl_plot_record_dry_run_end (cairo_t *cr)
{
  if (!cr)
    return;
  shl_plot_record_detach (cr);
  cairo_destroy (cr);
}

void
shl_plot_record_set_paint (ShlPlotRecord *record, ShlRecordPaint paint)
{
  g_return_if_fail (record != NULL);
  record->paint = paint;
}

ShlRecordPaint
shl_plot_record_get_paint (const ShlPlotRecord *record)
{
  return record ? record->paint : SHL_RECORD_PAINT_ALL;
}

ShlPlotRecord *
shl_plot_record_get (cairo_t *cr)
{
  return cr ? cairo_get_user_data (cr, &record_key) : NULL;
}

guint
shl_plot_record_get_n_boxes (const ShlPlotRecord *record)
{
  g_return_val_if_fail (record != NULL, 0);
  return record->boxes->len;
}

const ShlBox *
shl_plot_record_get_box (const ShlPlotRecord *record, guint i)
{
  g_return_val_if_fail (record != NULL && i < record->boxes->len, NULL);
  return &g_array_index (record->boxes, ShlBox, i);
}

int
shl_plot_record_get_n_plots (const ShlPlotRecord *record)
{
  g_return_val_if_fail (record != NULL, 0);
  return (int) record->plots->len;
}

static const int *
plot_info (const ShlPlotRecord *record, int plot)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (plot >= 0 && (guint) plot < record->plots->len, NULL);
  return (const int *) (const void *) (record->plots->data
                                       + (gsize) plot * 2 * sizeof (int));
}

int
shl_plot_record_get_stage (const ShlPlotRecord *record, int plot)
{
  const int *p = plot_info (record, plot);
  return p ? p[0] : -1;
}

int
shl_plot_record_get_legend (const ShlPlotRecord *record, int plot)
{
  const int *p = plot_info (record, plot);
  return p ? p[1] : -1;
}

int
shl_plot_record_begin_plot (ShlPlotRecord *record, int stage, int legend)
{
  g_return_val_if_fail (record != NULL, -1);
  int v[2] = { stage, legend };
  g_array_append_vals (record->plots, v, 1);
  record->current = (int) record->plots->len - 1;
  return record->current;
}

void
shl_plot_record_add (ShlPlotRecord *record, cairo_t *cr, ShlBoxKind kind,
                     int plot, const ShlRect *r, const char *text)
{
  g_return_if_fail (record != NULL && cr != NULL && r != NULL);
  /* the four corners, user -> device -> the record's units */
  double xs[4] = { r->x, r->x + r->width, r->x, r->x + r->width };
  double ys[4] = { r->y, r->y, r->y + r->height, r->y + r->height };
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE,
         y1 = -G_MAXDOUBLE;
  for (int k = 0; k < 4; k++)
    {
      double x = xs[k], y = ys[k];
      cairo_user_to_device (cr, &x, &y);
      cairo_matrix_transform_point (&record->base_inv, &x, &y);
      x0 = MIN (x0, x), x1 = MAX (x1, x);
      y0 = MIN (y0, y), y1 = MAX (y1, y);
    }
  ShlBox b = { kind, plot, { x0, y0, x1 - x0, y1 - y0 },
               text ? g_strdup (text) : NULL };
  g_array_append_val (record->boxes, b);
}

gboolean
shl_box_kind_is_text (ShlBoxKind kind)
{
  switch (kind)
    {
    case SHL_BOX_LEGEND:
    case SHL_BOX_TITLE:
    case SHL_BOX_AXIS_LABEL:
    case SHL_BOX_TICK_LABEL:
    case SHL_BOX_MULTIPLIER:
    case SHL_BOX_TEXT:
    case SHL_BOX_LEGEND_TEXT:
    case SHL_BOX_FIGURE_TITLE:
    case SHL_BOX_LETTER:
      return TRUE;
    case SHL_BOX_AREA:
    case SHL_BOX_PLOT:
    case SHL_BOX_COLORBAR:
    default:
      return FALSE;
    }
}

const char *
shl_box_kind_name (ShlBoxKind kind)
{
  static const char *const names[] = {
    "area", "plot", "colour bar", "legend", "title", "axis label",
    "tick label", "multiplier", "text", "legend text", "figure title",
    "letter",
  };
  return (unsigned) kind < G_N_ELEMENTS (names) ? names[kind] : "?";
}

int
shl_plot_record_current_plot (const ShlPlotRecord *record)
{
  return record ? record->current : -1;
}
