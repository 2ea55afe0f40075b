/* shl-symmetry.c: symmetry moves, neuron diagnosis, canonicalisation and
 * the restricted-set projection. See shl-symmetry.h and theory.md section 4.
 *
 * Every step that changes parameters uses an identity of relu on the box:
 *   relu(b) is a constant when a = 0,
 *   relu(z) = 0 when z <= 0 on the box (dead),
 *   relu(z) = z when z >= 0 on the box (affine),
 *   c relu(z) = c relu(-z) + c z (orientation),
 *   c relu(z) + c' relu(l z) = (c + l c') relu(z) for l > 0 (merge),
 *   c relu(z) = (c / l) relu(l z) for l > 0 (balance),
 * so the realization changes by rounding only.
 *
 * Plain C + libm, no GLib. */
#include "shl-symmetry.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-number.h"

/* angles of 2-D normals closer than this count as equal when sorting */
#define ANGLE_TOL 1e-12
/* "already balanced": leave the neuron bit for bit as it is */
#define BALANCED_ULPS 4.0

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static inline double *
neuron_a (const ShlNet *net, int i)
{
  return net->a + (size_t) i * (size_t) net->d;
}

static bool
a_is_zero (const ShlNet *net, int i)
{
  return shl_net_neuron_a_is_zero (net, i);
}

static bool
is_zero_neuron (const ShlNet *net, int i)
{
  return shl_net_neuron_is_zero (net, i);
}

/* The status of neuron i on the box with a margin: the kink must lie
 * SHL_SYM_BOUNDARY_RTOL (relative to the size of the terms of the
 * pre-activation) inside the box to count as active, so that the verdict
 * survives rescaling, which moves a kink on the boundary by an ulp to
 * either side. Near-boundary neurons are dead (kink near the upper end of
 * the pre-activation range) or affine (near the lower end). */
static ShlNeuronStatus
robust_status (const ShlNet *net, int i)
{
  if (is_zero_neuron (net, i))
    return SHL_NEURON_ZERO;
  switch (shl_net_neuron_place (net, i, SHL_SYM_BOUNDARY_RTOL))
    {
    case SHL_KINK_DEAD:
      return SHL_NEURON_DEAD;
    case SHL_KINK_AFFINE:
      return SHL_NEURON_AFFINE;
    case SHL_KINK_INSIDE:
    default:
      return SHL_NEURON_ACTIVE;
    }
}

static double
norm_ab (const ShlNet *net, int i)
{
  return shl_net_neuron_norm_ab (net, i);
}

/* sign of the first non-zero entry of a_i (0 if a_i = 0) */
static int
orientation (const ShlNet *net, int i)
{
  const double *a = neuron_a (net, i);
  for (int j = 0; j < net->d; j++)
    {
      if (a[j] > 0.0)
        return 1;
      if (a[j] < 0.0)
        return -1;
    }
  return 0;
}

static void
zero_neuron (ShlNet *net, int i)
{
  double *a = neuron_a (net, i);
  for (int j = 0; j < net->d; j++)
    a[j] = 0.0;
  net->b[i] = 0.0;
  net->c[i] = 0.0;
}

/* Whether a computed parameter fits: in range, beyond the double range,
 * or rounded in the subnormals (too few digits left: a slope v_j or a
 * weight there is off by up to 2^-1075, which the domain's extent
 * multiplies) */
typedef enum {
  FIT,
  FIT_OVER,
  FIT_UNDER,
} Fit;

/* Did r = fma (c, x, acc) round in the subnormals? It can only when the
 * operands are tiny (else the exact sum is a multiple of a much larger
 * power of two); then the same sum scaled by 2^600 is exact or rounded
 * far above the subnormals, and differs from 2^600 r if r lost digits. */
static bool
rounded_subnormal (double r, double acc, double c, double x)
{
  if (fabs (r) >= DBL_MIN || c == 0.0 || x == 0.0)
    return false;
  if (fabs (acc) > 0x1p-400 || fabs (c) * fabs (x) > 0x1p-400)
    return false;
  double cs = fabs (c) <= 0x1p400 ? ldexp (c, 600) : c;
  double xs = cs == c ? ldexp (x, 600) : x;
  return fma (cs, xs, ldexp (acc, 600)) != ldexp (r, 600);
}

/* An entry x of a (nonzero) became y: lost to underflow if it is now 0,
 * or shrank in the subnormals (fewer digits than it had) */
static bool
lost_entry (double x, double y)
{
  return x != 0.0 && (y == 0.0 || (fabs (y) < DBL_MIN && fabs (y) < fabs (x)));
}

/* *acc + c x. The plain product and sum (bit for bit what they always
 * were) while the product is a normal number; else one fused
 * multiply-add, which neither overflows nor loses digits in between
 * (1e200 * 1e200 - 1e308 is exact). FIT_OVER if the result is beyond the
 * double range; with check_under, FIT_UNDER if it rounded in the
 * subnormals. *acc is changed only on FIT. */
static Fit
add_product (double *acc, double c, double x, bool check_under)
{
  double p = c * x;
  bool exact_zero = p == 0.0 && (c == 0.0 || x == 0.0);
  double r = isfinite (p) && (fabs (p) >= DBL_MIN || exact_zero) ? *acc + p : fma (c, x, *acc);
  if (!isfinite (r))
    return FIT_OVER;
  if (check_under && rounded_subnormal (r, *acc, c, x))
    return FIT_UNDER;
  *acc = r;
  return FIT;
}

/* (v, e) += c_i (a_i, b_i): the neuron's pre-activation times c_i. On
 * anything but FIT net is unchanged. With strict, a v_j rounded in the
 * subnormals is FIT_UNDER (an error of up to 2^-1075 in a slope, which
 * x_j multiplies; a subnormal rounding of e is below an ulp of anything);
 * without, it is accepted. */
static Fit
fold_into_affine (ShlNet *net, int i, bool strict)
{
  const double *a = neuron_a (net, i);
  double c = net->c[i];
  double v[SHL_MAX_DIM], e = *net->e;
  Fit fit;
  for (int j = 0; j < net->d; j++)
    {
      v[j] = net->v[j];
      if ((fit = add_product (&v[j], c, a[j], strict)) != FIT)
        return fit;
    }
  if ((fit = add_product (&e, c, net->b[i], false)) != FIT)
    return fit;
  memcpy (net->v, v, (size_t) net->d * sizeof (double));
  *net->e = e;
  return FIT;
}

/* c relu(z) = c relu(-z) + c z; net unchanged unless FIT */
static Fit
flip_neuron (ShlNet *net, int i, bool strict)
{
  Fit fit = fold_into_affine (net, i, strict);
  if (fit != FIT)
    return fit;
  double *a = neuron_a (net, i);
  for (int j = 0; j < net->d; j++)
    a[j] = -a[j] + 0.0; /* + 0.0: no -0 */
  net->b[i] = -net->b[i] + 0.0;
  return FIT;
}

/* Balance neuron i unless it is zero-sized or already balanced to a few
 * ulps (then it is left bit for bit as it is). */
static void
balance_neuron (ShlNet *net, int i)
{
  double inner = norm_ab (net, i), outer = fabs (net->c[i]);
  if (inner == 0.0 || outer == 0.0)
    return;
  if (fabs (outer - inner) <= BALANCED_ULPS * DBL_EPSILON * fmax (outer, inner))
    return;
  shl_net_balance_neuron (net, i);   /* scaled when outer / inner overflows */
}

/* The box-normalised hyperplane of neuron i as a unit vector u (d + 1):
 * in box coordinates x = x0 + h (.) s, s in [-1, 1]^d, the pre-activation
 * is <a (.) h, s> + (b + <a, x0>). The norm of that vector is
 * *norm_m 2^(*norm_e) (both may be NULL). False if a_i = 0 or not
 * finite. */
static bool
box_unit (double *u, const ShlNet *net, int i, double *norm_m, int *norm_e)
{
  const int d = net->d;
  const double *a = neuron_a (net, i);
  if (a_is_zero (net, i))
    return false;
  /* (a, b) scaled by a power of two so that the largest term is about 1:
   * the unit vector is the same (scaling is exact), and 1e300 or 1e-300
   * neither overflow nor underflow */
  double h[SHL_MAX_DIM], x0[SHL_MAX_DIM];
  int e = net->b[i] != 0.0 ? ilogb (net->b[i]) : INT_MIN;
  for (int j = 0; j < d; j++)
    {
      h[j] = 0.5 * net->hi[j] - 0.5 * net->lo[j];
      x0[j] = 0.5 * net->hi[j] + 0.5 * net->lo[j];
      double big = fmax (h[j], fabs (x0[j]));
      if (a[j] != 0.0 && big > 0.0 && ilogb (a[j]) + ilogb (big) > e)
        e = ilogb (a[j]) + ilogb (big);
    }
  u[d] = ldexp (net->b[i], -e);
  for (int j = 0; j < d; j++)
    {
      double as = ldexp (a[j], -e);
      u[j] = as * h[j];
      u[d] += as * x0[j];
    }
  double mx = 0.0;
  for (int k = 0; k <= d; k++)
    mx = fmax (mx, fabs (u[k]));
  if (!(mx > 0.0) || !isfinite (mx))
    return false;
  double s = 0.0;
  for (int k = 0; k <= d; k++)
    {
      u[k] /= mx;
      s += u[k] * u[k];
    }
  s = sqrt (s);
  for (int k = 0; k <= d; k++)
    u[k] /= s;
  if (norm_m)
    *norm_m = mx * s;
  if (norm_e)
    *norm_e = e;
  return true;
}

/* +1: same oriented hyperplane, -1: opposite, 0: neither (or a = 0) */
static int
hyperplane_relation (const ShlNet *net, int i, int j)
{
  double ui[SHL_MAX_DIM + 1], uj[SHL_MAX_DIM + 1];
  if (!box_unit (ui, net, i, NULL, NULL) || !box_unit (uj, net, j, NULL, NULL))
    return 0;
  bool same = true, opp = true;
  for (int k = 0; k <= net->d; k++)
    {
      same = same && fabs (ui[k] - uj[k]) <= SHL_SYM_HYPERPLANE_RTOL;
      opp = opp && fabs (ui[k] + uj[k]) <= SHL_SYM_HYPERPLANE_RTOL;
    }
  return same ? 1 : opp ? -1 : 0;
}

/* The neuron a group on one oriented hyperplane merges into. */
typedef struct {
  double a[SHL_MAX_DIM], b, c;
  bool   zero;   /* the weights cancel */
} Merged;

/* the next neuron after j on neuron i's oriented hyperplane, or m */
static int
next_member (const ShlNet *net, int i, int j)
{
  for (j++; j < net->m; j++)
    if (!a_is_zero (net, j) && hyperplane_relation (net, i, j) == 1)
      return j;
  return net->m;
}

/* How many copies of neuron i's pre-activation neuron j's is, r_j with
 * z_j ~ r_j z_i: the ratio of their norms in box coordinates, where the
 * test "same hyperplane" is made (SHL_SYM_HYPERPLANE_RTOL), so that a
 * merge moves the function by at most about that tolerance times
 * |c_j| times the size of z_j on the box. (The ratio of the norms of
 * (a, b) would be the same for exactly proportional neurons, but for two
 * a few ulps apart it can be off where |x| is large.) As m 2^e. */
static double
box_ratio (const ShlNet *net, int i, int j, int *e)
{
  double u[SHL_MAX_DIM + 1], mi, mj;
  int ei, ej;
  box_unit (u, net, i, &mi, &ei);
  box_unit (u, net, j, &mj, &ej);
  *e = ej - ei;
  return mj / mi;
}

/* The group of neuron i merged: (a, b) normalised to ||(a, b)|| = 1 and
 * c = ||(a_i, b_i)|| (c_i + sum_j c_j r_j) (box_ratio), computed plainly
 * while every product is a normal number and every sum finite. Returns
 * false if they are not. */
static bool
merge_plain (Merged *out, const ShlNet *net, int i)
{
  double ni = norm_ab (net, i);
  double ci = net->c[i] * ni;
  if (!isfinite (ci) || (fabs (ci) < DBL_MIN && net->c[i] != 0.0))
    return false;
  double abs_sum = fabs (ci);
  for (int j = next_member (net, i, i); j < net->m; j = next_member (net, i, j))
    {
      int e;
      double r = box_ratio (net, i, j, &e);
      double cj = net->c[j] * ldexp (ni * r, e);
      if (!isfinite (cj) || (fabs (cj) < DBL_MIN && net->c[j] != 0.0))
        return false;
      ci += cj;
      abs_sum += fabs (cj);
    }
  if (!isfinite (ci) || !isfinite (abs_sum))
    return false;
  const double *a = neuron_a (net, i);
  for (int k = 0; k < net->d; k++)
    {
      out->a[k] = a[k] / ni;
      /* an entry lost to underflow would change the orientation */
      if (lost_entry (a[k], out->a[k]))
        return false;
    }
  out->b = net->b[i] / ni;
  out->c = ci;
  out->zero = fabs (ci) <= SHL_SYM_CANCEL_RTOL * abs_sum;
  return true;
}

/* c_j ||(a_i, b_i)|| r_j (r_i = 1) as m 2^e, m in [1/8, 1) */
static double
merge_term (const ShlNet *net, int i, int j, int *e)
{
  int ec, en, er = 0, ex = 0;
  double mc = frexp (net->c[j], &ec), mn = frexp (norm_ab (net, i), &en);
  double mr = 1.0;
  if (j != i)
    mr = frexp (box_ratio (net, i, j, &er), &ex);
  *e = ec + en + er + ex;
  return mc * mn * mr;
}

/* The same when a product or sum leaves the double range: the terms
 * c_j ||(a_i, b_i)|| r_j = m_j 2^(e_j) are summed as m_j 2^(e_j - E) with
 * E = max e_j, and the merged neuron splits 2^E between its hyperplane
 * and its outer weight: (a, b) = 2^(E/2) (a, b) / ||(a, b)||,
 * c = S 2^(E - E/2) (balancing, step 5, evens them out). FIT_OVER if
 * even that is beyond the double range, FIT_UNDER if it is in the
 * subnormals. */
static Fit
merge_scaled (Merged *out, const ShlNet *net, int i)
{
  int E = INT_MIN;
  for (int j = i; j < net->m; j = next_member (net, i, j))
    if (net->c[j] != 0.0)
      {
        int e;
        merge_term (net, i, j, &e);
        E = e > E ? e : E;
      }
  double S = 0.0, A = 0.0;
  for (int j = i; E != INT_MIN && j < net->m; j = next_member (net, i, j))
    if (net->c[j] != 0.0)
      {
        int e;
        double m = merge_term (net, i, j, &e);
        double t = ldexp (m, e - E);
        S += t;
        A += fabs (t);
      }
  out->zero = E == INT_MIN || fabs (S) <= SHL_SYM_CANCEL_RTOL * A;
  if (out->zero)
    return FIT;
  int half = E >= 0 ? E / 2 : -((-E + 1) / 2);   /* floor (E / 2) */
  int en;
  double mn = frexp (norm_ab (net, i), &en);   /* ||(a, b)|| = mn 2^en */
  const double *a = neuron_a (net, i);
  /* (a, b) / mn on copies scaled up by 2^-ea first: a subnormal entry
   * divided as it is would be rounded to its few digits */
  double mx = fabs (net->b[i]);
  for (int k = 0; k < net->d; k++)
    mx = fmax (mx, fabs (a[k]));
  int ea = ilogb (mx);
  out->b = ldexp (ldexp (net->b[i], -ea) / mn, half - en + ea);
  out->c = ldexp (S, E - half);
  bool ok = isfinite (out->b) && isfinite (out->c);
  /* the weight in the subnormals, or an entry of a lost (the
   * orientation would change) */
  bool under = fabs (out->c) < DBL_MIN;
  for (int k = 0; k < net->d; k++)
    {
      out->a[k] = ldexp (ldexp (a[k], -ea) / mn, half - en + ea);
      ok = ok && isfinite (out->a[k]);
      under = under || lost_entry (a[k], out->a[k]);
    }
  if (!ok)
    return FIT_OVER;
  return under ? FIT_UNDER : FIT;
}

/* Merge every neuron into the first earlier neuron on the same oriented
 * hyperplane. A group's first neuron is normalised (||(a, b)||_2 = 1,
 * c <- c ||(a, b)||_2) and collects the normalised outer weights of the
 * others; the others are zeroed (keep[j] = false if keep is not NULL). A
 * cancelling sum zeroes the first neuron too. Neurons alone on their
 * hyperplane are untouched. When the weights leave the double range the
 * first neuron keeps a hyperplane of norm 2^k instead of 1 (see
 * merge_scaled). No allocation. Returns the number of slots zeroed, or -1
 * (*bad = the group's first neuron, *why the reason; the groups before it
 * are merged) if a merged neuron does not fit in doubles (without strict,
 * one rounded in the subnormals is accepted). */
static int
merge_hyperplanes (ShlNet *net, bool *keep, int *bad, Fit *why, bool strict)
{
  const int m = net->m;
  int zeroed = 0;
  for (int i = 0; i < m; i++)
    {
      if (a_is_zero (net, i) || next_member (net, i, i) >= m)
        continue;
      Merged g;
      Fit fit = FIT;
      if (!merge_plain (&g, net, i) && (fit = merge_scaled (&g, net, i)) != FIT
          && (strict || fit == FIT_OVER))
        {
          if (bad)
            *bad = i;
          if (why)
            *why = fit;
          return -1;
        }
      /* the members are found on the unchanged neuron i, as above */
      for (int j = next_member (net, i, i); j < m; j = next_member (net, i, j))
        {
          zero_neuron (net, j);
          if (keep)
            keep[j] = false;
          zeroed++;
        }
      if (g.zero)
        {
          zero_neuron (net, i);
          if (keep)
            keep[i] = false;
          zeroed++;
          continue;
        }
      memcpy (neuron_a (net, i), g.a, (size_t) net->d * sizeof (double));
      net->b[i] = g.b;
      net->c[i] = g.c;
    }
  return zeroed;
}

int
shl_net_count_zero (const ShlNet *net)
{
  int n = 0;
  for (int i = 0; net && i < net->m; i++)
    if (is_zero_neuron (net, i))
      n++;
  return n;
}

/* ------------------------------------------------------------------------ */
/* Symmetry moves                                                           */

bool
shl_net_permute (ShlNet *net, const int *perm)
{
  if (!net || (!perm && net->m > 0))
    return false;
  const int m = net->m, d = net->d;
  if (m <= 0)
    return true;
  unsigned char *seen = calloc ((size_t) m, 1);
  double *tmp = malloc ((size_t) m * (size_t) (d + 2) * sizeof *tmp);
  bool ok = seen && tmp;
  for (int k = 0; ok && k < m; k++)
    {
      if (perm[k] < 0 || perm[k] >= m || seen[perm[k]])
        ok = false;
      else
        seen[perm[k]] = 1;
    }
  if (ok)
    {
      /* tmp = the permuted [a | b | c] block, copied back in one go */
      double *ta = tmp, *tb = tmp + (size_t) m * (size_t) d, *tc = tb + m;
      for (int k = 0; k < m; k++)
        {
          memcpy (ta + (size_t) k * (size_t) d, neuron_a (net, perm[k]),
                  (size_t) d * sizeof (double));
          tb[k] = net->b[perm[k]];
          tc[k] = net->c[perm[k]];
        }
      memcpy (net->a, tmp, (size_t) m * (size_t) (d + 2) * sizeof (double));
    }
  free (seen);
  free (tmp);
  return ok;
}

void
shl_net_swap_neurons (ShlNet *net, int i, int j)
{
  if (!net || i < 0 || j < 0 || i >= net->m || j >= net->m || i == j)
    return;
  double *ai = neuron_a (net, i), *aj = neuron_a (net, j), t;
  for (int k = 0; k < net->d; k++)
    {
      t = ai[k];
      ai[k] = aj[k];
      aj[k] = t;
    }
  t = net->b[i];
  net->b[i] = net->b[j];
  net->b[j] = t;
  t = net->c[i];
  net->c[i] = net->c[j];
  net->c[j] = t;
}

/* ------------------------------------------------------------------------ */
/* Diagnosis                                                                */

void
shl_net_diagnose (ShlNeuronDiag *diag, const ShlNet *net)
{
  if (!diag || !net)
    return;
  for (int i = 0; i < net->m; i++)
    {
      ShlNeuronDiag *g = diag + i;
      g->status = shl_neuron_status (net, i);
      g->norm_ab = shl_net_neuron_norm_ab (net, i);
      g->imbalance = shl_net_neuron_imbalance (net, i);
      g->jump = shl_net_neuron_jump (net, i);
      g->kink = shl_net_neuron_kink (net, i);
      g->duplicate_of = -1;
      g->opposite_of = -1;
      for (int j = 0; j < i; j++)
        {
          int rel = hyperplane_relation (net, i, j);
          if (rel == 1 && g->duplicate_of < 0)
            g->duplicate_of = j;
          else if (rel == -1 && g->opposite_of < 0)
            g->opposite_of = j;
        }
    }
}

/* A growing malloc'd string. */
typedef struct {
  char  *s;
  size_t len, cap;
  bool   failed;
} Buf;

static void buf_printf (Buf *buf, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

static void
buf_printf (Buf *buf, const char *fmt, ...)
{
  if (buf->failed)
    return;
  for (;;)
    {
      va_list ap;
      va_start (ap, fmt);
      size_t room = buf->cap - buf->len;
      int n = vsnprintf (buf->s ? buf->s + buf->len : NULL, room, fmt, ap);
      va_end (ap);
      if (n < 0)
        {
          buf->failed = true;
          return;
        }
      if ((size_t) n < room)
        {
          buf->len += (size_t) n;
          return;
        }
      size_t cap = buf->cap ? buf->cap : 256;
      while (cap <= buf->len + (size_t) n)
        cap *= 2;
      char *s = realloc (buf->s, cap);
      if (!s)
        {
          buf->failed = true;
          return;
        }
      buf->s = s;
      buf->cap = cap;
    }
}

/* "%.6g", or "-" for NAN */
static const char *
fmt_num (char *out, size_t size, double x)
{
  if (isnan (x))
    snprintf (out, size, "-");
  else
    snprintf (out, size, "%.6g", x + 0.0); /* no "-0" */
  return out;
}

char *
shl_net_diagnosis_text (const ShlNet *net, const ShlNeuronDiag *diag)
{
  if (!net || (!diag && net->m > 0))
    return NULL;
  const int d = net->d;
  Buf buf = { NULL, 0, 0, false };
  char n1[32], n2[32], n3[32], n4[32], n5[32], n6[32], n7[32];
  const char *kink_head = d == 1 ? "kink" : "offset";

  if (d == 1)
    buf_printf (&buf, "%5s  %-7s %12s %12s %12s %12s %12s %10s  %s\n", "i",
                "status", "a", "b", "c", kink_head, "jump", "imbalance",
                "partner");
  else
    buf_printf (&buf, "%5s  %-7s %12s %12s %12s %12s %12s %12s %10s  %s\n",
                "i", "status", "a1", "a2", "b", "c", kink_head, "jump",
                "imbalance", "partner");
  int count[4] = { 0, 0, 0, 0 };
  for (int i = 0; i < net->m; i++)
    {
      const ShlNeuronDiag *g = diag + i;
      const double *a = neuron_a (net, i);
      if ((unsigned) g->status < 4)
        count[g->status]++;
      buf_printf (&buf, "%5d  %-7s %12s", i, shl_neuron_status_name (g->status),
                  fmt_num (n1, sizeof n1, a[0]));
      if (d == 2)
        buf_printf (&buf, " %12s", fmt_num (n2, sizeof n2, a[1]));
      buf_printf (&buf, " %12s %12s %12s %12s %10s  ",
                  fmt_num (n3, sizeof n3, net->b[i]),
                  fmt_num (n4, sizeof n4, net->c[i]),
                  fmt_num (n5, sizeof n5, g->kink),
                  fmt_num (n6, sizeof n6, g->jump),
                  fmt_num (n7, sizeof n7, g->imbalance));
      if (g->duplicate_of >= 0 && g->opposite_of >= 0)
        buf_printf (&buf, "duplicate of %d, opposite of %d\n",
                    g->duplicate_of, g->opposite_of);
      else if (g->duplicate_of >= 0)
        buf_printf (&buf, "duplicate of %d\n", g->duplicate_of);
      else if (g->opposite_of >= 0)
        buf_printf (&buf, "opposite of %d\n", g->opposite_of);
      else
        buf_printf (&buf, "-\n");
    }
  bool beyond = false;
  for (int i = 0; i < net->m; i++)
    beyond = beyond || isinf (diag[i].norm_ab) || isinf (diag[i].kink)
             || isinf (diag[i].jump) || isinf (diag[i].imbalance);
  if (beyond)
    buf_printf (&buf, "(inf: a value beyond the double range, about 1.8e308)\n");
  buf_printf (&buf, "\nwidth %d: %d active, %d affine, %d dead, %d zero\n",
              net->m, count[SHL_NEURON_ACTIVE], count[SHL_NEURON_AFFINE],
              count[SHL_NEURON_DEAD], count[SHL_NEURON_ZERO]);
  char num[SHL_NUMBER_BUF];
  shl_number_format (num, *net->e, SHL_NUMBER_DEFAULT);
  buf_printf (&buf, "e = %s, v = (", num);
  for (int j = 0; j < d; j++)
    {
      shl_number_format (num, net->v[j], SHL_NUMBER_DEFAULT);
      buf_printf (&buf, "%s%s", j ? ", " : "", num);
    }
  buf_printf (&buf, ")\n");
  int bad = -1;
  ShlRestrictedCheck chk = shl_net_check_restricted (&bad, net, SHL_RESTRICTED_TOL);
  if (chk == SHL_RESTRICTED_OK)
    buf_printf (&buf, "restricted: yes (balanced within " SHL_RESTRICTED_TOL_TEXT ")\n");
  else if (bad >= 0)
    buf_printf (&buf, "restricted: no (neuron %d: %s)\n", bad,
                shl_restricted_check_name (chk));
  else
    buf_printf (&buf, "restricted: no (%s)\n", shl_restricted_check_name (chk));
  if (buf.failed)
    {
      free (buf.s);
      return NULL;
    }
  return buf.s;
}

/* ------------------------------------------------------------------------ */
/* Canonicalisation                                                         */

static const ShlName step_entries[] = {
  { SHL_CANON_DROP, "drop", "Drop dead and constant neurons" },
  { SHL_CANON_AFFINE, "affine", "Fold always-active neurons into the linear part" },
  { SHL_CANON_ORIENT, "orient", "Orient" },
  { SHL_CANON_MERGE, "merge", "Merge neurons sharing a kink" },
  { SHL_CANON_BALANCE, "balance", "Balance" },
  { SHL_CANON_ORDER_PAD, "order-pad", "Sort and pad" },
};
const ShlNameTable shl_canon_step_names = SHL_NAME_TABLE ("canonicalisation step", step_entries);

const char *
shl_canon_step_name (ShlCanonStep step)
{
  return shl_name_id (&shl_canon_step_names, (int) step);
}

/* A new net with src's affine part, the neurons i with keep[i] in order,
 * then zero neurons up to width (if larger). NULL if out of memory. */
static ShlNet *
select_neurons (const ShlNet *src, const bool *keep, int width)
{
  const int d = src->d;
  int n = 0;
  for (int i = 0; i < src->m; i++)
    if (keep[i])
      n++;
  ShlNet *out = shl_net_new (n > width ? n : width, d, src->lo, src->hi);
  if (!out)
    return NULL;
  int k = 0;
  for (int i = 0; i < src->m; i++)
    if (keep[i])
      {
        memcpy (neuron_a (out, k), neuron_a (src, i),
                (size_t) d * sizeof (double));
        out->b[k] = src->b[i];
        out->c[k] = src->c[i];
        k++;
      }
  *out->e = *src->e;
  memcpy (out->v, src->v, (size_t) d * sizeof (double));
  return out;
}

/* The steps return the neuron whose result does not fit in doubles (and
 * why in *fit), or -1. */

static int
step_drop (ShlNet *w, bool *keep, Fit *fit)
{
  for (int i = 0; i < w->m; i++)
    {
      if (a_is_zero (w, i))
        {
          /* a constant neuron (or a zero one): c relu(b) */
          if ((*fit = add_product (w->e, w->c[i], fmax (w->b[i], 0.0), false)) != FIT)
            return i;
          keep[i] = false;
        }
      else if (w->c[i] == 0.0
               || robust_status (w, i) == SHL_NEURON_DEAD)
        keep[i] = false;
    }
  return -1;
}

static int
step_affine (ShlNet *w, bool *keep, Fit *fit)
{
  for (int i = 0; i < w->m; i++)
    if (robust_status (w, i) == SHL_NEURON_AFFINE)
      {
        if ((*fit = fold_into_affine (w, i, true)) != FIT)
          return i;
        keep[i] = false;
      }
  return -1;
}

static int
step_orient (ShlNet *w, Fit *fit)
{
  for (int i = 0; i < w->m; i++)
    if (orientation (w, i) < 0 && (*fit = flip_neuron (w, i, true)) != FIT)
      return i;
  return -1;
}

typedef struct {
  int    idx;
  int    d;
  int    cls;        /* 0: a != 0, 1: a = 0 but not zero, 2: zero */
  double k1, k2;     /* 1-D: kink, 0; 2-D: angle, offset */
  double raw[4];     /* a (padded), b, c: tie-breakers */
} SortKey;

static int
cmp_double (double x, double y)
{
  return (x > y) - (x < y);
}

static int
sort_key_cmp (const void *pa, const void *pb)
{
  const SortKey *x = pa, *y = pb;
  int r;
  if ((r = x->cls - y->cls) != 0)
    return r;
  if (x->cls == 0)
    {
      if (x->d == 1 || fabs (x->k1 - y->k1) > ANGLE_TOL)
        {
          if ((r = cmp_double (x->k1, y->k1)) != 0)
            return r;
        }
      if ((r = cmp_double (x->k2, y->k2)) != 0)
        return r;
    }
  for (int k = 0; k < 4; k++)
    if ((r = cmp_double (x->raw[k], y->raw[k])) != 0)
      return r;
  return (x->idx > y->idx) - (x->idx < y->idx);
}

static ShlNet *
step_order_pad (const ShlNet *net, int pad_width)
{
  const int m = net->m, d = net->d;
  SortKey *keys = malloc ((size_t) (m > 0 ? m : 1) * sizeof *keys);
  int *perm = malloc ((size_t) (m > 0 ? m : 1) * sizeof *perm);
  ShlNet *out = NULL;
  if (!keys || !perm)
    goto done;
  for (int i = 0; i < m; i++)
    {
      SortKey *k = keys + i;
      const double *a = neuron_a (net, i);
      k->idx = i;
      k->d = d;
      k->cls = is_zero_neuron (net, i) ? 2 : a_is_zero (net, i) ? 1 : 0;
      k->k1 = k->k2 = 0.0;
      /* the kink (1-D) or the normal's angle, then the line's offset (2-D);
       * shl_net_neuron_kink's "+ 0.0" does not change comparisons */
      if (k->cls == 0 && d == 1)
        k->k1 = shl_net_neuron_kink (net, i);
      else if (k->cls == 0)
        {
          k->k1 = atan2 (a[1], a[0]);
          k->k2 = shl_net_neuron_kink (net, i);
        }
      k->raw[0] = a[0];
      k->raw[1] = d > 1 ? a[1] : 0.0;
      k->raw[2] = net->b[i];
      k->raw[3] = net->c[i];
    }
  qsort (keys, (size_t) m, sizeof *keys, sort_key_cmp);
  for (int i = 0; i < m; i++)
    perm[i] = keys[i].idx;
  out = shl_net_new (pad_width > m ? pad_width : m, d, net->lo, net->hi);
  if (!out)
    goto done;
  for (int k = 0; k < m; k++)
    {
      memcpy (neuron_a (out, k), neuron_a (net, perm[k]),
              (size_t) d * sizeof (double));
      out->b[k] = net->b[perm[k]];
      out->c[k] = net->c[perm[k]];
    }
  *out->e = *net->e;
  memcpy (out->v, net->v, (size_t) d * sizeof (double));
done:
  free (keys);
  free (perm);
  return out;
}

static const ShlName status_entries[] = {
  { SHL_CANON_OK, "ok", "canonicalised" },
  { SHL_CANON_NOT_FINITE, "not-finite", "a parameter of the network is not finite" },
  { SHL_CANON_OVERFLOW, "overflow",
    "the result does not fit in double precision (a folded or merged weight "
    "is beyond the double range, about 1.8e308)" },
  { SHL_CANON_NO_MEMORY, "no-memory", "out of memory" },
  { SHL_CANON_INVALID, "invalid", "invalid arguments" },
  { SHL_CANON_UNDERFLOW, "underflow",
    "the result does not fit in double precision (a folded, merged or "
    "balanced parameter would be rounded below the smallest normal double, "
    "about 2.2e-308, where too few digits are left)" },
};
const ShlNameTable shl_canon_status_names = SHL_NAME_TABLE ("canonicalisation status", status_entries);

const char *
shl_canon_status_message (ShlCanonStatus status)
{
  return shl_name_label (&shl_canon_status_names, (int) status);
}

static ShlNet *
report (ShlCanonReport *r, ShlCanonStatus status, int step, int neuron)
{
  if (r)
    {
      r->status = status;
      r->step = step;
      r->neuron = neuron;
    }
  return NULL;
}

/* one step; the net is finite and the step valid. map (may be NULL)
 * holds, for each neuron of net, its index in the network kappa started
 * from: a failure is reported with that index, and map is updated for the
 * neurons kept (steps 1 to 5 keep their order; step 6, the last, cannot
 * fail). */
static ShlNet *
canon_step (ShlCanonReport *r, const ShlNet *net, ShlCanonStep step, int pad_width,
            int *map)
{
  if (step == SHL_CANON_ORDER_PAD)
    {
      ShlNet *out = step_order_pad (net, pad_width);
      return out ? out : report (r, SHL_CANON_NO_MEMORY, step, -1);
    }
  ShlNet *w = shl_net_copy (net);
  bool *keep = malloc ((size_t) (net->m > 0 ? net->m : 1) * sizeof *keep);
  ShlNet *out = NULL;
  int bad = -1;
  Fit fit = FIT;
  if (!w || !keep)
    {
      report (r, SHL_CANON_NO_MEMORY, step, -1);
      goto done;
    }
  for (int i = 0; i < net->m; i++)
    keep[i] = true;
  switch (step)
    {
    case SHL_CANON_DROP:
      bad = step_drop (w, keep, &fit);
      break;
    case SHL_CANON_AFFINE:
      bad = step_affine (w, keep, &fit);
      break;
    case SHL_CANON_ORIENT:
      bad = step_orient (w, &fit);
      break;
    case SHL_CANON_MERGE:
      if (merge_hyperplanes (w, keep, &bad, &fit, true) >= 0)
        bad = -1;
      break;
    case SHL_CANON_BALANCE:
      for (int i = 0; i < w->m; i++)
        {
          double before[SHL_MAX_DIM];
          memcpy (before, neuron_a (w, i), (size_t) w->d * sizeof (double));
          balance_neuron (w, i);
          /* |c| = ||(a, b)|| below DBL_MIN: subnormal, too few digits
           * to be balanced to SHL_RESTRICTED_TOL; or an entry of a lost
           * to underflow (1e-284 next to 1e124): the orientation would
           * change */
          bool lost = w->c[i] != 0.0 && fabs (w->c[i]) < DBL_MIN;
          for (int j = 0; j < w->d; j++)
            lost = lost || lost_entry (before[j], neuron_a (w, i)[j]);
          if (bad < 0 && lost)
            bad = i;
        }
      if (bad >= 0)
        fit = FIT_UNDER;
      break;
    case SHL_CANON_ORDER_PAD:
    default:
      break;
    }
  if (bad >= 0 || !shl_net_is_finite (w))
    {
      report (r, fit == FIT_UNDER ? SHL_CANON_UNDERFLOW : SHL_CANON_OVERFLOW, step,
              bad >= 0 && map ? map[bad] : bad);
      goto done;
    }
  out = select_neurons (w, keep, 0);
  if (!out)
    report (r, SHL_CANON_NO_MEMORY, step, -1);
  for (int i = 0, k = 0; out && map && i < net->m; i++)
    if (keep[i])
      map[k++] = map[i];
done:
  shl_net_free (w);
  free (keep);
  return out;
}

ShlNet *
shl_canon_step (const ShlNet *net, ShlCanonStep step, int pad_width)
{
  if (!net || !shl_net_is_finite (net) || step < 1
      || step > SHL_CANON_N_STEPS)
    return NULL;
  return canon_step (NULL, net, step, pad_width, NULL);
}

ShlNet *
shl_canonicalize_report (ShlCanonReport *r, const ShlNet *net, int n_steps,
                         int pad_width)
{
  report (r, SHL_CANON_OK, 0, -1);
  if (!net || n_steps < 0 || n_steps > SHL_CANON_N_STEPS)
    return report (r, SHL_CANON_INVALID, 0, -1);
  if (!shl_net_is_finite (net))
    return report (r, SHL_CANON_NOT_FINITE, 0, -1);
  ShlNet *cur = shl_net_copy (net);
  int *map = malloc ((size_t) (net->m > 0 ? net->m : 1) * sizeof *map);
  if (!cur || !map)
    {
      shl_net_free (cur);
      free (map);
      return report (r, SHL_CANON_NO_MEMORY, 0, -1);
    }
  for (int i = 0; i < net->m; i++)
    map[i] = i;
  for (int s = 1; cur && s <= n_steps; s++)
    {
      ShlNet *next = canon_step (r, cur, (ShlCanonStep) s, pad_width, map);
      shl_net_free (cur);
      cur = next;
    }
  free (map);
  return cur;
}

ShlNet *
shl_canonicalize_steps (const ShlNet *net, int n_steps, int pad_width)
{
  return shl_canonicalize_report (NULL, net, n_steps, pad_width);
}

ShlNet *
shl_canonicalize (const ShlNet *net, int pad_width)
{
  return shl_canonicalize_steps (net, SHL_CANON_N_STEPS, pad_width);
}

/* ------------------------------------------------------------------------ */
/* The restricted set                                                       */

static const ShlName check_entries[] = {
  { SHL_RESTRICTED_OK, "restricted", "restricted" },
  { SHL_RESTRICTED_NOT_FINITE, "not-finite", "a parameter is not finite" },
  { SHL_RESTRICTED_NO_KINK, "no-kink",
    "no kink inside the domain (dead, affine, a = 0 or c = 0)" },
  { SHL_RESTRICTED_ORIENTATION, "orientation",
    "wrong orientation (first non-zero entry of a negative)" },
  { SHL_RESTRICTED_SHARED, "shared",
    "shares its oriented hyperplane with an earlier neuron" },
  { SHL_RESTRICTED_UNBALANCED, "unbalanced", "unbalanced" },
};
const ShlNameTable shl_restricted_check_names = SHL_NAME_TABLE ("restricted-set check", check_entries);

const char *
shl_restricted_check_name (ShlRestrictedCheck check)
{
  return shl_name_label (&shl_restricted_check_names, (int) check);
}

ShlRestrictedCheck
shl_net_check_restricted (int *neuron, const ShlNet *net, double tol)
{
  if (neuron)
    *neuron = -1;
  if (!net || !shl_net_is_finite (net))
    return SHL_RESTRICTED_NOT_FINITE;
  for (int i = 0; i < net->m; i++)
    {
      if (is_zero_neuron (net, i))
        continue;
      ShlRestrictedCheck r = SHL_RESTRICTED_OK;
      if (a_is_zero (net, i) || net->c[i] == 0.0
          || robust_status (net, i) != SHL_NEURON_ACTIVE)
        r = SHL_RESTRICTED_NO_KINK;
      else if (orientation (net, i) < 0)
        r = SHL_RESTRICTED_ORIENTATION;
      else
        {
          for (int j = 0; j < i && r == SHL_RESTRICTED_OK; j++)
            if (hyperplane_relation (net, i, j) == 1)
              r = SHL_RESTRICTED_SHARED;
          double inner = norm_ab (net, i), outer = fabs (net->c[i]);
          if (r == SHL_RESTRICTED_OK
              && !(fabs (outer - inner) <= tol * fmax (outer, inner)))
            r = SHL_RESTRICTED_UNBALANCED;
        }
      if (r != SHL_RESTRICTED_OK)
        {
          if (neuron)
            *neuron = i;
          return r;
        }
    }
  return SHL_RESTRICTED_OK;
}

bool
shl_net_is_restricted (const ShlNet *net, double tol)
{
  return shl_net_check_restricted (NULL, net, tol) == SHL_RESTRICTED_OK;
}

/* ------------------------------------------------------------------------ */
/* Projection                                                               */

void
shl_restricted_project_stats (ShlProjectStats *stats, ShlNet *net)
{
  ShlProjectStats st = { 0, 0, 0, 0, 0, 0 };
  if (!net)
    goto out;
  if (!shl_net_is_finite (net))
    {
      st.zero_slots = shl_net_count_zero (net);
      goto out;
    }
  for (int i = 0; i < net->m; i++)
    {
      if (is_zero_neuron (net, i))
        continue;
      if (a_is_zero (net, i))
        {
          if (add_product (net->e, net->c[i], fmax (net->b[i], 0.0), false) != FIT)
            goto overflow;
          zero_neuron (net, i);
          st.killed++;
          continue;
        }
      ShlNeuronStatus status = robust_status (net, i);
      if (net->c[i] == 0.0 || status == SHL_NEURON_DEAD)
        {
          zero_neuron (net, i);
          st.killed++;
        }
      else if (status == SHL_NEURON_AFFINE)
        {
          if (fold_into_affine (net, i, false) != FIT)
            goto overflow;
          zero_neuron (net, i);
          st.folded++;
        }
      else if (orientation (net, i) < 0)
        {
          if (flip_neuron (net, i, false) != FIT)
            goto overflow;
          st.flipped++;
        }
    }
  Fit why = FIT;
  st.merged = merge_hyperplanes (net, NULL, NULL, &why, false);
  if (st.merged < 0)
    goto overflow;
  for (int i = 0; i < net->m; i++)
    balance_neuron (net, i);
  st.zero_slots = shl_net_count_zero (net);
  goto out;
overflow:
  /* the projection is beyond the double range: say so in the network
   * itself (training reports a non-finite parameter) */
  *net->e = INFINITY;
  st.overflow = 1;
  st.merged = st.merged < 0 ? 0 : st.merged;
  st.zero_slots = shl_net_count_zero (net);
out:
  if (stats)
    *stats = st;
}

void
shl_restricted_project (ShlNet *net)
{
  shl_restricted_project_stats (NULL, net);
}
