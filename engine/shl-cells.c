/* shl-cells.c: the cells of a 2-D network's kink arrangement in a box.
 *
 * The arrangement as a planar subdivision, built exactly:
 *
 * 1. Lines. The four box edges (0..3) and the kink lines (4..): the
 *    neurons whose line meets the open box, grouped by line exactly
 *    (canonical orientation, then an exact comparison of direction and
 *    offset); a group whose neurons cancel is dropped, one that is affine
 *    across its line is folded into the affine part (both decided with
 *    GMP sums).
 *
 * 2. Vertices. Each line sorts its crossings with the other lines along
 *    its direction d = (-r1, r0): the crossing with line j sits at
 *    s_j = <d, p_j>, and sign (s_B - s_C) = sign det3 (l, B, C) *
 *    sign D_lB * sign D_lC, D_lj = l0 j1 - l1 j0 (a floating-point filter
 *    decides when it can). A kink line keeps the crossings between its
 *    entry into the box and its exit (the last entering and the first
 *    leaving box edge); a box edge those between its two corners. Equal
 *    crossings are one vertex, named by the two lowest lines through it,
 *    so that every line finds the same vertex.
 *
 * 3. Faces. Consecutive vertices on a line are an edge, as two half-edges.
 *    The half-edges leaving a vertex are sorted by angle (exactly: their
 *    directions are the lines' coefficients), and a face is traced by
 *    turning to the next half-edge clockwise from the one coming back:
 *    each bounded face counter-clockwise, the outside of the box as one
 *    face that is left out.
 *
 * 4. Affine forms. A face lies on the left of its half-edges, so an edge
 *    on kink line l tells the side of l of the faces on both sides. A
 *    depth-first walk from one face (whose sides are found with exact
 *    signs at its vertices) crosses one line at a time and sums the
 *    active neurons' terms of each face.
 *
 * Steps 1, 2 and the coordinates are here; steps 3 and 4 are in
 * shl-cells-faces.c, the level sets in shl-cells-level.c.
 *
 * Plain C + GMP, no GLib. */
#include "shl-cells.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shl-cells-private.h"
#include "shl-exact.h"

#define U_ROUND 0x1p-53


typedef struct {
  double a[2], b, c, s;  /* s = +1: of f, -1: of g */
  double r[3];           /* o (a0, a1, b), o = +-1: first of a positive */
  int    o;
} Neu;

typedef struct {
  int    j;         /* the other line */
  int    sd;        /* exact sign of D_lj */
  double s, err;    /* position along l and its error bound (NAN: none) */
} Cross;

typedef struct {
  const ShlCellsLine *ln;
  int         l;
  bool        safe;
} CrossCtx;


/* ------------------------------------------------------------------ util */

void *
shl_cells_grow_array (void *p, int *cap, int need, size_t size)
{
  if (need <= *cap)
    return p;
  int nc = *cap > 0 ? *cap : 64;
  while (nc < need)
    {
      if (nc > INT_MAX / 2)
        return NULL;
      nc *= 2;
    }
  void *q = realloc (p, (size_t) nc * size);
  if (q)
    *cap = nc;
  return q;
}

static long
low_exp_min (long e0, double x)
{
  long k = shl_exact_low_exp (x);
  return k < e0 ? k : e0;
}

/* exact sign of r0 x + r1 y + r2 at the double point (x, y) */
static int
sign_at (const double *r, double x, double y)
{
  double e1[3] = { 1.0, 0.0, -x }, e2[3] = { 0.0, 1.0, -y };
  return shl_exact_sign_det3 (e1, e2, r);
}

/* --------------------------------------------------------------- grouping */

/* canonical orientation, by direction (angle), then by offset: 0 for the
 * same line (as shl-geom) */
static int
line_cmp (const double *p, const double *q)
{
  int cr = shl_exact_sign_det2 (p[0], p[1], q[0], q[1]);
  if (cr != 0)
    return -cr;
  int k = p[0] != 0.0 ? 0 : 1;
  return shl_exact_sign_det2 (q[k], p[k], q[2], p[2]);
}

static int
neu_line_cmp (const void *pa, const void *pb, void *user)
{
  const Neu *nr = user;
  int i = *(const int *) pa, j = *(const int *) pb;
  int c = line_cmp (nr[i].r, nr[j].r);
  return c != 0 ? c : (i > j) - (i < j);
}

/* 0: a kink line, 1: nothing (the group cancels), 2: affine across it */
static int
group_kind (const Neu *nr, const int *idx, int count, long e0)
{
  if (count < 2)
    return 0;
  mpz_t J[6], t1, t2;
  for (int k = 0; k < 6; k++)
    mpz_init (J[k]);
  mpz_inits (t1, t2, NULL);
  for (int q = 0; q < count; q++)
    {
      const Neu *nu = &nr[idx[q]];
      mpz_t *o = J + (nu->o > 0 ? 3 : 0);
      shl_exact_set_d (t1, nu->s * nu->c, e0);
      double v[3] = { nu->a[0], nu->a[1], nu->b };
      for (int k = 0; k < 3; k++)
        {
          shl_exact_set_d (t2, v[k], e0);
          mpz_addmul (o[k], t1, t2);
        }
    }
  bool zero = true, same = true;
  for (int k = 0; k < 3; k++)
    {
      zero = zero && mpz_sgn (J[k]) == 0 && mpz_sgn (J[k + 3]) == 0;
      same = same && mpz_cmp (J[k], J[k + 3]) == 0;
    }
  for (int k = 0; k < 6; k++)
    mpz_clear (J[k]);
  mpz_clears (t1, t2, NULL);
  return zero ? 1 : same ? 2 : 0;
}

static void
add3 (double *x, double *xm, const double *y, double w)
{
  for (int k = 0; k < 3; k++)
    {
      x[k] += w * y[k];
      xm[k] += fabs (y[k]);
    }
}

/* The lines: box edges, then the kink lines with their group sums. */
static bool
build_lines (ShlCellsBuild *B, const ShlNet *f, const ShlNet *g, const double *lo,
             const double *hi)
{
  int m = f->m + (g ? g->m : 0);
  Neu *nr = malloc ((size_t) (m + 1) * sizeof *nr);
  int *cross = malloc ((size_t) (m + 1) * sizeof (int));
  B->ln = malloc ((size_t) (m + 4) * sizeof *B->ln);
  if (!nr || !cross || !B->ln)
    {
      free (nr);
      free (cross);
      return false;
    }
  memset (B->ln, 0, (size_t) (m + 4) * sizeof *B->ln);
  const double E[4][3] = { { 1.0, 0.0, -lo[0] }, { -1.0, 0.0, hi[0] },
                           { 0.0, 1.0, -lo[1] }, { 0.0, -1.0, hi[1] } };
  for (int e = 0; e < 4; e++)
    memcpy (B->ln[e].r, E[e], sizeof E[e]);
  B->nl = 4;
  B->safe = true;
  long e0 = LONG_MAX;
  for (int k = 0; k < 2; k++)
    {
      B->safe = B->safe && shl_exact_safe (lo[k]) && shl_exact_safe (hi[k]);
      B->fix[k] = f->v[k] - (g ? g->v[k] : 0.0);
      B->fixm[k] = fabs (f->v[k]) + (g ? fabs (g->v[k]) : 0.0);
    }
  B->fix[2] = *f->e - (g ? *g->e : 0.0);
  B->fixm[2] = fabs (*f->e) + (g ? fabs (*g->e) : 0.0);

  int n = 0, ncross = 0;
  for (int sn = 0; sn < 2; sn++)
    {
      const ShlNet *net = sn == 0 ? f : g;
      for (int i = 0; net && i < net->m; i++)
        {
          if (net->c[i] == 0.0)
            continue;
          Neu nu;
          nu.a[0] = net->a[2 * i];
          nu.a[1] = net->a[2 * i + 1];
          nu.b = net->b[i];
          nu.c = net->c[i];
          nu.s = sn == 0 ? 1.0 : -1.0;
          nu.o = (nu.a[0] < 0.0 || (nu.a[0] == 0.0 && nu.a[1] < 0.0)) ? -1 : 1;
          nu.r[0] = nu.o * nu.a[0];
          nu.r[1] = nu.o * nu.a[1];
          nu.r[2] = nu.o * nu.b;
          double j3[3] = { nu.s * (nu.c * nu.a[0]), nu.s * (nu.c * nu.a[1]),
                           nu.s * (nu.c * nu.b) };
          if (nu.a[0] == 0.0 && nu.a[1] == 0.0)
            {
              if (nu.b > 0.0)
                add3 (B->fix, B->fixm, j3, 1.0);
              continue;
            }
          int pos = 0, neg = 0;
          for (int k = 0; k < 4; k++)
            {
              int s = sign_at (nu.r, (k & 1) ? hi[0] : lo[0],
                               (k & 2) ? hi[1] : lo[1]);
              pos += s > 0;
              neg += s < 0;
            }
          /* in the orientation of r, the neuron is active where the sign
           * is o */
          int up = nu.o > 0 ? pos : neg, down = nu.o > 0 ? neg : pos;
          if (up && down)
            {
              double v[4] = { nu.a[0], nu.a[1], nu.b, nu.c };
              for (int k = 0; k < 4; k++)
                {
                  e0 = low_exp_min (e0, v[k]);
                  B->safe = B->safe && shl_exact_safe (v[k]);
                }
              nr[n] = nu;
              cross[ncross++] = n++;
            }
          else if (!down)
            add3 (B->fix, B->fixm, j3, 1.0);   /* affine on the box */
        }
    }
  for (int k = 0; k < 2; k++)
    e0 = low_exp_min (low_exp_min (e0, lo[k]), hi[k]);

  qsort_r (cross, (size_t) ncross, sizeof (int), neu_line_cmp, nr);
  for (int q = 0; q < ncross;)
    {
      int r = q + 1;
      while (r < ncross && line_cmp (nr[cross[q]].r, nr[cross[r]].r) == 0)
        r++;
      ShlCellsLine L;
      memset (&L, 0, sizeof L);
      memcpy (L.r, nr[cross[q]].r, sizeof L.r);
      for (int p = q; p < r; p++)
        {
          const Neu *nu = &nr[cross[p]];
          double j3[3] = { nu->s * (nu->c * nu->a[0]), nu->s * (nu->c * nu->a[1]),
                           nu->s * (nu->c * nu->b) };
          if (nu->o > 0)
            add3 (L.jp, L.mp, j3, 1.0);
          else
            add3 (L.jm, L.mm, j3, 1.0);
        }
      int kind = group_kind (nr, cross + q, r - q, e0);
      if (kind == 0)
        B->ln[B->nl++] = L;
      else if (kind == 2)
        /* the same terms on both sides: affine across the box */
        for (int k = 0; k < 3; k++)
          {
            B->fix[k] += L.jp[k];
            B->fixm[k] += fmax (L.mp[k], L.mm[k]);
          }
      q = r;
    }
  free (nr);
  free (cross);
  return true;
}

/* --------------------------------------------------------------- crossings */

/* the position of l ∩ j along l's direction, with an error bound */
static void
cross_approx (Cross *c, const double *l, const double *j, bool safe)
{
  c->s = NAN;
  c->err = NAN;
  if (!safe)
    return;
  double D = shl_exact_det2_approx (l[0], l[1], j[0], j[1]);
  double a1 = l[0] * j[0] + l[1] * j[1], a2 = l[0] * l[0] + l[1] * l[1];
  double N = l[2] * a1 - j[2] * a2;
  double Nm = fabs (l[2]) * (fabs (l[0] * j[0]) + fabs (l[1] * j[1]))
              + fabs (j[2]) * a2;
  double s = N / D;
  double err = 8.0 * U_ROUND * (Nm / fabs (D) + fabs (s));
  if (isfinite (s) && isfinite (err))
    {
      c->s = s;
      c->err = err;
    }
}

static int
cross_cmp (const void *pa, const void *pb, void *user)
{
  const Cross *a = pa, *b = pb;
  const CrossCtx *cx = user;
  if (a->j == b->j)
    return 0;
  double d = a->s - b->s, e = a->err + b->err;
  if (d > e)
    return 1;
  if (-d > e)
    return -1;
  int s3 = shl_exact_sign_det3 (cx->ln[cx->l].r, cx->ln[a->j].r,
                                cx->ln[b->j].r);
  return s3 * a->sd * b->sd;
}

/* ---------------------------------------------------------------- vertices */

static uint64_t
pair_key (int i, int j)
{
  if (i > j)
    {
      int t = i;
      i = j;
      j = t;
    }
  return ((uint64_t) (uint32_t) i << 32 | (uint32_t) j) + 1;
}

static bool
vmap_init (ShlCellsVMap *m, size_t expect)
{
  size_t cap = 64;
  while (cap < 2 * expect + 16)
    cap *= 2;
  m->key = calloc (cap, sizeof *m->key);
  m->val = malloc (cap * sizeof *m->val);
  m->mask = cap - 1;
  return m->key && m->val;
}

static bool
vmap_grow (ShlCellsVMap *m)
{
  size_t cap = 2 * (m->mask + 1);
  uint64_t *key = calloc (cap, sizeof *key);
  int *val = malloc (cap * sizeof *val);
  if (!key || !val)
    {
      free (key);
      free (val);
      return false;
    }
  for (size_t k = 0; k <= m->mask; k++)
    if (m->key[k])
      {
        size_t h = (m->key[k] * 0x9e3779b97f4a7c15ull) >> 20 & (cap - 1);
        while (key[h])
          h = (h + 1) & (cap - 1);
        key[h] = m->key[k];
        val[h] = m->val[k];
      }
  free (m->key);
  free (m->val);
  m->key = key;
  m->val = val;
  m->mask = cap - 1;
  return true;
}

/* The vertex through lines i < j (the two lowest through it): found, or
 * made. -1 on allocation failure. */
static int
vertex_get (ShlCellsBuild *B, int i, int j)
{
  ShlCellsVMap *m = &B->map;
  if ((size_t) B->nv * 2 + 16 > m->mask && !vmap_grow (m))
    return -1;
  uint64_t key = pair_key (i, j);
  size_t h = (key * 0x9e3779b97f4a7c15ull) >> 20 & m->mask;
  while (m->key[h])
    {
      if (m->key[h] == key)
        return m->val[h];
      h = (h + 1) & m->mask;
    }
  int *vl = shl_cells_grow_array (B->vline, &B->cap_v, B->nv + 1, 2 * sizeof (int));
  if (!vl)
    return -1;
  B->vline = vl;
  m->key[h] = key;
  m->val[h] = B->nv;
  vl[2 * B->nv] = i < j ? i : j;
  vl[2 * B->nv + 1] = i < j ? j : i;
  return B->nv++;
}

/* The vertices along line l (between the box's edges), appended to
 * B->lv. cr: scratch (nl). */
static bool
line_vertices (ShlCellsBuild *B, int l, Cross *cr)
{
  const double *r = B->ln[l].r;
  CrossCtx cx = { B->ln, l, B->safe };
  int nc = 0;
  Cross in = { -1, 0, NAN, NAN }, out = { -1, 0, NAN, NAN };
  /* the box edges: the last one entering, the first one leaving */
  for (int e = 0; e < 4; e++)
    {
      if (e == l)
        continue;
      int sd = shl_exact_sign_det2 (r[0], r[1], B->ln[e].r[0], B->ln[e].r[1]);
      if (sd == 0)
        continue;
      Cross c = { e, sd, NAN, NAN };
      cross_approx (&c, r, B->ln[e].r, B->safe);
      /* D_le = <n_e, d_l>: > 0 enters the box moving along d */
      if (sd > 0 && (in.j < 0 || cross_cmp (&c, &in, &cx) > 0))
        in = c;
      if (sd < 0 && (out.j < 0 || cross_cmp (&c, &out, &cx) < 0))
        out = c;
    }
  if (in.j < 0 || out.j < 0)
    return false; /* cannot happen for lines meeting the open box */
  for (int j = 0; j < B->nl; j++)
    {
      if (j == l)
        continue;
      int sd = shl_exact_sign_det2 (r[0], r[1], B->ln[j].r[0], B->ln[j].r[1]);
      if (sd == 0)
        continue;
      Cross c = { j, sd, NAN, NAN };
      cross_approx (&c, r, B->ln[j].r, B->safe);
      if ((c.j == in.j || cross_cmp (&c, &in, &cx) >= 0)
          && (c.j == out.j || cross_cmp (&c, &out, &cx) <= 0))
        cr[nc++] = c;
    }
  qsort_r (cr, (size_t) nc, sizeof *cr, cross_cmp, &cx);
  for (int q = 0; q < nc;)
    {
      int p = q + 1;
      int lo1 = l, lo2 = INT_MAX;
      /* the two lowest lines through the point */
      for (int k = q;; k++)
        {
          int j = cr[k].j;
          if (j < lo1)
            lo2 = lo1, lo1 = j;
          else if (j < lo2)
            lo2 = j;
          if (k + 1 >= nc || cross_cmp (&cr[k], &cr[k + 1], &cx) != 0)
            {
              p = k + 1;
              break;
            }
        }
      int v = vertex_get (B, lo1, lo2);
      int *lv = shl_cells_grow_array (B->lv, &B->cap_lv, B->nlv + 1, sizeof (int));
      if (v < 0 || !lv)
        return false;
      B->lv = lv;
      B->lv[B->nlv++] = v;
      q = p;
    }
  return true;
}

/* a / b for double-doubles, to about an ulp */
static double
dd_div (double ah, double al, double bh, double bl)
{
  double q = ah / bh;
  double p = q * bh, pe = fma (q, bh, -p);
  double r = ((ah - p) - pe) + al - q * bl;
  return q + r / bh;
}

static double
clampd (double x, double lo, double hi)
{
  return x < lo ? lo : x > hi ? hi : x;
}

/* the coordinates of the vertex on lines i < j, rounded (within about an
 * ulp; exactly rounded through GMP when the filter cannot be trusted) */
static void
vertex_coords (const ShlCellsBuild *B, int i, int j, const double *lo,
               const double *hi, double *out)
{
  const double *p = B->ln[i].r, *q = B->ln[j].r;
  double x = NAN, y = NAN;
  bool xfix = false, yfix = false;
  if (i < 2 || j < 2)
    x = (i == 0 || j == 0) ? lo[0] : hi[0], xfix = true;
  if ((i >= 2 && i < 4) || (j >= 2 && j < 4))
    y = (i == 2 || j == 2) ? lo[1] : hi[1], yfix = true;
  if (B->safe && !(xfix && yfix))
    {
      double dh, dl, nh, nl;
      shl_exact_det2_dd (p[0], p[1], q[0], q[1], &dh, &dl);
      if (!xfix)
        {
          shl_exact_det2_dd (p[1], p[2], q[1], q[2], &nh, &nl);
          x = dd_div (nh, nl, dh, dl);
        }
      if (!yfix)
        {
          shl_exact_det2_dd (p[2], p[0], q[2], q[0], &nh, &nl);
          y = dd_div (nh, nl, dh, dl);
        }
    }
  if (!isfinite (x) || !isfinite (y))
    {
      long e0 = LONG_MAX;
      for (int k = 0; k < 3; k++)
        e0 = low_exp_min (low_exp_min (e0, p[k]), q[k]);
      if (e0 == LONG_MAX)
        e0 = 0;
      mpz_t P[3], Q[3], n, d, t;
      for (int k = 0; k < 3; k++)
        {
          mpz_inits (P[k], Q[k], NULL);
          shl_exact_set_d (P[k], p[k], e0);
          shl_exact_set_d (Q[k], q[k], e0);
        }
      mpz_inits (n, d, t, NULL);
      mpz_mul (d, P[0], Q[1]);
      mpz_submul (d, P[1], Q[0]);
      if (!xfix)
        {
          mpz_mul (n, P[1], Q[2]);
          mpz_submul (n, P[2], Q[1]);
          x = mpz_sgn (d) ? shl_exact_round_div (n, d, 0) : NAN;
        }
      if (!yfix)
        {
          mpz_mul (n, P[2], Q[0]);
          mpz_submul (n, P[0], Q[2]);
          y = mpz_sgn (d) ? shl_exact_round_div (n, d, 0) : NAN;
        }
      for (int k = 0; k < 3; k++)
        mpz_clears (P[k], Q[k], NULL);
      mpz_clears (n, d, t, NULL);
    }
  out[0] = clampd (isfinite (x) ? x : 0.5 * (lo[0] + hi[0]), lo[0], hi[0]);
  out[1] = clampd (isfinite (y) ? y : 0.5 * (lo[1] + hi[1]), lo[1], hi[1]);
}

/* ------------------------------------------------------------------ main */

void
shl_cells_free (ShlCells *c)
{
  if (!c)
    return;
  free (c->xy);
  free (c->vline);
  free (c->value);
  free (c->start);
  free (c->corner);
  free (c->across);
  free (c->slot_cell);
  free (c->grad);
  free (c->offset);
  free (c->grad_mag);
  free (c->offset_mag);
  free (c->line);
  free (c);
}

static void
build_clear (ShlCellsBuild *B)
{
  free (B->ln);
  free (B->map.key);
  free (B->map.val);
  free (B->vline);
  free (B->lv_start);
  free (B->lv);
}

ShlCells *
shl_cells_new (const ShlNet *f, const ShlNet *g, const double *lo,
               const double *hi)
{
  if (!f || f->d != 2 || (g && g->d != 2) || !shl_net_is_finite (f)
      || (g && !shl_net_is_finite (g)))
    return NULL;
  if (!lo)
    lo = f->lo;
  if (!hi)
    hi = f->hi;
  for (int k = 0; k < 2; k++)
    if (!isfinite (lo[k]) || !isfinite (hi[k]) || !(lo[k] < hi[k]))
      return NULL;

  ShlCells *c = calloc (1, sizeof *c);
  ShlCellsBuild B;
  memset (&B, 0, sizeof B);
  Cross *cr = NULL;
  if (!c || !build_lines (&B, f, g, lo, hi))
    goto fail;
  int nl = B.nl;
  c->n_lines = nl - 4;
  for (int k = 0; k < 2; k++)
    c->lo[k] = lo[k], c->hi[k] = hi[k];
  size_t expect = (size_t) nl * (size_t) nl / 2 + 16;
  cr = malloc ((size_t) (nl + 1) * sizeof *cr);
  B.lv_start = malloc ((size_t) (nl + 1) * sizeof (int));
  if (!cr || !B.lv_start || !vmap_init (&B.map, expect))
    goto fail;
  for (int l = 0; l < nl; l++)
    {
      B.lv_start[l] = B.nlv;
      if (!line_vertices (&B, l, cr))
        goto fail;
    }
  B.lv_start[nl] = B.nlv;

  int nv = B.nv;
  c->n_vertices = nv;
  c->xy = malloc ((size_t) (2 * nv + 1) * sizeof (double));
  c->vline = malloc ((size_t) (2 * nv + 1) * sizeof (int));
  c->value = malloc ((size_t) (nv + 1) * sizeof (double));
  c->line = malloc ((size_t) (3 * c->n_lines + 1) * sizeof (double));
  if (!c->xy || !c->vline || !c->value || !c->line)
    goto fail;
  memcpy (c->vline, B.vline, (size_t) nv * 2 * sizeof (int));
  for (int v = 0; v < nv; v++)
    vertex_coords (&B, B.vline[2 * v], B.vline[2 * v + 1], lo, hi,
                   c->xy + 2 * v);
  for (int l = 4; l < nl; l++)
    memcpy (c->line + 3 * (l - 4), B.ln[l].r, 3 * sizeof (double));
  if (!shl_cells_trace_faces (c, &B))
    goto fail;

  shl_net_eval (c->value, NULL, f, c->xy, (size_t) nv);
  if (g)
    {
      double *gv = malloc ((size_t) (nv + 1) * sizeof (double));
      if (!gv)
        goto fail;
      shl_net_eval (gv, NULL, g, c->xy, (size_t) nv);
      for (int v = 0; v < nv; v++)
        c->value[v] -= gv[v];
      free (gv);
    }
  free (cr);
  build_clear (&B);
  return c;

fail:
  free (cr);
  build_clear (&B);
  shl_cells_free (c);
  return NULL;
}

double
shl_cells_area (const ShlCells *c, int k)
{
  double a = 0.0;
  int s0 = c->start[k], n = c->start[k + 1] - s0;
  for (int t = 0; t < n; t++)
    {
      const double *p = c->xy + 2 * c->corner[s0 + t];
      const double *q = c->xy + 2 * c->corner[s0 + (t + 1) % n];
      a += p[0] * q[1] - p[1] * q[0];
    }
  return 0.5 * a;
}
