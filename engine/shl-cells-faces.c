/* shl-cells-faces.c: the faces of the arrangement (steps 3 and 4 of
 * shl-cells.c).
 *
 * Consecutive vertices on a line are an edge, as two half-edges. The
 * half-edges leaving a vertex are sorted by angle (exactly: their
 * directions are the lines' coefficients), and a face is traced by turning
 * to the next half-edge clockwise from the one coming back: each bounded
 * face counter-clockwise, the outside of the box as one face that is left
 * out.
 *
 * A face lies on the left of its half-edges, so an edge on kink line l
 * tells the side of l of the faces on both sides. A depth-first walk from
 * one face (whose sides are found with exact signs at its vertices)
 * crosses one line at a time and sums the active neurons' terms of each
 * face.
 *
 * Plain C + GMP, no GLib. */
#include "shl-cells-private.h"

#include <stdlib.h>
#include <string.h>

#include "shl-exact.h"

typedef struct {
  int origin;
  int line;
  int dir;       /* +1: along d of its line, -1: against */
} Half;

typedef struct {
  const Half         *he;
  const ShlCellsLine *ln;
} AngCtx;

/* the half-edges and faces of the arrangement */
typedef struct {
  int   nh, nf, nfh, outer;
  Half *he;
  int  *vstart;   /* (nv + 1) half-edges leaving vertex v: */
  int  *vout;     /* vout[vstart[v] .. vstart[v + 1]), by angle */
  int  *pos;      /* (nh) the index of a half-edge in vout */
  int  *face;     /* (nh) the face on the left of a half-edge */
  int  *fstart;   /* (nf + 1) face q's half-edges: */
  int  *fhe;      /* fhe[fstart[q] .. fstart[q + 1]) */
  int  *cell_of;  /* (nf) the cell of a face, -1 for the outside */
  int  *slot_of;  /* (nh) the slot of a half-edge */
} Faces;

/* the half-edge's direction: (-r1, r0) of its line, times dir */
static void
half_dir (const Half *h, const ShlCellsLine *ln, double *v)
{
  const double *r = ln[h->line].r;
  v[0] = h->dir > 0 ? -r[1] : r[1];
  v[1] = h->dir > 0 ? r[0] : -r[0];
}

/* counter-clockwise from the positive x axis */
static int
ang_cmp (const void *pa, const void *pb, void *user)
{
  const AngCtx *cx = user;
  double u[2], v[2];
  half_dir (&cx->he[*(const int *) pa], cx->ln, u);
  half_dir (&cx->he[*(const int *) pb], cx->ln, v);
  int hu = (u[1] > 0.0 || (u[1] == 0.0 && u[0] > 0.0)) ? 0 : 1;
  int hv = (v[1] > 0.0 || (v[1] == 0.0 && v[0] > 0.0)) ? 0 : 1;
  if (hu != hv)
    return hu - hv;
  return -shl_exact_sign_det2 (u[0], u[1], v[0], v[1]);
}

/* the side (+-1) of kink line l the face with half-edges fh (n) lies on */
static int
face_side (const ShlCellsBuild *B, const Half *he, const int *fh, int n,
           int l)
{
  for (int k = 0; k < n; k++)
    if (he[fh[k]].line == l)
      return he[fh[k]].dir > 0 ? -1 : 1;
  for (int k = 0; k < n; k++)
    {
      int v = he[fh[k]].origin;
      int i = B->vline[2 * v], j = B->vline[2 * v + 1];
      const double *ri = B->ln[i].r, *rj = B->ln[j].r;
      int s = shl_exact_sign_det3 (ri, rj, B->ln[l].r)
              * shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]);
      if (s != 0)
        return s;
    }
  return 1; /* unreachable: a face has a vertex off every line */
}

/* The sums of a face's terms as double-doubles (hi + lo): gradient and
 * offset, and their magnitudes. */
typedef struct {
  double hi[6], lo[6];
} Sums;

static void
dd_add (double *hi, double *lo, double x)
{
  double s = *hi + x, bb = s - *hi;
  double e = (*hi - (s - bb)) + (x - bb) + *lo;
  *hi = s + e;
  *lo = e - (*hi - s);
}

/* add (w = +1) or take away (w = -1) line l's terms on side sd */
static void
sums_line (Sums *S, const ShlCellsLine *L, int sd, double w)
{
  const double *j = sd > 0 ? L->jp : L->jm;
  const double *m = sd > 0 ? L->mp : L->mm;
  for (int t = 0; t < 3; t++)
    {
      dd_add (&S->hi[t], &S->lo[t], w * j[t]);
      dd_add (&S->hi[t + 3], &S->lo[t + 3], w * m[t]);
    }
}

/* the sums of the face with the given sides, from scratch */
static void
sums_face (Sums *S, const ShlCellsBuild *B, const signed char *side)
{
  for (int t = 0; t < 3; t++)
    {
      S->hi[t] = B->fix[t];
      S->hi[t + 3] = B->fixm[t];
      S->lo[t] = S->lo[t + 3] = 0.0;
    }
  for (int l = 4; l < B->nl; l++)
    sums_line (S, &B->ln[l], side[l], 1.0);
}

/* the affine form into cell k, rounded once */
static void
sums_store (const Sums *S, ShlCells *c, int k)
{
  double v[6];
  for (int t = 0; t < 6; t++)
    v[t] = S->hi[t] + S->lo[t];
  c->grad[2 * k] = v[0];
  c->grad[2 * k + 1] = v[1];
  c->offset[k] = v[2];
  c->grad_mag[2 * k] = v[3];
  c->grad_mag[2 * k + 1] = v[4];
  c->offset_mag[k] = v[5];
}

static void
faces_clear (Faces *F)
{
  free (F->he);
  free (F->vstart);
  free (F->vout);
  free (F->pos);
  free (F->face);
  free (F->fstart);
  free (F->fhe);
  free (F->cell_of);
  free (F->slot_of);
}

/* the half-edges, and those leaving each vertex sorted by angle */
static bool
faces_half_edges (Faces *F, const ShlCellsBuild *B)
{
  int nv = B->nv, nh = 2 * (B->nlv - B->nl); /* k vertices: k - 1 edges */
  F->nh = nh;
  F->he = malloc ((size_t) (nh + 1) * sizeof *F->he);
  F->vstart = calloc ((size_t) nv + 1, sizeof (int));
  F->vout = malloc ((size_t) (nh + 1) * sizeof (int));
  F->pos = malloc ((size_t) (nh + 1) * sizeof (int));
  int *fill = malloc ((size_t) (nv + 1) * sizeof (int));
  if (!F->he || !F->vstart || !F->vout || !F->pos || !fill)
    {
      free (fill);
      return false;
    }
  int h = 0;
  for (int l = 0; l < B->nl; l++)
    for (int k = B->lv_start[l]; k + 1 < B->lv_start[l + 1]; k++)
      {
        F->he[h++] = (Half) { B->lv[k], l, 1 };
        F->he[h++] = (Half) { B->lv[k + 1], l, -1 };
      }
  for (int k = 0; k < nh; k++)
    F->vstart[F->he[k].origin + 1]++;
  for (int v = 0; v < nv; v++)
    F->vstart[v + 1] += F->vstart[v];
  memcpy (fill, F->vstart, (size_t) nv * sizeof (int));
  for (int k = 0; k < nh; k++)
    F->vout[fill[F->he[k].origin]++] = k;
  free (fill);
  AngCtx ac = { F->he, B->ln };
  for (int v = 0; v < nv; v++)
    {
      qsort_r (F->vout + F->vstart[v],
               (size_t) (F->vstart[v + 1] - F->vstart[v]), sizeof (int),
               ang_cmp, &ac);
      for (int k = F->vstart[v]; k < F->vstart[v + 1]; k++)
        F->pos[F->vout[k]] = k;
    }
  return true;
}

/* the faces: next (e) = the half-edge clockwise after twin (e) */
static bool
faces_trace (Faces *F)
{
  int nh = F->nh;
  F->face = malloc ((size_t) (nh + 1) * sizeof (int));
  F->fstart = malloc ((size_t) (nh + 2) * sizeof (int));
  F->fhe = malloc ((size_t) (nh + 1) * sizeof (int));
  if (!F->face || !F->fstart || !F->fhe)
    return false;
  int nf = 0, nfh = 0, outer = -1;
  for (int k = 0; k < nh; k++)
    F->face[k] = -1;
  for (int k = 0; k < nh; k++)
    {
      if (F->face[k] >= 0)
        continue;
      F->fstart[nf] = nfh;
      int e = k, guard = 0;
      do
        {
          F->face[e] = nf;
          F->fhe[nfh++] = e;
          int tw = e ^ 1;
          int v = F->he[tw].origin;
          int p = F->pos[tw] - F->vstart[v];
          int deg = F->vstart[v + 1] - F->vstart[v];
          e = F->vout[F->vstart[v] + (p + deg - 1) % deg];
          if (++guard > nh)
            return false; /* cannot happen */
        }
      while (e != k);
      /* a box edge run along its direction has the outside on its left */
      if (outer < 0)
        for (int q = F->fstart[nf]; q < nfh; q++)
          if (F->he[F->fhe[q]].line < 4 && F->he[F->fhe[q]].dir > 0)
            {
              outer = nf;
              break;
            }
      nf++;
    }
  F->fstart[nf] = nfh;
  F->nf = nf;
  F->nfh = nfh;
  F->outer = outer;
  return outer >= 0 && nf >= 2; /* the box's boundary is a face */
}

/* the cells (every face but the outside) and their corners into c */
static bool
faces_to_cells (Faces *F, ShlCells *c)
{
  int nf = F->nf, outer = F->outer;
  int ncell = nf - 1;
  int nslot = F->nfh - (F->fstart[outer + 1] - F->fstart[outer]);
  F->cell_of = malloc ((size_t) nf * sizeof (int));
  F->slot_of = malloc ((size_t) (F->nh + 1) * sizeof (int));
  c->start = malloc ((size_t) (ncell + 1) * sizeof (int));
  c->corner = malloc ((size_t) (nslot + 1) * sizeof (int));
  c->across = malloc ((size_t) (nslot + 1) * sizeof (int));
  c->slot_cell = malloc ((size_t) (nslot + 1) * sizeof (int));
  c->grad = malloc ((size_t) (2 * ncell + 1) * sizeof (double));
  c->offset = malloc ((size_t) (ncell + 1) * sizeof (double));
  c->grad_mag = malloc ((size_t) (2 * ncell + 1) * sizeof (double));
  c->offset_mag = malloc ((size_t) (ncell + 1) * sizeof (double));
  if (!F->cell_of || !F->slot_of || !c->start || !c->corner || !c->across
      || !c->slot_cell || !c->grad || !c->offset || !c->grad_mag
      || !c->offset_mag)
    return false;
  int ns = 0, nc = 0;
  for (int q = 0; q < nf; q++)
    {
      F->cell_of[q] = -1;
      if (q == outer)
        continue;
      F->cell_of[q] = nc;
      c->start[nc] = ns;
      for (int t = F->fstart[q]; t < F->fstart[q + 1]; t++)
        {
          c->corner[ns] = F->he[F->fhe[t]].origin;
          c->slot_cell[ns] = nc;
          F->slot_of[F->fhe[t]] = ns++;
        }
      nc++;
    }
  c->start[nc] = ns;
  c->n_cells = nc;
  for (int q = 0; q < nf; q++)
    if (q != outer)
      for (int t = F->fstart[q]; t < F->fstart[q + 1]; t++)
        {
          int e = F->fhe[t], tw = e ^ 1;
          c->across[F->slot_of[e]] =
            F->face[tw] == outer ? -1 : F->slot_of[tw];
        }
  return true;
}

/* the affine forms: a depth-first walk over the cells, one line crossed
 * at a time; each cell's sums are its parent's with the crossed line's
 * terms swapped, in double-double (the error grows by about 2^-104 per
 * step, not by an ulp) */
static bool
faces_affine (const Faces *F, const ShlCellsBuild *B, ShlCells *c)
{
  int nf = F->nf, outer = F->outer;
  int *stack = malloc ((size_t) (nf + 1) * sizeof (int));
  int *sidx = malloc ((size_t) (nf + 1) * sizeof (int));
  Sums *sums = malloc ((size_t) (nf + 1) * sizeof *sums);
  char *seen = calloc ((size_t) nf + 1, 1);
  signed char *side = calloc ((size_t) B->nl + 1, 1);
  bool ok = stack && sidx && sums && seen && side;
  if (!ok)
    goto out;
  int root = outer == 0 ? 1 : 0;
  for (int l = 4; l < B->nl; l++)
    side[l] = (signed char) face_side (B, F->he, F->fhe + F->fstart[root],
                                       F->fstart[root + 1] - F->fstart[root],
                                       l);
  int sp = 0;
  stack[0] = root;
  sidx[0] = F->fstart[root];
  seen[root] = 1;
  seen[outer] = 1;
  sums_face (&sums[0], B, side);
  sums_store (&sums[0], c, F->cell_of[root]);
  while (sp >= 0)
    {
      int q = stack[sp];
      if (sidx[sp] >= F->fstart[q + 1])
        {
          sp--;
          continue;
        }
      int e = F->fhe[sidx[sp]++];
      int other = F->face[e ^ 1];
      if (seen[other] || F->he[e].line < 4)
        continue;
      seen[other] = 1;
      int l = F->he[e].line;
      /* q is on the left of e: the - side of l when e runs along d, so
       * other is on the + side */
      int sd = F->he[e].dir > 0 ? 1 : -1;
      sums[sp + 1] = sums[sp];
      sums_line (&sums[sp + 1], &B->ln[l], -sd, -1.0);
      sums_line (&sums[sp + 1], &B->ln[l], sd, 1.0);
      sp++;
      stack[sp] = other;
      sidx[sp] = F->fstart[other];
      sums_store (&sums[sp], c, F->cell_of[other]);
    }
out:
  free (stack);
  free (sidx);
  free (sums);
  free (seen);
  free (side);
  return ok;
}

bool
shl_cells_trace_faces (ShlCells *c, const ShlCellsBuild *B)
{
  Faces F;
  memset (&F, 0, sizeof F);
  bool ok = faces_half_edges (&F, B) && faces_trace (&F)
            && faces_to_cells (&F, c) && faces_affine (&F, B, c);
  faces_clear (&F);
  return ok;
}
