/* shl-contour.c: marching squares with saddle disambiguation and
 * segment chaining. */
#include "shl-contour.h"

#include <math.h>
#include <string.h>

typedef struct {
  const double *z;
  int nx, ny;
  double x0, y0, dx, dy, level;
  int n_h;              /* horizontal edges: ny * (nx - 1) */
  double *pt;           /* (n_edges, 2), computed on demand */
  guint8 *have_pt;      /* (n_edges) */
} Tracer;

/* Edge ids: horizontal edge from node (i, j) to (i + 1, j) is
 * j * (nx - 1) + i; vertical edge from (i, j) to (i, j + 1) is
 * n_h + j * nx + i. */
static int
edge_h (const Tracer *t, int i, int j)
{
  return j * (t->nx - 1) + i;
}

static int
edge_v (const Tracer *t, int i, int j)
{
  return t->n_h + j * t->nx + i;
}

static void
edge_point (Tracer *t, int e, double *x, double *y)
{
  if (!t->have_pt[e])
    {
      int i0, j0, i1, j1;
      if (e < t->n_h)
        {
          j0 = e / (t->nx - 1), i0 = e % (t->nx - 1);
          i1 = i0 + 1, j1 = j0;
        }
      else
        {
          int f = e - t->n_h;
          j0 = f / t->nx, i0 = f % t->nx;
          i1 = i0, j1 = j0 + 1;
        }
      double za = t->z[j0 * t->nx + i0], zb = t->z[j1 * t->nx + i1];
      double s = zb != za ? (t->level - za) / (zb - za) : 0.5;
      s = CLAMP (s, 0.0, 1.0);
      t->pt[2 * e] = t->x0 + (i0 + s * (i1 - i0)) * t->dx;
      t->pt[2 * e + 1] = t->y0 + (j0 + s * (j1 - j0)) * t->dy;
      t->have_pt[e] = 1;
    }
  *x = t->pt[2 * e];
  *y = t->pt[2 * e + 1];
}

/* Other segment at edge e (each edge is shared by at most two cells). */
static int
other_seg (const int *edge_seg, int e, int s)
{
  int a = edge_seg[2 * e], b = edge_seg[2 * e + 1];
  return a == s ? b : a;
}

static void
link_edge (int *edge_seg, int e, int s)
{
  if (edge_seg[2 * e] < 0)
    edge_seg[2 * e] = s;
  else
    edge_seg[2 * e + 1] = s;
}

/* Edges of a cell: 0 bottom, 1 right, 2 top, 3 left. Per case, up to
 * two segments as edge pairs; -1 ends. Saddles 5 and 10 are handled in
 * cell_segments. */
static const signed char cell_table[16][4] = {
  { -1, -1, -1, -1 }, { 0, 3, -1, -1 }, { 0, 1, -1, -1 },
  { 3, 1, -1, -1 },   { 1, 2, -1, -1 }, { -1, -1, -1, -1 },
  { 0, 2, -1, -1 },   { 3, 2, -1, -1 }, { 3, 2, -1, -1 },
  { 0, 2, -1, -1 },   { -1, -1, -1, -1 }, { 1, 2, -1, -1 },
  { 3, 1, -1, -1 },   { 0, 1, -1, -1 }, { 0, 3, -1, -1 },
  { -1, -1, -1, -1 },
};

/* The segments of every cell crossing the level, as pairs of edge ids. */
static GArray *
cell_segments (const Tracer *t)
{
  const double *z = t->z;
  const int nx = t->nx, ny = t->ny;
  const double level = t->level;
  GArray *segs = g_array_new (FALSE, FALSE, sizeof (int)); /* pairs */
  for (int j = 0; j + 1 < ny; j++)
    for (int i = 0; i + 1 < nx; i++)
      {
        double z0 = z[j * nx + i], z1 = z[j * nx + i + 1];
        double z2 = z[(j + 1) * nx + i + 1], z3 = z[(j + 1) * nx + i];
        if (isnan (z0) || isnan (z1) || isnan (z2) || isnan (z3))
          continue;
        int c = (z0 >= level) | (z1 >= level) << 1 | (z2 >= level) << 2
                | (z3 >= level) << 3;
        signed char pairs[4];
        memcpy (pairs, cell_table[c], sizeof pairs);
        if (c == 5 || c == 10)
          {
            gboolean centre_above = 0.25 * (z0 + z1 + z2 + z3) >= level;
            /* Cut off the corners on the side the centre is not on. */
            gboolean cut_bl_tr = (c == 5) != centre_above;
            static const signed char bl_tr[4] = { 0, 3, 1, 2 };
            static const signed char br_tl[4] = { 0, 1, 3, 2 };
            memcpy (pairs, cut_bl_tr ? bl_tr : br_tl, sizeof pairs);
          }
        int ids[4] = {
          edge_h (t, i, j), edge_v (t, i + 1, j),
          edge_h (t, i, j + 1), edge_v (t, i, j),
        };
        for (int k = 0; k < 4 && pairs[k] >= 0; k++)
          g_array_append_val (segs, ids[(int) pairs[k]]);
      }
  return segs;
}

/* Segments chained through shared edges. */
typedef struct {
  const int *se;        /* (n_segs, 2) edge ids */
  int *edge_seg;        /* (n_edges, 2) the segments at each edge, -1 */
  guint8 *used;         /* (n_segs) */
} Chain;

/* Walks from segment s through edge e onto unused segments, appending
 * each new far edge to out, until the chain ends or comes back to edge
 * stop (-1: none). Returns TRUE when it closed. */
static gboolean
chain_walk (Chain *ch, int s, int e, int stop, GArray *out)
{
  const int s0 = s;
  for (;;)
    {
      int n = other_seg (ch->edge_seg, e, s);
      if (n < 0 || ch->used[n])
        return stop >= 0 && (n == s0 || (n >= 0 && e == stop));
      ch->used[n] = 1;
      int next = ch->se[2 * n] == e ? ch->se[2 * n + 1] : ch->se[2 * n];
      s = n;
      e = next;
      if (e == stop)
        return TRUE;
      g_array_append_val (out, e);
    }
}

/* The polyline through segment s0, extended both ways. */
static ShlContourLine
chain_line (Chain *ch, Tracer *t, int s0, GArray *fwd, GArray *bwd)
{
  ch->used[s0] = 1;
  g_array_set_size (fwd, 0);
  g_array_set_size (bwd, 0);
  int ea = ch->se[2 * s0], eb = ch->se[2 * s0 + 1];
  g_array_append_val (fwd, ea);
  g_array_append_val (fwd, eb);
  /* forward from eb, closing at ea; else also backward from ea */
  gboolean closed = chain_walk (ch, s0, eb, ea, fwd);
  if (!closed)
    chain_walk (ch, s0, ea, -1, bwd);

  ShlContourLine line;
  line.n = (int) (fwd->len + bwd->len);
  line.closed = closed;
  line.xy = g_new (double, 2 * (gsize) line.n);
  int k = 0;
  for (int b = (int) bwd->len - 1; b >= 0; b--, k++)
    edge_point (t, g_array_index (bwd, int, b), &line.xy[2 * k],
                &line.xy[2 * k + 1]);
  for (guint f = 0; f < fwd->len; f++, k++)
    edge_point (t, g_array_index (fwd, int, f), &line.xy[2 * k],
                &line.xy[2 * k + 1]);
  return line;
}

int
shl_contour_trace (ShlContourLine **out_lines, const double *z, int nx,
                   int ny, double x0, double x1, double y0, double y1,
                   double level)
{
  g_return_val_if_fail (out_lines != NULL, 0);
  *out_lines = NULL;
  g_return_val_if_fail (z != NULL && nx >= 2 && ny >= 2, 0);
  if (isnan (level))
    return 0;

  Tracer t = {
    .z = z, .nx = nx, .ny = ny, .x0 = x0, .y0 = y0,
    .dx = (x1 - x0) / (nx - 1), .dy = (y1 - y0) / (ny - 1),
    .level = level, .n_h = ny * (nx - 1),
  };
  int n_edges = t.n_h + (ny - 1) * nx;
  GArray *segs = cell_segments (&t);
  int n_segs = (int) segs->len / 2;
  if (n_segs == 0)
    {
      g_array_free (segs, TRUE);
      return 0;
    }

  Chain ch = { (const int *) (void *) segs->data, g_new (int, 2 * (gsize) n_edges),
               g_new0 (guint8, n_segs) };
  for (int e = 0; e < 2 * n_edges; e++)
    ch.edge_seg[e] = -1;
  for (int s = 0; s < n_segs; s++)
    {
      link_edge (ch.edge_seg, ch.se[2 * s], s);
      link_edge (ch.edge_seg, ch.se[2 * s + 1], s);
    }
  t.pt = g_new (double, 2 * (gsize) n_edges);
  t.have_pt = g_new0 (guint8, n_edges);
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (ShlContourLine));
  GArray *fwd = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *bwd = g_array_new (FALSE, FALSE, sizeof (int));
  for (int s0 = 0; s0 < n_segs; s0++)
    if (!ch.used[s0])
      {
        ShlContourLine line = chain_line (&ch, &t, s0, fwd, bwd);
        g_array_append_val (lines, line);
      }

  g_array_free (fwd, TRUE);
  g_array_free (bwd, TRUE);
  g_free (ch.used);
  g_free (ch.edge_seg);
  g_free (t.pt);
  g_free (t.have_pt);
  g_array_free (segs, TRUE);

  int n_lines = (int) lines->len;
  *out_lines = (ShlContourLine *) (void *) g_array_free (lines, FALSE);
  return n_lines;
}

void
shl_contour_lines_free (ShlContourLine *lines, int n_lines)
{
  if (!lines)
    return;
  for (int i = 0; i < n_lines; i++)
    g_free (lines[i].xy);
  g_free (lines);
}

double
shl_contour_lines_length (const ShlContourLine *lines, int n_lines)
{
  g_return_val_if_fail (n_lines == 0 || lines != NULL, 0.0);
  double len = 0.0;
  for (int l = 0; l < n_lines; l++)
    {
      const ShlContourLine *c = &lines[l];
      for (int k = 0; k + 1 < c->n; k++)
        len += hypot (c->xy[2 * k + 2] - c->xy[2 * k],
                      c->xy[2 * k + 3] - c->xy[2 * k + 1]);
      if (c->closed && c->n > 1)
        len += hypot (c->xy[0] - c->xy[2 * c->n - 2],
                      c->xy[1] - c->xy[2 * c->n - 1]);
    }
  return len;
}
