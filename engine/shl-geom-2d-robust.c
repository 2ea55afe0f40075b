/* shl-geom-2d-robust.c: the robust pass in 2-D (shl-geom.h): kink lines
 * that coincide up to rounding are clustered (a grid hash on their
 * normalised coefficients), the walk is told which cells lie between
 * members of one cluster (those are ignored), and the width of the cells
 * that attain w1inf_2 is measured (w1inf_width).
 *
 * Plain C + libm + GMP, no GLib. */
#include "shl-geom-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A member of the robust clustering in 2-D */
typedef struct {
  const double *r;   /* the line, canonical orientation */
  int           line;  /* the kept line, or -1 (a line not crossing the box) */
  int           side;  /* line = -1: the side of the line the box is on */
  double        n[3];  /* r / ||r||_inf */
  int64_t       cell[3];
} RMem;

/* the cells of the grid hash: coinciding entries differ by at most
 * 2 SHL_ROBUST_ULPS in ordered_bits (twice across a binade boundary) */
#define RCELL (2 * SHL_ROBUST_ULPS)

/* a signed integer monotone in x, +-0 -> 0, adjacent doubles -> +-1 */
static int64_t
ordered_bits (double x)
{
  uint64_t u;
  x += 0.0;
  memcpy (&u, &x, sizeof u);
  int64_t m = (int64_t) (u & 0x7fffffffffffffffull);
  return (u >> 63) ? -m : m;
}

static int64_t
floor_div (int64_t q, int64_t w)
{
  return q >= 0 ? q / w : -((-q + w - 1) / w);
}

static int
rcell_cmp3 (const int64_t *a, const int64_t *b)
{
  for (int k = 0; k < 3; k++)
    if (a[k] != b[k])
      return a[k] < b[k] ? -1 : 1;
  return 0;
}

typedef struct {
  int64_t cell[3];
  int     ord;
} RRec;

static int
rrec_cmp (const void *pa, const void *pb)
{
  const RRec *a = pa, *b = pb;
  int c = rcell_cmp3 (a->cell, b->cell);
  return c != 0 ? c : (a->ord > b->ord) - (a->ord < b->ord);
}

static bool
lines_coincide (const double *n, const double *m)
{
  for (int k = 0; k < 3; k++)
    if (!shl_geom_robust_coincide (n[k], m[k]))
      return false;
  return true;
}

/* The clusters of the robust pass in 2-D (shl-geom.h): the members are the
 * kept lines and the kink lines of f - g that do not cross the box (nci
 * (nnc): their neurons, indices into nr). Fills clu, csize, cfix. */
bool
shl_geom_ctx2_robust (Ctx2 *cx, int *nci, int nnc)
{
  bool ok = false;
  int nl = cx->nl;
  RMem *mem = malloc ((size_t) (nl + nnc + 1) * sizeof *mem);
  RRec *rec = malloc ((size_t) (nl + nnc + 1) * sizeof *rec);
  int *lead = malloc ((size_t) (nl + nnc + 1) * sizeof *lead);
  int *size = calloc ((size_t) (nl + nnc + 1), sizeof *size);
  cx->clu = malloc ((size_t) (nl + 1) * sizeof *cx->clu);
  if (!mem || !rec || !lead || !size || !cx->clu)
    goto done;

  /* the lines outside, grouped like the kept ones; a group is a member if
   * the gradient jumps across it */
  qsort_r (nci, (size_t) nnc, sizeof (int), shl_geom_neu2_line_cmp, cx->nr);
  int nm = 0, l = 0;
  mpz_t J[6], t1, t2;
  for (int k = 0; k < 6; k++)
    mpz_init (J[k]);
  mpz_inits (t1, t2, NULL);
  for (int q = 0; q < nnc;)
    {
      const double *r = cx->nr[nci[q]].r;
      int e = q + 1;
      while (e < nnc && shl_geom_line_cmp (r, cx->nr[nci[e]].r) == 0)
        e++;
      bool member = true;
      if (e - q > 1)
        {
          shl_geom_group_exact (cx, nci + q, e - q, J, t1, t2);
          bool same = true;
          for (int k = 0; k < 3; k++)
            same = same && mpz_cmp (J[k], J[k + 3]) == 0;
          member = !same; /* no jump (and nothing at all) when equal */
        }
      if (member)
        {
          /* merge with the kept lines in the order of shl_geom_line_cmp */
          while (l < nl && shl_geom_line_cmp (cx->ln[l].r, r) < 0)
            {
              mem[nm++] = (RMem) { .r = cx->ln[l].r, .line = l };
              l++;
            }
          int side = 0;
          for (int c = 0; c < 4 && side == 0; c++)
            {
              double x[2] = { (c & 1) ? cx->hi[0] : cx->lo[0],
                              (c & 2) ? cx->hi[1] : cx->lo[1] };
              side = shl_geom_sign_at (r, r[2], x, 2);
            }
          mem[nm++] = (RMem) { .r = r, .line = -1, .side = side };
        }
      q = e;
    }
  for (int k = 0; k < 6; k++)
    mpz_clear (J[k]);
  mpz_clears (t1, t2, NULL);
  for (; l < nl; l++)
    mem[nm++] = (RMem) { .r = cx->ln[l].r, .line = l };

  /* keys and the grid hash */
  for (int q = 0; q < nm; q++)
    {
      RMem *u = &mem[q];
      double big = fmax (fabs (u->r[0]), fmax (fabs (u->r[1]), fabs (u->r[2])));
      for (int k = 0; k < 3; k++)
        {
          u->n[k] = u->r[k] / big;
          u->cell[k] = floor_div (ordered_bits (u->n[k]), RCELL);
          rec[q].cell[k] = u->cell[k];
        }
      rec[q].ord = q;
    }
  qsort (rec, (size_t) nm, sizeof *rec, rrec_cmp);

  /* greedy: each member joins the earliest leader it coincides with */
  for (int q = 0; q < nm; q++)
    {
      int best = q;
      for (int d = 0; d < 27; d++)
        {
          int64_t key[3] = { mem[q].cell[0] + d % 3 - 1,
                             mem[q].cell[1] + (d / 3) % 3 - 1,
                             mem[q].cell[2] + d / 9 - 1 };
          /* the first record of the cell key */
          int a = 0, b = nm;
          while (a < b)
            {
              int mid = a + (b - a) / 2;
              if (rcell_cmp3 (rec[mid].cell, key) < 0)
                a = mid + 1;
              else
                b = mid;
            }
          for (; a < nm && rcell_cmp3 (rec[a].cell, key) == 0; a++)
            {
              int o = rec[a].ord;
              if (o >= best)
                break; /* records of a cell are sorted by order */
              if (lead[o] == o && lines_coincide (mem[q].n, mem[o].n))
                best = o;
            }
        }
      lead[q] = best;
      size[best]++;
    }

  /* the clusters with two members or more */
  int *cidx = malloc ((size_t) (nm + 1) * sizeof *cidx);
  if (!cidx)
    goto done;
  cx->nclu = 0;
  for (int q = 0; q < nm; q++)
    cidx[q] = lead[q] == q && size[q] > 1 ? cx->nclu++ : -1;
  cx->csize = calloc ((size_t) cx->nclu + 1, sizeof (int));
  cx->cfix = calloc ((size_t) cx->nclu + 1, sizeof (int));
  cx->cpos = calloc ((size_t) cx->nclu + 1, sizeof (int));
  if (!cx->csize || !cx->cfix || !cx->cpos)
    {
      free (cidx);
      goto done;
    }
  for (int q = 0; q < nm; q++)
    {
      int c = cidx[lead[q]];
      if (mem[q].line >= 0)
        cx->clu[mem[q].line] = c;
      if (c < 0)
        continue;
      cx->csize[c]++;
      if (mem[q].line < 0 && mem[q].side > 0)
        cx->cfix[c]++;
    }
  free (cidx);
  ok = true;
done:
  free (mem);
  free (rec);
  free (lead);
  free (size);
  return ok;
}

/* Remember the cell beside the segment of line r from its crossing with
 * ra to that with rb, on side `side`, after shl_geom_best_offer_cmp gave c
 * for its gradient: a new maximum (c > 0) restarts the list, an equal non-zero one
 * joins it while there is room. */
void
shl_geom_width_record (Ctx2 *cx, int c, const double *r, const double *ra,
                       const double *rb, int side)
{
  if (c > 0)
    cx->nwc = 0;
  else if (c < 0 || mpz_sgn (cx->b2.n) == 0)
    return;
  if (cx->nwc >= (int) (sizeof cx->wc / sizeof cx->wc[0]))
    return;
  cx->wc[cx->nwc].r = r;
  cx->wc[cx->nwc].ra = ra;
  cx->wc[cx->nwc].rb = rb;
  cx->wc[cx->nwc].side = side;
  cx->nwc++;
}

/* A half-plane s (r0 x + r1 y + r2) >= 0 */
typedef struct {
  const double *r;
  int           s;
} HPlane;

/* exact sign of h at the crossing of the lines p and q (not parallel) */
static int
vertex_side (const double *p, const double *q, const double *h)
{
  return shl_exact_sign_det3 (p, q, h)
         * shl_exact_sign_det2 (p[0], p[1], q[0], q[1]);
}

/* Clip the convex polygon poly (n edges in boundary order; vertex k is the
 * crossing of edges k and k + 1) by h, exactly, into out (room for
 * n + 1). sg (n) is scratch. Returns the count of edges left (0: nothing
 * of positive area). */
static int
clip_convex (HPlane *out, const HPlane *poly, int n, HPlane h, int *sg)
{
  int npos = 0, nneg = 0;
  for (int k = 0; k < n; k++)
    {
      sg[k] = h.s * vertex_side (poly[k].r, poly[(k + 1) % n].r, h.r);
      npos += sg[k] > 0;
      nneg += sg[k] < 0;
    }
  if (nneg == 0)
    {
      memcpy (out, poly, (size_t) n * sizeof *out);
      return n;
    }
  if (npos == 0)
    return 0;
  /* the vertices inside form one arc i .. j (convexity): keep the edges
   * ending or starting there, close with h */
  int i = 0;
  while (!(sg[i] > 0 && sg[(i + n - 1) % n] <= 0))
    i++;
  int j = i;
  while (sg[(j + 1) % n] > 0)
    j++;
  int c = 0;
  for (int k = i; k <= j + 1; k++)
    out[c++] = poly[k % n];
  out[c++] = h;
  return c;
}

/* The cell of the kept lines' arrangement beside the segment of line R from
 * its crossing with A to that with B, on side `side` of R: its area over
 * the largest distance from one vertex to the others (between half and
 * twice its minimal width), from the exact vertices. */
double
shl_geom_cell_width_2d (const Ctx2 *cx, const double *R, const double *A,
                        const double *B, int side)
{
  int nl = cx->nl, cap = nl + 5;
  HPlane *buf = malloc ((size_t) cap * 2 * sizeof *buf), *p = buf;
  int *sg = malloc ((size_t) cap * sizeof *sg);
  double w = NAN;
  if (!buf || !sg)
    goto out;
  HPlane *q = buf + cap;
  /* the box, counter-clockwise: y >= lo1, x <= hi0, y <= hi1, x >= lo0 */
  p[0] = (HPlane) { cx->E[2], 1 };
  p[1] = (HPlane) { cx->E[1], 1 };
  p[2] = (HPlane) { cx->E[3], 1 };
  p[3] = (HPlane) { cx->E[0], 1 };
  int n = 4;
  int dA = shl_exact_sign_det2 (R[0], R[1], A[0], A[1]);
  int dB = shl_exact_sign_det2 (R[0], R[1], B[0], B[1]);
  int oR = (R[0] > 0.0 || (R[0] == 0.0 && R[1] > 0.0)) ? 1 : -1;
  for (int j = 0; j < nl && n > 0; j++)
    {
      /* the side of line j at the segment's midpoint: at an end where j
       * is not zero (no line crosses the open segment) */
      const double *r = cx->ln[j].r;
      int sj = shl_exact_sign_det3 (R, A, r) * dA;
      if (sj == 0)
        sj = shl_exact_sign_det3 (R, B, r) * dB;
      if (sj == 0)
        sj = side * oR; /* R itself (r is its canonical orientation) */
      n = clip_convex (q, p, n, (HPlane) { r, sj }, sg);
      HPlane *t = p;
      p = q;
      q = t;
    }
  if (n < 3)
    {
      w = 0.0;
      goto out;
    }
  /* the exact vertices, then twice the area and the squared distances
   * from vertex 0 */
  mpq_t *vx = malloc ((size_t) n * 2 * sizeof (mpq_t)), *vy = vx ? vx + n : NULL;
  if (!vx)
    goto out;
  mpz_t z[6], nx, ny, dd;
  for (int k = 0; k < 6; k++)
    mpz_init (z[k]);
  mpz_inits (nx, ny, dd, NULL);
  for (int k = 0; k < n; k++)
    {
      const double *a = p[k].r, *b = p[(k + 1) % n].r;
      for (int c = 0; c < 3; c++)
        {
          shl_exact_set_d (z[c], a[c], cx->e0);
          shl_exact_set_d (z[3 + c], b[c], cx->e0);
        }
      mpz_mul (nx, z[1], z[5]);
      mpz_submul (nx, z[4], z[2]);
      mpz_mul (ny, z[3], z[2]);
      mpz_submul (ny, z[0], z[5]);
      mpz_mul (dd, z[0], z[4]);
      mpz_submul (dd, z[1], z[3]);
      if (mpz_sgn (dd) < 0)
        {
          /* mpq wants a positive denominator */
          mpz_neg (nx, nx);
          mpz_neg (ny, ny);
          mpz_neg (dd, dd);
        }
      mpq_inits (vx[k], vy[k], NULL);
      mpq_set_num (vx[k], nx);
      mpq_set_den (vx[k], dd);
      mpq_set_num (vy[k], ny);
      mpq_set_den (vy[k], dd);
      mpq_canonicalize (vx[k]);
      mpq_canonicalize (vy[k]);
    }
  mpq_t area, t1, t2;
  mpq_inits (area, t1, t2, NULL);
  double rad2 = 0.0;
  for (int k = 0; k < n; k++)
    {
      int k1 = (k + 1) % n;
      mpq_mul (t1, vx[k], vy[k1]);
      mpq_mul (t2, vx[k1], vy[k]);
      mpq_sub (t1, t1, t2);
      mpq_add (area, area, t1);
      mpq_sub (t1, vx[k], vx[0]);
      mpq_mul (t1, t1, t1);
      mpq_sub (t2, vy[k], vy[0]);
      mpq_mul (t2, t2, t2);
      mpq_add (t1, t1, t2);
      rad2 = fmax (rad2, mpq_get_d (t1));
    }
  double a2 = fabs (mpq_get_d (area));
  w = rad2 > 0.0 ? 0.5 * a2 / sqrt (rad2) : 0.0;
  mpq_clears (area, t1, t2, NULL);
  for (int k = 0; k < n; k++)
    mpq_clears (vx[k], vy[k], NULL);
  free (vx);
  for (int k = 0; k < 6; k++)
    mpz_clear (z[k]);
  mpz_clears (nx, ny, dd, NULL);
out:
  free (buf);
  free (sg);
  return w;
}

/* whether the robust pass ignores the cell beside the current segment of
 * the walked line on its side `side` (+1 / -1): some cluster has members
 * on both sides of it */
bool
shl_geom_cell_ignored (const Ctx2 *cx, int side)
{
  if (cx->nsplit > 0)
    return true;
  int c = cx->wcl;
  if (c < 0)
    return false;
  int n = cx->cpos[c] + (side > 0);
  return n > 0 && n < cx->csize[c];
}

static inline bool
cluster_split (const Ctx2 *cx, int c)
{
  return cx->cpos[c] > 0 && cx->cpos[c] < cx->csize[c];
}

/* the walk sets up the cluster counts for line l from the sides sig */
void
shl_geom_robust_walk_init (Ctx2 *cx, int l)
{
  cx->wcl = cx->clu[l];
  memcpy (cx->cpos, cx->cfix, (size_t) cx->nclu * sizeof (int));
  for (int j = 0; j < cx->nl; j++)
    if (j != l && cx->clu[j] >= 0 && cx->sig[j] > 0)
      cx->cpos[cx->clu[j]]++;
  cx->nsplit = 0;
  for (int c = 0; c < cx->nclu; c++)
    if (c != cx->wcl && cluster_split (cx, c))
      cx->nsplit++;
}

/* line j (not the walked one) moves to side sd */
void
shl_geom_robust_walk_flip (Ctx2 *cx, int j, int sd)
{
  int c = cx->clu[j];
  if (c < 0)
    return;
  bool before = cluster_split (cx, c);
  cx->cpos[c] += sd > 0 ? 1 : -1;
  if (c != cx->wcl)
    cx->nsplit += (int) cluster_split (cx, c) - (int) before;
}
