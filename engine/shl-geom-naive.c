/* shl-geom-naive.c: the independent references behind
 * shl_realization_distance_naive: every point and every interval (1-D,
 * O(m^2)), every vertex and every cell (2-D, O(M^3)) evaluated directly,
 * with the same exactness as the sweep and the walk, for tests and
 * benchmarks.
 *
 * Plain C + libm + GMP, no GLib. */
#include "shl-geom-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 1-D reference: every point and every interval evaluated directly, over
 * every neuron. Points: -1 = lo, -2 = hi, k >= 0 the kink of kn[k]. */

static int
pt1_cmp (const void *pa, const void *pb, void *user)
{
  const Ctx1 *cx = user;
  int i = *(const int *) pa, j = *(const int *) pb;
  if (i < 0 && j < 0)
    return (i == -2) - (j == -2);
  if (i < 0)
    {
      const Neu1 *y = &cx->kn[j];
      return -shl_geom_kink_cmp_point (y->a, y->b, i == -1 ? cx->lo : cx->hi);
    }
  if (j < 0)
    {
      const Neu1 *y = &cx->kn[i];
      return shl_geom_kink_cmp_point (y->a, y->b, j == -1 ? cx->lo : cx->hi);
    }
  return shl_geom_kink_cmp_exact (cx->kn[i].a, cx->kn[i].b, cx->kn[j].a,
                                  cx->kn[j].b);
}

/* exact sign of a x + b of nu at the point p */
static int
pt1_side (const Ctx1 *cx, const Neu1 *nu, int p)
{
  if (p < 0)
    return shl_exact_sign_det2 (nu->a, -nu->b, 1.0, p == -1 ? cx->lo : cx->hi);
  const Neu1 *k = &cx->kn[p];
  /* a t + b at t = -b_k / a_k: (b a_k - a b_k) / a_k */
  return shl_exact_sign_det2 (nu->b, nu->a, k->b, k->a) * sgn (k->a);
}

/* exact value num / den at the point p */
static void
pt1_exact_value (Ex1 *x, const Ctx1 *cx, int p)
{
  long e0 = cx->e0;
  shl_geom_ex1_affine (x, cx);
  for (int i = 0; i < cx->n; i++)
    if (pt1_side (cx, &cx->all[i], p) > 0)
      shl_geom_ex1_add (x, &cx->all[i], 1.0, e0);
  if (p < 0)
    shl_geom_ex1_value_at (x, p == -1 ? cx->lo : cx->hi, e0);
  else
    shl_geom_ex1_value_at_kink (x, &cx->kn[p], e0);
}

/* exact slope on the interval that starts at p */
static void
pt1_exact_slope (Ex1 *x, const Ctx1 *cx, int p)
{
  long e0 = cx->e0;
  shl_geom_ex1_affine (x, cx);
  for (int i = 0; i < cx->n; i++)
    {
      const Neu1 *nu = &cx->all[i];
      int s = pt1_side (cx, nu, p);
      if (s > 0 || (s == 0 && nu->a > 0.0))
        shl_geom_ex1_add (x, nu, 1.0, e0);
    }
}

/* sign (kink of nu - point p), exact */
static int
neu_pt_cmp (const Ctx1 *cx, const Neu1 *nu, int p)
{
  if (p < 0)
    return shl_geom_kink_cmp_point (nu->a, nu->b, p == -1 ? cx->lo : cx->hi);
  return shl_geom_kink_cmp_exact (nu->a, nu->b, cx->kn[p].a, cx->kn[p].b);
}

/* The reference's robust test: the interval from point p to point q lies
 * between two members of one cluster (a member at or left of p and one at
 * or right of q), tested against every cluster's extent. */
static bool
ignored_1d (const Ctx1 *cx, int p, int q)
{
  for (int k = 0; k < cx->ncl; k++)
    if (neu_pt_cmp (cx, &cx->clx[2 * k], p) <= 0
        && neu_pt_cmp (cx, &cx->clx[2 * k + 1], q) >= 0)
      return true;
  return false;
}

bool
shl_geom_distance_1d_naive (ShlDistances *out, const ShlNet *f,
                            const ShlNet *g, double lo, double hi,
                            bool robust)
{
  Ctx1 cx;
  bool ok = shl_geom_ctx1_build (&cx, f, g, lo, hi, true, robust);
  int np = cx.nk + 2;
  int *pts = ok ? malloc ((size_t) np * sizeof *pts) : NULL;
  double *buf = ok ? malloc ((size_t) 4 * (size_t) np * sizeof *buf) : NULL;
  unsigned char *ig = ok ? calloc ((size_t) np, 1) : NULL;
  if (!pts || !buf || !ig)
    {
      free (pts);
      free (buf);
      free (ig);
      shl_geom_ctx1_clear (&cx);
      return false;
    }
  /* points, sorted by comparisons only, then made distinct */
  pts[0] = -1;
  pts[1] = -2;
  for (int k = 0; k < cx.nk; k++)
    pts[k + 2] = k;
  qsort_r (pts, (size_t) np, sizeof *pts, pt1_cmp, &cx);
  int nu = 0;
  for (int k = 0; k < np; k++)
    if (nu == 0 || pt1_cmp (&pts[k], &pts[nu - 1], &cx) != 0)
      pts[nu++] = pts[k];

  /* the intervals the robust pass ignores */
  int nig = 0;
  for (int k = 0; k + 1 < nu; k++)
    {
      ig[k] = ignored_1d (&cx, pts[k], pts[k + 1]);
      nig += ig[k];
    }
  bool rob = nig > 0 && nig < nu - 1;

  /* filtered values and slopes, each summed over every neuron */
  double *pv = buf, *pe = pv + np, *sv = pe + np, *se = sv + np;
  double Lv = -INFINITY, Lg = -INFINITY, Lgr = -INFINITY;
  for (int k = 0; k < nu; k++)
    {
      int p = pts[k];
      double x = p == -1 ? lo : p == -2 ? hi : cx.kn[p].t;
      double ex = p < 0 ? 0.0 : U_ROUND * fabs (x) + ETA;
      double dv = cx.vf - cx.vg, de = cx.ef - cx.eg;
      double v = fma (dv, x, de);
      double e = U_ROUND * fabs (dv) * fabs (x) + fabs (dv) * (1.0 + U_ROUND) * ex
                 + U_ROUND * (fabs (de) + fabs (v)) + ETA;
      double s = dv, es = U_ROUND * fabs (dv);
      for (int i = 0; i < cx.n; i++)
        {
          const Neu1 *n1 = &cx.all[i];
          int sd = pt1_side (&cx, n1, p);
          if (sd > 0)
            {
              double z = fma (n1->a, x, n1->b);
              double ez = fabs (n1->a) * ex + U_ROUND * fabs (z) + ETA;
              acc_add (&v, &e, n1->c * z);
              e += fabs (n1->c) * ez;
            }
          if (sd > 0 || (sd == 0 && n1->a > 0.0))
            acc_add (&s, &es, n1->c * n1->a);
        }
      pv[k] = v;
      pe[k] = e * SAFETY;
      sv[k] = s;
      se[k] = es * SAFETY;
      Lv = fmax (Lv, fabs (v) - pe[k]);
      if (k + 1 < nu)
        Lg = fmax (Lg, fabs (s) - se[k]);
      if (k + 1 < nu && !ig[k])
        Lgr = fmax (Lgr, fabs (s) - se[k]);
    }
  if (!cx.safe)
    Lv = Lg = Lgr = -INFINITY;

  Ex1 x;
  shl_geom_ex1_init (&x, cx.e0);
  Best bv, bs, bsr;
  double bw = NAN;
  shl_geom_best_init (&bv);
  shl_geom_best_init (&bs);
  shl_geom_best_init (&bsr);
  for (int k = 0; k < nu; k++)
    {
      int p = pts[k];
      if (!cx.safe || fabs (pv[k]) + pe[k] >= Lv)
        {
          pt1_exact_value (&x, &cx, p);
          if (shl_geom_best_offer (&bv, x.num, x.den, x.t1, x.t2))
            {
              bv.where = p == -1 ? 0 : p == -2 ? -1 : 1;
              bv.where2 = p;
            }
        }
      if (k + 1 >= nu)
        continue;
      bool cs = !cx.safe || fabs (sv[k]) + se[k] >= Lg;
      bool csr = rob && !ig[k] && (!cx.safe || fabs (sv[k]) + se[k] >= Lgr);
      if (cs || csr)
        pt1_exact_slope (&x, &cx, p);
      if (cs)
        shl_geom_slope_offer_1d (&bs, &bw, &cx, x.S, x.one, p, pts[k + 1],
                                 x.t1, x.t2);
      if (csr)
        shl_geom_best_offer (&bsr, x.S, x.one, x.t1, x.t2);
    }
  shl_geom_finish_1d (out, &cx, &bv, &bs, bw, rob ? &bsr : NULL);
  shl_geom_best_clear (&bv);
  shl_geom_best_clear (&bs);
  shl_geom_best_clear (&bsr);
  shl_geom_ex1_clear (&x);
  free (pts);
  free (buf);
  free (ig);
  shl_geom_ctx1_clear (&cx);
  return true;
}

/* 2-D reference: every neuron's line on its own (no grouping, no walk),
 * every vertex evaluated directly, every cell's gradient summed from the
 * sides of every line at a point of its boundary. O(M^3). */

/* rows for the reference: crossing neurons (original orientation), then
 * the box edges */
static const double *
nrow (const Ctx2 *cx, const double *rr, int j)
{
  return j < cx->ncross ? rr + 3 * j : cx->E[j - cx->ncross];
}

typedef struct {
  const Ctx2   *cx;
  const double *rr;
  int           i;
} NvCtx;

/* sign (pos_j - pos_k) along row i (both crossing i) */
static int
nv_cmp_pts (const NvCtx *c, int j, int k)
{
  const double *ri = nrow (c->cx, c->rr, c->i), *rj = nrow (c->cx, c->rr, j),
               *rk = nrow (c->cx, c->rr, k);
  int dj = shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]);
  int dk = shl_exact_sign_det2 (ri[0], ri[1], rk[0], rk[1]);
  return shl_exact_sign_det3 (ri, rj, rk) * dj * dk;
}

static int
nv_sort_cmp (const void *pa, const void *pb, void *user)
{
  int j = *(const int *) pa, k = *(const int *) pb;
  int c = nv_cmp_pts (user, j, k);
  return c != 0 ? c : (j > k) - (j < k);
}

/* side of row k at the crossing of rows i and j (exact) */
static int
nv_side (const Ctx2 *cx, const double *rr, int i, int j, int k)
{
  const double *ri = nrow (cx, rr, i), *rj = nrow (cx, rr, j),
               *rk = nrow (cx, rr, k);
  return shl_exact_sign_det3 (ri, rj, rk)
         * shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]);
}

typedef struct {
  double v, e;      /* filtered value or norm, error */
  double v2, e2;    /* max-norm (segments) */
  int    i, j, side;
  int    j2;        /* segments: the row at the other end */
  bool   ign;       /* segments: the robust pass ignores the cell */
} NvItem;

/* The reference's robust test for a cell with the sides of every crossing
 * neuron: some cluster has members on both sides (counted from scratch;
 * cnt (nclu) is scratch). */
static bool
nv_ignored (const Ctx2 *cx, const signed char *sides, int *cnt)
{
  if (cx->nclu == 0)
    return false;
  memcpy (cnt, cx->cfix, (size_t) cx->nclu * sizeof *cnt);
  for (int l = 0; l < cx->nl; l++)
    {
      int c = cx->clu[l];
      if (c < 0)
        continue;
      int q = cx->ln[l].first;
      if (sides[q] * cx->nr[cx->cross[q]].o > 0)
        cnt[c]++;
    }
  for (int c = 0; c < cx->nclu; c++)
    if (cnt[c] > 0 && cnt[c] < cx->csize[c])
      return true;
  return false;
}

static bool
nv_push (NvItem **it, size_t *n, size_t *cap, NvItem x)
{
  if (*n == *cap)
    {
      size_t c = *cap ? 2 * *cap : 256;
      NvItem *p = realloc (*it, c * sizeof *p);
      if (!p)
        return false;
      *it = p;
      *cap = c;
    }
  (*it)[(*n)++] = x;
  return true;
}

/* exact affine function (gradient, offset) at degree 2 beside a point of
 * row i: the affine part plus every crossing neuron k with sides[k] > 0 */
static void
nv_exact_affine (Ctx2 *cx, const signed char *sides)
{
  for (int k = 0; k < 3; k++)
    mpz_set (cx->base[k], cx->fixx[k]);
  for (int q = 0; q < cx->ncross; q++)
    if (sides[q] > 0)
      {
        const Neu2 *nu = &cx->nr[cx->cross[q]];
        shl_exact_set_d (cx->t1, nu->s * nu->c, cx->e0);
        double v[3] = { nu->a[0], nu->a[1], nu->b };
        for (int k = 0; k < 3; k++)
          {
            shl_exact_set_d (cx->t2, v[k], cx->e0);
            mpz_addmul (cx->base[k], cx->t1, cx->t2);
          }
      }
}

/* sides of every crossing neuron at the vertex (i, j); for a segment of row
 * i starting there (seg_side = +1 / -1 for the cell on the + / - side of
 * i), the sides on the open segment beside it */
static void
nv_sides (const Ctx2 *cx, const double *rr, int i, int j, int seg_side,
          signed char *sides)
{
  const double *ri = nrow (cx, rr, i);
  for (int k = 0; k < cx->ncross; k++)
    {
      if (seg_side != 0 && k == i)
        {
          sides[k] = (signed char) seg_side;
          continue;
        }
      int s = nv_side (cx, rr, i, j, k);
      if (s == 0 && seg_side != 0)
        {
          const double *rk = nrow (cx, rr, k);
          int dk = shl_exact_sign_det2 (ri[0], ri[1], rk[0], rk[1]);
          if (dk != 0)
            s = dk; /* crosses i here: beyond the point */
          else
            /* the same line as i: on the + side of i iff the same
             * orientation */
            s = seg_side * shl_exact_sign_det2 (rk[0], -rk[1], ri[1], ri[0]);
        }
      sides[k] = (signed char) s;
    }
}

/* One run of the 2-D reference: the rows, the scratch, the affine part
 * (unfolded: the reference sums every crossing neuron itself) and the
 * filtered candidates with the largest lower bounds */
typedef struct {
  Ctx2        *cx;
  int          nc, nr;   /* crossing neurons; rows (those and the edges) */
  double      *rr;       /* (3 nc) the crossing neurons' lines */
  signed char *sides;    /* (nc) */
  int         *pts;      /* (nr) */
  int         *cnt;      /* (nclu + 1) */
  double       fix[3], efix;
  NvItem      *vit, *git;
  size_t       nv, capv, ngi, capg;
  double       Lv, L2, Lm, L2r, Lmr;
} NvRun;

/* the affine part without any folding, rounded and exact (ctx2_exact
 * folds groups; this redoes the affine part unfolded) */
static void
nv_affine_unfolded (NvRun *run)
{
  Ctx2 *cx = run->cx;
  for (int q = 0; q < run->nc; q++)
    {
      const Neu2 *nu = &cx->nr[cx->cross[q]];
      run->rr[3 * q] = nu->a[0];
      run->rr[3 * q + 1] = nu->a[1];
      run->rr[3 * q + 2] = nu->b;
    }
  double *fix = run->fix;
  fix[0] = cx->vf[0] - cx->vg[0];
  fix[1] = cx->vf[1] - cx->vg[1];
  fix[2] = cx->ef - cx->eg;
  run->efix = U_ROUND * fmax (fabs (fix[0]), fmax (fabs (fix[1]), fabs (fix[2])));
  for (int k = 0; k < cx->nfixn; k++)
    {
      const Neu2 *nu = &cx->nr[cx->fixn[k]];
      acc3 (fix, &run->efix, nu->j, U_ROUND * fmax (fabs (nu->j[0]), fmax (fabs (nu->j[1]), fabs (nu->j[2]))) + ETA, 1.0);
    }
  shl_geom_ctx2_exact (cx);
  for (int q = 0; q < cx->nfold; q++)
    {
      mpz_t J[6];
      for (int k = 0; k < 6; k++)
        mpz_init (J[k]);
      shl_geom_group_exact (cx, cx->cross + cx->folded[q].first,
                            cx->folded[q].count, J, cx->t1, cx->t2);
      for (int k = 0; k < 3; k++)
        mpz_sub (cx->fixx[k], cx->fixx[k], J[3 + k]);
      for (int k = 0; k < 6; k++)
        mpz_clear (J[k]);
    }
}

/* the rounded gradient and offset G (3), error *e, of the cell whose sides
 * are run->sides */
static void
nv_filter_affine (const NvRun *run, double *G, double *e)
{
  const Ctx2 *cx = run->cx;
  *e = run->efix;
  memcpy (G, run->fix, 3 * sizeof *G);
  for (int k = 0; k < run->nc; k++)
    if (run->sides[k] > 0)
      {
        const Neu2 *nu = &cx->nr[cx->cross[k]];
        acc3 (G, e, nu->j, U_ROUND * fmax (fabs (nu->j[0]), fmax (fabs (nu->j[1]), fabs (nu->j[2]))) + ETA, 1.0);
      }
}

/* vertices, filtered: all pairs of rows crossing in the closed box */
static bool
nv_vertices_filter (NvRun *run)
{
  Ctx2 *cx = run->cx;
  const double *rr = run->rr;
  int nc = run->nc, nr = run->nr;
  run->Lv = -INFINITY;
  for (int i = 0; i < nr; i++)
    for (int j = i + 1; j < nr; j++)
      {
        const double *ri = nrow (cx, rr, i), *rj = nrow (cx, rr, j);
        int sd = shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]);
        if (sd == 0)
          continue;
        bool inside = true;
        for (int e = 0; e < 4 && inside; e++)
          inside = nv_side (cx, rr, i, j, nc + e) >= 0;
        if (!inside)
          continue;
        double D = shl_exact_det2_approx (ri[0], ri[1], rj[0], rj[1]);
        double vx = shl_exact_det2_approx (ri[1], rj[1], ri[2], rj[2]) / D;
        double vy = shl_exact_det2_approx (rj[0], ri[0], rj[2], ri[2]) / D;
        double ex = 6.0 * U_ROUND * fabs (vx) + ETA, ey = 6.0 * U_ROUND * fabs (vy) + ETA;
        double G[3], e;
        nv_sides (cx, rr, i, j, 0, run->sides);
        nv_filter_affine (run, G, &e);
        double v = fma (G[0], vx, fma (G[1], vy, G[2]));
        double ev = (e * (fabs (vx) + fabs (vy) + 1.0 + ex + ey)
                     + (fabs (G[0]) + e) * ex + (fabs (G[1]) + e) * ey
                     + 3.0 * U_ROUND * (fabs (G[0] * vx) + fabs (G[1] * vy) + fabs (G[2]))
                     + ETA) * SAFETY;
        if (!cx->safe || !isfinite (v) || !isfinite (ev))
          v = 0.0, ev = INFINITY;
        run->Lv = fmax (run->Lv, fabs (v) - ev);
        if (!nv_push (&run->vit, &run->nv, &run->capv,
                      (NvItem) { v, ev, 0, 0, i, j, 0 }))
          return false;
      }
  return true;
}

/* vertices, exactly: those whose upper bound reaches the filter's */
static void
nv_vertices_exact (NvRun *run, ShlDistances *out)
{
  Ctx2 *cx = run->cx;
  const double *rr = run->rr;
  for (size_t q = 0; q < run->nv; q++)
    if (fabs (run->vit[q].v) + run->vit[q].e >= run->Lv)
      {
        int i = run->vit[q].i, j = run->vit[q].j;
        nv_sides (cx, rr, i, j, 0, run->sides);
        nv_exact_affine (cx, run->sides);
        const double *ri = nrow (cx, rr, i), *rj = nrow (cx, rr, j);
        double rows6[6] = { ri[0], ri[1], ri[2], rj[0], rj[1], rj[2] };
        mpz_t z[6];
        for (int k = 0; k < 6; k++)
          {
            mpz_init (z[k]);
            shl_exact_set_d (z[k], rows6[k], cx->e0);
          }
        mpz_mul (cx->nx, z[1], z[5]);
        mpz_submul (cx->nx, z[4], z[2]);
        mpz_mul (cx->ny, z[3], z[2]);
        mpz_submul (cx->ny, z[0], z[5]);
        mpz_mul (cx->dd, z[0], z[4]);
        mpz_submul (cx->dd, z[1], z[3]);
        for (int k = 0; k < 6; k++)
          mpz_clear (z[k]);
        mpz_mul (cx->num, cx->base[0], cx->nx);
        mpz_addmul (cx->num, cx->base[1], cx->ny);
        mpz_addmul (cx->num, cx->base[2], cx->dd);
        if (shl_geom_best_offer (&cx->bv, cx->num, cx->dd, cx->t1, cx->t2))
          {
            out->argsup[0] = shl_exact_round_div (cx->nx, cx->dd, 0);
            out->argsup[1] = shl_exact_round_div (cx->ny, cx->dd, 0);
          }
      }
}

/* the rows crossing row i inside the closed box into run->pts, sorted
 * along row i, one per point; returns their number */
static int
nv_line_points (NvRun *run, int i)
{
  Ctx2 *cx = run->cx;
  const double *rr = run->rr;
  int *pts = run->pts;
  const double *ri = nrow (cx, rr, i);
  int np = 0;
  for (int j = 0; j < run->nr; j++)
    {
      if (j == i)
        continue;
      const double *rj = nrow (cx, rr, j);
      if (shl_exact_sign_det2 (ri[0], ri[1], rj[0], rj[1]) == 0)
        continue;
      bool inside = true;
      for (int e = 0; e < 4 && inside; e++)
        inside = nv_side (cx, rr, i, j, run->nc + e) >= 0;
      if (inside)
        pts[np++] = j;
    }
  NvCtx nvc = { cx, rr, i };
  qsort_r (pts, (size_t) np, sizeof *pts, nv_sort_cmp, &nvc);
  int nu = 0;
  for (int k = 0; k < np; k++)
    if (nu == 0 || nv_cmp_pts (&nvc, pts[k], pts[nu - 1]) != 0)
      pts[nu++] = pts[k];
  return nu;
}

/* cells, filtered: both sides of every segment of every crossing line */
static bool
nv_cells_filter (NvRun *run)
{
  Ctx2 *cx = run->cx;
  const double *rr = run->rr;
  const int *pts = run->pts;
  run->L2 = run->Lm = run->L2r = run->Lmr = -INFINITY;
  for (int i = 0; i < run->nc; i++)
    {
      int nu = nv_line_points (run, i);
      for (int k = 0; k + 1 < nu; k++)
        for (int side = -1; side <= 1; side += 2)
          {
            nv_sides (cx, rr, i, pts[k], side, run->sides);
            double G[3], e;
            nv_filter_affine (run, G, &e);
            double n2 = sqrt (fma (G[0], G[0], G[1] * G[1]));
            double nm = fmax (fabs (G[0]), fabs (G[1]));
            double e2 = (1.5 * e + 3.0 * U_ROUND * n2) * SAFETY, em = e * SAFETY;
            if (!cx->safe || !isfinite (n2) || !isfinite (e2))
              n2 = nm = 0.0, e2 = em = INFINITY;
            run->L2 = fmax (run->L2, n2 - e2);
            run->Lm = fmax (run->Lm, nm - em);
            bool ign = nv_ignored (cx, run->sides, run->cnt);
            if (!ign)
              {
                run->L2r = fmax (run->L2r, n2 - e2);
                run->Lmr = fmax (run->Lmr, nm - em);
              }
            if (!nv_push (&run->git, &run->ngi, &run->capg,
                          (NvItem) { n2, e2, nm, em, i, pts[k], side,
                                     pts[k + 1], ign }))
              return false;
          }
    }
  return true;
}

/* cells, exactly: those whose upper bounds reach the filter's */
static void
nv_cells_exact (NvRun *run)
{
  Ctx2 *cx = run->cx;
  const double *rr = run->rr;
  bool rob = cx->nclu > 0;
  for (size_t q = 0; q < run->ngi; q++)
    {
      const NvItem *it = &run->git[q];
      bool c2 = it->v + it->e >= run->L2, cm = it->v2 + it->e2 >= run->Lm;
      bool c2r = rob && !it->ign && it->v + it->e >= run->L2r;
      bool cmr = rob && !it->ign && it->v2 + it->e2 >= run->Lmr;
      if (!c2 && !cm && !c2r && !cmr)
        continue;
      nv_sides (cx, rr, it->i, it->j, it->side, run->sides);
      nv_exact_affine (cx, run->sides);
      mpz_mul (cx->num, cx->base[0], cx->base[0]);
      mpz_addmul (cx->num, cx->base[1], cx->base[1]);
      mpz_srcptr gm = mpz_cmpabs (cx->base[0], cx->base[1]) >= 0 ? cx->base[0]
                                                                 : cx->base[1];
      if (c2)
        shl_geom_width_record (cx, shl_geom_best_offer_cmp (&cx->b2, cx->num,
                                                            cx->b2.d, cx->t1,
                                                            cx->t2),
                               nrow (cx, rr, it->i), nrow (cx, rr, it->j),
                               nrow (cx, rr, it->j2), it->side);
      if (c2r)
        shl_geom_best_offer (&cx->b2r, cx->num, cx->b2r.d, cx->t1, cx->t2);
      if (cm)
        shl_geom_best_offer (&cx->bm, gm, cx->bm.d, cx->t1, cx->t2);
      if (cmr)
        shl_geom_best_offer (&cx->bmr, gm, cx->bmr.d, cx->t1, cx->t2);
    }
  if (run->nc == 0)
    {
      mpz_mul (cx->num, cx->fixx[0], cx->fixx[0]);
      mpz_addmul (cx->num, cx->fixx[1], cx->fixx[1]);
      shl_geom_best_offer (&cx->b2, cx->num, cx->b2.d, cx->t1, cx->t2);
      shl_geom_best_offer (&cx->bm,
                           mpz_cmpabs (cx->fixx[0], cx->fixx[1]) >= 0
                             ? cx->fixx[0] : cx->fixx[1],
                           cx->bm.d, cx->t1, cx->t2);
    }
}

bool
shl_geom_distance_2d_naive (ShlDistances *out, const ShlNet *f,
                            const ShlNet *g, const double *lo,
                            const double *hi, bool robust)
{
  Ctx2 cx;
  if (!shl_geom_ctx2_build (&cx, f, g, lo, hi, robust))
    {
      shl_geom_ctx2_clear (&cx);
      return false;
    }
  NvRun run = { .cx = &cx, .nc = cx.ncross, .nr = cx.ncross + 4 };
  run.rr = malloc ((size_t) (3 * run.nc + 1) * sizeof *run.rr);
  run.sides = malloc ((size_t) run.nc + 1);
  run.pts = malloc ((size_t) run.nr * sizeof *run.pts);
  run.cnt = malloc ((size_t) (cx.nclu + 1) * sizeof *run.cnt);
  bool ok = run.rr && run.sides && run.pts && run.cnt;
  if (ok)
    {
      nv_affine_unfolded (&run);
      ok = nv_vertices_filter (&run);
    }
  if (ok)
    {
      nv_vertices_exact (&run, out);
      ok = nv_cells_filter (&run);
    }
  if (ok)
    {
      nv_cells_exact (&run);
      /* the reference keeps the argsup of the best vertex it found */
      double a0 = out->argsup[0], a1 = out->argsup[1];
      cx.bv.where = -1;
      shl_geom_finish_2d (out, &cx);
      out->argsup[0] = fmin (fmax (a0, lo[0]), hi[0]);
      out->argsup[1] = fmin (fmax (a1, lo[1]), hi[1]);
    }
  free (run.rr);
  free (run.sides);
  free (run.pts);
  free (run.cnt);
  free (run.vit);
  free (run.git);
  shl_geom_ctx2_clear (&cx);
  return ok;
}
