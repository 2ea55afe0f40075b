/* shl-geom-private.h: what the files of shl-geom share: the error-bound
 * constants, the sort by double key, the exact running maximum (Best),
 * the 1-D and 2-D contexts (Ctx1, Ctx2) with their records, the
 * double-double arithmetic of the 2-D filter, and the helpers one file
 * defines and another calls (prefix shl_geom_). Not installed, not for
 * other modules.
 *
 * Plain C + libm + GMP, no GLib. */
#pragma once

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shl-exact.h"
#include "shl-geom.h"

#define U_ROUND 0x1p-53       /* unit roundoff */
#define ETA     0x1p-1000     /* absolute slack per operation (underflow) */
#define SAFETY  (1.0 + 0x1p-20) /* covers the rounding of the bounds */

static inline int
sgn (double x)
{
  return (x > 0.0) - (x < 0.0);
}

typedef struct {
  double key;
  int    idx;
} Keyed;

static inline uint64_t
key_bits (double x)
{
  uint64_t u;
  x += 0.0; /* -0 -> +0 */
  memcpy (&u, &x, sizeof u);
  return (u >> 63) ? ~u : (u | 0x8000000000000000ull);
}

/* A stable LSD radix sort of the records x (n) of type T by the double
 * key x[i].FIELD (ascending), through tmp (n): digits of 8 bits (16 bits
 * for large n), skipping the digits that are the same for every record. */
#define DEFINE_RADIX_SORT(NAME, T, FIELD)                                    \
  static void                                                                \
  NAME (T *x, T *tmp, size_t n)                                              \
  {                                                                          \
    if (n < 2)                                                               \
      return;                                                                \
    int bits = n >= 16384 ? 16 : 8;                                          \
    size_t nb = (size_t) 1 << bits, mask = nb - 1;                           \
    size_t *count = malloc (nb * sizeof *count);                             \
    T *src = x, *dst = tmp;                                                  \
    for (int sh = 0; count && sh < 64; sh += bits)                           \
      {                                                                      \
        memset (count, 0, nb * sizeof *count);                               \
        for (size_t i = 0; i < n; i++)                                       \
          count[(key_bits (src[i].FIELD) >> sh) & mask]++;                   \
        if (count[(key_bits (src[0].FIELD) >> sh) & mask] == n)              \
          continue;                                                          \
        size_t pos = 0;                                                      \
        for (size_t b = 0; b < nb; b++)                                      \
          {                                                                  \
            size_t c = count[b];                                             \
            count[b] = pos;                                                  \
            pos += c;                                                        \
          }                                                                  \
        for (size_t i = 0; i < n; i++)                                       \
          dst[count[(key_bits (src[i].FIELD) >> sh) & mask]++] = src[i];     \
        T *t = src;                                                          \
        src = dst;                                                           \
        dst = t;                                                             \
      }                                                                      \
    if (!count)                                                              \
      {                                                                      \
        /* no memory for the counts: insertion sort, slow but correct */      \
        for (size_t i = 1; i < n; i++)                                       \
          {                                                                  \
            T v = x[i];                                                      \
            size_t j = i;                                                    \
            while (j > 0 && key_bits (x[j - 1].FIELD) > key_bits (v.FIELD))  \
              {                                                              \
                x[j] = x[j - 1];                                             \
                j--;                                                         \
              }                                                              \
            x[j] = v;                                                        \
          }                                                                  \
        return;                                                              \
      }                                                                      \
    free (count);                                                            \
    if (src != x)                                                            \
      memcpy (x, src, n * sizeof *x);                                        \
  }

/* The best candidate so far: |n / d| (d = 1 for values without a
 * denominator), with an approximation m 2^e (m in [0.5, 1), or 0). */
typedef struct {
  bool   have;
  mpz_t  n, d;
  double m;
  long   e;
  int    where, where2;
} Best;

typedef struct {
  double t;          /* -b / a (rounded), the sort key */
  double a, b, c;    /* c of a neuron of f, -c of a neuron of g */
} Neu1;

typedef struct {
  double  lo, hi;
  Neu1   *all;     /* (n) every neuron with c != 0 (for the reference) */
  int     n;
  Neu1   *fx;      /* (nfix) neurons active on the whole box (affine) */
  int     nfix;
  Neu1   *kn;      /* (nk) neurons with a kink inside, by kink position */
  int     nk;
  int    *gs;      /* (ng + 1) group g (one kink) is kn[gs[g] .. gs[g+1]-1] */
  int     ng;
  double  vf, vg, ef, eg;
  long    e0;
  bool    safe;
  /* the robust pass: interval gi (from group gi - 1, or lo, to group gi,
   * or hi) is ignored when ign[gi]; ign is NULL when none is (nign = 0) */
  unsigned char *ign;  /* (ng + 1) */
  int     nign;
  /* for the reference: the first and last member of every cluster with
   * two members or more, clx[2 k], clx[2 k + 1] */
  Neu1   *clx;         /* (2 ncl) */
  int     ncl;
} Ctx1;

/* x += y (a rounded product) with the error bound ex */
static inline void
acc_add (double *x, double *ex, double y)
{
  double z = *x + y;
  *ex += U_ROUND * (fabs (y) + fabs (z)) + ETA;
  *x = z;
}

/* Exact scratch for a sweep */
typedef struct {
  mpz_t S, B, C, A, Bq, num, den, one, t1, t2;
} Ex1;

/* ------------------------------------------------------------------------ */
/* 2-D                                                                      */

/* double-double numbers (hi + lo) for the second filter of pass 2 */
typedef struct {
  double h, l;
} DD;

static inline DD
dd_norm (double s, double e)
{
  DD r;
  r.h = s + e;
  r.l = e - (r.h - s);
  return r;
}

static inline DD
dd_add (DD a, DD b)
{
  double s = a.h + b.h, bv = s - a.h, av = s - bv;
  double e = (a.h - av) + (b.h - bv);
  return dd_norm (s, e + (a.l + b.l));
}

static inline DD
dd_mul (DD a, DD b)
{
  double p = a.h * b.h, e = fma (a.h, b.h, -p);
  return dd_norm (p, e + (a.h * b.l + a.l * b.h));
}

static inline DD
dd_div (DD a, DD b)
{
  double q1 = a.h / b.h;
  DD r = dd_add (a, dd_mul ((DD) { -q1, 0.0 }, b));
  double q2 = r.h / b.h;
  r = dd_add (r, dd_mul ((DD) { -q2, 0.0 }, b));
  return dd_add (dd_norm (q1, q2), (DD) { r.h / b.h, 0.0 });
}

/* the relative error of one dd operation is below a few u^2; this is a
 * generous bound per operation */
#define DD_EPS 0x1p-98

/* ad - bc as a double-double, with |error| <= 2^-103 (|ad| + |bc|) */
static inline DD
dd_det2 (double a, double b, double c, double d)
{
  double p = a * d, pe = fma (a, d, -p);
  double q = b * c, qe = fma (b, c, -q);
  double s = p - q, bv = s - p, av = s - bv;
  double e = (p - av) + (-q - bv);
  return dd_norm (s, e + (pe - qe));
}

typedef struct {
  double a[2], b, c, s; /* the neuron; s = +1: of f, -1: of g */
  double j[3];          /* s c (a0, a1, b), rounded */
  double r[3];          /* (a0, a1, b) in the canonical orientation */
  int    o;             /* r = o (a0, a1, b) */
} Neu2;

/* A kink line: a group of neurons on the same line */
typedef struct {
  double r[3];              /* the line r0 x + r1 y + r2 = 0 */
  double jm[3], jp[3], dj[3]; /* sum of s c (a, b) over the group's
                               * neurons active on the - / + side; jp - jm */
  double ejm, ejp, edj;     /* error bounds (every component) */
  int    first, count;      /* neurons cross[first .. first + count - 1] */
} Line2;

/* The crossing of the walked line l with line (or box edge) j */
typedef struct {
  double key, err;  /* position along l (monotone), error bound */
  double D, Nx, Ny; /* the crossing is (Nx / D, Ny / D) */
  int    sd;        /* exact sign of D: of <a_j, direction of l> */
  int    j;         /* line, or nl + e for box edge e */
  int    eq_next;   /* the next crossing in order is the same point */
} Ev;

typedef struct {
  double  lo[2], hi[2];
  double  E[4][3];      /* box edges x >= lo0, x <= hi0, y >= lo1, y <= hi1 */
  Neu2   *nr;           /* (n) neurons with c != 0 */
  int     n;
  int    *fixn;         /* (nfixn) neurons affine on the box */
  int     nfixn;
  int    *cross;        /* (ncross) neurons whose line crosses the open box,
                         * grouped by line */
  int     ncross;
  Line2  *ln;           /* (nl) lines kept */
  int     nl;
  int    *fold;         /* (nfold) lines folded into the affine part */
  Line2  *folded;
  int     nfold;
  double  vf[2], vg[2], ef, eg;
  double  fix[3], efix; /* the affine part (gradient, offset), rounded */
  double  tot[3], etot; /* fix + sum of every line's jm */
  long    e0;
  bool    safe;
  /* filter results */
  double  Lv, L2, Lm;
  double *Uv, *U2, *Um; /* (nl) upper bounds on each line */
  double  cv[4], ce[4]; /* corners */
  /* scratch */
  Ev     *ev, *evs;     /* (nl + 4) */
  Keyed  *kv;           /* (2 (nl + 4)) */
  signed char *sig;     /* (nl) sides */
  /* exact data */
  bool    have_exact;
  mpz_t  *rx;           /* ((nl + 4) * 3) line coefficients */
  mpz_t  *jx;           /* (nl * 9) jm, jp, dj */
  mpz_t   fixx[3], totx[3], one, base[3];
  mpz_t   t1, t2, t3, num, den, nx, ny, dd, gx, gy;
  Best    bv, b2, bm;
  DD     *jdd;          /* (nl * 9) jm, jp, dj as double-doubles */
  DD      totdd[3];
  long    base_event;   /* the event the exact base is for (-1: none) */
  long    event;        /* a counter of flip groups */
  /* the robust pass (shl-geom.h): clusters with two members or more */
  int     nclu;
  int    *clu;          /* (nl) each kept line's cluster, -1 if alone */
  int    *csize;        /* (nclu) members, kept lines and lines outside */
  int    *cfix;         /* (nclu) members not crossing the box that have
                         * it on their + side */
  int    *cpos;         /* (nclu) walk scratch: members on the + side of
                         * the cells beside the segment, the walked line
                         * excluded */
  int     wcl;          /* walk scratch: the walked line's cluster */
  int     nsplit;       /* walk scratch: clusters other than wcl with
                         * members on both sides of those cells */
  double  L2r, Lmr;     /* the filter over the cells the pass keeps */
  double *U2r, *Umr;    /* (nl) */
  Best    b2r, bmr;
  /* w1inf_width: up to 8 cells attaining w1inf_2 exactly, each beside a
   * segment: its line, the rows crossing it at its ends, the side */
  int     nwc;
  struct {
    const double *r, *ra, *rb;
    int           side;
  } wc[8];
} Ctx2;

static inline const double *
row (const Ctx2 *cx, int j)
{
  return j < cx->nl ? cx->ln[j].r : cx->E[j - cx->nl];
}

/* x (3) += y (3) with error bound ex += ey + rounding */
static inline void
acc3 (double *x, double *ex, const double *y, double ey, double w)
{
  double mz = 0.0;
  for (int k = 0; k < 3; k++)
    {
      x[k] += w * y[k];
      mz = fmax (mz, fabs (x[k]));
    }
  *ex += ey + U_ROUND * mz + ETA;
}

/* the affine function of a cell: G (gradient, offset) with error e; in
 * pass 2 (safe inputs) also as double-doubles g with error eg */
typedef struct {
  double G[3], e;
  DD     g[3];
  double eg;
  long   event;  /* which flip group the cell follows (exact base cache) */
} Aff;

/* helpers one file defines and another calls, by file */

/* shl-geom.c */

int
shl_geom_sign_at (const double *a, double b, const double *x, int d);

ShlNeuronStatus
shl_geom_status_on_box (const double *a, double b, double c, int d,
                        const double *lo, const double *hi);

int
shl_geom_kink_cmp_exact (double ai, double bi, double aj, double bj);

int
shl_geom_kink_cmp_point (double a, double b, double x);

/* shl-geom-common.c */

void
shl_geom_sort_keyed (Keyed *x, Keyed *tmp, size_t n);

void
shl_geom_best_init (Best *b);

void
shl_geom_best_clear (Best *b);

bool
shl_geom_best_offer (Best *b, const mpz_t n, const mpz_t d, mpz_t t1,
                     mpz_t t2);

int
shl_geom_best_offer_cmp (Best *b, const mpz_t n, const mpz_t d, mpz_t t1,
                         mpz_t t2);

void
shl_geom_low_exp_update (long *e0, double x);

bool
shl_geom_robust_coincide (double x, double y);

/* shl-geom-1d.c */

void
shl_geom_ctx1_clear (Ctx1 *cx);

bool
shl_geom_ctx1_build (Ctx1 *cx, const ShlNet *f, const ShlNet *g, double lo,
                     double hi, bool with_all, bool robust);

void
shl_geom_ex1_init (Ex1 *x, long e0);

void
shl_geom_ex1_clear (Ex1 *x);

void
shl_geom_ex1_add (Ex1 *x, const Neu1 *nu, double w, long e0);

void
shl_geom_ex1_affine (Ex1 *x, const Ctx1 *cx);

void
shl_geom_ex1_value_at (Ex1 *x, double px, long e0);

void
shl_geom_ex1_value_at_kink (Ex1 *x, const Neu1 *nu, long e0);

void
shl_geom_slope_offer_1d (Best *bs, double *bw, const Ctx1 *cx, const mpz_t S,
                         const mpz_t one, int pl, int pr, mpz_t t1, mpz_t t2);

void
shl_geom_finish_1d (ShlDistances *out, const Ctx1 *cx, const Best *bv,
                    const Best *bs, double bw, const Best *bsr);

bool
shl_geom_distance_1d (ShlDistances *out, const ShlNet *f, const ShlNet *g,
                      double lo, double hi, bool robust);

/* shl-geom-naive.c */

bool
shl_geom_distance_1d_naive (ShlDistances *out, const ShlNet *f,
                            const ShlNet *g, double lo, double hi,
                            bool robust);

bool
shl_geom_distance_2d_naive (ShlDistances *out, const ShlNet *f,
                            const ShlNet *g, const double *lo,
                            const double *hi, bool robust);

/* shl-geom-2d-build.c */

void
shl_geom_ctx2_clear (Ctx2 *cx);

void
shl_geom_group_exact (const Ctx2 *cx, const int *idx, int count, mpz_t *out,
                      mpz_t t1, mpz_t t2);

bool
shl_geom_ctx2_build (Ctx2 *cx, const ShlNet *f, const ShlNet *g,
                     const double *lo, const double *hi, bool robust);

void
shl_geom_ctx2_exact (Ctx2 *cx);

int
shl_geom_line_cmp (const double *p, const double *q);

int
shl_geom_neu2_line_cmp (const void *pa, const void *pb, void *user);

/* shl-geom-2d-robust.c */

bool
shl_geom_ctx2_robust (Ctx2 *cx, int *nci, int nnc);

void
shl_geom_width_record (Ctx2 *cx, int c, const double *r, const double *ra,
                       const double *rb, int side);

double
shl_geom_cell_width_2d (const Ctx2 *cx, const double *R, const double *A,
                        const double *B, int side);

bool
shl_geom_cell_ignored (const Ctx2 *cx, int side);

void
shl_geom_robust_walk_init (Ctx2 *cx, int l);

void
shl_geom_robust_walk_flip (Ctx2 *cx, int j, int sd);

/* shl-geom-2d-walk.c */

void
shl_geom_finish_2d (ShlDistances *out, Ctx2 *cx);

bool
shl_geom_distance_2d (ShlDistances *out, const ShlNet *f, const ShlNet *g,
                      const double *lo, const double *hi, bool robust);

void
shl_geom_exact_pair (Ctx2 *cx, int l, int j);
