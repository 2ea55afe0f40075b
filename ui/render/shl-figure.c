/* shl-figure.c: a grid of plots with aligned margins. */
#include "shl-figure.h"

#include <string.h>

#include "shl-export.h"
#include "shl-plot-private.h"

struct _ShlFigure {
  int rows, cols;
  ShlPlot **plots;       /* (rows, cols) */
  char *title;
  double hspace, vspace; /* < 0: default */
};

ShlFigure *
shl_figure_new (int rows, int cols)
{
  g_return_val_if_fail (rows >= 1 && cols >= 1, NULL);
  ShlFigure *fig = g_new0 (ShlFigure, 1);
  fig->rows = rows;
  fig->cols = cols;
  fig->plots = g_new0 (ShlPlot *, (gsize) rows * cols);
  fig->hspace = fig->vspace = -1.0;
  return fig;
}

void
shl_figure_free (ShlFigure *fig)
{
  if (!fig)
    return;
  for (int i = 0; i < fig->rows * fig->cols; i++)
    shl_plot_free (fig->plots[i]);
  g_free (fig->plots);
  g_free (fig->title);
  g_free (fig);
}

int
shl_figure_get_rows (const ShlFigure *fig)
{
  g_return_val_if_fail (fig != NULL, 0);
  return fig->rows;
}

int
shl_figure_get_cols (const ShlFigure *fig)
{
  g_return_val_if_fail (fig != NULL, 0);
  return fig->cols;
}

ShlPlot *
shl_figure_get_plot (ShlFigure *fig, int row, int col)
{
  g_return_val_if_fail (fig != NULL, NULL);
  g_return_val_if_fail (row >= 0 && row < fig->rows, NULL);
  g_return_val_if_fail (col >= 0 && col < fig->cols, NULL);
  ShlPlot **p = &fig->plots[row * fig->cols + col];
  if (!*p)
    *p = shl_plot_new ();
  return *p;
}

void
shl_figure_set_plot (ShlFigure *fig, int row, int col, ShlPlot *plot)
{
  g_return_if_fail (fig != NULL);
  g_return_if_fail (row >= 0 && row < fig->rows);
  g_return_if_fail (col >= 0 && col < fig->cols);
  ShlPlot **p = &fig->plots[row * fig->cols + col];
  if (*p != plot)
    {
      shl_plot_free (*p);
      *p = plot;
    }
}

void
shl_figure_set_title (ShlFigure *fig, const char *markup)
{
  g_return_if_fail (fig != NULL);
  g_free (fig->title);
  fig->title = (markup && *markup) ? g_strdup (markup) : NULL;
}

void
shl_figure_set_spacing (ShlFigure *fig, double hspace, double vspace)
{
  g_return_if_fail (fig != NULL);
  fig->hspace = hspace;
  fig->vspace = vspace;
}

void
shl_figure_grid_cells (ShlRect *cells, const ShlRect *area, int rows,
                       int cols, double hspace, double vspace)
{
  g_return_if_fail (cells != NULL && area != NULL && rows >= 1 && cols >= 1);
  double cw = MAX (1.0, (area->width - (cols - 1) * hspace) / cols);
  double ch = MAX (1.0, (area->height - (rows - 1) * vspace) / rows);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      cells[r * cols + c] = (ShlRect) {
        area->x + c * (cw + hspace), area->y + r * (ch + vspace), cw, ch,
      };
}

static ShlRect
title_draw (cairo_t *cr, ShlText *text, const ShlPlotStyle *st,
            const char *markup, const ShlRect *area)
{
  ShlRect inner = *area;
  PangoLayout *l = shl_text_layout_wrapped (text, SHL_FONT_TITLE, markup,
                                            area->width - 2 * st->pad);
  ShlTextBox m;
  shl_text_box (l, &m);
  if (m.w <= area->width - 2 * st->pad && m.h + 2 * st->pad <= area->height / 3)
    {
      double x = area->x + 0.5 * (area->width - m.w) - m.x;
      double y = area->y + st->pad - m.y;
      ShlPlotRecord *rec = shl_plot_record_get (cr);
      if (rec)
        shl_plot_record_add (rec, cr, SHL_BOX_FIGURE_TITLE, -1,
                             &(ShlRect) { x + m.x, y + m.y, m.w, m.h },
                             pango_layout_get_text (l));
      if (shl_plot_record_get_paint (rec) == SHL_RECORD_PAINT_ALL)
        {
          cairo_save (cr);
          shl_color_set_source (st->foreground, cr);
          shl_text_show (cr, l, x, y);
          cairo_restore (cr);
        }
      inner.y += m.h + 2 * st->pad;
      inner.height -= m.h + 2 * st->pad;
    }
  g_object_unref (l);
  return inner;
}

ShlRect
shl_figure_draw_title (cairo_t *cr, const ShlPlotStyle *style,
                       const char *markup, const ShlRect *area)
{
  g_return_val_if_fail (cr != NULL && style != NULL && area != NULL, (ShlRect) { 0 });
  if (!markup || !*markup)
    return *area;
  ShlPlotStyle st;
  shl_plot_style_scaled (&st, style);
  ShlText *text = shl_text_new (&st, st.hinting);
  ShlRect inner = title_draw (cr, text, &st, markup, area);
  shl_text_free (text);
  return inner;
}

/* Lays out n plots in their cells, then again with the margins of each
 * row (top, bottom) and column (left, right) made equal, so that the
 * data areas line up. rows x cols cells; frames (n) are initialised. */
static void
layout_aligned (ShlPlot **plots, ShlFrame *frames, const ShlRect *cells,
                int rows, int cols)
{
  int n = rows * cols;
  for (int i = 0; i < n; i++)
    if (plots[i])
      shl_plot_frame_layout (plots[i], &frames[i], &cells[i], NULL);
  ShlMargins *m = g_new0 (ShlMargins, n);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        const ShlMargins *fm = &frames[r * cols + c].margins;
        if (!plots[r * cols + c])
          continue;
        for (int k = 0; k < cols; k++)    /* the row */
          {
            ShlMargins *o = &m[r * cols + k];
            o->top = MAX (o->top, fm->top);
            o->bottom = MAX (o->bottom, fm->bottom);
          }
        for (int k = 0; k < rows; k++)    /* the column */
          {
            ShlMargins *o = &m[k * cols + c];
            o->left = MAX (o->left, fm->left);
            o->right = MAX (o->right, fm->right);
          }
      }
  for (int i = 0; i < n; i++)
    if (plots[i])
      shl_plot_frame_layout (plots[i], &frames[i], &cells[i], &m[i]);
  g_free (m);
}

void
shl_figure_draw (ShlFigure *fig, cairo_t *cr, const ShlPlotStyle *style,
                 const ShlRect *area, ShlPlotLayout *layouts)
{
  g_return_if_fail (fig != NULL && cr != NULL && style != NULL);
  g_return_if_fail (area != NULL);
  int n = fig->rows * fig->cols;
  ShlPlotStyle st;
  shl_plot_style_scaled (&st, style);
  double s = style->scale > 0.0 ? style->scale : 1.0;
  double hs = fig->hspace >= 0.0 ? fig->hspace * s : 2.0 * st.pad;
  double vs = fig->vspace >= 0.0 ? fig->vspace * s : 2.0 * st.pad;

  cairo_save (cr);
  if (st.background.a > 0.0 && !shl_render_is_transparent (cr)
      && shl_plot_record_get_paint (shl_plot_record_get (cr))
             == SHL_RECORD_PAINT_ALL)
    {
      shl_color_set_source (st.background, cr);
      cairo_rectangle (cr, area->x, area->y, area->width, area->height);
      cairo_fill (cr);
    }

  ShlText *text = shl_text_new (&st, st.hinting);
  ShlRect inner = fig->title && st.titles
                      ? title_draw (cr, text, &st, fig->title, area) : *area;
  ShlRect *cells = g_new (ShlRect, n);
  shl_figure_grid_cells (cells, &inner, fig->rows, fig->cols, hs, vs);
  ShlFrame *frames = g_new0 (ShlFrame, n);
  for (int i = 0; i < n; i++)
    shl_frame_init (&frames[i], style, cr, text);
  layout_aligned (fig->plots, frames, cells, fig->rows, fig->cols);
  for (int i = 0; i < n; i++)
    {
      if (layouts)
        memset (&layouts[i], 0, sizeof layouts[i]);
      if (!fig->plots[i])
        continue;
      shl_plot_frame_draw (fig->plots[i], &frames[i], FALSE);
      if (layouts)
        layouts[i] = frames[i].lay;
    }
  for (int i = 0; i < n; i++)
    shl_frame_clear (&frames[i]);
  g_free (frames);
  g_free (cells);
  shl_text_free (text);
  cairo_restore (cr);
}

/* Heights of a column of n plots in avail: each at least its minimum
 * need[i], the rest shared in proportion to weights. */
static void
share_heights (double *h, const double *need, const double *weights, int n,
               double avail)
{
  double total_need = 0.0, total_w = 0.0;
  for (int i = 0; i < n; i++)
    {
      total_need += need[i];
      total_w += MAX (weights[i], 0.0);
    }
  if (total_need >= avail || total_w <= 0.0)
    {
      /* not enough room: shares of the minima (the plots drop text) */
      for (int i = 0; i < n; i++)
        h[i] = total_need > 0 ? avail * need[i] / total_need : avail / n;
      return;
    }
  gboolean *fixed = g_new0 (gboolean, n);
  for (;;)
    {
      double rest = avail, w = 0.0;
      for (int i = 0; i < n; i++)
        if (fixed[i])
          rest -= need[i];
        else
          w += MAX (weights[i], 0.0);
      gboolean changed = FALSE;
      for (int i = 0; i < n; i++)
        {
          if (fixed[i])
            {
              h[i] = need[i];
              continue;
            }
          h[i] = w > 0 ? rest * MAX (weights[i], 0.0) / w : 0.0;
          if (h[i] < need[i])
            fixed[i] = changed = TRUE;
        }
      if (!changed)
        break;
    }
  g_free (fixed);
}

/* The earliest drop stage at which every plot of the column gets its
 * minimum data area (SHL_N_DROP_STAGES: none), the heights each needs at
 * it into need (n). */
static int
column_needs (ShlPlot *const *plots, const double *weights, int n, ShlFrame *frames,
              const ShlRect *area, double avail, double *need)
{
  double total_w = 0.0;
  for (int i = 0; i < n; i++)
    total_w += MAX (weights[i], 0.0);
  for (int stage = 0; stage < SHL_N_DROP_STAGES; stage++)
    {
      double sum = 0.0;
      for (int i = 0; i < n; i++)
        {
          ShlRect probe = { area->x, area->y, area->width,
                            total_w > 0 ? avail * MAX (weights[i], 0.0) / total_w
                                        : avail / n };
          need[i] = plots[i] ? shl_plot_frame_text_height (plots[i], &frames[i], &probe,
                                                           (ShlDropStage) stage)
                                   + shl_frame_min_height (&frames[i])
                             : 0.0;
          sum += need[i];
        }
      if (sum <= avail)
        return stage;
    }
  return SHL_N_DROP_STAGES;
}

void
shl_plot_draw_column (ShlPlot *const *plots, const double *weights, int n,
                      cairo_t *cr, const ShlPlotStyle *style,
                      const ShlRect *area, double gap, ShlPlotLayout *layouts)
{
  g_return_if_fail (plots != NULL && weights != NULL && n >= 1);
  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  ShlPlotStyle st;
  shl_plot_style_scaled (&st, style);
  /* the gaps between the plots too */
  if (st.background.a > 0.0 && !shl_render_is_transparent (cr)
      && shl_plot_record_get_paint (shl_plot_record_get (cr))
             == SHL_RECORD_PAINT_ALL)
    {
      cairo_save (cr);
      shl_color_set_source (st.background, cr);
      cairo_rectangle (cr, area->x, area->y, area->width, area->height);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  ShlText *text = shl_text_new (&st, st.hinting);
  ShlFrame *frames = g_new0 (ShlFrame, n);
  for (int i = 0; i < n; i++)
    shl_frame_init (&frames[i], style, cr, text);
  double avail = MAX (1.0, area->height - (n - 1) * gap);
  /* the earliest drop stage at which every plot gets its minimum data
   * area; the heights follow the weights above those minima */
  double *need = g_new (double, n), *h = g_new (double, n);
  column_needs (plots, weights, n, frames, area, avail, need);
  share_heights (h, need, weights, n, avail);
  ShlRect *cells = g_new (ShlRect, n);
  double y = area->y;
  for (int i = 0; i < n; i++)
    {
      cells[i] = (ShlRect) { area->x, y, area->width, h[i] };
      y += h[i] + gap;
    }
  layout_aligned ((ShlPlot **) plots, frames, cells, n, 1);
  for (int i = 0; i < n; i++)
    {
      if (layouts)
        memset (&layouts[i], 0, sizeof layouts[i]);
      if (!plots[i])
        continue;
      shl_plot_frame_draw (plots[i], &frames[i], TRUE);
      if (layouts)
        layouts[i] = frames[i].lay;
    }
  for (int i = 0; i < n; i++)
    shl_frame_clear (&frames[i]);
  g_free (frames);
  g_free (cells);
  g_free (need);
  g_free (h);
  shl_text_free (text);
}
