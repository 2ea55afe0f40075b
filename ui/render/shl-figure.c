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
  if (st.background.a > 0.0 && !shl_render_is_transparent (cr))
    {
      shl_color_set_source (st.background, cr);
      cairo_rectangle (cr, area->x, area->y, area->width, area->height);
      cairo_fill (cr);
    }

  ShlText *text = shl_text_new (&st, st.hinting);
  ShlRect inner = *area;
  if (fig->title)
    {
      PangoLayout *l = shl_text_layout (text, SHL_FONT_TITLE, fig->title);
      double w, h;
      shl_text_extents (l, &w, &h, NULL);
      shl_color_set_source (st.foreground, cr);
      shl_text_show (cr, l, area->x + 0.5 * (area->width - w),
                     area->y + st.pad);
      g_object_unref (l);
      inner.y += h + st.pad;
      inner.height -= h + st.pad;
    }

  ShlRect *cells = g_new (ShlRect, n);
  shl_figure_grid_cells (cells, &inner, fig->rows, fig->cols, hs, vs);

  /* First pass: each plot's own margins; then align rows and columns. */
  ShlFrame *frames = g_new0 (ShlFrame, n);
  for (int i = 0; i < n; i++)
    {
      frames[i].st = st;
      frames[i].text = text;
      frames[i].cr = cr;
      frames[i].snap = shl_plot_snap_enabled (cr, &st);
      if (fig->plots[i])
        shl_plot_frame_layout (fig->plots[i], &frames[i], &cells[i], NULL);
    }
  for (int r = 0; r < fig->rows; r++)
    {
      double top = 0.0, bottom = 0.0;
      for (int c = 0; c < fig->cols; c++)
        {
          const ShlFrame *fr = &frames[r * fig->cols + c];
          top = MAX (top, fr->margins.top);
          bottom = MAX (bottom, fr->margins.bottom);
        }
      for (int c = 0; c < fig->cols; c++)
        {
          frames[r * fig->cols + c].margins.top = top;
          frames[r * fig->cols + c].margins.bottom = bottom;
        }
    }
  for (int c = 0; c < fig->cols; c++)
    {
      double left = 0.0, right = 0.0;
      for (int r = 0; r < fig->rows; r++)
        {
          const ShlFrame *fr = &frames[r * fig->cols + c];
          left = MAX (left, fr->margins.left);
          right = MAX (right, fr->margins.right);
        }
      for (int r = 0; r < fig->rows; r++)
        {
          frames[r * fig->cols + c].margins.left = left;
          frames[r * fig->cols + c].margins.right = right;
        }
    }
  for (int i = 0; i < n; i++)
    {
      if (layouts)
        memset (&layouts[i], 0, sizeof layouts[i]);
      if (!fig->plots[i])
        continue;
      ShlMargins m = frames[i].margins;
      shl_plot_frame_layout (fig->plots[i], &frames[i], &cells[i], &m);
      shl_plot_frame_draw (fig->plots[i], &frames[i], FALSE);
      if (layouts)
        layouts[i] = frames[i].lay;
    }

  g_free (frames);
  g_free (cells);
  shl_text_free (text);
  cairo_restore (cr);
}
