/* shl-panel-neurons.c: the neurons of the network, its twin and the
 * network before the last symmetry move in one plane: kink position and
 * signed jump (1-D), or the balance plane (||(a_i, b_i)||, |c_i|), with
 * each neuron's recorded path, the domain, the diagonal of balanced
 * neurons and rescaling orbits; the upper plot of the trajectory panel.
 *
 * The axes contain every neuron of all three networks; a kink too far
 * out for a sensible axis is drawn at the axis edge with its value. */
#include "shl-panels-private.h"

#include <math.h>
#include <string.h>

#define PATH_POINTS 400        /* history points drawn per neuron */
/* the kink axis shows kinks up to this many half-widths of the domain
 * from its centre; farther ones become edge markers */
#define KINK_REACH 2.5

typedef struct {
  gboolean one_d;          /* kink plane (else the balance plane) */
  gboolean log;            /* balance plane on log axes */
  double   x0, x1, y0, y1; /* axis ranges */
} Plane;

/* one network's neurons as points of the plane */
typedef struct {
  int     m;
  double *x, *y;           /* (m); NaN: no place (a = 0 in the kink plane) */
  double *dir;             /* (m) kink plane: +1 active right, -1 left, 0 */
} Points;

static void
points_init (Points *pt, const ShlNet *net, const Plane *pl)
{
  const int m = net->m, d = net->d;
  pt->m = m;
  pt->x = g_new (double, MAX (m, 1));
  pt->y = g_new (double, MAX (m, 1));
  pt->dir = g_new0 (double, MAX (m, 1));
  for (int i = 0; i < m; i++)
    {
      const double *a = net->a + (size_t) i * d;
      double b = net->b[i], c = net->c[i];
      if (pl->one_d)
        {
          pt->x[i] = a[0] != 0 ? -b / a[0] : NAN;
          pt->y[i] = c * fabs (a[0]);
          pt->dir[i] = a[0] > 0 ? 1 : a[0] < 0 ? -1 : 0;
        }
      else
        {
          double n2 = b * b;
          for (int j = 0; j < d; j++)
            n2 += a[j] * a[j];
          pt->x[i] = sqrt (n2);
          pt->y[i] = fabs (c);
        }
    }
}

static void
points_clear (Points *pt)
{
  g_free (pt->x);
  g_free (pt->y);
  g_free (pt->dir);
}

/* the history indices to draw: at most PATH_POINTS, always the last */
static int
pick_history (guint *idx, guint n_hist)
{
  if (n_hist <= PATH_POINTS)
    {
      for (guint k = 0; k < n_hist; k++)
        idx[k] = k;
      return (int) n_hist;
    }
  for (int k = 0; k < PATH_POINTS; k++)
    idx[k] = (guint) ((guint64) k * (n_hist - 1) / (PATH_POINTS - 1));
  return PATH_POINTS;
}

/* Whether a neuron's kink crosses the domain (neither dead nor affine). */
static gboolean
neuron_active (const ShlNet *net, const double *a, double b)
{
  double zmin = b, zmax = b;
  for (int j = 0; j < net->d; j++)
    {
      zmin += fmin (a[j] * net->lo[j], a[j] * net->hi[j]);
      zmax += fmax (a[j] * net->lo[j], a[j] * net->hi[j]);
    }
  return zmin < 0 && zmax > 0;
}

/* ------------------------------------------------------------- ranges */

static void
grow (double *lo, double *hi, double v)
{
  if (isfinite (v))
    {
      *lo = fmin (*lo, v);
      *hi = fmax (*hi, v);
    }
}

/* Whether a kink position fits the kink axis of net's domain. */
static gboolean
kink_fits (const ShlNet *net, const ShlViewRecipe *r, double t)
{
  double c = 0.5 * (net->lo[0] + net->hi[0]), hw = 0.5 * (net->hi[0] - net->lo[0]);
  if (fabs (t - c) <= KINK_REACH * hw)
    return TRUE;
  return shl_panel_range_set (r->kink_x) && t >= r->kink_x[0] && t <= r->kink_x[1];
}

/* The axis ranges: every neuron of the three networks (kinks within
 * reach), the recorded paths, the domain and the recipe's kink range. */
static void
plane_ranges (Plane *pl, const ShlScene *s, Points *const *nets, int n_nets,
              const double *hx, const double *hy, int nh)
{
  const ShlNet *net = s->net;
  double xl = INFINITY, xh = -INFINITY, yl = INFINITY, yh = -INFINITY;
  if (pl->one_d)
    {
      double w = net->hi[0] - net->lo[0];
      xl = net->lo[0] - 0.1 * w;
      xh = net->hi[0] + 0.1 * w;
      if (shl_panel_range_set (s->recipe.kink_x))
        {
          xl = fmin (xl, s->recipe.kink_x[0]);
          xh = fmax (xh, s->recipe.kink_x[1]);
        }
      yl = yh = 0;
    }
  for (int q = 0; q < n_nets; q++)
    for (int i = 0; i < nets[q]->m; i++)
      {
        double x = nets[q]->x[i], y = nets[q]->y[i];
        if (pl->one_d)
          {
            grow (&yl, &yh, y);
            if (isfinite (x) && kink_fits (net, &s->recipe, x))
              grow (&xl, &xh, x);
          }
        else if (!pl->log || (x > 0 && y > 0))
          {
            grow (&xl, &xh, pl->log ? x : 0);
            grow (&xl, &xh, x);
            grow (&yl, &yh, pl->log ? y : 0);
            grow (&yl, &yh, y);
          }
      }
  for (int k = 0; k < nh; k++)
    if (!pl->log || (hx[k] > 0 && hy[k] > 0))
      {
        if (pl->one_d && !(isfinite (hx[k]) && hx[k] >= xl && hx[k] <= xh))
          continue;
        grow (&xl, &xh, hx[k]);
        grow (&yl, &yh, hy[k]);
      }
  if (pl->one_d)
    {
      double pad = 0.08 * (yh - yl);
      if (!(yh > yl))
        {
          double r = fmax (fabs (yl), 1.0);
          yl = -r, yh = r, pad = 0;
        }
      /* a little room at the sides too: the outermost dots whole, not
       * cut in half by the frame */
      double xpad = 0.03 * (xh - xl);
      pl->x0 = xl - xpad, pl->x1 = xh + xpad, pl->y0 = yl - pad, pl->y1 = yh + pad;
    }
  else if (pl->log)
    {
      double lo = fmin (xl, yl), hi = fmax (xh, yh);
      if (!(lo > 0 && hi >= lo))
        lo = 0.1, hi = 10;
      /* a square in decades, so the diagonal and the orbits keep their
       * angles */
      pl->x0 = pl->y0 = lo / 2;
      pl->x1 = pl->y1 = hi * 2;
    }
  else
    {
      double top = fmax (xh, yh);
      if (!(top > 0))
        top = 1;
      pl->x0 = pl->y0 = 0;
      pl->x1 = pl->y1 = 1.08 * top;
    }
}

/* ------------------------------------------------------------- history */

/* each neuron's recorded path: solid while its kink is in the domain,
 * faint and dotted while it is dead or affine there (hx, hy: every point
 * drawn, for the ranges) */
static int
history_points (double **hx, double **hy, gboolean **act, guint **idx, const ShlScene *s,
                const Plane *pl)
{
  const ShlNet *net = s->net;
  const int m = net->m, d = net->d;
  *idx = g_new (guint, PATH_POINTS);
  int nh = s->hist_theta && s->n_hist > 0 ? pick_history (*idx, s->n_hist) : 0;
  *hx = g_new (double, MAX (nh * m, 1));
  *hy = g_new (double, MAX (nh * m, 1));
  *act = g_new (gboolean, MAX (nh * m, 1));
  for (int k = 0; k < nh; k++)
    {
      const double *th = s->hist_theta + (size_t) (*idx)[k] * net->n_params;
      for (int i = 0; i < m; i++)
        {
          const double *a = th + (size_t) i * d;
          double b = th[(size_t) m * d + i], c = th[(size_t) m * d + m + i];
          size_t q = (size_t) i * nh + k;
          (*act)[q] = neuron_active (net, a, b);
          if (pl->one_d)
            {
              (*hx)[q] = a[0] != 0 ? -b / a[0] : NAN;
              (*hy)[q] = c * fabs (a[0]);
            }
          else
            {
              double n2 = b * b;
              for (int j = 0; j < d; j++)
                n2 += a[j] * a[j];
              (*hx)[q] = sqrt (n2);
              (*hy)[q] = fabs (c);
            }
        }
    }
  return nh;
}

static void
add_histories (ShlPlot *p, ShlPanelReport *rep, const ShlScene *s, const ShlPlotStyle *style,
               const Plane *pl, const double *hx, const double *hy, const gboolean *act, int nh)
{
  const int m = s->net->m;
  if (nh < 2)
    return;
  double *px = g_new (double, nh), *py = g_new (double, nh);
  double *qx = g_new (double, nh), *qy = g_new (double, nh);
  for (int i = 0; i < m; i++)
    {
      const double *x = hx + (size_t) i * nh, *y = hy + (size_t) i * nh;
      const gboolean *ac = act + (size_t) i * nh;
      for (int k = 0; k < nh; k++)
        {
          gboolean in = isfinite (x[k]) && x[k] >= pl->x0 && x[k] <= pl->x1
                        && (!pl->log || (x[k] > 0 && y[k] > 0));
          px[k] = in ? x[k] : NAN;
          py[k] = in ? y[k] : NAN;
        }
      /* the active part (NaN where inactive) and the inactive part (NaN
       * where active); each keeps its neighbours so the pieces join */
      for (int k = 0; k < nh; k++)
        {
          gboolean na = ac[k] || (k > 0 && ac[k - 1]) || (k + 1 < nh && ac[k + 1]);
          gboolean ni = !ac[k] || (k > 0 && !ac[k - 1]) || (k + 1 < nh && !ac[k + 1]);
          qx[k] = ni ? px[k] : NAN;
          qy[k] = ni ? py[k] : NAN;
          if (!na)
            px[k] = NAN;
        }
      ShlSeriesStyle ls = shl_series_style_color (shl_panel_neuron_color (style, i));
      ls.alpha = s->highlight == i + 1 ? 1.0 : 0.75;
      ls.width = s->highlight == i + 1 ? 2.0 : 1.0;
      shl_plot_add_line (p, px, py, nh, &ls);
      int *who = g_new (int, nh);
      for (int k = 0; k < nh; k++)
        who[k] = i;
      shl_panel_report_add (rep, SHL_ROLE_NEURON_PATH, SHL_OWNER_NET, px, py, who, nh);
      g_free (who);
      ShlSeriesStyle is = ls;
      is.alpha = 0.35;
      is.dash = SHL_DASH_DOTTED;
      shl_plot_add_line (p, qx, qy, nh, &is);
    }
  g_free (px);
  g_free (py);
  g_free (qx);
  g_free (qy);
}

/* ----------------------------------------------------------- references */

static void
add_references (ShlPlot *p, ShlPanelReport *rep, const ShlScene *s, const Plane *pl)
{
  const ShlNet *net = s->net;
  if (pl->one_d)
    {
      ShlSeriesStyle zs = shl_series_style (SHL_COLOR_FOREGROUND);
      zs.alpha = 0.3;
      zs.width = 0.8;
      shl_plot_add_hline (p, 0.0, &zs);
      ShlSeriesStyle ds = zs;
      ds.dash = SHL_DASH_DOTTED;
      shl_plot_add_vline (p, net->lo[0], &ds);
      shl_plot_add_vline (p, net->hi[0], &ds);
      return;
    }
  double dx[2] = { pl->x0, pl->x1 }, dy[2] = { pl->x0, pl->x1 };
  ShlSeriesStyle ds = shl_series_style (SHL_COLOR_FOREGROUND);
  ds.dash = SHL_DASH_DASHED;
  ds.alpha = 0.5;
  ds.label = "balanced";
  shl_plot_add_line (p, dx, dy, 2, &ds);
  shl_panel_report_add (rep, SHL_ROLE_BALANCED, SHL_OWNER_NONE, dx, dy, NULL, 2);
}

/* the rescaling orbit of each neuron of f (or of the highlighted one):
 * |c| ||(a, b)|| stays constant, a hyperbola */
static void
add_orbits (ShlPlot *p, ShlPanelReport *rep, const ShlScene *s, const ShlPlotStyle *style,
            const Plane *pl, const Points *f)
{
  enum { N = 120 };
  gboolean first = TRUE;
  for (int i = 0; i < f->m; i++)
    {
      if (!s->recipe.show_orbits && s->highlight != i + 1)
        continue;
      double k = f->x[i] * f->y[i];
      if (!(k > 0) || !isfinite (k))
        continue;
      double ox[N], oy[N];
      double lx0 = log (fmax (pl->x0, 1e-300 + k / pl->y1)), lx1 = log (pl->x1);
      for (int q = 0; q < N; q++)
        {
          ox[q] = exp (lx0 + (lx1 - lx0) * q / (N - 1));
          oy[q] = k / ox[q];
        }
      ShlSeriesStyle os = shl_series_style_color (shl_panel_neuron_color (style, i));
      os.dash = SHL_DASH_DOTTED;
      os.alpha = 0.7;
      os.width = 1.0;
      os.label = first ? "rescaling orbit" : NULL;
      first = FALSE;
      shl_plot_add_line (p, ox, oy, N, &os);
      int who[N];
      for (int q = 0; q < N; q++)
        who[q] = i;
      shl_panel_report_add (rep, SHL_ROLE_ORBIT, SHL_OWNER_NET, ox, oy, who, N);
    }
}

/* ------------------------------------------------------------- neurons */

/* Whether a point is inside the plane (log axes: positive). */
static gboolean
in_plane (const Plane *pl, double x, double y)
{
  return isfinite (x) && isfinite (y) && x >= pl->x0 && x <= pl->x1 && y >= pl->y0 && y <= pl->y1
         && (!pl->log || (x > 0 && y > 0));
}

/* whose neuron: in notes, and (short) at edge markers */
static const char *const owner_names[] = { "", "$f$", "$g$", "the network before the move" };
static const char *const owner_short[] = { "", "$f$", "$g$", "before" };

/* A neuron that does not fit: at the nearest edge with its value. */
static void
add_edge_marker (ShlPlot *p, ShlPanelReport *rep, const Plane *pl, ShlOwner owner, int i,
                 double x, double y, const ShlSeriesStyle *ms)
{
  char buf[96];
  double ex, ey = isfinite (y) ? CLAMP (y, pl->y0, pl->y1) : pl->y0;
  ShlAnchor anchor;
  if (pl->one_d)
    {
      gboolean right = x > pl->x1;
      ex = right ? pl->x1 : pl->x0;
      anchor = right ? SHL_ANCHOR_E : SHL_ANCHOR_W;
      if (right)
        g_snprintf (buf, sizeof buf, "%s %d: $t$ = %.3g →", owner_short[owner], i + 1, x);
      else
        g_snprintf (buf, sizeof buf, "← %s %d: $t$ = %.3g", owner_short[owner], i + 1, x);
    }
  else
    {
      /* the balance plane on log axes: a zero coordinate */
      ex = x > 0 ? CLAMP (x, pl->x0, pl->x1) : pl->x0;
      ey = y > 0 ? CLAMP (y, pl->y0, pl->y1) : pl->y0;
      anchor = SHL_ANCHOR_SW;
      g_snprintf (buf, sizeof buf, "↙ %s %d at (%.2g, %.2g)", owner_short[owner], i + 1, x, y);
    }
  shl_plot_add_edge_marker (p, ex, ey, anchor, buf, ms);
  ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_EDGE_MARKER, owner, &ex, &ey, &i, 1);
  if (it)
    {
      it->value = x;
      shl_panel_report_set_text (it, buf);
    }
}

/* One network's neurons: those that fit as markers (one colour per neuron
 * for f, one colour for the twin and the ghost), the others as edge
 * markers; a kink-less neuron (a = 0) is counted in a note. Returns the
 * number without a kink. */
static int
add_points (ShlPlot *p, ShlPanelReport *rep, const ShlPlotStyle *style, const Plane *pl,
            const Points *pt, ShlOwner owner, const ShlSeriesStyle *ms, const char *label)
{
  double *x = g_new (double, MAX (pt->m, 1)), *y = g_new (double, MAX (pt->m, 1));
  int *who = g_new (int, MAX (pt->m, 1)), n = 0, no_kink = 0;
  ShlColor *cc = owner == SHL_OWNER_NET ? g_new (ShlColor, MAX (pt->m, 1)) : NULL;
  for (int i = 0; i < pt->m; i++)
    {
      if (pl->one_d && !isfinite (pt->x[i]))
        {
          no_kink++;
          continue;
        }
      if (!in_plane (pl, pt->x[i], pt->y[i]))
        {
          ShlSeriesStyle es = *ms;
          if (cc)
            es = shl_series_style_color (shl_panel_neuron_color (style, i));
          es.marker = SHL_MARKER_TRIANGLE;
          add_edge_marker (p, rep, pl, owner, i, pt->x[i], pt->y[i], &es);
          continue;
        }
      x[n] = pt->x[i];
      y[n] = pt->y[i];
      who[n] = i;
      if (cc)
        cc[n] = shl_panel_neuron_color (style, i);
      n++;
    }
  ShlSeriesStyle s = *ms;
  s.label = label;
  if (n > 0)
    shl_plot_add_scatter (p, x, y, cc, n, &s);
  else if (label)
    shl_plot_add_legend_entry (p, &s);
  shl_panel_report_add (rep, SHL_ROLE_NEURONS, owner, x, y, who, n);
  g_free (x);
  g_free (y);
  g_free (who);
  g_free (cc);
  return no_kink;
}

/* "×k" next to points that coincide (k neurons drawn as one) */
static void
add_badges (ShlPlot *p, ShlPanelReport *rep, const Points *pt, ShlOwner owner, const Plane *pl,
            double ox, double oy)
{
  gboolean *done = g_new0 (gboolean, MAX (pt->m, 1));
  /* badges placed so far (data coordinates), to keep them apart */
  double *px = g_new (double, MAX (pt->m, 1)), *py = g_new (double, MAX (pt->m, 1));
  int np = 0;
  for (int i = 0; i < pt->m; i++)
    {
      if (done[i] || !in_plane (pl, pt->x[i], pt->y[i]))
        continue;
      int k = 1;
      for (int j = i + 1; j < pt->m; j++)
        if (!done[j] && fabs (pt->x[j] - pt->x[i]) <= 1e-9 * (fabs (pt->x[i]) + 1e-300)
            && fabs (pt->y[j] - pt->y[i]) <= 1e-9 * (fabs (pt->y[i]) + 1e-300))
          {
            done[j] = TRUE;
            k++;
          }
      if (k < 2)
        continue;
      char buf[32];
      g_snprintf (buf, sizeof buf, "<b>×%d</b>", k);
      double bx = pt->x[i], by = pt->y[i];
      if (pl->log)
        bx *= pow (10, ox), by *= pow (10, oy);
      else
        bx += ox, by += oy;
      /* a badge within a few widths of an earlier one goes above it: a
       * step of 4 heights clears the 3 that count as near, so the badge
       * only rises, and at most once per earlier badge */
      for (int q = 0, moves = 0; q < np && moves <= np; q++)
        {
          gboolean near = pl->log ? fabs (log10 (bx / px[q])) < 6 * fabs (ox) && fabs (log10 (by / py[q])) < 3 * fabs (oy)
                                  : fabs (bx - px[q]) < 6 * fabs (ox) && fabs (by - py[q]) < 3 * fabs (oy);
          if (near)
            {
              if (pl->log)
                by = py[q] * pow (10, 4 * fabs (oy));
              else
                by = py[q] + 4 * fabs (oy);
              q = -1;
              moves++;
            }
        }
      px[np] = bx, py[np++] = by;
      shl_plot_add_text (p, bx, by, SHL_COORDS_DATA, SHL_ANCHOR_SW, buf);
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_BADGE, owner, &pt->x[i], &pt->y[i], &i, 1);
      if (it)
        {
          it->value = k;
          shl_panel_report_set_text (it, buf);
        }
    }
  g_free (done);
  g_free (px);
  g_free (py);
}

/* neuron numbers next to the points (when colours repeat, or the
 * highlighted neuron) */
static void
add_labels (ShlPlot *p, ShlPanelReport *rep, const ShlScene *s, const Points *f, const Plane *pl,
            double ox, double oy)
{
  gboolean all = f->m > SHL_PALETTE_SIZE;
  for (int i = 0; i < f->m; i++)
    {
      if ((!all && s->highlight != i + 1) || !in_plane (pl, f->x[i], f->y[i]))
        continue;
      char buf[16];
      g_snprintf (buf, sizeof buf, "%d", i + 1);
      double bx = f->x[i], by = f->y[i];
      if (pl->log)
        bx *= pow (10, ox), by /= pow (10, oy);
      else
        bx += ox, by -= oy;
      shl_plot_add_text (p, bx, by, SHL_COORDS_DATA, SHL_ANCHOR_NW, buf);
      shl_panel_report_add (rep, SHL_ROLE_LABEL, SHL_OWNER_NET, &f->x[i], &f->y[i], &i, 1);
    }
}

/* the kink plane: a short ray from each kink towards the side where the
 * neuron is active (the orientation, which the orient step flips) */
static void
add_rays (ShlPlot *p, const ShlPlotStyle *style, const Points *f, const Plane *pl, double len)
{
  for (int i = 0; i < f->m; i++)
    {
      if (f->dir[i] == 0 || !in_plane (pl, f->x[i], f->y[i]))
        continue;
      double seg[4] = { f->x[i], f->y[i], f->x[i] + f->dir[i] * len, f->y[i] };
      ShlSeriesStyle rs = shl_series_style_color (shl_panel_neuron_color (style, i));
      rs.width = 1.6;
      rs.alpha = 0.8;
      shl_plot_add_segments (p, seg, 1, &rs);
    }
}

/* the ghost's neurons joined to the network's: how far each one moved */
static void
add_move_links (ShlPlot *p, ShlPanelReport *rep, const Points *gh, const Points *f)
{
  const int m = MIN (gh->m, f->m);
  double *jx = g_new (double, 3 * MAX (m, 1)), *jy = g_new (double, 3 * MAX (m, 1));
  for (int i = 0; i < m; i++)
    {
      jx[3 * i] = gh->x[i], jy[3 * i] = gh->y[i];
      jx[3 * i + 1] = f->x[i], jy[3 * i + 1] = f->y[i];
      jx[3 * i + 2] = NAN, jy[3 * i + 2] = NAN;
    }
  ShlSeriesStyle js = shl_series_style (SHL_COLOR_FOREGROUND);
  js.dash = SHL_DASH_DASHED;
  js.alpha = 0.5;
  js.width = 0.8;
  if (m > 0)
    shl_plot_add_line (p, jx, jy, 3 * m, &js);
  shl_panel_report_add (rep, SHL_ROLE_MOVE_LINK, SHL_OWNER_GHOST, jx, jy, NULL, 3 * m);
  g_free (jx);
  g_free (jy);
}

/* a move being animated: the neurons travel from the ghost's places, t of
 * the way (smoothstep; in the log plane along the geometric path) */
static void
move_from_ghost (Points *f, const Points *gh, double t, gboolean log_axes)
{
  double e = t * t * (3 - 2 * t);
  for (int i = 0; i < MIN (f->m, gh->m); i++)
    {
      double *c[2] = { &f->x[i], &f->y[i] };
      const double g[2] = { gh->x[i], gh->y[i] };
      for (int k = 0; k < 2; k++)
        {
          if (!isfinite (g[k]) || !isfinite (*c[k]))
            continue;
          if (log_axes && g[k] > 0 && *c[k] > 0)
            *c[k] = exp (log (g[k]) + e * (log (*c[k]) - log (g[k])));
          else
            *c[k] = g[k] + e * (*c[k] - g[k]);
        }
    }
}

/* the neurons not drawn in the kink plane (a = 0): recorded, and a
 * note (g_free it; NULL when every neuron has a kink) */
static char *
no_kink_note (ShlPanelReport *rep, const Plane *pl, const ShlNet *const *nets,
              const ShlOwner *owners, int n_nets)
{
  GString *note = g_string_new (NULL);
  for (int q = 0; q < n_nets; q++)
    {
      const ShlNet *net = nets[q];
      int count = 0;
      int *who = g_new (int, MAX (net->m, 1));
      for (int i = 0; i < net->m; i++)
        if (net->a[i * net->d] == 0)
          who[count++] = i;
      if (count > 0)
        {
          g_string_append_printf (note, "%s%d of %s", note->len ? ", " : "without a kink ($a = 0$): ",
                                  count, owner_names[owners[q]]);
          double *ex = g_new (double, count), *ey = g_new (double, count);
          for (int k = 0; k < count; k++)
            ex[k] = pl->x0, ey[k] = pl->y0;
          shl_panel_report_add (rep, SHL_ROLE_EDGE_MARKER, owners[q], ex, ey, who, count);
          g_free (ex);
          g_free (ey);
        }
      g_free (who);
    }
  return g_string_free (note, note->len == 0);
}

/* The kink axis beyond the domain, shaded under the data, with "outside
 * Ω" at the top of a band wide enough for it (ux: data units per user
 * unit). */
static void
add_outside_domain (ShlPlot *p, ShlPanelReport *rep, const ShlNet *net, const Plane *pl,
                    const ShlPlotStyle *style, double ux)
{
  double band[2][2] = { { pl->x0, net->lo[0] }, { net->hi[0], pl->x1 } };
  double sc = style->scale > 0 ? style->scale : 1;
  for (int k = 0; k < 2; k++)
    if (band[k][1] > band[k][0])
      {
        ShlSeriesStyle bs = shl_series_style (SHL_COLOR_FOREGROUND);
        bs.alpha = 0.08;
        shl_plot_add_xspan (p, band[k][0], band[k][1], &bs);
        shl_panel_report_add (rep, SHL_ROLE_DOMAIN_SHADE, SHL_OWNER_NONE, band[k], NULL, NULL, 2);
        if ((band[k][1] - band[k][0]) / ux > 5.5 * style->text_size * sc)
          shl_plot_add_text (p, 0.5 * (band[k][0] + band[k][1]), pl->y1, SHL_COORDS_DATA,
                             SHL_ANCHOR_N, "<span size=\"small\" alpha=\"60%\">outside Ω</span>");
      }
}

/* The title with, under it, the move just made, or the neurons that have
 * no place in the kink plane. */
static void
set_title_notes (ShlPlot *p, ShlPanelReport *rep, const ShlScene *s, const Plane *pl,
                 const ShlNet *net, const ShlNet *twin, const ShlNet *ghost)
{
  g_autofree char *note = NULL;
  if (pl->one_d)
    {
      const ShlNet *nets[3] = { net };
      ShlOwner owners[3] = { SHL_OWNER_NET };
      int q = 1;
      if (twin)
        nets[q] = twin, owners[q++] = SHL_OWNER_TWIN;
      if (ghost)
        nets[q] = ghost, owners[q++] = SHL_OWNER_GHOST;
      note = no_kink_note (rep, pl, nets, owners, q);
    }
  const char *caption = s->move_caption && *s->move_caption ? s->move_caption : NULL;
  if (caption)
    {
      ShlReportItem *it = shl_panel_report_add (rep, SHL_ROLE_CAPTION, SHL_OWNER_GHOST, NULL, NULL, NULL, 0);
      shl_panel_report_set_text (it, caption);
    }
  if (caption || note)
    {
      /* the caption on its own lines: the move, then what it did */
      GString *t = g_string_new (pl->one_d ? "Neurons: kink position and jump"
                                 : pl->log ? "Neurons: balance plane (log scales)"
                                          : "Neurons: balance plane");
      if (caption)
        {
          g_autofree char *esc = g_markup_escape_text (caption, -1);
          char *dash = strstr (esc, " — ");
          if (dash)
            {
              *dash = '\0';
              g_string_append_printf (t, "\n<span size=\"small\">%s</span>\n<span size=\"small\">%s</span>",
                                      esc, dash + strlen (" — "));
            }
          else
            g_string_append_printf (t, "\n<span size=\"small\">%s</span>", esc);
        }
      if (note)
        g_string_append_printf (t, "\n<span size=\"small\">%s</span>", note);
      shl_plot_set_title (p, t->str);
      g_string_free (t, TRUE);
    }
}

ShlPlot *
shl_panel_neurons_plot (const ShlScene *s, const ShlPlotStyle *style, const ShlRect *area,
                        ShlPanelReport *rep)
{
  const ShlNet *net = s->net;
  Plane pl = { 0 };
  pl.one_d = net->d == 1 && s->traj_view != SHL_TRAJ_BALANCE;
  pl.log = !pl.one_d && s->recipe.balance_log;
  const ShlNet *twin = s->twin && s->twin->d == net->d ? s->twin : NULL;
  const ShlNet *ghost = s->ghost && s->ghost->d == net->d ? s->ghost : NULL;
  shl_panel_report_begin_plot (rep, "neurons");

  Points f, tw = { 0 }, gh = { 0 };
  points_init (&f, net, &pl);
  if (twin)
    points_init (&tw, twin, &pl);
  if (ghost)
    points_init (&gh, ghost, &pl);
  if (ghost && s->move_t > 0 && s->move_t < 1)
    move_from_ghost (&f, &gh, s->move_t, pl.log);
  Points *all[3] = { &f };
  int n_nets = 1;
  if (twin)
    all[n_nets++] = &tw;
  if (ghost)
    all[n_nets++] = &gh;

  double *hx, *hy;
  gboolean *act;
  guint *idx;
  int nh = history_points (&hx, &hy, &act, &idx, s, &pl);
  plane_ranges (&pl, s, all, n_nets, hx, hy, nh * net->m);

  g_autoptr (ShlPlot) p = shl_plot_new ();
  if (pl.one_d)
    {
      shl_plot_set_title (p, "Neurons: kink position and jump");
      shl_plot_set_axis_label (p, SHL_AXIS_X, "kink $t_i = -b_i/a_i$");
      shl_plot_set_axis_label (p, SHL_AXIS_Y, "jump $c_i|a_i|$");
    }
  else
    {
      shl_plot_set_title (p, pl.log ? "Neurons: balance plane (log scales)" : "Neurons: balance plane");
      shl_plot_set_axis_label (p, SHL_AXIS_X, "$‖(a_i, b_i)‖$");
      shl_plot_set_axis_label (p, SHL_AXIS_Y, "$|c_i|$");
      if (pl.log)
        {
          shl_plot_set_axis_scale (p, SHL_AXIS_X, SHL_SCALE_LOG10);
          shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
        }
    }
  shl_plot_set_axis_range (p, SHL_AXIS_X, pl.x0, pl.x1);
  shl_plot_set_axis_range (p, SHL_AXIS_Y, pl.y0, pl.y1);
  shl_plot_set_legend (p, twin || ghost ? SHL_LEGEND_BEST : SHL_LEGEND_NONE);
  /* offsets of a few units for labels and badges, in data units (with
   * the figure's ranges, if it sets any) */
  shl_panel_apply_overrides (p, style, 0);
  ShlPlotLayout lay;
  shl_plot_compute_layout (p, style, area, &lay);
  double ux = shl_plot_extras_data_per_unit (&lay, SHL_AXIS_X);
  double uy = shl_plot_extras_data_per_unit (&lay, SHL_AXIS_Y);
  double sc = style->scale > 0 ? style->scale : 1;

  if (pl.one_d)
    add_outside_domain (p, rep, net, &pl, style, ux);
  add_references (p, rep, s, &pl);
  if (!pl.one_d)
    add_orbits (p, rep, s, style, &pl, &f);
  add_histories (p, rep, s, style, &pl, hx, hy, act, nh);
  if (ghost)
    {
      ShlSeriesStyle gs = shl_series_style_color (shl_panel_ghost_color (style));
      gs.marker = SHL_MARKER_CIRCLE;
      gs.hollow = TRUE;
      gs.marker_scale = 1.1;
      if (ghost->m == net->m)
        add_move_links (p, rep, &gh, &f);
      add_points (p, rep, style, &pl, &gh, SHL_OWNER_GHOST, &gs, "before the move");
    }
  if (twin)
    {
      ShlSeriesStyle ts = shl_series_style (SHL_PANEL_TWIN_PALETTE);
      ts.marker = SHL_MARKER_SQUARE;
      ts.hollow = TRUE;
      ts.marker_scale = 1.25;
      ts.width = 1.4;
      add_points (p, rep, style, &pl, &tw, SHL_OWNER_TWIN, &ts, "twin $g$");
      add_badges (p, rep, &tw, SHL_OWNER_TWIN, &pl, 4 * sc * ux, -10 * sc * uy);
    }
  if (pl.one_d)
    add_rays (p, style, &f, &pl, 10 * sc * ux);
  ShlSeriesStyle ms = shl_series_style (SHL_COLOR_FOREGROUND);
  ms.marker = SHL_MARKER_CIRCLE;
  ms.marker_scale = 1.1;
  add_points (p, rep, style, &pl, &f, SHL_OWNER_NET, &ms, twin || ghost ? "$f$, a colour per neuron" : NULL);
  for (int i = 0; i < f.m; i++)
    if (s->highlight == i + 1 && in_plane (&pl, f.x[i], f.y[i]))
      {
        ShlSeriesStyle hs = shl_series_style_color (shl_panel_neuron_color (style, i));
        hs.marker = SHL_MARKER_CIRCLE;
        hs.hollow = TRUE;
        hs.marker_scale = 2.4;
        hs.width = 2.0;
        shl_plot_add_scatter (p, &f.x[i], &f.y[i], NULL, 1, &hs);
        shl_panel_report_add (rep, SHL_ROLE_HIGHLIGHT, SHL_OWNER_NET, &f.x[i], &f.y[i], &i, 1);
      }
  add_badges (p, rep, &f, SHL_OWNER_NET, &pl, 4 * sc * ux, 4 * sc * uy);
  add_labels (p, rep, s, &f, &pl, 4 * sc * ux, 3 * sc * uy);
  set_title_notes (p, rep, s, &pl, net, twin, ghost);

  points_clear (&f);
  if (twin)
    points_clear (&tw);
  if (ghost)
    points_clear (&gh);
  g_free (hx);
  g_free (hy);
  g_free (act);
  g_free (idx);
  return g_steal_pointer (&p);
}

