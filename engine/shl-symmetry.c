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
 * Files: this one holds the moves on neurons (fold, flip, balance, merge),
 * permutations and the restricted set (check and projection);
 * shl-symmetry-diagnose.c the diagnosis; shl-symmetry-canon.c the
 * canonicalisation; shl-symmetry-private.h what they share.
 *
 * Plain C + libm, no GLib. */
#include "shl-symmetry-private.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-number.h"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

/* The status of neuron i on the box with a margin: the kink must lie
 * SHL_SYM_BOUNDARY_RTOL (relative to the size of the terms of the
 * pre-activation) inside the box to count as active, so that the verdict
 * survives rescaling, which moves a kink on the boundary by an ulp to
 * either side. Near-boundary neurons are dead (kink near the upper end of
 * the pre-activation range) or affine (near the lower end). */
ShlNeuronStatus
shl_symmetry_robust_status (const ShlNet *net, int i)
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
int
shl_symmetry_orientation (const ShlNet *net, int i)
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
bool
shl_symmetry_lost_entry (double x, double y)
{
  return x != 0.0 && (y == 0.0 || (fabs (y) < DBL_MIN && fabs (y) < fabs (x)));
}

/* *acc + c x. The plain product and sum (bit for bit what they always
 * were) while the product is a normal number; else one fused
 * multiply-add, which neither overflows nor loses digits in between
 * (1e200 * 1e200 - 1e308 is exact). FIT_OVER if the result is beyond the
 * double range; with check_under, FIT_UNDER if it rounded in the
 * subnormals. *acc is changed only on FIT. */
Fit
shl_symmetry_add_product (double *acc, double c, double x, bool check_under)
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
Fit
shl_symmetry_fold_into_affine (ShlNet *net, int i, bool strict)
{
  const double *a = neuron_a (net, i);
  double c = net->c[i];
  double v[SHL_MAX_DIM], e = *net->e;
  Fit fit;
  for (int j = 0; j < net->d; j++)
    {
      v[j] = net->v[j];
      if ((fit = shl_symmetry_add_product (&v[j], c, a[j], strict)) != FIT)
        return fit;
    }
  if ((fit = shl_symmetry_add_product (&e, c, net->b[i], false)) != FIT)
    return fit;
  memcpy (net->v, v, (size_t) net->d * sizeof (double));
  *net->e = e;
  return FIT;
}

/* c relu(z) = c relu(-z) + c z; net unchanged unless FIT */
Fit
shl_symmetry_flip_neuron (ShlNet *net, int i, bool strict)
{
  Fit fit = shl_symmetry_fold_into_affine (net, i, strict);
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
void
shl_symmetry_balance_neuron (ShlNet *net, int i)
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
int
shl_symmetry_hyperplane_relation (const ShlNet *net, int i, int j)
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
    if (!a_is_zero (net, j)
        && shl_symmetry_hyperplane_relation (net, i, j) == 1)
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
  /* a subnormal norm has few digits (7.07e-324 is stored as 5e-324):
   * dividing by it would change the direction; the scaled path */
  if (ni < DBL_MIN)
    return false;
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
      if (shl_symmetry_lost_entry (a[k], out->a[k]))
        return false;
    }
  out->b = net->b[i] / ni;
  out->c = ci;
  out->zero = fabs (ci) <= SHL_SYM_CANCEL_RTOL * abs_sum;
  return true;
}

/* ||(a_i, b_i)|| as m 2^e, m in [1/2, 1), computed on (a_i, b_i) scaled
 * by a power of two first: right where the norm itself would be a
 * subnormal (or beyond the double range) */
static double
norm_frexp (const ShlNet *net, int i, int *e)
{
  const double *a = neuron_a (net, i);
  double mx = fabs (net->b[i]);
  for (int k = 0; k < net->d; k++)
    mx = fmax (mx, fabs (a[k]));
  if (mx == 0.0 || !isfinite (mx))
    return frexp (mx, e);
  int ea = ilogb (mx);
  double bs = ldexp (net->b[i], -ea), s = bs * bs;
  for (int k = 0; k < net->d; k++)
    {
      double as = ldexp (a[k], -ea);
      s += as * as;
    }
  double m = frexp (sqrt (s), e);
  *e += ea;
  return m;
}

/* c_j ||(a_i, b_i)|| r_j (r_i = 1) as m 2^e, m in [1/8, 1) */
static double
merge_term (const ShlNet *net, int i, int j, int *e)
{
  int ec, en, er = 0, ex = 0;
  double mc = frexp (net->c[j], &ec), mn = norm_frexp (net, i, &en);
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
  double mn = norm_frexp (net, i, &en);   /* ||(a, b)|| = mn 2^en */
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
      under = under || shl_symmetry_lost_entry (a[k], out->a[k]);
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
int
shl_symmetry_merge_hyperplanes (ShlNet *net, bool *keep, int *bad, Fit *why,
                                bool strict)
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
          || shl_symmetry_robust_status (net, i) != SHL_NEURON_ACTIVE)
        r = SHL_RESTRICTED_NO_KINK;
      else if (shl_symmetry_orientation (net, i) < 0)
        r = SHL_RESTRICTED_ORIENTATION;
      else
        {
          for (int j = 0; j < i && r == SHL_RESTRICTED_OK; j++)
            if (shl_symmetry_hyperplane_relation (net, i, j) == 1)
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
          if (shl_symmetry_add_product (net->e, net->c[i],
                                        fmax (net->b[i], 0.0), false)
              != FIT)
            goto overflow;
          zero_neuron (net, i);
          st.killed++;
          continue;
        }
      ShlNeuronStatus status = shl_symmetry_robust_status (net, i);
      if (net->c[i] == 0.0 || status == SHL_NEURON_DEAD)
        {
          zero_neuron (net, i);
          st.killed++;
        }
      else if (status == SHL_NEURON_AFFINE)
        {
          if (shl_symmetry_fold_into_affine (net, i, false) != FIT)
            goto overflow;
          zero_neuron (net, i);
          st.folded++;
        }
      else if (shl_symmetry_orientation (net, i) < 0)
        {
          if (shl_symmetry_flip_neuron (net, i, false) != FIT)
            goto overflow;
          st.flipped++;
        }
    }
  Fit why = FIT;
  st.merged = shl_symmetry_merge_hyperplanes (net, NULL, NULL, &why, false);
  if (st.merged < 0)
    goto overflow;
  for (int i = 0; i < net->m; i++)
    shl_symmetry_balance_neuron (net, i);
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
