/* shl-geom-2d-walk.c: the 2-D distances, O(M^2 log M): each kink line is
 * walked through its sorted crossings with the other lines inside the
 * box, carrying the affine function of the cells beside it; the values
 * at the crossings and the box corners, the gradients of every cell of
 * positive area, first filtered in floating point, then evaluated
 * exactly where the filter cannot decide (see shl-geom.c).
 *
 * Plain C + libm + GMP, no GLib. */
#include "shl-geom-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* exact Nx, Ny, D of the crossing of rows l and j into cx->nx, ny, dd */
void
shl_geom_exact_pair (Ctx2 *cx, int l, int j)
{
  mpz_t *p = cx->rx + 3 * l, *q = cx->rx + 3 * j;
  /* Nx = p1 q2 - q1 p2, Ny = q0 p2 - p0 q2, D = p0 q1 - p1 q0 */
  mpz_mul (cx->nx, p[1], q[2]);
  mpz_submul (cx->nx, q[1], p[2]);
  mpz_mul (cx->ny, q[0], p[2]);
  mpz_submul (cx->ny, p[0], q[2]);
  mpz_mul (cx->dd, p[0], q[1]);
  mpz_submul (cx->dd, p[1], q[0]);
}

/* The crossing of line l (coefficients rl) with row j, keyed along l */
static void
pair_ev (const Ctx2 *cx, Ev *p, const double *rl, int j, int ax, double sg)
{
  const double *rj = row (cx, j);
  p->j = j;
  p->eq_next = 0;
  p->D = shl_exact_det2_approx (rl[0], rl[1], rj[0], rj[1]);
  p->Nx = shl_exact_det2_approx (rl[1], rj[1], rl[2], rj[2]);
  p->Ny = shl_exact_det2_approx (rj[0], rl[0], rj[2], rl[2]);
  if (cx->safe)
    p->sd = sgn (p->D);
  else
    p->sd = shl_exact_sign_det2 (rl[0], rl[1], rj[0], rj[1]);
  if (p->sd == 0)
    {
      p->key = p->err = 0.0;
      return;
    }
  p->key = sg * (ax == 0 ? p->Nx : p->Ny) / p->D;
  p->err = cx->safe && isfinite (p->key) ? 6.0 * U_ROUND * fabs (p->key) + ETA
                                         : INFINITY;
}

/* exact sign of det (r_l, r_{A.j}, rk): of <rk, A> (times sign D_A) */
static int
side3 (const Ctx2 *cx, int l, const Ev *A, const double *rk)
{
  if (cx->safe)
    {
      double t = fma (rk[0], A->Nx, fma (rk[1], A->Ny, rk[2] * A->D));
      double perm = fabs (rk[0] * A->Nx) + fabs (rk[1] * A->Ny)
                    + fabs (rk[2] * A->D);
      double bound = 6.0 * U_ROUND * perm;
      if (t > bound)
        return 1;
      if (t < -bound)
        return -1;
    }
  return shl_exact_sign_det3 (row (cx, l), row (cx, A->j), rk);
}

/* sign (pos A - pos B) along l, exact */
static int
ev_cmp (const Ctx2 *cx, int l, const Ev *A, const Ev *B)
{
  if (A->key + A->err < B->key - B->err)
    return -1;
  if (A->key - A->err > B->key + B->err)
    return 1;
  return side3 (cx, l, A, row (cx, B->j)) * A->sd * B->sd;
}

typedef struct {
  const Ctx2 *cx;
  int         l;
} EvSortCtx;

static int
ev_sort_cmp (const void *pa, const void *pb, void *user)
{
  const EvSortCtx *s = user;
  const Ev *A = pa, *B = pb;
  int c = ev_cmp (s->cx, s->l, A, B);
  return c != 0 ? c : (A->j > B->j) - (A->j < B->j);
}
/* a += w J (dd), with the error bound */
static inline void
aff_dd_add (Aff *a, const DD *J, double w)
{
  double mx = 0.0;
  for (int k = 0; k < 3; k++)
    {
      DD t = { w * J[k].h, w * J[k].l };
      a->g[k] = dd_add (a->g[k], t);
      mx = fmax (mx, fabs (a->g[k].h) + fabs (J[k].h));
    }
  a->eg += 2.0 * DD_EPS * mx;
}

/* the exact affine function beside the current segment of line l, from
 * the current sides (pass 2, recomputed only when asked) */
static void
exact_base (Ctx2 *cx, int l, Aff *a)
{
  if (cx->base_event == a->event)
    return;
  for (int k = 0; k < 3; k++)
    {
      mpz_sub (cx->base[k], cx->totx[k], cx->jx[9 * l + k]);
      for (int j = 0; j < cx->nl; j++)
        if (j != l && cx->sig[j] > 0)
          mpz_add (cx->base[k], cx->base[k], cx->jx[9 * j + 6 + k]);
    }
  cx->base_event = a->event;
}

/* the value at the crossing p (filtered), and its exact evaluation when it
 * may be the maximum (pass 2) */
static void
walk_point (Ctx2 *cx, int l, const Ev *p, const Aff *a, bool exact)
{
  double vx = p->Nx / p->D, vy = p->Ny / p->D;
  double v, e;
  if (cx->safe)
    {
      double ex = 6.0 * U_ROUND * fabs (vx) + ETA;
      double ey = 6.0 * U_ROUND * fabs (vy) + ETA;
      v = fma (a->G[0], vx, fma (a->G[1], vy, a->G[2]));
      e = (a->e * (fabs (vx) + fabs (vy) + 1.0 + ex + ey)
           + (fabs (a->G[0]) + a->e) * ex + (fabs (a->G[1]) + a->e) * ey
           + 3.0 * U_ROUND * (fabs (a->G[0] * vx) + fabs (a->G[1] * vy)
                              + fabs (a->G[2]))
           + ETA) * SAFETY;
      if (!isfinite (v) || !isfinite (e))
        v = 0.0, e = INFINITY;
    }
  else
    v = 0.0, e = INFINITY;
  if (!exact)
    {
      cx->Lv = fmax (cx->Lv, fabs (v) - e);
      cx->Uv[l] = fmax (cx->Uv[l], fabs (v) + e);
      return;
    }
  if (!(fabs (v) + e >= cx->Lv))
    return;
  if (cx->safe)
    {
      /* second filter: the value in double-double, against the best so
       * far; the exact base is only formed for the survivors */
      const double *rl = row (cx, l), *rj = row (cx, p->j);
      DD nx = dd_det2 (rl[1], rj[1], rl[2], rj[2]);
      DD ny = dd_det2 (rj[0], rl[0], rj[2], rl[2]);
      DD dd = dd_det2 (rl[0], rl[1], rj[0], rj[1]);
      /* absolute errors of N and D, then of X = Nx / D, Y = Ny / D */
      double enx = 0x1p-103 * (fabs (rl[1] * rj[2]) + fabs (rj[1] * rl[2]));
      double eny = 0x1p-103 * (fabs (rj[0] * rl[2]) + fabs (rl[0] * rj[2]));
      double edd = 0x1p-103 * (fabs (rl[0] * rj[1]) + fabs (rl[1] * rj[0]));
      double ad = fabs (dd.h) - edd;
      DD X = dd_div (nx, dd), Y = dd_div (ny, dd);
      double ax = fabs (X.h), ay = fabs (Y.h);
      double ex = ad > 0.0 ? (enx + ax * edd) / ad + DD_EPS * ax : INFINITY;
      double ey = ad > 0.0 ? (eny + ay * edd) / ad + DD_EPS * ay : INFINITY;
      DD w = dd_add (dd_add (dd_mul (a->g[0], X), dd_mul (a->g[1], Y)), a->g[2]);
      double ew = (a->eg * (ax + ay + ex + ey + 1.0)
                   + fabs (a->g[0].h) * ex + fabs (a->g[1].h) * ey
                   + 8.0 * DD_EPS * (fabs (a->g[0].h) * ax + fabs (a->g[1].h) * ay
                                     + fabs (a->g[2].h))
                   + ETA) * SAFETY;
      if (cx->bv.have && isfinite (ew))
        {
          /* bv holds |n / d| for the value 2^(2 e0) n / d */
          double best_lo = ldexp (cx->bv.m, (int) (cx->bv.e + 2 * cx->e0))
                           * (1.0 - 0x1p-40);
          if (fabs (w.h) + ew < best_lo)
            return;
        }
      exact_base (cx, l, (Aff *) a);
    }
  shl_geom_exact_pair (cx, l, p->j);
  mpz_mul (cx->num, cx->base[0], cx->nx);
  mpz_addmul (cx->num, cx->base[1], cx->ny);
  mpz_addmul (cx->num, cx->base[2], cx->dd);
  if (shl_geom_best_offer (&cx->bv, cx->num, cx->dd, cx->t1, cx->t2))
    {
      cx->bv.where = l;
      cx->bv.where2 = p->j;
    }
}

/* the largest value of |gx|, |gy| (max-norm) and gx^2 + gy^2 (the squared
 * 2-norm) the double-double gradient of the cell on side `side` may have */
static void
dd_grad_upper (const Ctx2 *cx, int l, const Aff *a, int side, double *um,
               double *u2)
{
  const DD *J = cx->jdd + 9 * l + (side > 0 ? 3 : 0);
  double u[2];
  for (int k = 0; k < 2; k++)
    {
      DD g = dd_add (a->g[k], J[k]);
      double e = a->eg + 2.0 * DD_EPS * (fabs (a->g[k].h) + fabs (J[k].h))
                 + ETA;
      u[k] = (fabs (g.h) + fabs (g.l) + e) * SAFETY;
    }
  *um = fmax (u[0], u[1]);
  *u2 = fma (u[0], u[0], u[1] * u[1]) * SAFETY;
}

/* a lower bound of the best's value |n / d| 2^base, or 0 */
static double
best_lower (const Best *b, long base)
{
  if (!b->have)
    return 0.0;
  return ldexp (b->m, (int) (b->e + base)) * (1.0 - 0x1p-40);
}

/* The gradients of the cells on both sides of a segment of line l, which
 * runs from its crossing with row ja to that with row jb. Pass 1 bounds
 * the maxima, pass 2 evaluates the candidates exactly. */
static void
walk_segment (Ctx2 *cx, int l, const Aff *a, bool exact, int ja, int jb)
{
  const Line2 *L = &cx->ln[l];
  bool rob = cx->nclu > 0;
  for (int side = 0; side < 2; side++)
    {
      const double *J = side ? L->jp : L->jm;
      double eJ = side ? L->ejp : L->ejm;
      double gx = a->G[0] + J[0], gy = a->G[1] + J[1];
      double n2, e2, nm, em;
      if (cx->safe)
        {
          double ec = a->e + eJ + U_ROUND * fmax (fabs (gx), fabs (gy)) + ETA;
          n2 = sqrt (fma (gx, gx, gy * gy));
          e2 = (1.5 * ec + 3.0 * U_ROUND * n2) * SAFETY;
          nm = fmax (fabs (gx), fabs (gy));
          em = ec * SAFETY;
          if (!isfinite (n2) || !isfinite (e2))
            n2 = nm = 0.0, e2 = em = INFINITY;
        }
      else
        n2 = nm = 0.0, e2 = em = INFINITY;
      bool kept = rob && !shl_geom_cell_ignored (cx, side ? 1 : -1);
      if (!exact)
        {
          cx->L2 = fmax (cx->L2, n2 - e2);
          cx->U2[l] = fmax (cx->U2[l], n2 + e2);
          cx->Lm = fmax (cx->Lm, nm - em);
          cx->Um[l] = fmax (cx->Um[l], nm + em);
          if (kept)
            {
              cx->L2r = fmax (cx->L2r, n2 - e2);
              cx->U2r[l] = fmax (cx->U2r[l], n2 + e2);
              cx->Lmr = fmax (cx->Lmr, nm - em);
              cx->Umr[l] = fmax (cx->Umr[l], nm + em);
            }
          continue;
        }
      bool c2 = n2 + e2 >= cx->L2, cm = nm + em >= cx->Lm;
      bool c2r = kept && n2 + e2 >= cx->L2r, cmr = kept && nm + em >= cx->Lmr;
      if (!c2 && !cm && (c2r || cmr) && cx->safe)
        {
          /* robust candidates only: a second filter in double-double
           * against the best so far, before any exact work (the twin of
           * a network has every kept cell at rounding level) */
          double um, u2;
          dd_grad_upper (cx, l, a, side ? 1 : -1, &um, &u2);
          c2r = c2r && !(u2 < best_lower (&cx->b2r, 4 * cx->e0));
          cmr = cmr && !(um < best_lower (&cx->bmr, 2 * cx->e0));
        }
      if (!c2 && !cm && !c2r && !cmr)
        continue;
      if (cx->safe)
        exact_base (cx, l, (Aff *) a);
      mpz_t *Jx = cx->jx + 9 * l + (side ? 3 : 0);
      mpz_add (cx->gx, cx->base[0], Jx[0]);
      mpz_add (cx->gy, cx->base[1], Jx[1]);
      if (c2 || c2r)
        {
          mpz_mul (cx->num, cx->gx, cx->gx);
          mpz_addmul (cx->num, cx->gy, cx->gy);
        }
      if (c2)
        {
          int c = shl_geom_best_offer_cmp (&cx->b2, cx->num, cx->b2.d, cx->t1,
                                           cx->t2);
          shl_geom_width_record (cx, c, row (cx, l), row (cx, ja),
                                 row (cx, jb), side ? 1 : -1);
        }
      if (c2r)
        shl_geom_best_offer (&cx->b2r, cx->num, cx->b2r.d, cx->t1, cx->t2);
      mpz_srcptr gm = mpz_cmpabs (cx->gx, cx->gy) >= 0 ? cx->gx : cx->gy;
      if (cm)
        shl_geom_best_offer (&cx->bm, gm, cx->bm.d, cx->t1, cx->t2);
      if (cmr)
        shl_geom_best_offer (&cx->bmr, gm, cx->bmr.d, cx->t1, cx->t2);
    }
}

/* Walk line l through its crossings. Pass 1 (exact = false) bounds the
 * maxima; pass 2 also carries the exact affine function and evaluates the
 * candidates exactly. */
static void
walk_line (Ctx2 *cx, int l, bool exact)
{
  const Line2 *L = &cx->ln[l];
  const double *rl = L->r;
  const int nl = cx->nl;
  double dir[2] = { -rl[1], rl[0] };
  int ax = fabs (dir[0]) >= fabs (dir[1]) ? 0 : 1;
  double sg = dir[ax] > 0.0 ? 1.0 : -1.0;

  /* entry and exit: the last entering and the first leaving box edge */
  Ev ein, eout;
  bool have_in = false, have_out = false;
  for (int e = 0; e < 4; e++)
    {
      Ev p;
      pair_ev (cx, &p, rl, nl + e, ax, sg);
      if (p.sd > 0 && (!have_in || ev_cmp (cx, l, &p, &ein) > 0))
        ein = p, have_in = true;
      else if (p.sd < 0 && (!have_out || ev_cmp (cx, l, &p, &eout) < 0))
        eout = p, have_out = true;
    }
  if (!have_in || !have_out)
    return; /* cannot happen for a line crossing the open box */

  /* the crossings inside, and every line's side on the first segment */
  int nev = 0;
  signed char *sig = cx->sig;
  for (int j = 0; j < nl; j++)
    {
      if (j == l)
        continue;
      Ev p;
      pair_ev (cx, &p, rl, j, ax, sg);
      if (p.sd == 0)
        sig[j] = (signed char) (side3 (cx, l, &ein, cx->ln[j].r) * ein.sd);
      else if (ev_cmp (cx, l, &p, &ein) <= 0)
        sig[j] = (signed char) p.sd;
      else
        {
          sig[j] = (signed char) -p.sd;
          if (ev_cmp (cx, l, &p, &eout) < 0)
            cx->ev[nev++] = p;
        }
    }

  /* sort them: by key, then exactly inside clusters of overlapping keys */
  for (int i = 0; i < nev; i++)
    cx->kv[i] = (Keyed) { cx->ev[i].key, i };
  shl_geom_sort_keyed (cx->kv, cx->kv + nev, (size_t) nev);
  Ev *evs = cx->evs;
  for (int i = 0; i < nev; i++)
    evs[i] = cx->ev[cx->kv[i].idx];
  EvSortCtx sctx = { cx, l };
  for (int i = 0; i < nev;)
    {
      int k = i + 1;
      double top = evs[i].key + evs[i].err;
      while (k < nev && !(evs[k].key - evs[k].err > top))
        {
          top = fmax (top, evs[k].key + evs[k].err);
          k++;
        }
      if (k - i > 1)
        {
          qsort_r (evs + i, (size_t) (k - i), sizeof *evs, ev_sort_cmp, &sctx);
          for (int q = i; q + 1 < k; q++)
            evs[q].eq_next = ev_cmp (cx, l, &evs[q], &evs[q + 1]) == 0;
        }
      i = k;
    }

  /* the affine function beside the first segment: every other line on its
   * side, this line's own neurons excluded */
  Aff a;
  memcpy (a.G, cx->tot, sizeof a.G);
  a.e = cx->etot;
  acc3 (a.G, &a.e, L->jm, L->ejm, -1.0);
  for (int j = 0; j < nl; j++)
    if (j != l && sig[j] > 0)
      acc3 (a.G, &a.e, cx->ln[j].dj, cx->ln[j].edj, 1.0);
  a.event = ++cx->event;
  if (exact && cx->safe)
    {
      /* double-double base; the exact one only on demand */
      a.eg = 0.0;
      double mx = 0.0;
      for (int k = 0; k < 3; k++)
        {
          a.g[k] = cx->totdd[k];
          mx = fmax (mx, fabs (a.g[k].h));
        }
      a.eg = 2.0 * DD_EPS * mx;
      aff_dd_add (&a, cx->jdd + 9 * l, -1.0);
      for (int j = 0; j < nl; j++)
        if (j != l && sig[j] > 0)
          aff_dd_add (&a, cx->jdd + 9 * j + 6, 1.0);
    }
  else if (exact)
    {
      for (int k = 0; k < 3; k++)
        {
          mpz_sub (cx->base[k], cx->totx[k], cx->jx[9 * l + k]);
          for (int j = 0; j < nl; j++)
            if (j != l && sig[j] > 0)
              mpz_add (cx->base[k], cx->base[k], cx->jx[9 * j + 6 + k]);
        }
    }

  if (cx->nclu > 0)
    shl_geom_robust_walk_init (cx, l);
  walk_point (cx, l, &ein, &a, exact);
  int prev = ein.j;
  for (int i = 0; i < nev;)
    {
      walk_segment (cx, l, &a, exact, prev, evs[i].j);
      walk_point (cx, l, &evs[i], &a, exact);
      int k = i;
      for (;;)
        {
          int j = evs[k].j;
          double w = evs[k].sd > 0 ? 1.0 : -1.0;
          acc3 (a.G, &a.e, cx->ln[j].dj, cx->ln[j].edj, w);
          sig[j] = (signed char) evs[k].sd;
          if (cx->nclu > 0)
            shl_geom_robust_walk_flip (cx, j, evs[k].sd);
          if (exact && cx->safe)
            aff_dd_add (&a, cx->jdd + 9 * j + 6, w);
          else if (exact)
            for (int q = 0; q < 3; q++)
              {
                if (w > 0)
                  mpz_add (cx->base[q], cx->base[q], cx->jx[9 * j + 6 + q]);
                else
                  mpz_sub (cx->base[q], cx->base[q], cx->jx[9 * j + 6 + q]);
              }
          if (!evs[k].eq_next)
            break;
          k++;
        }
      a.event = ++cx->event;
      prev = evs[k].j;
      i = k + 1;
    }
  walk_segment (cx, l, &a, exact, prev, eout.j);
  walk_point (cx, l, &eout, &a, exact);
}

/* the box corners, in the order (lo, lo), (hi, lo), (hi, hi), (lo, hi) */
static void
corner_xy (const Ctx2 *cx, int c, double *x)
{
  x[0] = (c == 1 || c == 2) ? cx->hi[0] : cx->lo[0];
  x[1] = c >= 2 ? cx->hi[1] : cx->lo[1];
}

/* the value at corner c: filtered (ce = INFINITY without a filter), or
 * exact into num / den */
static void
corner_value (Ctx2 *cx, int c, bool exact)
{
  double x[2];
  corner_xy (cx, c, x);
  double G[3], e;
  memcpy (G, cx->fix, sizeof G);
  e = cx->efix;
  if (exact)
    for (int k = 0; k < 3; k++)
      mpz_set (cx->base[k], cx->fixx[k]);
  for (int l = 0; l < cx->nl; l++)
    {
      const Line2 *L = &cx->ln[l];
      int s = shl_geom_sign_at (L->r, L->r[2], x, 2);
      if (s > 0)
        acc3 (G, &e, L->jp, L->ejp, 1.0);
      else
        acc3 (G, &e, L->jm, L->ejm, 1.0);
      if (exact)
        for (int k = 0; k < 3; k++)
          mpz_add (cx->base[k], cx->base[k], cx->jx[9 * l + (s > 0 ? 3 : 0) + k]);
    }
  if (exact)
    {
      shl_exact_set_d (cx->t1, x[0], cx->e0);
      shl_exact_set_d (cx->t2, x[1], cx->e0);
      mpz_mul (cx->num, cx->base[0], cx->t1);
      mpz_addmul (cx->num, cx->base[1], cx->t2);
      mpz_addmul (cx->num, cx->base[2], cx->one);
      mpz_set (cx->den, cx->one);
      return;
    }
  double v = fma (G[0], x[0], fma (G[1], x[1], G[2]));
  cx->cv[c] = v;
  cx->ce[c] = (e * (fabs (x[0]) + fabs (x[1]) + 1.0)
               + 3.0 * U_ROUND * (fabs (G[0] * x[0]) + fabs (G[1] * x[1])
                                  + fabs (G[2])) + ETA) * SAFETY;
  if (!cx->safe || !isfinite (v) || !isfinite (cx->ce[c]))
    cx->cv[c] = 0.0, cx->ce[c] = INFINITY;
}

void
shl_geom_finish_2d (ShlDistances *out, Ctx2 *cx)
{
  long e0 = cx->e0;
  out->sup = fabs (shl_exact_round_div (cx->bv.n, cx->bv.d, 2 * e0));
  if (cx->bv.where < 0)
    corner_xy (cx, -1 - cx->bv.where, out->argsup);
  else
    {
      shl_geom_exact_pair (cx, cx->bv.where, cx->bv.where2);
      out->argsup[0] = shl_exact_round_div (cx->nx, cx->dd, 0);
      out->argsup[1] = shl_exact_round_div (cx->ny, cx->dd, 0);
      for (int j = 0; j < 2; j++) /* exact in [lo, hi], so is the rounding */
        out->argsup[j] = fmin (fmax (out->argsup[j], cx->lo[j]), cx->hi[j]);
    }
  out->w1inf_2 = shl_exact_round_sqrt (cx->b2.n, 4 * e0);
  out->w1inf_max = fabs (shl_exact_round (cx->bm.n, 2 * e0));
  /* the robust pass: when it kept a cell (nothing ignored, or everything:
   * the exact values) */
  out->w1inf_2_robust = cx->b2r.have ? shl_exact_round_sqrt (cx->b2r.n, 4 * e0)
                                     : out->w1inf_2;
  out->w1inf_max_robust = cx->bmr.have
                            ? fabs (shl_exact_round (cx->bmr.n, 2 * e0))
                            : out->w1inf_max;
  /* the widest of the recorded maximising cells; the box when the
   * gradient difference is 0 everywhere */
  out->w1inf_width = -INFINITY;
  if (cx->b2.have && mpz_sgn (cx->b2.n) != 0)
    for (int k = 0; k < cx->nwc; k++)
      out->w1inf_width = fmax (out->w1inf_width,
                               shl_geom_cell_width_2d (cx, cx->wc[k].r,
                                                       cx->wc[k].ra,
                                                       cx->wc[k].rb,
                                                       cx->wc[k].side));
  if (!(out->w1inf_width >= 0.0))
    {
      double wx = cx->hi[0] - cx->lo[0], wy = cx->hi[1] - cx->lo[1];
      out->w1inf_width = wx * wy / hypot (wx, wy);
    }
}

bool
shl_geom_distance_2d (ShlDistances *out, const ShlNet *f, const ShlNet *g,
                      const double *lo, const double *hi, bool robust)
{
  Ctx2 cx;
  if (!shl_geom_ctx2_build (&cx, f, g, lo, hi, robust))
    {
      shl_geom_ctx2_clear (&cx);
      return false;
    }
  const int nl = cx.nl;
  cx.Lv = cx.L2 = cx.Lm = -INFINITY;

  /* pass 1: the filter */
  for (int c = 0; c < 4; c++)
    {
      corner_value (&cx, c, false);
      cx.Lv = fmax (cx.Lv, fabs (cx.cv[c]) - cx.ce[c]);
    }
  bool rob = cx.nclu > 0;
  if (cx.safe)
    for (int l = 0; l < nl; l++)
      walk_line (&cx, l, false);
  else
    for (int l = 0; l < nl; l++)
      {
        cx.Uv[l] = cx.U2[l] = cx.Um[l] = INFINITY;
        if (rob)
          cx.U2r[l] = cx.Umr[l] = INFINITY;
      }

  /* pass 2: exact at the candidates */
  shl_geom_ctx2_exact (&cx);
  for (int c = 0; c < 4; c++)
    if (fabs (cx.cv[c]) + cx.ce[c] >= cx.Lv)
      {
        corner_value (&cx, c, true);
        if (shl_geom_best_offer (&cx.bv, cx.num, cx.den, cx.t1, cx.t2))
          cx.bv.where = -1 - c;
      }
  for (int l = 0; l < nl; l++)
    if (cx.Uv[l] >= cx.Lv || cx.U2[l] >= cx.L2 || cx.Um[l] >= cx.Lm
        || (rob && (cx.U2r[l] >= cx.L2r || cx.Umr[l] >= cx.Lmr)))
      walk_line (&cx, l, true);
  if (nl == 0)
    {
      /* one cell: the box */
      mpz_mul (cx.num, cx.fixx[0], cx.fixx[0]);
      mpz_addmul (cx.num, cx.fixx[1], cx.fixx[1]);
      shl_geom_best_offer (&cx.b2, cx.num, cx.b2.d, cx.t1, cx.t2);
      shl_geom_best_offer (&cx.bm,
                           mpz_cmpabs (cx.fixx[0], cx.fixx[1]) >= 0 ? cx.fixx[0]
                                                            : cx.fixx[1],
                           cx.bm.d, cx.t1, cx.t2);
    }
  shl_geom_finish_2d (out, &cx);
  shl_geom_ctx2_clear (&cx);
  return true;
}
