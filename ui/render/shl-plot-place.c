/* shl-plot-place.c: the constrained layout of one plot.
 *
 * Every text is measured first (the fixed labels once, tick labels for
 * each candidate size of the data area); texts are then placed around a
 * candidate data area, the margins they need are measured from what was
 * placed, and the data area shrinks until they fit. A layout is accepted
 * only when no two texts overlap, none leaves the area or covers the data
 * area or colour bar, the data area keeps its minimum size and the legend
 * has a place. Otherwise the next drop stage is tried (shl-plot.h). */
#include "shl-plot-private.h"

#include <math.h>
#include <string.h>

#define EPS 0.01   /* user units: boxes that touch do not overlap */

ShlStageFlags
shl_stage_flags (ShlDropStage stage)
{
  ShlStageFlags s;
  s.minor = stage < SHL_DROP_MINOR_TICKS;
  s.stride = stage >= SHL_DROP_EVERY_OTHER_TICK_LABEL ? 2 : 1;
  s.legend_inside = stage < SHL_DROP_LEGEND_INSIDE;
  s.title = stage < SHL_DROP_TITLE;
  s.legend = stage < SHL_DROP_LEGEND;
  s.axis_labels = stage < SHL_DROP_AXIS_LABELS;
  s.tick_labels = stage < SHL_DROP_TICK_LABELS;
  s.colorbar = stage < SHL_DROP_ALL_TEXT;
  s.text = stage < SHL_DROP_ALL_TEXT;
  s.min_size = stage < SHL_DROP_ALL_TEXT;
  s.letter = TRUE;
  return s;
}

gboolean
shl_rect_overlap (const ShlRect *a, const ShlRect *b)
{
  double w = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
  double h = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);
  return w > EPS && h > EPS;
}

static gboolean
rect_inside (const ShlRect *in, const ShlRect *out)
{
  return in->x >= out->x - EPS && in->y >= out->y - EPS
         && in->x + in->width <= out->x + out->width + EPS
         && in->y + in->height <= out->y + out->height + EPS;
}

/* Grows e to cover r, along x and/or y. */
static void
grow (ShlRect *e, const ShlRect *r, gboolean along_x, gboolean along_y)
{
  if (along_x)
    {
      double x1 = MAX (e->x + e->width, r->x + r->width);
      e->x = MIN (e->x, r->x);
      e->width = x1 - e->x;
    }
  if (along_y)
    {
      double y1 = MAX (e->y + e->height, r->y + r->height);
      e->y = MIN (e->y, r->y);
      e->height = y1 - e->y;
    }
}

/* ---- the texts ------------------------------------------------------- */

static void box_size (PangoLayout *layout, gboolean rotated, double *w,
                      double *h);

/* The title (the style's may replace it or turn it off) and the axis
 * labels, wrapped to what the area allows; the legend's entries. */
static void
measure_labels (ShlPlot *plot, ShlFrame *f, const ShlRect *area)
{
  double pad = f->st.pad;
  double wide = area->width - 2 * pad, tall = area->height - 2 * pad;
  g_clear_object (&f->title);
  g_clear_object (&f->xlabel);
  g_clear_object (&f->ylabel);
  g_clear_object (&f->clabel);
  g_clear_object (&f->letter);
  g_clear_pointer (&f->legend, shl_legend_free);
  const char *title = f->st.title[0] ? f->st.title : plot->title;
  if (!f->st.titles)
    title = NULL;
  g_autofree char *with_letter = NULL;
  if (plot->letter && plot->letter_pos == SHL_LETTER_TITLE)
    title = with_letter = title ? g_strconcat (plot->letter, " ", title, NULL)
                                : g_strdup (plot->letter);
  double title_wide = wide;
  if (plot->letter && plot->letter_pos == SHL_LETTER_TOP_LEFT)
    {
      /* the title shares its row with the letter: it wraps right of it */
      double w, h;
      f->letter = shl_text_layout (f->text, SHL_FONT_TITLE, plot->letter);
      box_size (f->letter, FALSE, &w, &h);
      title_wide = MAX (wide - w - 2 * pad, 0.25 * wide);
    }
  if (title)
    f->title = shl_text_layout_wrapped (f->text, SHL_FONT_TITLE, title, title_wide);
  if (plot->axis[SHL_AXIS_X].label)
    f->xlabel = shl_text_layout_wrapped (f->text, SHL_FONT_LABEL,
                                         plot->axis[SHL_AXIS_X].label, wide);
  if (plot->axis[SHL_AXIS_Y].label)
    f->ylabel = shl_text_layout_wrapped (f->text, SHL_FONT_LABEL,
                                         plot->axis[SHL_AXIS_Y].label, tall);
  const char *clabel = f->cbar ? f->cbar->hstyle.colorbar_label : NULL;
  if (plot->cb_label_set)
    clabel = plot->cb_label && *plot->cb_label ? plot->cb_label : NULL;
  if (f->cbar && clabel)
    f->clabel = shl_text_layout_wrapped (f->text, SHL_FONT_LABEL, clabel, tall);
  if (f->legend_want != SHL_LEGEND_NONE)
    f->legend = shl_legend_measure (plot, f);
}

/* Places layout with its box's top-left corner at (x, y). */
static ShlPlaced *
add (ShlFrame *f, ShlBoxKind kind, PangoLayout *layout, gboolean rotated,
     double x, double y)
{
  ShlPlaced pl = { kind, g_object_ref (layout), { 0 }, rotated, { x, y, 0, 0 }, 0 };
  shl_text_box (layout, &pl.m);
  pl.box.width = rotated ? pl.m.h : pl.m.w;
  pl.box.height = rotated ? pl.m.w : pl.m.h;
  g_array_append_val (f->placed, pl);
  return &g_array_index (f->placed, ShlPlaced, f->placed->len - 1);
}

/* The size of layout's box, rotated or not. */
static void
box_size (PangoLayout *layout, gboolean rotated, double *w, double *h)
{
  ShlTextBox m;
  shl_text_box (layout, &m);
  *w = rotated ? m.h : m.w;
  *h = rotated ? m.w : m.h;
}

/* x centred on c, kept inside [lo, hi - w] when it fits */
static double
centre_clamped (double c, double w, double lo, double hi)
{
  double x = c - 0.5 * w;
  return w <= hi - lo ? CLAMP (x, lo, hi - w) : lo;
}

static PangoLayout *
multiplier (ShlFrame *f, const ShlTicks *t)
{
  char buf[64];
  if (!f->flags.tick_labels || !shl_ticks_multiplier (t, buf, sizeof buf))
    return NULL;
  return shl_text_layout_cached (f->text, SHL_FONT_TICK, buf);
}

/* The x tick labels in a row below y = top, baselines aligned; returns
 * the row's bottom (top when none is shown). */
static double
place_x_ticks (ShlFrame *f, double top, ShlRect *ext)
{
  const ShlTickLabels *tl = &f->xl;
  double up = G_MAXDOUBLE, bottom = top;
  for (int i = 0; i < tl->n; i++)
    if (tl->shown[i])
      up = MIN (up, tl->m[i].y - tl->m[i].base);
  for (int i = 0; i < tl->n; i++)
    {
      if (!tl->shown[i])
        continue;
      double x = shl_frame_ux (f, f->xt.v[i]) - 0.5 * tl->m[i].w;
      double y = top - up + tl->m[i].y - tl->m[i].base;
      ShlPlaced *pl = add (f, SHL_BOX_TICK_LABEL, tl->layout[i], FALSE, x, y);
      pl->axis = 'x';
      grow (ext, &pl->box, TRUE, TRUE);
      bottom = MAX (bottom, pl->box.y + pl->box.height);
    }
  return bottom;
}

/* Vertical tick labels (y axis, colour bar) centred on their digits, right
 * of x (left aligned) or left of it (right aligned); returns the edge
 * away from the axis. */
static double
place_vertical_ticks (ShlFrame *f, const ShlTicks *t, const ShlTickLabels *tl,
                      gboolean cbar, double x, gboolean right_align,
                      ShlRect *ext, double *top)
{
  const ShlPlotLayout *l = &f->lay;
  double dtop = -f->text->digit_top[SHL_FONT_TICK], edge = x;
  for (int i = 0; i < tl->n; i++)
    {
      if (!tl->shown[i])
        continue;
      double y = cbar ? l->plot.y + l->plot.height
                            - shl_axis_pos (l->c_scale, l->c_min, l->c_max,
                                            l->plot.height, t->v[i])
                      : shl_frame_uy (f, t->v[i]);
      double by = y + 0.5 * dtop + tl->m[i].y - tl->m[i].base;
      double bx = right_align ? x - tl->m[i].w : x;
      ShlPlaced *pl = add (f, SHL_BOX_TICK_LABEL, tl->layout[i], FALSE, bx, by);
      pl->axis = cbar ? 'c' : 'y';
      grow (ext, &pl->box, TRUE, TRUE);
      edge = right_align ? MIN (edge, bx) : MAX (edge, bx + tl->m[i].w);
      *top = MIN (*top, by);
    }
  return edge;
}

/* Below the data area: x tick labels, then the x label with the x axis'
 * common factor at the right end (on a row of its own when they would
 * touch). */
static void
place_below (ShlFrame *f, const ShlRect *area, const ShlRect *p, ShlRect *ext)
{
  double pad = f->st.pad, gap = shl_frame_label_gap (f);
  double below = p->y + p->height + shl_frame_tick_out (f);
  if (f->flags.tick_labels)
    below = place_x_ticks (f, below + gap, ext);
  double row = below + gap, label_bottom = row;
  const ShlPlaced *label = NULL;
  if (f->flags.axis_labels && f->xlabel)
    {
      double w, h;
      box_size (f->xlabel, FALSE, &w, &h);
      double x = centre_clamped (p->x + 0.5 * p->width, w, area->x + pad,
                                 area->x + area->width - pad);
      label = add (f, SHL_BOX_AXIS_LABEL, f->xlabel, FALSE, x, row);
      grow (ext, &label->box, FALSE, TRUE);
      label_bottom = row + h;
    }
  PangoLayout *xm = multiplier (f, &f->xt);
  if (xm)
    {
      ShlRect lb = label ? label->box : (ShlRect) { 0 };
      double w, h;
      box_size (xm, FALSE, &w, &h);
      ShlRect r = { p->x + p->width - w, row, w, h };
      if (label && shl_rect_overlap (&r, &lb))
        r.y = label_bottom + 0.5 * gap;
      const ShlPlaced *pl = add (f, SHL_BOX_MULTIPLIER, xm, FALSE, r.x, r.y);
      grow (ext, &pl->box, TRUE, TRUE);
    }
}

/* Left of the data area: y tick labels and the y label; right of it the
 * colour bar, its labels and label. Returns the top of the tick labels
 * and the right edge of the colour bar's texts. */
static void
place_sides (ShlFrame *f, const ShlRect *area, const ShlRect *p, ShlRect *ext,
             double *top, double *right)
{
  double pad = f->st.pad, gap = shl_frame_label_gap (f);
  double tout = shl_frame_tick_out (f);
  double left = p->x - tout;
  if (f->flags.tick_labels)
    left = place_vertical_ticks (f, &f->yt, &f->yl, FALSE, p->x - tout - gap,
                                 TRUE, ext, top);
  double lo = area->y + pad, hi = area->y + area->height - pad;
  if (f->flags.axis_labels && f->ylabel)
    {
      double w, h;
      box_size (f->ylabel, TRUE, &w, &h);
      double y = centre_clamped (p->y + 0.5 * p->height, h, lo, hi);
      const ShlPlaced *pl = add (f, SHL_BOX_AXIS_LABEL, f->ylabel, TRUE,
                                 left - gap - w, y);
      grow (ext, &pl->box, TRUE, FALSE);
    }
  *right = p->x + p->width;
  if (!(f->cbar && f->flags.colorbar))
    return;
  const ShlRect *c = &f->lay.colorbar;
  grow (ext, &(ShlRect) { c->x, c->y, c->width + tout, c->height }, TRUE, TRUE);
  *right = c->x + c->width + tout;
  if (f->flags.tick_labels)
    *right = place_vertical_ticks (f, &f->ct, &f->cl, TRUE, *right + gap,
                                   FALSE, ext, top);
  if (f->flags.axis_labels && f->clabel)
    {
      double w, h;
      box_size (f->clabel, TRUE, &w, &h);
      double y = centre_clamped (c->y + 0.5 * c->height, h, lo, hi);
      const ShlPlaced *pl = add (f, SHL_BOX_AXIS_LABEL, f->clabel, TRUE,
                                 *right + gap, y);
      grow (ext, &pl->box, TRUE, FALSE);
      *right = pl->box.x + pl->box.width;
    }
}

/* Above the data area, from the bottom up: the common factors of the y
 * axis and the colour bar, a legend above the plot, the title. top is
 * the top of what is already placed there. */
static void
place_above (ShlFrame *f, const ShlRect *area, const ShlRect *p, ShlRect *ext,
             double top)
{
  double pad = f->st.pad;
  PangoLayout *ym = multiplier (f, &f->yt);
  PangoLayout *cm = f->cbar && f->flags.colorbar ? multiplier (f, &f->ct) : NULL;
  for (int k = 0; k < 2; k++)
    {
      PangoLayout *l = k ? cm : ym;
      if (!l)
        continue;
      double w, h;
      box_size (l, FALSE, &w, &h);
      double x = k ? f->lay.colorbar.x : p->x;
      const ShlPlaced *pl = add (f, SHL_BOX_MULTIPLIER, l, FALSE, x,
                                 p->y - 0.3 * pad - h);
      grow (ext, &pl->box, TRUE, TRUE);
      top = MIN (top, pl->box.y);
    }
  double lo = area->x + pad, hi = area->x + area->width - pad;
  if (f->legend_mode == SHL_LEGEND_MODE_TOP)
    {
      double w, h;
      f->legend_cols = shl_legend_fit_cols (f->legend, hi - lo);
      shl_legend_size (f->legend, f->legend_cols, &w, &h);
      ShlRect *r = &f->lay.legend;
      *r = (ShlRect) { centre_clamped (p->x + 0.5 * p->width, w, lo, hi),
                       top - pad - h, w, h };
      grow (ext, r, FALSE, TRUE);
      top = r->y;
    }
  PangoLayout *title = f->flags.title ? f->title : NULL;
  PangoLayout *letter = f->flags.letter ? f->letter : NULL;
  ShlTextBox tm = { 0 }, lm = { 0 };
  double row_top = top - pad, lw = 0;
  if (letter)
    {
      /* the letter at the area's left, on the title's (first) baseline;
       * the title centred over the data area right of it */
      shl_text_box (letter, &lm);
      lw = lm.w;
      row_top = MIN (row_top, top - pad - lm.h);
    }
  if (title)
    {
      shl_text_box (title, &tm);
      row_top = MIN (row_top, top - pad - tm.h);
    }
  /* lined up with other panels: the row at the top of the area (what
   * stands between it and the data area, a legend, stays there) */
  if (f->pin_title && (title || letter) && row_top > area->y + pad)
    row_top = area->y + pad;
  double base = row_top + MAX (title ? tm.base - tm.y : 0, letter ? lm.base - lm.y : 0);
  if (letter)
    {
      const ShlPlaced *pl = add (f, SHL_BOX_LETTER, letter, FALSE, lo,
                                 base - (lm.base - lm.y));
      grow (ext, &pl->box, FALSE, TRUE);
      lo = MIN (hi, lo + lw + pad);
    }
  if (title)
    {
      double x = centre_clamped (p->x + 0.5 * p->width, tm.w, lo, hi);
      const ShlPlaced *pl = add (f, SHL_BOX_TITLE, title, FALSE, x,
                                 base - (tm.base - tm.y));
      grow (ext, &pl->box, FALSE, TRUE);
    }
}

/* Whether box overlaps a text placed so far. */
static gboolean
hits_placed (const ShlFrame *f, const ShlRect *box)
{
  for (guint i = 0; i < f->placed->len; i++)
    if (shl_rect_overlap (box, &g_array_index (f->placed, ShlPlaced, i).box))
      return TRUE;
  return FALSE;
}

/* Annotations inside the data area: at their anchor, moved inside it,
 * wrapped when too wide; left out when they still do not fit, or when
 * they would run into a text placed before them (the frame's texts, the
 * annotations added earlier): crowded labels (neuron numbers, say) lose
 * the later ones, and never cost the frame its title and ticks. */
static void
place_annotations (ShlPlot *plot, ShlFrame *f, const ShlRect *p)
{
  static const double ax[] = { 0.5, 0.5, 1, 1, 1, 0.5, 0, 0, 0 };
  static const double ay[] = { 0.5, 0, 0, 0.5, 1, 1, 1, 0.5, 0 };
  double inset = 0.5 * f->st.pad;
  for (guint i = 0; i < plot->items->len; i++)
    {
      const ShlItem *item = g_ptr_array_index (plot->items, i);
      if (item->kind != SHL_ITEM_TEXT)
        continue;
      double x, y;
      if (item->coords == SHL_COORDS_AXES)
        {
          x = p->x + item->x[0] * p->width;
          y = p->y + (1.0 - item->y[0]) * p->height;
        }
      else
        {
          x = shl_frame_ux (f, item->x[0]);
          y = shl_frame_uy (f, item->y[0]);
        }
      if (!isfinite (x) || !isfinite (y))
        continue;
      PangoLayout *l = shl_text_layout (f->text, SHL_FONT_TEXT, item->label);
      double w, h, room = p->width - 2 * inset;
      box_size (l, FALSE, &w, &h);
      if (w > room && room > 0)
        {
          g_object_unref (l);
          l = shl_text_layout_wrapped (f->text, SHL_FONT_TEXT, item->label, room);
          box_size (l, FALSE, &w, &h);
        }
      int a = CLAMP ((int) item->anchor, 0, 8);
      if (w <= room && h <= p->height - 2 * inset)
        {
          double bx = CLAMP (x - ax[a] * w, p->x + inset, p->x + p->width - inset - w);
          double by = CLAMP (y - ay[a] * h, p->y + inset, p->y + p->height - inset - h);
          /* with a margin: labels that touch read as one ("10 5" as 10.5,
           * "4" "1" as 41) */
          double gap = 0.3 * h;
          ShlRect box = { bx - gap, by - 0.5 * gap, w + 2 * gap, h + gap };
          if (!hits_placed (f, &box))
            add (f, SHL_BOX_TEXT, l, FALSE, bx, by);
        }
      g_object_unref (l);  /* the placed text holds a reference */
    }
}

/* x tick labels give way to any other text they run into (the corners
 * where the lowest y label or the colour bar's meets the first or last x
 * label). */
static void
yield_x_ticks (ShlFrame *f)
{
  for (guint i = 0; i < f->placed->len; i++)
    {
      const ShlPlaced *a = &g_array_index (f->placed, ShlPlaced, i);
      if (a->axis != 'x')
        continue;
      for (guint j = 0; j < f->placed->len; j++)
        {
          const ShlPlaced *b = &g_array_index (f->placed, ShlPlaced, j);
          if (b->axis != 'x' && shl_rect_overlap (&a->box, &b->box))
            {
              g_array_remove_index (f->placed, i--);
              break;
            }
        }
    }
}

/* Places every text of the stage around the data area p; ext grows to
 * what moves with p (for the margins). */
static void
place (ShlPlot *plot, ShlFrame *f, const ShlRect *area, const ShlRect *p,
       ShlRect *ext)
{
  g_array_set_size (f->placed, 0);
  f->lay.plot = *p;
  f->lay.legend = (ShlRect) { 0 };
  f->lay.colorbar = f->cbar && f->flags.colorbar
                        ? shl_frame_colorbar_rect (f, p) : (ShlRect) { 0 };
  double tout = shl_frame_tick_out (f);
  *ext = (ShlRect) { p->x - tout, p->y, p->width + tout, p->height + tout };
  place_below (f, area, p, ext);
  double top = p->y, right;
  place_sides (f, area, p, ext, &top, &right);
  if (f->legend_mode == SHL_LEGEND_MODE_RIGHT)
    {
      double w, h;
      f->legend_cols = 1;
      shl_legend_size (f->legend, 1, &w, &h);
      f->lay.legend = (ShlRect) { right + f->st.pad, p->y, w, h };
      grow (ext, &f->lay.legend, TRUE, TRUE);
    }
  place_above (f, area, p, ext, top);
  if (f->flags.text)
    place_annotations (plot, f, p);
  yield_x_ticks (f);
}

/* ---- acceptance ------------------------------------------------------ */

/* Minor ticks closer than three axis widths on average merge into a
 * bar. */
static gboolean
minor_ticks_fit (const ShlFrame *f, const ShlTicks *t, ShlScale s, double lo,
                 double hi, double len)
{
  if (t->n_minor < 2)
    return TRUE;
  double a = shl_axis_pos (s, lo, hi, len, t->minor[0]);
  double b = shl_axis_pos (s, lo, hi, len, t->minor[t->n_minor - 1]);
  return fabs (b - a) / (t->n_minor - 1) >= 3.0 * f->st.axis_width;
}

static gboolean
accepted (const ShlFrame *f, const ShlRect *area)
{
  const ShlRect *p = &f->lay.plot, *c = &f->lay.colorbar, *lg = &f->lay.legend;
  gboolean have_c = c->width > 0, have_l = lg->width > 0;
  if (f->flags.min_size && (p->width < shl_frame_min_width (f) - EPS
                            || p->height < shl_frame_min_height (f) - EPS))
    return FALSE;
  if (f->legend_mode != SHL_LEGEND_MODE_NONE && !have_l)
    return FALSE;
  const ShlPlotLayout *l = &f->lay;
  if (f->flags.minor
      && (!minor_ticks_fit (f, &f->xt, l->x_scale, l->x_min, l->x_max, p->width)
          || !minor_ticks_fit (f, &f->yt, l->y_scale, l->y_min, l->y_max, p->height)
          || (have_c && !minor_ticks_fit (f, &f->ct, l->c_scale, l->c_min,
                                          l->c_max, p->height))))
    return FALSE;
  if (have_l && (!rect_inside (lg, area)
                 || (f->legend_mode != SHL_LEGEND_MODE_INSIDE
                     && (shl_rect_overlap (lg, p)
                         || (have_c && shl_rect_overlap (lg, c))))))
    return FALSE;
  for (guint i = 0; i < f->placed->len; i++)
    {
      const ShlPlaced *a = &g_array_index (f->placed, ShlPlaced, i);
      if (!rect_inside (&a->box, area))
        return FALSE;
      if (a->kind != SHL_BOX_TEXT && shl_rect_overlap (&a->box, p))
        return FALSE;
      if ((have_c && shl_rect_overlap (&a->box, c))
          || (have_l && shl_rect_overlap (&a->box, lg)))
        return FALSE;
      for (guint j = i + 1; j < f->placed->len; j++)
        if (shl_rect_overlap (&a->box,
                              &g_array_index (f->placed, ShlPlaced, j).box))
          return FALSE;
    }
  return TRUE;
}

/* One attempt: the layout at stage with the legend placed by mode. */
static gboolean
attempt (ShlPlot *plot, ShlFrame *f, const ShlRect *area,
         const ShlMargins *min_m, ShlDropStage stage,
         const ShlStageFlags *flags, ShlLegendMode mode)
{
  f->lay.stage = stage;
  f->lay.legend_pos = SHL_LEGEND_NONE;
  f->flags = *flags;
  f->legend_mode = mode;
  double pad = f->st.pad;
  ShlMargins m = { pad, pad, pad, pad };
  ShlRect p = *area, ext;
  for (int iter = 0; iter < 6; iter++)
    {
      ShlMargins use = m;
      if (min_m)
        {
          use.left = MAX (use.left, min_m->left);
          use.right = MAX (use.right, min_m->right);
          use.top = MAX (use.top, min_m->top);
          use.bottom = MAX (use.bottom, min_m->bottom);
        }
      p = shl_frame_plot_rect (plot, f, area, &use);
      f->margins = use;
      f->lay.plot = p;
      shl_frame_choose_axis_ticks (f, f->tick_spec[SHL_AXIS_X], &f->xt, &f->xl,
                                   f->lay.x_scale, f->lay.x_min, f->lay.x_max,
                                   p.width, TRUE);
      shl_frame_choose_axis_ticks (f, f->tick_spec[SHL_AXIS_Y], &f->yt, &f->yl,
                                   f->lay.y_scale, f->lay.y_min, f->lay.y_max,
                                   p.height, FALSE);
      if (f->cbar)
        shl_frame_choose_ticks (f, &f->ct, &f->cl, f->lay.c_scale,
                                f->lay.c_min, f->lay.c_max, p.height, FALSE);
      place (plot, f, area, &p, &ext);
      ShlMargins need = {
        p.x - ext.x + pad, ext.x + ext.width - p.x - p.width + pad,
        p.y - ext.y + pad, ext.y + ext.height - p.y - p.height + pad,
      };
      gboolean fits = need.left <= p.x - area->x + EPS
                      && need.right <= area->x + area->width - p.x - p.width + EPS
                      && need.top <= p.y - area->y + EPS
                      && need.bottom <= area->y + area->height - p.y - p.height + EPS;
      if (fits)
        break;
      m = need;
    }
  if (mode == SHL_LEGEND_MODE_INSIDE)
    {
      ShlRect box;
      ShlLegendPos pos;
      f->legend_cols = 1;
      if (shl_legend_place_inside (plot, f, f->legend_want, &box, &pos))
        {
          f->lay.legend = box;
          f->lay.legend_pos = pos;
        }
    }
  else if (mode != SHL_LEGEND_MODE_NONE)
    f->lay.legend_pos = SHL_LEGEND_OUTSIDE;
  return accepted (f, area);
}

/* The legend placements to try at a stage, in order of preference. */
static int
legend_modes (const ShlFrame *f, ShlLegendMode *modes)
{
  if (!f->legend || !f->flags.legend || f->legend_want == SHL_LEGEND_NONE)
    {
      modes[0] = SHL_LEGEND_MODE_NONE;
      return 1;
    }
  int n = 0;
  gboolean outside = f->legend_want == SHL_LEGEND_OUTSIDE;
  if (!outside && f->flags.legend_inside)
    modes[n++] = SHL_LEGEND_MODE_INSIDE;
  if (outside || f->legend_want == SHL_LEGEND_AUTO || !f->flags.legend_inside)
    {
      modes[n++] = SHL_LEGEND_MODE_RIGHT;
      modes[n++] = SHL_LEGEND_MODE_TOP;
    }
  return n;
}

static void
prepare (ShlPlot *plot, ShlFrame *f, const ShlRect *area)
{
  shl_plot_resolve (plot, f);
  f->lay.area = *area;
  measure_labels (plot, f, area);
}

/* The layout at stage with the first legend placement that is accepted
 * (inside first; of the two outside places the one leaving the larger
 * data area). */
static gboolean
attempt_stage (ShlPlot *plot, ShlFrame *f, const ShlRect *area,
               const ShlMargins *min_m, ShlDropStage stage,
               const ShlStageFlags *flags)
{
  f->flags = *flags;
  ShlLegendMode modes[3];
  int n = legend_modes (f, modes);
  int best = -1, last = -1;
  double best_area = -1.0;
  for (int k = 0; k < n; k++)
    {
      last = k;
      if (!attempt (plot, f, area, min_m, stage, flags, modes[k]))
        continue;
      double a = f->lay.plot.width * f->lay.plot.height;
      if (modes[k] == SHL_LEGEND_MODE_INSIDE)
        return TRUE;
      if (a > best_area)
        best = k, best_area = a;
    }
  if (best < 0)
    return FALSE;
  if (best != last)
    attempt (plot, f, area, min_m, stage, flags, modes[best]);
  return TRUE;
}

void
shl_plot_frame_layout (ShlPlot *plot, ShlFrame *f, const ShlRect *area,
                       const ShlMargins *min_margins_in)
{
  prepare (plot, f, area);
  /* the caller's least margins (a column's alignment) and the plot's own
   * (a figure's alignment of its panels) */
  ShlMargins mm = plot->min_m;
  if (min_margins_in)
    {
      mm.left = MAX (mm.left, min_margins_in->left);
      mm.right = MAX (mm.right, min_margins_in->right);
      mm.top = MAX (mm.top, min_margins_in->top);
      mm.bottom = MAX (mm.bottom, min_margins_in->bottom);
    }
  const ShlMargins *min_margins = &mm;
  for (int stage = plot->min_stage; stage < SHL_N_DROP_STAGES; stage++)
    {
      ShlStageFlags flags = shl_stage_flags ((ShlDropStage) stage);
      if (!attempt_stage (plot, f, area, min_margins, (ShlDropStage) stage,
                          &flags))
        {
          /* the last resort: the data area without the letter */
          if (stage == SHL_DROP_ALL_TEXT && f->letter)
            {
              flags.letter = FALSE;
              attempt_stage (plot, f, area, min_margins, (ShlDropStage) stage, &flags);
            }
          continue;
        }
      /* what the stages before dropped is given back when it fits: the
       * tick labels every other one dropped, the minor ticks */
      if (stage >= SHL_DROP_MINOR_TICKS && stage < SHL_DROP_ALL_TEXT)
        {
          ShlStageFlags more = flags;
          more.minor = TRUE;
          more.stride = 1;
          if (!attempt_stage (plot, f, area, min_margins, (ShlDropStage) stage, &more))
            {
              more.stride = flags.stride;
              if (!attempt_stage (plot, f, area, min_margins, (ShlDropStage) stage, &more))
                attempt_stage (plot, f, area, min_margins, (ShlDropStage) stage, &flags);
            }
        }
      return;
    }
}

double
shl_plot_frame_text_height (ShlPlot *plot, ShlFrame *f, const ShlRect *area,
                            ShlDropStage stage)
{
  prepare (plot, f, area);
  ShlStageFlags flags = shl_stage_flags (stage);
  f->flags = flags;
  ShlLegendMode modes[3];
  legend_modes (f, modes);
  attempt (plot, f, area, NULL, stage, &flags, modes[0]);
  return area->height - f->lay.plot.height;
}
