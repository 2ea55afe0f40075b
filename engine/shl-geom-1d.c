/* shl-geom-1d.c: the 1-D distances, O(m log m): the kinks of f - g inside
 * the interval grouped by exact position (the robust pass marks the
 * intervals between kinks that coincide up to rounding), the
 * floating-point filter, and the exact sweep that carries the slope and
 * offset of f - g from kink to kink (see shl-geom.c).
 *
 * Plain C + libm + GMP, no GLib. */
#include "shl-geom-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
shl_geom_ctx1_clear (Ctx1 *cx)
{
  free (cx->all);
  free (cx->fx);
  free (cx->kn);
  free (cx->gs);
  free (cx->ign);
  free (cx->clx);
}

static int
neu1_kink_cmp (const void *pa, const void *pb)
{
  const Neu1 *x = pa, *y = pb;
  return shl_geom_kink_cmp_exact (x->a, x->b, y->a, y->b);
}

DEFINE_RADIX_SORT (sort_neu1, Neu1, t)

/* Sort k (n) by exact kink position (tmp: n records of scratch): by the
 * rounded positions (monotone in the exact ones), then exactly among equal
 * ones; gs (n + 1) receives the starts of the groups of exactly equal
 * kinks, gs[ng] = n. Returns ng. */
static int
sort_group_1d (Neu1 *k, Neu1 *tmp, int n, int *gs)
{
  sort_neu1 (k, tmp, (size_t) n);
  int ng = 0;
  for (int r = 0; r < n;)
    {
      int q = r + 1;
      while (q < n && k[q].t == k[r].t)
        q++;
      if (q - r > 1)
        qsort (k + r, (size_t) (q - r), sizeof *k, neu1_kink_cmp);
      gs[ng++] = r;
      for (int p = r + 1; p < q; p++)
        if (neu1_kink_cmp (&k[p], &k[p - 1]) != 0)
          gs[ng++] = p;
      r = q;
    }
  gs[ng] = n;
  return ng;
}

/* Whether the neurons k (n) on one kink cancel: the jump of slope and
 * offset at the kink is exactly 0 (their neurons with a < 0, active left
 * of the kink, give the same affine function as those with a > 0). S, B,
 * C, X are scratch. */
static bool
group_cancels_1d (const Neu1 *k, int n, long e0, mpz_t S, mpz_t B, mpz_t C,
                  mpz_t X)
{
  if (n == 2 && k[0].a == k[1].a && k[0].b == k[1].b)
    /* the same neuron twice (f against a copy): cancels iff the outer
     * weights are opposite */
    return k[0].c == -k[1].c;
  if (n < 2)
    return false;
  mpz_set_ui (S, 0);
  mpz_set_ui (B, 0);
  for (int q = 0; q < n; q++)
    {
      const Neu1 *nu = &k[q];
      shl_exact_set_d (C, nu->a > 0.0 ? nu->c : -nu->c, e0);
      shl_exact_set_d (X, nu->a, e0);
      mpz_addmul (S, C, X);
      shl_exact_set_d (X, nu->b, e0);
      mpz_addmul (B, C, X);
    }
  return mpz_sgn (S) == 0 && mpz_sgn (B) == 0;
}

/* The greedy clustering of sorted kinks */
typedef struct {
  int         id, size;   /* the current cluster and its size */
  double      lead;       /* its leader's position */
  const Neu1 *first, *last;
  bool        extents;    /* record the extents in clx (the reference) */
  int         cap;        /* room in clx (clusters) */
  bool        oom;        /* realloc failed */
} Greedy1;

/* records the current cluster's extent if it has two members or more */
static void
greedy1_close (Greedy1 *g, Ctx1 *cx)
{
  if (g->size > 1 && g->extents && !g->oom)
    {
      if (cx->ncl == g->cap)
        {
          g->cap = g->cap ? 2 * g->cap : 16;
          Neu1 *p = realloc (cx->clx, (size_t) g->cap * 2 * sizeof *p);
          if (!p)
            {
              g->oom = true;
              return;
            }
          cx->clx = p;
        }
      cx->clx[2 * cx->ncl] = *g->first;
      cx->clx[2 * cx->ncl + 1] = *g->last;
      cx->ncl++;
    }
  g->size = 0;
}

/* the next member (in order); returns its cluster */
static int
greedy1_add (Greedy1 *g, Ctx1 *cx, const Neu1 *nu)
{
  if (g->id < 0 || !shl_geom_robust_coincide (g->lead, nu->t))
    {
      greedy1_close (g, cx);
      g->id++;
      g->lead = nu->t;
      g->first = nu;
    }
  g->size++;
  g->last = nu;
  return g->id;
}

/* The clusters of the robust pass (shl-geom.h). The members are the kinks
 * of f - g in order: those outside the box left of it, the groups inside
 * (kn, gs: already without the groups that cancel), those right of it;
 * out (nout) are the neurons with a kink outside the box (sorted here).
 * Fills cx->ign, and cx->clx if extents (for the reference). Returns false
 * if memory runs out. */
static bool
ctx1_robust (Ctx1 *cx, Neu1 *out, int nout, bool extents)
{
  bool ok = false;
  int ng = cx->ng;
  Neu1 *tmp = malloc ((size_t) (nout + 1) * sizeof *tmp);
  int *ogs = malloc ((size_t) (nout + 2) * sizeof *ogs);
  unsigned char *mem = malloc ((size_t) nout + 1);
  cx->ign = calloc ((size_t) ng + 1, 1);
  if (!tmp || !ogs || !mem || !cx->ign)
    goto done;
  int nog = sort_group_1d (out, tmp, nout, ogs);
  mpz_t S, B, C, X;
  mpz_inits (S, B, C, X, NULL);
  for (int q = 0; q < nog; q++)
    mem[q] = !group_cancels_1d (out + ogs[q], ogs[q + 1] - ogs[q], cx->e0, S,
                                B, C, X);
  mpz_clears (S, B, C, X, NULL);

  /* greedy from the left: a member joins the current cluster if it
   * coincides with its leader, else leads a new one. Interval gi lies
   * strictly between two members of one cluster iff the members on both
   * sides of it (inside the box or not) are in the same cluster. */
  Greedy1 gr = { .id = -1, .extents = extents };
  int prev = -1, q = 0; /* the cluster of the last member so far */
  cx->ncl = 0;
  cx->nign = 0;
  for (; q < nog; q++)
    {
      const Neu1 *nu = &out[ogs[q]];
      if (shl_geom_kink_cmp_point (nu->a, nu->b, cx->lo) > 0)
        break; /* right of the box */
      if (mem[q])
        prev = greedy1_add (&gr, cx, nu);
    }
  for (int gi = 0; gi < ng; gi++)
    {
      int id = greedy1_add (&gr, cx, &cx->kn[cx->gs[gi]]);
      cx->ign[gi] = prev >= 0 && prev == id;
      cx->nign += cx->ign[gi];
      prev = id;
    }
  bool first_right = true;
  for (; q < nog; q++)
    if (mem[q])
      {
        int id = greedy1_add (&gr, cx, &out[ogs[q]]);
        if (first_right)
          {
            cx->ign[ng] = prev >= 0 && prev == id;
            cx->nign += cx->ign[ng];
            first_right = false;
          }
      }
  greedy1_close (&gr, cx);
  if (gr.oom)
    goto done;
  if (cx->nign == 0)
    {
      free (cx->ign);
      cx->ign = NULL;
    }
  ok = true;
done:
  free (tmp);
  free (ogs);
  free (mem);
  return ok;
}

/* with_all: keep every neuron in all (for the reference); robust: the
 * clusters of the robust pass */
bool
shl_geom_ctx1_build (Ctx1 *cx, const ShlNet *f, const ShlNet *g, double lo,
                     double hi, bool with_all, bool robust)
{
  memset (cx, 0, sizeof *cx);
  cx->lo = lo;
  cx->hi = hi;
  int m = f->m + (g ? g->m : 0);
  cx->all = with_all ? malloc ((size_t) (m + 1) * sizeof *cx->all) : NULL;
  cx->fx = malloc ((size_t) (m + 1) * sizeof *cx->fx);
  cx->kn = malloc ((size_t) (m + 1) * 2 * sizeof *cx->kn);
  cx->gs = malloc ((size_t) (m + 2) * sizeof (int));
  /* the kinks outside the box (for the robust pass; usually few) */
  Neu1 *out = NULL;
  int nout = 0, capout = 0;
  if ((with_all && !cx->all) || !cx->fx || !cx->kn || !cx->gs)
    return false;
  cx->vf = f->v[0];
  cx->ef = *f->e;
  cx->vg = g ? g->v[0] : 0.0;
  cx->eg = g ? *g->e : 0.0;
  long e0 = 0;
  double scal[6] = { lo, hi, cx->vf, cx->vg, cx->ef, cx->eg };
  cx->safe = true;
  for (int k = 0; k < 6; k++)
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
          Neu1 nu = { 0.0, net->a[i], net->b[i],
                      s == 0 ? net->c[i] : -net->c[i] };
          shl_geom_low_exp_update (&e0, nu.a);
          shl_geom_low_exp_update (&e0, nu.b);
          shl_geom_low_exp_update (&e0, nu.c);
          cx->safe = cx->safe && shl_exact_safe (nu.a) && shl_exact_safe (nu.b)
                     && shl_exact_safe (nu.c);
          if (nu.a == 0.0)
            {
              if (cx->all)
                cx->all[cx->n++] = nu;
              if (nu.b > 0.0)
                cx->fx[cx->nfix++] = nu;
              continue;
            }
          nu.t = -nu.b / nu.a;
          if (cx->all)
            cx->all[cx->n++] = nu;
          int clo = shl_geom_kink_cmp_point (nu.a, nu.b, lo);
          int chi = shl_geom_kink_cmp_point (nu.a, nu.b, hi);
          if (clo > 0 && chi < 0)
            {
              cx->kn[cx->nk++] = nu;
              continue;
            }
          if (clo <= 0 ? nu.a > 0.0 : nu.a < 0.0)
            cx->fx[cx->nfix++] = nu; /* kink <= lo, or >= hi */
          if (!robust)
            continue;
          if (nout == capout)
            {
              capout = capout ? 2 * capout : 64;
              Neu1 *p = realloc (out, (size_t) capout * sizeof *p);
              if (!p)
                {
                  free (out);
                  return false;
                }
              out = p;
            }
          out[nout++] = nu;
        }
    }
  cx->e0 = e0;

  /* sort the kinks: rounded positions (monotone in the exact ones), then
   * exactly among equal ones; group the exactly equal ones */
  int nk = cx->nk;
  cx->ng = sort_group_1d (cx->kn, cx->kn + nk, nk, cx->gs);

  /* A group whose neurons cancel is no breakpoint: its neurons with a < 0
   * (active left of the kink) give the same affine function as those with
   * a > 0 (right): fold the former into the fixed part, drop the latter. */
  mpz_t S, B, C, X;
  mpz_inits (S, B, C, X, NULL);
  int w = 0, ng = 0;
  for (int gi = 0; gi < cx->ng; gi++)
    {
      int g0 = cx->gs[gi], g1 = cx->gs[gi + 1];
      if (group_cancels_1d (cx->kn + g0, g1 - g0, e0, S, B, C, X))
        {
          for (int k = g0; k < g1; k++)
            if (cx->kn[k].a < 0.0)
              cx->fx[cx->nfix++] = cx->kn[k];
          continue;
        }
      cx->gs[ng++] = w;
      for (int k = g0; k < g1; k++)
        cx->kn[w++] = cx->kn[k];
    }
  mpz_clears (S, B, C, X, NULL);
  cx->nk = w;
  cx->ng = ng;
  cx->gs[ng] = w;
  bool ok = !robust || ctx1_robust (cx, out, nout, with_all);
  free (out);
  return ok;
}

/* x rounded up to a float */
static inline float
float_up (double x)
{
  float f = (float) x;
  return (double) f < x ? nextafterf (f, INFINITY) : f;
}

/* Filter: upper bounds pu (ng + 2) of |f - g| at lo, the kinks and hi, and
 * su (ng + 1) of |slope| on the intervals (rounded up to floats); *Lv and
 * *Lg receive the largest lower bounds, *Lgr that over the intervals the
 * robust pass keeps. */
static void
filter_1d (const Ctx1 *cx, float *pu, float *su, double *Lv, double *Lg,
           double *Lgr)
{
  double lv = -INFINITY, lg = -INFINITY, lgr = -INFINITY;
#define POINT(k, v, e)                                                       \
  do                                                                         \
    {                                                                        \
      double e_ = (e) * SAFETY;                                              \
      lv = fmax (lv, fabs (v) - e_);                                         \
      pu[k] = float_up (fabs (v) + e_);                                      \
    }                                                                        \
  while (0)
#define SLOPE(k, v, e)                                                       \
  do                                                                         \
    {                                                                        \
      double e_ = (e) * SAFETY;                                              \
      lg = fmax (lg, fabs (v) - e_);                                         \
      if (!cx->ign || !cx->ign[k])                                           \
        lgr = fmax (lgr, fabs (v) - e_);                                     \
      su[k] = float_up (fabs (v) + e_);                                      \
    }                                                                        \
  while (0)
  double S = cx->vf - cx->vg, eS = U_ROUND * fabs (S);
  double B = cx->ef - cx->eg, eB = U_ROUND * fabs (B);
  for (int k = 0; k < cx->nfix; k++)
    {
      const Neu1 *nu = &cx->fx[k];
      acc_add (&S, &eS, nu->c * nu->a);
      acc_add (&B, &eB, nu->c * nu->b);
    }
  for (int k = 0; k < cx->nk; k++)
    {
      const Neu1 *nu = &cx->kn[k];
      if (nu->a < 0.0)
        {
          acc_add (&S, &eS, nu->c * nu->a);
          acc_add (&B, &eB, nu->c * nu->b);
        }
    }
  double v = fma (S, cx->lo, B);
  POINT (0, v, eS * fabs (cx->lo) + eB + U_ROUND * fabs (v) + ETA);
  for (int gi = 0; gi < cx->ng; gi++)
    {
      SLOPE (gi, S, eS);
      double t = cx->kn[cx->gs[gi]].t, et = U_ROUND * fabs (t) + ETA;
      v = fma (S, t, B);
      POINT (gi + 1, v, eS * fabs (t) + (fabs (S) + eS) * et + eB
                          + U_ROUND * fabs (v) + ETA);
      for (int k = cx->gs[gi]; k < cx->gs[gi + 1]; k++)
        {
          const Neu1 *nu = &cx->kn[k];
          double w = nu->a > 0.0 ? 1.0 : -1.0;
          acc_add (&S, &eS, w * (nu->c * nu->a));
          acc_add (&B, &eB, w * (nu->c * nu->b));
        }
    }
  SLOPE (cx->ng, S, eS);
  v = fma (S, cx->hi, B);
  POINT (cx->ng + 1, v, eS * fabs (cx->hi) + eB + U_ROUND * fabs (v) + ETA);
#undef POINT
#undef SLOPE
  /* the bounds themselves may be NaN or infinite only with non-finite
   * intermediates, which the safe range excludes; be defensive */
  *Lv = isnan (lv) ? -INFINITY : lv;
  *Lg = isnan (lg) ? -INFINITY : lg;
  *Lgr = isnan (lgr) ? -INFINITY : lgr;
}

void
shl_geom_ex1_init (Ex1 *x, long e0)
{
  mpz_inits (x->S, x->B, x->C, x->A, x->Bq, x->num, x->den, x->t1, x->t2,
             NULL);
  mpz_init_set_ui (x->one, 1);
  mpz_mul_2exp (x->one, x->one, (mp_bitcnt_t) -e0);
}

void
shl_geom_ex1_clear (Ex1 *x)
{
  mpz_clears (x->S, x->B, x->C, x->A, x->Bq, x->num, x->den, x->one, x->t1,
              x->t2, NULL);
}

/* S += w c a, B += w c b, exactly (w = +-1) */
void
shl_geom_ex1_add (Ex1 *x, const Neu1 *nu, double w, long e0)
{
  shl_exact_set_d (x->C, w * nu->c, e0);
  shl_exact_set_d (x->A, nu->a, e0);
  shl_exact_set_d (x->Bq, nu->b, e0);
  mpz_addmul (x->S, x->C, x->A);
  mpz_addmul (x->B, x->C, x->Bq);
}

/* S, B = the exact affine part (v_f - v_g, e_f - e_g) at degree 2 */
void
shl_geom_ex1_affine (Ex1 *x, const Ctx1 *cx)
{
  long e0 = cx->e0;
  shl_exact_set_d (x->S, cx->vf, e0);
  shl_exact_set_d (x->t1, cx->vg, e0);
  mpz_sub (x->S, x->S, x->t1);
  mpz_mul_2exp (x->S, x->S, (mp_bitcnt_t) -e0);
  shl_exact_set_d (x->B, cx->ef, e0);
  shl_exact_set_d (x->t1, cx->eg, e0);
  mpz_sub (x->B, x->B, x->t1);
  mpz_mul_2exp (x->B, x->B, (mp_bitcnt_t) -e0);
}

/* num / den = S x + B at the double x (den = 1 at degree 1) */
void
shl_geom_ex1_value_at (Ex1 *x, double px, long e0)
{
  shl_exact_set_d (x->t1, px, e0);
  mpz_mul (x->num, x->S, x->t1);
  mpz_addmul (x->num, x->B, x->one);
  mpz_set (x->den, x->one);
}

/* num / den = S t + B at the kink t = -b / a of nu */
void
shl_geom_ex1_value_at_kink (Ex1 *x, const Neu1 *nu, long e0)
{
  shl_exact_set_d (x->A, nu->a, e0);
  shl_exact_set_d (x->Bq, nu->b, e0);
  mpz_mul (x->num, x->B, x->A);
  mpz_submul (x->num, x->S, x->Bq);
  mpz_set (x->den, x->A);
}

/* the point p (-1: lo, -2: hi, k >= 0: the kink of kn[k]) as P / Q */
static void
point_frac_1d (const Ctx1 *cx, int p, mpz_t P, mpz_t Q)
{
  if (p < 0)
    {
      shl_exact_set_d (P, p == -1 ? cx->lo : cx->hi, cx->e0);
      shl_exact_set_d (Q, 1.0, cx->e0);
    }
  else
    {
      shl_exact_set_d (P, -cx->kn[p].b, cx->e0);
      shl_exact_set_d (Q, cx->kn[p].a, cx->e0);
    }
}

/* the distance between the points p and q (as in point_frac_1d), exact,
 * rounded once */
static double
length_1d (const Ctx1 *cx, int p, int q)
{
  mpz_t P1, Q1, P2, Q2;
  mpz_inits (P1, Q1, P2, Q2, NULL);
  point_frac_1d (cx, p, P1, Q1);
  point_frac_1d (cx, q, P2, Q2);
  /* P2 / Q2 - P1 / Q1 = (P2 Q1 - P1 Q2) / (Q1 Q2) */
  mpz_mul (P2, P2, Q1);
  mpz_submul (P2, P1, Q2);
  mpz_mul (Q1, Q1, Q2);
  double w = fabs (shl_exact_round_div (P2, Q1, 0));
  mpz_clears (P1, Q1, P2, Q2, NULL);
  return w;
}

/* Offer the slope S (at degree 2; one: the denominator) of the interval
 * from point pl to point pr to bs: among exactly equal non-zero maxima the
 * widest interval is kept (where, where2: its ends; *bw: its length, or
 * NAN until needed). */
void
shl_geom_slope_offer_1d (Best *bs, double *bw, const Ctx1 *cx, const mpz_t S,
                         const mpz_t one, int pl, int pr, mpz_t t1, mpz_t t2)
{
  int c = shl_geom_best_offer_cmp (bs, S, one, t1, t2);
  if (c > 0)
    {
      bs->where = pl;
      bs->where2 = pr;
      *bw = NAN;
    }
  else if (c == 0 && mpz_sgn (S) != 0)
    {
      double w = length_1d (cx, pl, pr);
      if (isnan (*bw))
        *bw = length_1d (cx, bs->where, bs->where2);
      if (w > *bw)
        {
          bs->where = pl;
          bs->where2 = pr;
          *bw = w;
        }
    }
}

/* bv: where 0 = lo, -1 = hi, 1 = the kink of where2 (an index into kn);
 * bs: the ends of its interval (shl_geom_slope_offer_1d), bw its
 * length or NAN;
 * bsr: the robust maximum (when the robust pass ignored an interval) */
void
shl_geom_finish_1d (ShlDistances *out, const Ctx1 *cx, const Best *bv,
                    const Best *bs, double bw, const Best *bsr)
{
  long e0 = cx->e0;
  out->sup = fabs (shl_exact_round_div (bv->n, bv->d, 2 * e0));
  if (bv->where == 0)
    out->argsup[0] = cx->lo;
  else if (bv->where < 0)
    out->argsup[0] = cx->hi;
  else
    out->argsup[0] = cx->kn[bv->where2].t;
  out->w1inf_2 = out->w1inf_max = fabs (shl_exact_round (bs->n, 2 * e0));
  if (bs->have && mpz_sgn (bs->n) != 0)
    out->w1inf_width = isnan (bw) ? length_1d (cx, bs->where, bs->where2) : bw;
  else
    out->w1inf_width = cx->hi - cx->lo; /* no slope anywhere */
  /* nothing ignored, or (a domain within rounding of a point) everything:
   * the exact values */
  if (bsr && bsr->have)
    out->w1inf_2_robust = out->w1inf_max_robust
      = fabs (shl_exact_round (bsr->n, 2 * e0));
  else
    {
      out->w1inf_2_robust = out->w1inf_2;
      out->w1inf_max_robust = out->w1inf_max;
    }
}

bool
shl_geom_distance_1d (ShlDistances *out, const ShlNet *f, const ShlNet *g,
                      double lo, double hi, bool robust)
{
  Ctx1 cx;
  bool ok = shl_geom_ctx1_build (&cx, f, g, lo, hi, false, robust);
  int ng = cx.ng;
  float *buf = ok ? malloc ((size_t) (2 * ng + 4) * sizeof *buf) : NULL;
  if (!buf)
    {
      shl_geom_ctx1_clear (&cx);
      return false;
    }
  float *pu = buf, *su = pu + ng + 2;
  /* the robust maximum differs only if an interval is ignored, and falls
   * back to the exact one if every interval is */
  bool rob = cx.ign && cx.nign <= ng;

  /* the filter and the lower bounds of the two maxima */
  double Lv = -INFINITY, Lg = -INFINITY, Lgr = -INFINITY;
  if (cx.safe)
    filter_1d (&cx, pu, su, &Lv, &Lg, &Lgr);
  /* candidates: upper bound >= the lower bound of the maximum; without a
   * filter, everything */
#define CAND_P(k) (!cx.safe || !((double) pu[k] < Lv))
#define CAND_S(k) (!cx.safe || !((double) su[k] < Lg))
#define CAND_SR(k) (rob && !cx.ign[k] && (!cx.safe || !((double) su[k] < Lgr)))
  int last = 0;
  for (int k = 0; k < ng + 2; k++)
    if (CAND_P (k))
      last = k;
  for (int k = 0; k < ng + 1; k++)
    if (CAND_S (k) || CAND_SR (k))
      last = k > last ? k : last;

  /* the exact sweep, up to the last candidate */
  long e0 = cx.e0;
  Ex1 x;
  shl_geom_ex1_init (&x, e0);
  Best bv, bs, bsr;
  double bw = NAN;
  shl_geom_best_init (&bv);
  shl_geom_best_init (&bs);
  shl_geom_best_init (&bsr);
  shl_geom_ex1_affine (&x, &cx);
  for (int k = 0; k < cx.nfix; k++)
    shl_geom_ex1_add (&x, &cx.fx[k], 1.0, e0);
  for (int k = 0; k < cx.nk; k++)
    if (cx.kn[k].a < 0.0)
      shl_geom_ex1_add (&x, &cx.kn[k], 1.0, e0);
  if (CAND_P (0))
    {
      shl_geom_ex1_value_at (&x, lo, e0);
      if (shl_geom_best_offer (&bv, x.num, x.den, x.t1, x.t2))
        bv.where = 0;
    }
  for (int gi = 0; gi < ng && gi <= last; gi++)
    {
      int n0 = cx.gs[gi];
      if (CAND_S (gi))
        shl_geom_slope_offer_1d (&bs, &bw, &cx, x.S, x.one,
                                 gi == 0 ? -1 : cx.gs[gi - 1], n0, x.t1,
                                 x.t2);
      if (CAND_SR (gi))
        shl_geom_best_offer (&bsr, x.S, x.one, x.t1, x.t2);
      if (CAND_P (gi + 1))
        {
          shl_geom_ex1_value_at_kink (&x, &cx.kn[n0], e0);
          if (shl_geom_best_offer (&bv, x.num, x.den, x.t1, x.t2))
            {
              bv.where = 1;
              bv.where2 = n0;
            }
        }
      for (int k = cx.gs[gi]; k < cx.gs[gi + 1]; k++)
        {
          const Neu1 *nu = &cx.kn[k];
          shl_geom_ex1_add (&x, nu, nu->a > 0.0 ? 1.0 : -1.0, e0);
        }
    }
  if (last >= ng)
    {
      if (CAND_S (ng))
        shl_geom_slope_offer_1d (&bs, &bw, &cx, x.S, x.one,
                                 ng == 0 ? -1 : cx.gs[ng - 1], -2, x.t1, x.t2);
      if (CAND_SR (ng))
        shl_geom_best_offer (&bsr, x.S, x.one, x.t1, x.t2);
      if (CAND_P (ng + 1))
        {
          shl_geom_ex1_value_at (&x, hi, e0);
          if (shl_geom_best_offer (&bv, x.num, x.den, x.t1, x.t2))
            bv.where = -1;
        }
    }
#undef CAND_P
#undef CAND_S
#undef CAND_SR
  shl_geom_finish_1d (out, &cx, &bv, &bs, bw, rob ? &bsr : NULL);
  shl_geom_best_clear (&bv);
  shl_geom_best_clear (&bs);
  shl_geom_best_clear (&bsr);
  shl_geom_ex1_clear (&x);
  free (buf);
  shl_geom_ctx1_clear (&cx);
  return true;
}
