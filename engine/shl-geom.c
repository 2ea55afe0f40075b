/* shl-geom.c: exact geometry of piecewise-linear realizations.
 *
 * 1-D: the breakpoints of both networks inside the box plus its end points
 * split it into intervals on which f - g is affine. The sup of |f - g| is
 * attained at one of the points; the derivative on an interval is summed
 * from the neurons that are on their positive side there, decided by
 * comparing kink positions exactly (no evaluation at a midpoint).
 *
 * 2-D: the box is split successively by every kink line of both networks
 * that meets its interior (convex-polygon splitting). Every cell records,
 * in a bitset, on which side of every neuron's line it lies; its gradient is
 * then summed from those sides, never from an evaluation at a point. The sup
 * of |f - g| is attained at a cell vertex. Cost O(M^3) for M lines.
 *
 * Plain C + libm, no GLib. */
#include "shl-geom.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* relative tolerance of the side test of a vertex against a line */
#define SIDE_RTOL 1e-12
/* cells below this fraction of the box area are ignored for the gradient */
#define SLIVER_RTOL 1e-14

/* ------------------------------------------------------------------------ */
/* Neuron status                                                            */

/* Status of the neuron (a, b, c) of dimension d on the box [lo, hi]. */
static ShlNeuronStatus
status_on_box (const double *a, double b, double c, int d, const double *lo,
               const double *hi)
{
  bool a_zero = true;
  double zmin = b, zmax = b;
  for (int j = 0; j < d; j++)
    {
      double p = a[j] * lo[j], q = a[j] * hi[j];
      zmin += fmin (p, q);
      zmax += fmax (p, q);
      if (a[j] != 0.0)
        a_zero = false;
    }
  if (a_zero && b == 0.0 && c == 0.0)
    return SHL_NEURON_ZERO;
  if (zmin < 0.0 && zmax > 0.0)
    return SHL_NEURON_ACTIVE;
  if (zmax <= 0.0)
    return SHL_NEURON_DEAD;
  return SHL_NEURON_AFFINE;
}

ShlNeuronStatus
shl_neuron_status (const ShlNet *net, int i)
{
  if (!net || i < 0 || i >= net->m)
    return SHL_NEURON_ZERO;
  return status_on_box (net->a + (size_t) i * (size_t) net->d, net->b[i],
                        net->c[i], net->d, net->lo, net->hi);
}

const char *
shl_neuron_status_name (ShlNeuronStatus status)
{
  switch (status)
    {
    case SHL_NEURON_ZERO:
      return "zero";
    case SHL_NEURON_DEAD:
      return "dead";
    case SHL_NEURON_AFFINE:
      return "affine";
    case SHL_NEURON_ACTIVE:
      return "active";
    default:
      return "unknown";
    }
}

/* ------------------------------------------------------------------------ */
/* Kinks                                                                    */

typedef struct {
  double t;
  int    idx;
} KinkPos;

static int
kink_pos_cmp (const void *pa, const void *pb)
{
  const KinkPos *x = pa, *y = pb;
  if (x->t < y->t)
    return -1;
  if (x->t > y->t)
    return 1;
  return (x->idx > y->idx) - (x->idx < y->idx);
}

int
shl_net_kinks_1d (double *t, int *neuron, const ShlNet *net)
{
  if (!net || net->d != 1 || net->m == 0)
    return 0;
  KinkPos *k = malloc ((size_t) net->m * sizeof *k);
  if (!k)
    return 0;
  int n = 0;
  for (int i = 0; i < net->m; i++)
    {
      if (net->a[i] == 0.0)
        continue;
      double ti = -net->b[i] / net->a[i];
      if (ti > net->lo[0] && ti < net->hi[0])
        k[n++] = (KinkPos) { ti, i };
    }
  qsort (k, (size_t) n, sizeof *k, kink_pos_cmp);
  for (int r = 0; r < n; r++)
    {
      if (t)
        t[r] = k[r].t;
      if (neuron)
        neuron[r] = k[r].idx;
    }
  free (k);
  return n;
}

/* Clip the line a0 x + a1 y + b = 0 to the box: solve for the coordinate
 * with the larger |a_j| along the other one, which keeps the division well
 * conditioned. Returns false if nothing is left. */
static bool
clip_line_to_box (double *seg, const double *a, double b, const double *lo,
                  const double *hi)
{
  /* u: the dominant axis (solved for), w: the parameter axis */
  int u = fabs (a[0]) >= fabs (a[1]) ? 0 : 1, w = 1 - u;
  if (a[u] == 0.0)
    return false;
  double wlo = lo[w], whi = hi[w];
  if (a[w] != 0.0)
    {
      /* w where the line crosses u = lo[u] and u = hi[u] */
      double w1 = -(b + a[u] * lo[u]) / a[w];
      double w2 = -(b + a[u] * hi[u]) / a[w];
      wlo = fmax (wlo, fmin (w1, w2));
      whi = fmin (whi, fmax (w1, w2));
    }
  if (!(wlo <= whi))
    return false;
  double ws[2] = { wlo, whi };
  for (int k = 0; k < 2; k++)
    {
      double uk = -(b + a[w] * ws[k]) / a[u];
      uk = fmin (fmax (uk, lo[u]), hi[u]);
      seg[2 * k + u] = uk;
      seg[2 * k + w] = ws[k];
    }
  return true;
}

int
shl_net_kink_segments_2d (double *seg, int *neuron, const ShlNet *net)
{
  if (!net || net->d != 2)
    return 0;
  int n = 0;
  for (int i = 0; i < net->m; i++)
    {
      if (shl_neuron_status (net, i) != SHL_NEURON_ACTIVE)
        continue;
      double s[4];
      if (!clip_line_to_box (s, net->a + 2 * (size_t) i, net->b[i], net->lo,
                             net->hi))
        continue;
      if (seg)
        memcpy (seg + 4 * (size_t) n, s, sizeof s);
      if (neuron)
        neuron[n] = i;
      n++;
    }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Distances: common part                                                   */

/* A neuron of f (sign +1) or of g (sign -1), with its jump w = sign c a. */
typedef struct {
  const double *a;
  double        b;
  double        c;
  double        w[SHL_MAX_DIM];   /* c a, the jump of the gradient */
  int           net;              /* 0: a neuron of f, 1: of g */
} NeuronRef;

/* Flatten the neurons of f and g (may be NULL) into one list. */
static NeuronRef *
collect_neurons (const ShlNet *f, const ShlNet *g, int *n_out)
{
  int d = f->d, n = f->m + (g ? g->m : 0);
  NeuronRef *r = malloc ((size_t) (n > 0 ? n : 1) * sizeof *r);
  if (!r)
    return NULL;
  int k = 0;
  for (int s = 0; s < 2; s++)
    {
      const ShlNet *net = s == 0 ? f : g;
      if (!net)
        continue;
      for (int i = 0; i < net->m; i++, k++)
        {
          r[k].a = net->a + (size_t) i * (size_t) d;
          r[k].b = net->b[i];
          r[k].c = net->c[i];
          r[k].net = s;
          for (int j = 0; j < SHL_MAX_DIM; j++)
            r[k].w[j] = j < d ? net->c[i] * r[k].a[j] : 0.0;
        }
    }
  *n_out = n;
  return r;
}

/* Evaluate f - g at n points (n, d); diff (n). */
static bool
eval_diff (double *diff, const ShlNet *f, const ShlNet *g, const double *x,
           size_t n)
{
  shl_net_eval (diff, NULL, f, x, n);
  if (!g || n == 0)
    return true;
  double *gv = malloc (n * sizeof *gv);
  if (!gv)
    return false;
  shl_net_eval (gv, NULL, g, x, n);
  for (size_t k = 0; k < n; k++)
    diff[k] -= gv[k];
  free (gv);
  return true;
}

/* Record the sup of |diff| over n points x (n, d) into out. */
static void
update_sup (ShlDistances *out, const double *diff, const double *x, size_t n,
            int d)
{
  for (size_t k = 0; k < n; k++)
    if (fabs (diff[k]) > out->sup)
      {
        out->sup = fabs (diff[k]);
        for (int j = 0; j < d; j++)
          out->argsup[j] = x[k * (size_t) d + j];
      }
}

static int
double_cmp (const void *pa, const void *pb)
{
  double x = *(const double *) pa, y = *(const double *) pb;
  return (x > y) - (x < y);
}

/* ------------------------------------------------------------------------ */
/* 1-D                                                                      */

static bool
distance_1d (ShlDistances *out, const ShlNet *f, const ShlNet *g,
             double lo, double hi)
{
  int n_nr = 0;
  NeuronRef *nr = collect_neurons (f, g, &n_nr);
  double *pts = malloc ((size_t) (n_nr + 2) * sizeof *pts);
  double *diff = malloc ((size_t) (n_nr + 2) * sizeof *diff);
  bool ok = nr && pts && diff;
  if (!ok)
    goto out;

  /* breakpoints strictly inside, plus the end points */
  int np = 0;
  pts[np++] = lo;
  pts[np++] = hi;
  for (int k = 0; k < n_nr; k++)
    {
      if (nr[k].a[0] == 0.0 || nr[k].c == 0.0)
        continue;
      double t = -nr[k].b / nr[k].a[0];
      if (t > lo && t < hi)
        pts[np++] = t;
    }
  qsort (pts, (size_t) np, sizeof *pts, double_cmp);
  int nu = 0;
  for (int k = 0; k < np; k++)
    if (nu == 0 || pts[k] != pts[nu - 1])
      pts[nu++] = pts[k];

  ok = eval_diff (diff, f, g, pts, (size_t) nu);
  if (!ok)
    goto out;
  update_sup (out, diff, pts, (size_t) nu, 1);

  /* The derivative is constant between breakpoints. Breakpoints closer
   * than a sliver (e.g. the same kink computed from two rescaled copies of
   * a neuron, one ulp apart) are merged: the derivative on a measure-zero
   * (numerically: sliver) set does not count in the ess sup, exactly as
   * the 2-D code drops sliver cells. The side of each neuron is then
   * decided at the middle of each remaining interval. */
  const double sliver = SLIVER_RTOL * (hi - lo);
  int nm = 0;
  for (int k = 0; k < nu; k++)
    if (nm == 0 || pts[k] - pts[nm - 1] > sliver || k == nu - 1)
      {
        if (k == nu - 1 && nm > 0 && pts[k] - pts[nm - 1] <= sliver)
          pts[nm - 1] = pts[k]; /* keep the end of the domain */
        else
          pts[nm++] = pts[k];
      }
  /* f's and g's slopes are summed apart, so that f == g gives exactly 0 */
  for (int r = 0; r + 1 < nm; r++)
    {
      double mid = 0.5 * (pts[r] + pts[r + 1]);
      double slope2[2] = { f->v[0], g ? g->v[0] : 0.0 };
      for (int k = 0; k < n_nr; k++)
        {
          if (nr[k].c == 0.0)
            continue;
          if (nr[k].a[0] * mid + nr[k].b > 0.0)
            slope2[nr[k].net] += nr[k].w[0];
        }
      out->w1inf_2 = fmax (out->w1inf_2, fabs (slope2[0] - slope2[1]));
    }
  out->w1inf_max = out->w1inf_2;

out:
  free (nr);
  free (pts);
  free (diff);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* 2-D: a set of convex cells with side bitsets                             */

typedef struct {
  size_t off;          /* first vertex in CellSet.xy */
  int    nv;           /* vertex count */
  double bb[4];        /* bounding box xmin, ymin, xmax, ymax */
} Cell;

/* Cells are split in place: a split cell keeps its slot (the - half, whose
 * vertices are appended to xy) and the + half is appended as a new cell.
 * The superseded vertices stay in xy unused. */
typedef struct {
  double   *xy;        /* vertices (n_v, 2) */
  size_t    n_v, cap_v;
  Cell     *cells;     /* (n_cells) */
  uint64_t *bits;      /* side bitsets (n_cells, nw): bit k set = + side */
  size_t    n_cells, cap_cells;
  size_t    nw;        /* words per bitset */
} CellSet;

static void
cell_set_clear (CellSet *cs)
{
  free (cs->xy);
  free (cs->cells);
  free (cs->bits);
  memset (cs, 0, sizeof *cs);
}

/* Append n vertices xy (n, 2) and describe them in *cell. */
static bool
cell_set_add_vertices (CellSet *cs, Cell *cell, const double *xy, int n)
{
  if (cs->n_v + (size_t) n > cs->cap_v)
    {
      size_t cap = cs->cap_v ? 2 * cs->cap_v : 64;
      while (cap < cs->n_v + (size_t) n)
        cap *= 2;
      double *p = realloc (cs->xy, cap * 2 * sizeof *p);
      if (!p)
        return false;
      cs->xy = p;
      cs->cap_v = cap;
    }
  memcpy (cs->xy + 2 * cs->n_v, xy, (size_t) n * 2 * sizeof *xy);
  cell->off = cs->n_v;
  cell->nv = n;
  cell->bb[0] = cell->bb[2] = xy[0];
  cell->bb[1] = cell->bb[3] = xy[1];
  for (int v = 1; v < n; v++)
    {
      cell->bb[0] = fmin (cell->bb[0], xy[2 * v]);
      cell->bb[2] = fmax (cell->bb[2], xy[2 * v]);
      cell->bb[1] = fmin (cell->bb[1], xy[2 * v + 1]);
      cell->bb[3] = fmax (cell->bb[3], xy[2 * v + 1]);
    }
  cs->n_v += (size_t) n;
  return true;
}

/* Append a cell with n vertices xy (n, 2) and the given bitset. */
static bool
cell_set_push (CellSet *cs, const double *xy, int n, const uint64_t *bits)
{
  if (cs->n_cells + 1 > cs->cap_cells)
    {
      size_t cap = cs->cap_cells ? 2 * cs->cap_cells : 16;
      Cell *pc = realloc (cs->cells, cap * sizeof *pc);
      if (!pc)
        return false;
      cs->cells = pc;
      uint64_t *pb = realloc (cs->bits, cap * cs->nw * sizeof *pb);
      if (!pb)
        return false;
      cs->bits = pb;
      cs->cap_cells = cap;
    }
  if (!cell_set_add_vertices (cs, &cs->cells[cs->n_cells], xy, n))
    return false;
  memcpy (cs->bits + cs->n_cells * cs->nw, bits, cs->nw * sizeof *bits);
  cs->n_cells++;
  return true;
}

static inline void
bit_set (uint64_t *bits, int k)
{
  bits[k / 64] |= (uint64_t) 1 << (k % 64);
}

/* Area of a polygon (shoelace formula, absolute value). */
static double
polygon_area (const double *xy, int n)
{
  double s = 0.0;
  for (int k = 0; k < n; k++)
    {
      int l = (k + 1) % n;
      s += xy[2 * k] * xy[2 * l + 1] - xy[2 * l] * xy[2 * k + 1];
    }
  return 0.5 * fabs (s);
}

/* Growable scratch buffers for splitting one polygon. */
typedef struct {
  double   *s;                  /* (n) side values */
  double   *plus, *minus;       /* (2n + 4, 2) vertices */
  size_t    cap;
  uint64_t *bits;               /* (nw) */
} SplitScratch;

static bool
split_scratch_reserve (SplitScratch *sc, int n)
{
  size_t need = 2 * (size_t) n + 4;
  if (need <= sc->cap)
    return true;
  double *s = realloc (sc->s, need * sizeof *s);
  if (!s)
    return false;
  sc->s = s;
  double *p = realloc (sc->plus, need * 2 * sizeof *p);
  if (!p)
    return false;
  sc->plus = p;
  double *m = realloc (sc->minus, need * 2 * sizeof *m);
  if (!m)
    return false;
  sc->minus = m;
  sc->cap = need;
  return true;
}

static void
split_scratch_clear (SplitScratch *sc)
{
  free (sc->s);
  free (sc->plus);
  free (sc->minus);
  free (sc->bits);
  memset (sc, 0, sizeof *sc);
}

/* Split every cell of cs by the line <a, x> + b = 0 of neuron k. With
 * s = <a, x> + b at the vertices: a cell with all s >= -tol lies on the
 * + side (bit k set), one with all s <= tol on the - side (unchanged);
 * the others are split in two (Sutherland-Hodgman against both halves). */
static bool
split_cells (CellSet *cs, const double *a, double b, int k, double tol,
             const double *lo, const double *hi, SplitScratch *sc)
{
  const size_t n_cells = cs->n_cells, nw = cs->nw;
  for (size_t ci = 0; ci < n_cells; ci++)
    {
      /* quick decision from the bounding box; it implies the same outcome
       * as the vertex test below, whose tolerance is far above rounding */
      const double *bb = cs->cells[ci].bb;
      double smin = b + fmin (a[0] * bb[0], a[0] * bb[2])
                    + fmin (a[1] * bb[1], a[1] * bb[3]);
      double smax = b + fmax (a[0] * bb[0], a[0] * bb[2])
                    + fmax (a[1] * bb[1], a[1] * bb[3]);
      if (smin > tol)
        {
          bit_set (cs->bits + ci * nw, k);
          continue;
        }
      if (smax < -tol)
        continue;

      int n = cs->cells[ci].nv;
      if (!split_scratch_reserve (sc, n))
        return false;
      const double *xy = cs->xy + 2 * cs->cells[ci].off;
      bool any_plus = false, any_minus = false;
      for (int v = 0; v < n; v++)
        {
          double s = a[0] * xy[2 * v] + a[1] * xy[2 * v + 1] + b;
          sc->s[v] = s;
          if (s > tol)
            any_plus = true;
          else if (s < -tol)
            any_minus = true;
        }
      if (!any_minus)
        {
          bit_set (cs->bits + ci * nw, k);
          continue;
        }
      if (!any_plus)
        continue;

      int np = 0, nm = 0;
      for (int v = 0; v < n; v++)
        {
          int w = (v + 1) % n;
          double sp = sc->s[v], sq = sc->s[w];
          int cp = sp > tol ? 1 : (sp < -tol ? -1 : 0);
          int cq = sq > tol ? 1 : (sq < -tol ? -1 : 0);
          const double *p = xy + 2 * v, *q = xy + 2 * w;
          if (cp >= 0)
            {
              sc->plus[2 * np] = p[0];
              sc->plus[2 * np + 1] = p[1];
              np++;
            }
          if (cp <= 0)
            {
              sc->minus[2 * nm] = p[0];
              sc->minus[2 * nm + 1] = p[1];
              nm++;
            }
          if (cp * cq < 0)
            {
              double t = sp / (sp - sq);
              double r0 = p[0] + t * (q[0] - p[0]);
              double r1 = p[1] + t * (q[1] - p[1]);
              r0 = fmin (fmax (r0, lo[0]), hi[0]);
              r1 = fmin (fmax (r1, lo[1]), hi[1]);
              sc->plus[2 * np] = r0;
              sc->plus[2 * np + 1] = r1;
              np++;
              sc->minus[2 * nm] = r0;
              sc->minus[2 * nm + 1] = r1;
              nm++;
            }
        }
      /* xy may move from here on */
      memcpy (sc->bits, cs->bits + ci * nw, nw * sizeof *sc->bits);
      bit_set (sc->bits, k);
      if (nm >= 3)
        {
          if (!cell_set_add_vertices (cs, &cs->cells[ci], sc->minus, nm))
            return false;
        }
      else
        {
          /* cannot happen for a convex cell; keep the + half in place */
          if (!cell_set_add_vertices (cs, &cs->cells[ci], sc->plus, np))
            return false;
          memcpy (cs->bits + ci * nw, sc->bits, nw * sizeof *sc->bits);
          continue;
        }
      if (np >= 3 && !cell_set_push (cs, sc->plus, np, sc->bits))
        return false;
    }
  return true;
}

static int
vertex_cmp (const void *pa, const void *pb)
{
  const double *x = pa, *y = pb;
  if (x[0] != y[0])
    return x[0] < y[0] ? -1 : 1;
  return (x[1] > y[1]) - (x[1] < y[1]);
}

static bool
distance_2d (ShlDistances *out, const ShlNet *f, const ShlNet *g,
             const double *lo, const double *hi)
{
  int n_nr = 0;
  NeuronRef *nr = collect_neurons (f, g, &n_nr);
  CellSet cs = { 0 };
  SplitScratch sc = { 0 };
  double *verts = NULL, *diff = NULL;
  bool ok = nr != NULL;
  if (!ok)
    goto out;

  size_t nw = ((size_t) n_nr + 63) / 64;
  if (nw == 0)
    nw = 1;
  cs.nw = nw;
  sc.bits = calloc (nw, sizeof *sc.bits);
  ok = sc.bits != NULL;
  if (!ok)
    goto out;

  /* the box, counter-clockwise; fixed sides of the neurons without a line */
  double box[8] = { lo[0], lo[1], hi[0], lo[1], hi[0], hi[1], lo[0], hi[1] };
  for (int k = 0; k < n_nr; k++)
    if (nr[k].c != 0.0
        && status_on_box (nr[k].a, nr[k].b, nr[k].c, 2, lo, hi)
             == SHL_NEURON_AFFINE)
      bit_set (sc.bits, k);
  ok = cell_set_push (&cs, box, 4, sc.bits);
  if (!ok)
    goto out;

  double coord = fmax (fmax (fabs (lo[0]), fabs (hi[0])),
                       fmax (fabs (lo[1]), fabs (hi[1])));
  for (int k = 0; k < n_nr; k++)
    {
      if (nr[k].c == 0.0
          || status_on_box (nr[k].a, nr[k].b, nr[k].c, 2, lo, hi)
               != SHL_NEURON_ACTIVE)
        continue;
      const double *a = nr[k].a;
      double tol = SIDE_RTOL * ((fabs (a[0]) + fabs (a[1])) * coord
                                + fabs (nr[k].b) + DBL_MIN);
      ok = split_cells (&cs, a, nr[k].b, k, tol, lo, hi, &sc);
      if (!ok)
        goto out;
    }

  /* sup of |f - g| over the distinct vertices of all cells */
  size_t n_live = 0;
  for (size_t ci = 0; ci < cs.n_cells; ci++)
    n_live += (size_t) cs.cells[ci].nv;
  verts = malloc (n_live * 2 * sizeof *verts);
  diff = malloc (n_live * sizeof *diff);
  ok = verts && diff;
  if (!ok)
    goto out;
  size_t nv = 0;
  for (size_t ci = 0; ci < cs.n_cells; ci++)
    {
      memcpy (verts + 2 * nv, cs.xy + 2 * cs.cells[ci].off,
              (size_t) cs.cells[ci].nv * 2 * sizeof *verts);
      nv += (size_t) cs.cells[ci].nv;
    }
  qsort (verts, nv, 2 * sizeof *verts, vertex_cmp);
  size_t nu = 0;
  for (size_t v = 0; v < nv; v++)
    if (nu == 0 || vertex_cmp (verts + 2 * v, verts + 2 * (nu - 1)) != 0)
      {
        verts[2 * nu] = verts[2 * v];
        verts[2 * nu + 1] = verts[2 * v + 1];
        nu++;
      }
  ok = eval_diff (diff, f, g, verts, nu);
  if (!ok)
    goto out;
  update_sup (out, diff, verts, nu, 2);

  /* gradient per cell of positive area, summed from the recorded sides */
  double min_area = SLIVER_RTOL * (hi[0] - lo[0]) * (hi[1] - lo[1]);

  for (size_t ci = 0; ci < cs.n_cells; ci++)
    {
      if (polygon_area (cs.xy + 2 * cs.cells[ci].off, cs.cells[ci].nv)
          < min_area)
        continue;
      const uint64_t *bits = cs.bits + ci * nw;
      /* f's and g's gradients are summed apart: f == g gives exactly 0 */
      double sx[2] = { f->v[0], g ? g->v[0] : 0.0 };
      double sy[2] = { f->v[1], g ? g->v[1] : 0.0 };
      for (size_t wd = 0; wd < nw; wd++)
        {
          uint64_t word = bits[wd];
          while (word)
            {
              int k = (int) (wd * 64) + __builtin_ctzll (word);
              word &= word - 1;
              sx[nr[k].net] += nr[k].w[0];
              sy[nr[k].net] += nr[k].w[1];
            }
        }
      double gx = sx[0] - sx[1], gy = sy[0] - sy[1];
      out->w1inf_2 = fmax (out->w1inf_2, hypot (gx, gy));
      out->w1inf_max = fmax (out->w1inf_max, fmax (fabs (gx), fabs (gy)));
    }

out:
  free (nr);
  free (verts);
  free (diff);
  cell_set_clear (&cs);
  split_scratch_clear (&sc);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Public entry points                                                      */

bool
shl_realization_distance (ShlDistances *out, const ShlNet *f,
                          const ShlNet *g, const double *lo, const double *hi)
{
  if (!out)
    return false;
  out->sup = out->w1inf_2 = out->w1inf_max = out->sobolev = NAN;
  out->argsup[0] = out->argsup[1] = NAN;
  if (!f || f->d < 1 || f->d > SHL_MAX_DIM || (g && g->d != f->d))
    return false;
  if (!shl_net_is_finite (f) || (g && !shl_net_is_finite (g)))
    return false;

  int d = f->d;
  double blo[SHL_MAX_DIM] = { 0.0, 0.0 }, bhi[SHL_MAX_DIM] = { 0.0, 0.0 };
  for (int j = 0; j < d; j++)
    {
      blo[j] = lo ? lo[j] : f->lo[j];
      bhi[j] = hi ? hi[j] : f->hi[j];
      if (!(blo[j] < bhi[j]) || !isfinite (blo[j]) || !isfinite (bhi[j]))
        return false;
    }

  out->sup = out->w1inf_2 = out->w1inf_max = 0.0;
  out->argsup[0] = blo[0];
  out->argsup[1] = d > 1 ? blo[1] : 0.0;
  bool ok = d == 1 ? distance_1d (out, f, g, blo[0], bhi[0])
                   : distance_2d (out, f, g, blo, bhi);
  if (!ok)
    {
      out->sup = out->w1inf_2 = out->w1inf_max = out->sobolev = NAN;
      return false;
    }
  out->sobolev = fmax (out->sup, out->w1inf_2);
  return true;
}

double
shl_param_distance_raw (const ShlNet *f, const ShlNet *g)
{
  if (!f || !g || f->m != g->m || f->d != g->d)
    return NAN;
  double r = 0.0;
  for (size_t k = 0; k < f->n_params; k++)
    {
      double dk = fabs (f->theta[k] - g->theta[k]);
      if (isnan (dk))
        return NAN;
      r = fmax (r, dk);
    }
  return r;
}
