/* shl-geom-2d-build.c: the 2-D arrangement: the neurons grouped by their
 * kink line (exactly), groups that cancel dropped and groups affine on
 * the box folded into the affine part, the rounded sums with their error
 * bounds (the filter's data), and the exact data of the lines and their
 * jumps (GMP) for the candidates the filter cannot decide.
 *
 * Plain C + libm + GMP, no GLib. */
#include "shl-geom-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* the neurons grouped by line: canonical orientation (first non-zero
 * entry of a positive), by direction (angle), then by offset */
int
shl_geom_line_cmp (const double *p, const double *q)
{
  int cr = shl_exact_sign_det2 (p[0], p[1], q[0], q[1]);
  if (cr != 0)
    return -cr;
  int k = p[0] != 0.0 ? 0 : 1;
  /* q = mu p with mu = q_k / p_k > 0 in (a0, a1): compare mu p2 with q2 */
  return shl_exact_sign_det2 (q[k], p[k], q[2], p[2]);
}

int
shl_geom_neu2_line_cmp (const void *pa, const void *pb, void *user)
{
  const Neu2 *nr = user;
  int i = *(const int *) pa, j = *(const int *) pb;
  int c = shl_geom_line_cmp (nr[i].r, nr[j].r);
  return c != 0 ? c : (i > j) - (i < j);
}

void
shl_geom_ctx2_clear (Ctx2 *cx)
{
  free (cx->nr);
  free (cx->fixn);
  free (cx->cross);
  free (cx->ln);
  free (cx->folded);
  free (cx->Uv);
  free (cx->U2);
  free (cx->Um);
  free (cx->ev);
  free (cx->evs);
  free (cx->kv);
  free (cx->sig);
  free (cx->clu);
  free (cx->csize);
  free (cx->cfix);
  free (cx->cpos);
  free (cx->U2r);
  free (cx->Umr);
  if (cx->have_exact)
    {
      for (int k = 0; k < (cx->nl + 4) * 3; k++)
        mpz_clear (cx->rx[k]);
      for (int k = 0; k < cx->nl * 9; k++)
        mpz_clear (cx->jx[k]);
      free (cx->rx);
      free (cx->jx);
      free (cx->jdd);
      for (int k = 0; k < 3; k++)
        mpz_clears (cx->fixx[k], cx->totx[k], cx->base[k], NULL);
      mpz_clears (cx->one, cx->t1, cx->t2, cx->t3, cx->num, cx->den, cx->nx,
                  cx->ny, cx->dd, cx->gx, cx->gy, NULL);
      shl_geom_best_clear (&cx->bv);
      shl_geom_best_clear (&cx->b2);
      shl_geom_best_clear (&cx->bm);
      shl_geom_best_clear (&cx->b2r);
      shl_geom_best_clear (&cx->bmr);
    }
}

/* exact sums of s c (a0, a1, b) of the group's neurons on each side:
 * out (6) = J- (3), J+ (3) */
void
shl_geom_group_exact (const Ctx2 *cx, const int *idx, int count, mpz_t *out,
                      mpz_t t1, mpz_t t2)
{
  for (int k = 0; k < 6; k++)
    mpz_set_ui (out[k], 0);
  for (int q = 0; q < count; q++)
    {
      const Neu2 *nu = &cx->nr[idx[q]];
      mpz_t *o = out + (nu->o > 0 ? 3 : 0);
      shl_exact_set_d (t1, nu->s * nu->c, cx->e0);
      double v[3] = { nu->a[0], nu->a[1], nu->b };
      for (int k = 0; k < 3; k++)
        {
          shl_exact_set_d (t2, v[k], cx->e0);
          mpz_addmul (o[k], t1, t2);
        }
    }
}

/* the scalars and every neuron with c != 0 into cx->nr, sorted into the
 * affine ones (fixn), those whose line crosses the open box (cross) and,
 * for the robust pass, those whose line does not (nci, *nnc); the least
 * exponent e0 and whether the filter is safe */
static void
ctx2_read_neurons (Ctx2 *cx, const ShlNet *f, const ShlNet *g,
                   const double *lo, const double *hi, int *nci, int *nnc)
{
  for (int j = 0; j < 2; j++)
    {
      cx->vf[j] = f->v[j];
      cx->vg[j] = g ? g->v[j] : 0.0;
    }
  cx->ef = *f->e;
  cx->eg = g ? *g->e : 0.0;
  long e0 = 0;
  double scal[10] = { lo[0], lo[1], hi[0], hi[1], cx->vf[0], cx->vf[1],
                      cx->vg[0], cx->vg[1], cx->ef, cx->eg };
  cx->safe = true;
  for (int k = 0; k < 10; k++)
    {
      shl_geom_low_exp_update (&e0, scal[k]);
      cx->safe = cx->safe && shl_exact_safe (scal[k]);
    }
  for (int s = 0; s < 2; s++)
    {
      const ShlNet *net = s == 0 ? f : g;
      for (int i = 0; net && i < net->m; i++)
        {
          if (net->c[i] == 0.0)
            continue;
          Neu2 nu;
          nu.a[0] = net->a[2 * i];
          nu.a[1] = net->a[2 * i + 1];
          nu.b = net->b[i];
          nu.c = net->c[i];
          nu.s = s == 0 ? 1.0 : -1.0;
          double v[4] = { nu.a[0], nu.a[1], nu.b, nu.c };
          for (int k = 0; k < 4; k++)
            {
              shl_geom_low_exp_update (&e0, v[k]);
              cx->safe = cx->safe && shl_exact_safe (v[k]);
            }
          nu.j[0] = nu.s * (nu.c * nu.a[0]);
          nu.j[1] = nu.s * (nu.c * nu.a[1]);
          nu.j[2] = nu.s * (nu.c * nu.b);
          nu.o = (nu.a[0] < 0.0 || (nu.a[0] == 0.0 && nu.a[1] < 0.0)) ? -1 : 1;
          nu.r[0] = nu.o * nu.a[0];
          nu.r[1] = nu.o * nu.a[1];
          nu.r[2] = nu.o * nu.b;
          int k = cx->n++;
          cx->nr[k] = nu;
          if (nu.a[0] == 0.0 && nu.a[1] == 0.0)
            {
              if (nu.b > 0.0)
                cx->fixn[cx->nfixn++] = k;
              continue;
            }
          ShlNeuronStatus st = shl_geom_status_on_box (nu.a, nu.b, nu.c, 2, lo,
                                                       hi);
          if (st == SHL_NEURON_ACTIVE)
            cx->cross[cx->ncross++] = k;
          else
            {
              if (st == SHL_NEURON_AFFINE)
                cx->fixn[cx->nfixn++] = k;
              if (nci)
                nci[(*nnc)++] = k;
            }
        }
    }
  cx->e0 = e0;
}

/* the affine part, rounded */
static void
ctx2_affine_part (Ctx2 *cx)
{
  cx->fix[0] = cx->vf[0] - cx->vg[0];
  cx->fix[1] = cx->vf[1] - cx->vg[1];
  cx->fix[2] = cx->ef - cx->eg;
  cx->efix = U_ROUND * fmax (fabs (cx->fix[0]),
                             fmax (fabs (cx->fix[1]), fabs (cx->fix[2])));
  for (int k = 0; k < cx->nfixn; k++)
    {
      const Neu2 *nu = &cx->nr[cx->fixn[k]];
      acc3 (cx->fix, &cx->efix, nu->j,
            U_ROUND * fmax (fabs (nu->j[0]), fmax (fabs (nu->j[1]),
                                                   fabs (nu->j[2]))) + ETA,
            1.0);
    }
}

/* group the crossing neurons by line: a group that cancels on both sides
 * is dropped, one affine across its line is folded into the affine part */
static bool
ctx2_group_lines (Ctx2 *cx)
{
  qsort_r (cx->cross, (size_t) cx->ncross, sizeof (int),
           shl_geom_neu2_line_cmp, cx->nr);
  cx->ln = malloc ((size_t) (cx->ncross + 1) * sizeof *cx->ln);
  cx->folded = malloc ((size_t) (cx->ncross + 1) * sizeof *cx->folded);
  if (!cx->ln || !cx->folded)
    return false;
  mpz_t J[6], t1, t2;
  for (int k = 0; k < 6; k++)
    mpz_init (J[k]);
  mpz_inits (t1, t2, NULL);
  for (int q = 0; q < cx->ncross;)
    {
      int r = q + 1;
      while (r < cx->ncross
             && shl_geom_line_cmp (cx->nr[cx->cross[q]].r,
                                   cx->nr[cx->cross[r]].r) == 0)
        r++;
      Line2 L;
      memset (&L, 0, sizeof L);
      memcpy (L.r, cx->nr[cx->cross[q]].r, sizeof L.r);
      L.first = q;
      L.count = r - q;
      for (int p = q; p < r; p++)
        {
          const Neu2 *nu = &cx->nr[cx->cross[p]];
          double ej = U_ROUND * fmax (fabs (nu->j[0]),
                                      fmax (fabs (nu->j[1]), fabs (nu->j[2])))
                      + ETA;
          if (nu->o > 0)
            acc3 (L.jp, &L.ejp, nu->j, ej, 1.0);
          else
            acc3 (L.jm, &L.ejm, nu->j, ej, 1.0);
        }
      double mz = 0.0;
      for (int k = 0; k < 3; k++)
        {
          L.dj[k] = L.jp[k] - L.jm[k];
          mz = fmax (mz, fabs (L.dj[k]));
        }
      L.edj = L.ejp + L.ejm + U_ROUND * mz + ETA;
      int kind = 0; /* 0: a kink line, 1: nothing, 2: affine across */
      if (L.count > 1)
        {
          shl_geom_group_exact (cx, cx->cross + q, L.count, J, t1, t2);
          bool zero = true, same = true;
          for (int k = 0; k < 3; k++)
            {
              zero = zero && mpz_sgn (J[k]) == 0 && mpz_sgn (J[k + 3]) == 0;
              same = same && mpz_cmp (J[k], J[k + 3]) == 0;
            }
          kind = zero ? 1 : same ? 2 : 0;
        }
      if (kind == 0)
        cx->ln[cx->nl++] = L;
      else if (kind == 2)
        {
          cx->folded[cx->nfold++] = L;
          acc3 (cx->fix, &cx->efix, L.jp, L.ejp, 1.0);
        }
      q = r;
    }
  for (int k = 0; k < 6; k++)
    mpz_clear (J[k]);
  mpz_clears (t1, t2, NULL);
  return true;
}

/* the sums over every line, the filter's arrays and scratch, the robust
 * clusters */
static bool
ctx2_alloc_filter (Ctx2 *cx, bool robust, int *nci, int nnc)
{
  memcpy (cx->tot, cx->fix, sizeof cx->tot);
  cx->etot = cx->efix;
  for (int l = 0; l < cx->nl; l++)
    acc3 (cx->tot, &cx->etot, cx->ln[l].jm, cx->ln[l].ejm, 1.0);

  int nl = cx->nl;
  cx->Uv = calloc ((size_t) nl + 1, sizeof (double));
  cx->U2 = calloc ((size_t) nl + 1, sizeof (double));
  cx->Um = calloc ((size_t) nl + 1, sizeof (double));
  cx->ev = malloc ((size_t) (nl + 4) * sizeof *cx->ev);
  cx->evs = malloc ((size_t) (nl + 4) * sizeof *cx->evs);
  cx->kv = malloc ((size_t) (nl + 4) * 2 * sizeof *cx->kv);
  cx->sig = malloc ((size_t) nl + 1);
  cx->L2r = cx->Lmr = -INFINITY;
  bool ok = cx->Uv && cx->U2 && cx->Um && cx->ev && cx->evs && cx->kv
            && cx->sig;
  if (ok && robust)
    {
      ok = shl_geom_ctx2_robust (cx, nci, nnc);
      if (ok && cx->nclu > 0)
        {
          cx->U2r = calloc ((size_t) nl + 1, sizeof (double));
          cx->Umr = calloc ((size_t) nl + 1, sizeof (double));
          ok = cx->U2r && cx->Umr;
        }
    }
  return ok;
}

bool
shl_geom_ctx2_build (Ctx2 *cx, const ShlNet *f, const ShlNet *g,
                     const double *lo, const double *hi, bool robust)
{
  memset (cx, 0, sizeof *cx);
  for (int j = 0; j < 2; j++)
    {
      cx->lo[j] = lo[j];
      cx->hi[j] = hi[j];
    }
  double E[4][3] = { { 1.0, 0.0, -lo[0] }, { -1.0, 0.0, hi[0] },
                     { 0.0, 1.0, -lo[1] }, { 0.0, -1.0, hi[1] } };
  memcpy (cx->E, E, sizeof E);
  int m = f->m + (g ? g->m : 0);
  cx->nr = malloc ((size_t) (m + 1) * sizeof *cx->nr);
  cx->fixn = malloc ((size_t) (m + 1) * sizeof (int));
  cx->cross = malloc ((size_t) (m + 1) * sizeof (int));
  /* the neurons whose kink line does not cross the box (robust pass) */
  int *nci = robust ? malloc ((size_t) (m + 1) * sizeof (int)) : NULL;
  int nnc = 0;
  if (!cx->nr || !cx->fixn || !cx->cross || (robust && !nci))
    {
      free (nci);
      return false;
    }
  ctx2_read_neurons (cx, f, g, lo, hi, nci, &nnc);
  ctx2_affine_part (cx);
  bool ok = ctx2_group_lines (cx) && ctx2_alloc_filter (cx, robust, nci, nnc);
  free (nci);
  return ok;
}

/* the exact data: line coefficients, group sums, the affine part */
void
shl_geom_ctx2_exact (Ctx2 *cx)
{
  if (cx->have_exact)
    return;
  int nl = cx->nl;
  long e0 = cx->e0;
  cx->rx = malloc ((size_t) (nl + 4) * 3 * sizeof (mpz_t));
  cx->jx = malloc (((size_t) nl * 9 + 1) * sizeof (mpz_t));
  if (!cx->rx || !cx->jx)
    abort (); /* GMP aborts on memory exhaustion anyway */
  for (int k = 0; k < 3; k++)
    mpz_inits (cx->fixx[k], cx->totx[k], cx->base[k], NULL);
  mpz_inits (cx->t1, cx->t2, cx->t3, cx->num, cx->den, cx->nx, cx->ny, cx->dd,
             cx->gx, cx->gy, NULL);
  mpz_init_set_ui (cx->one, 1);
  mpz_mul_2exp (cx->one, cx->one, (mp_bitcnt_t) -e0);
  shl_geom_best_init (&cx->bv);
  shl_geom_best_init (&cx->b2);
  shl_geom_best_init (&cx->bm);
  shl_geom_best_init (&cx->b2r);
  shl_geom_best_init (&cx->bmr);
  for (int j = 0; j < nl + 4; j++)
    for (int k = 0; k < 3; k++)
      {
        mpz_init (cx->rx[3 * j + k]);
        shl_exact_set_d (cx->rx[3 * j + k], row (cx, j)[k], e0);
      }
  for (int l = 0; l < nl; l++)
    {
      mpz_t *J = cx->jx + 9 * l;
      for (int k = 0; k < 9; k++)
        mpz_init (J[k]);
      shl_geom_group_exact (cx, cx->cross + cx->ln[l].first, cx->ln[l].count,
                            J, cx->t1, cx->t2);
      for (int k = 0; k < 3; k++)
        mpz_sub (J[6 + k], J[3 + k], J[k]);
    }
  /* the affine part at degree 2 */
  double af[3][2] = { { cx->vf[0], cx->vg[0] }, { cx->vf[1], cx->vg[1] },
                      { cx->ef, cx->eg } };
  for (int k = 0; k < 3; k++)
    {
      shl_exact_set_d (cx->fixx[k], af[k][0], e0);
      shl_exact_set_d (cx->t1, af[k][1], e0);
      mpz_sub (cx->fixx[k], cx->fixx[k], cx->t1);
      mpz_mul_2exp (cx->fixx[k], cx->fixx[k], (mp_bitcnt_t) -e0);
    }
  for (int q = 0; q < cx->nfixn; q++)
    {
      const Neu2 *nu = &cx->nr[cx->fixn[q]];
      shl_exact_set_d (cx->t1, nu->s * nu->c, e0);
      double v[3] = { nu->a[0], nu->a[1], nu->b };
      for (int k = 0; k < 3; k++)
        {
          shl_exact_set_d (cx->t2, v[k], e0);
          mpz_addmul (cx->fixx[k], cx->t1, cx->t2);
        }
    }
  mpz_t J[6];
  for (int k = 0; k < 6; k++)
    mpz_init (J[k]);
  for (int q = 0; q < cx->nfold; q++)
    {
      shl_geom_group_exact (cx, cx->cross + cx->folded[q].first,
                            cx->folded[q].count, J, cx->t1, cx->t2);
      for (int k = 0; k < 3; k++)
        mpz_add (cx->fixx[k], cx->fixx[k], J[3 + k]);
    }
  for (int k = 0; k < 6; k++)
    mpz_clear (J[k]);
  for (int k = 0; k < 3; k++)
    {
      mpz_set (cx->totx[k], cx->fixx[k]);
      for (int l = 0; l < nl; l++)
        mpz_add (cx->totx[k], cx->totx[k], cx->jx[9 * l + k]);
    }
  /* the same as double-doubles, for the second filter */
  cx->jdd = malloc (((size_t) nl * 9 + 1) * sizeof (DD));
  if (!cx->jdd)
    abort (); /* as above */
  for (size_t k = 0; k < (size_t) nl * 9; k++)
    shl_exact_round_dd (cx->jx[k], 2 * e0, &cx->jdd[k].h, &cx->jdd[k].l);
  for (int k = 0; k < 3; k++)
    shl_exact_round_dd (cx->totx[k], 2 * e0, &cx->totdd[k].h, &cx->totdd[k].l);
  cx->base_event = -1;
  cx->have_exact = true;
}
