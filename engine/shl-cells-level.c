/* shl-cells-level.c: level sets of a function affine on the cells
 * (shl_cells_level_set). Plain C, no GLib. */
#include "shl-cells-private.h"

#include <stdlib.h>

void
shl_polylines_free (ShlPolylines *p)
{
  if (!p)
    return;
  free (p->start);
  free (p->xy);
  free (p->closed);
  free (p);
}

/* the slot after s in its cell */
static int
slot_next (const ShlCells *c, int s)
{
  int k = c->slot_cell[s];
  return s + 1 < c->start[k + 1] ? s + 1 : c->start[k];
}

/* where the edge of slot s crosses the level: interpolated from the end
 * with the lower index, so that both cells find the same point */
static void
slot_point (const ShlCells *c, const double *val, double level, int s,
            double *out)
{
  int u = c->corner[s], v = c->corner[slot_next (c, s)];
  if (u > v)
    {
      int t = u;
      u = v;
      v = t;
    }
  double fu = val[u], fv = val[v];
  double t = (level - fu) / (fv - fu);
  if (!(t >= 0.0))
    t = 0.0;
  if (t > 1.0)
    t = 1.0;
  const double *p = c->xy + 2 * u, *q = c->xy + 2 * v;
  out[0] = p[0] + t * (q[0] - p[0]);
  out[1] = p[1] + t * (q[1] - p[1]);
}

ShlPolylines *
shl_cells_level_set (const ShlCells *c, const double *val, double level)
{
  ShlPolylines *pl = calloc (1, sizeof *pl);
  int nslot = c->start[c->n_cells];
  int *partner = malloc ((size_t) (nslot + 1) * sizeof (int));
  char *used = calloc ((size_t) nslot + 1, 1);
  int cap_pts = 0, cap_lines = 0, npts = 0;
  if (!pl || !partner || !used)
    goto fail;
  for (int s = 0; s < nslot; s++)
    partner[s] = -1;
  for (int k = 0; k < c->n_cells; k++)
    {
      int first = -1;
      for (int s = c->start[k]; s < c->start[k + 1]; s++)
        {
          bool a = val[c->corner[s]] > level;
          bool b = val[c->corner[slot_next (c, s)]] > level;
          if (a == b)
            continue;
          if (first < 0)
            first = s;
          else
            {
              partner[first] = s;
              partner[s] = first;
              first = -1;
            }
        }
    }
  pl->start = malloc (sizeof (int));
  if (!pl->start)
    goto fail;
  pl->start[0] = 0;
  /* open polylines from the boundary first, then the closed ones */
  for (int pass = 0; pass < 2; pass++)
    for (int s0 = 0; s0 < nslot; s0++)
      {
        if (partner[s0] < 0 || used[s0] || (pass == 0 && c->across[s0] >= 0))
          continue;
        int s = s0;
        for (;;)
          {
            int t = partner[s];
            used[s] = used[t] = 1;
            double *xy = shl_cells_grow_array (pl->xy, &cap_pts, npts + 2, 2 * sizeof (double));
            if (!xy)
              goto fail;
            pl->xy = xy;
            if (s == s0)
              slot_point (c, val, level, s, pl->xy + 2 * npts++);
            int a = c->across[t];
            if (a >= 0 && a == s0)
              break; /* closed */
            slot_point (c, val, level, t, pl->xy + 2 * npts++);
            if (a < 0 || partner[a] < 0 || used[a])
              break;
            s = a;
          }
        int n = pl->n + 1;
        int *st = shl_cells_grow_array (pl->start, &cap_lines, n + 1, sizeof (int));
        if (!st)
          goto fail;
        pl->start = st;
        bool *cl = realloc (pl->closed, (size_t) n * sizeof (bool));
        if (!cl)
          goto fail;
        pl->closed = cl;
        pl->closed[pl->n] = pass == 1;
        pl->start[n] = npts;
        pl->n = n;
      }
  free (partner);
  free (used);
  return pl;

fail:
  free (partner);
  free (used);
  shl_polylines_free (pl);
  return NULL;
}
