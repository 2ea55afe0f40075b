/* shl-landscape-dirs.c: the directions of loss slices (see
 * shl-landscape.h): random per-neuron-normalised, principal components of
 * a trajectory, coordinates, a rescaling orbit, towards a twin. */
#include "shl-landscape.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

void
shl_direction_per_neuron (double *dir, const ShlNet *center, ShlRng *rng)
{
  SHL_RETURN_IF_FAIL (dir != NULL && center != NULL && rng != NULL);
  const int m = center->m, d = center->d;
  const size_t np = center->n_params;
  for (size_t k = 0; k < np; k++)
    dir[k] = shl_rng_normal (rng);
  double *da = dir, *db = dir + (size_t) m * d, *dc = db + m;
  double *de = dc + m, *dv = de + 1;
  for (int i = 0; i < m; i++)
    {
      double nd = db[i] * db[i] + dc[i] * dc[i];
      double nt = center->b[i] * center->b[i] + center->c[i] * center->c[i];
      for (int j = 0; j < d; j++)
        {
          nd += da[i * d + j] * da[i * d + j];
          nt += center->a[i * d + j] * center->a[i * d + j];
        }
      double s = nd > 0 ? sqrt (nt / nd) : 0.0;
      for (int j = 0; j < d; j++)
        da[i * d + j] *= s;
      db[i] *= s;
      dc[i] *= s;
    }
  *de = *de >= 0 ? fabs (*center->e) : -fabs (*center->e);
  double nv = 0, ntv = 0;
  for (int j = 0; j < d; j++)
    {
      nv += dv[j] * dv[j];
      ntv += center->v[j] * center->v[j];
    }
  double sv = nv > 0 ? sqrt (ntv / nv) : 0.0;
  for (int j = 0; j < d; j++)
    dv[j] *= sv;
}

/* eigenvalues (descending) and rotation of the symmetric 2x2 [[p, q], [q, s]]:
 * columns (c, s') of the returned rotation are the eigenvectors */
static void
sym2_eigen (double *l1, double *l2, double *cs, double *sn, double p, double q,
            double s)
{
  double tr = 0.5 * (p + s), df = 0.5 * (p - s);
  double rad = hypot (df, q);
  *l1 = tr + rad;
  *l2 = tr - rad;
  double th = 0.5 * atan2 (2.0 * q, p - s);
  *cs = cos (th);
  *sn = sin (th);
}

static double
dot (const double *x, const double *y, size_t n)
{
  double s = 0.0;
  for (size_t k = 0; k < n; k++)
    s += x[k] * y[k];
  return s;
}

/* orthonormalise columns 0 and 1 of V (n, 2) row-major; false if column 0
 * vanishes (column 1 is then left as is if it vanishes: caller checks) */
static bool
orthonormalise2 (double *V, size_t n, bool *second_ok)
{
  double n0 = 0.0;
  for (size_t k = 0; k < n; k++)
    n0 += V[2 * k] * V[2 * k];
  n0 = sqrt (n0);
  if (!(n0 > 0))
    return false;
  for (size_t k = 0; k < n; k++)
    V[2 * k] /= n0;
  double n1 = 0.0;
  for (int pass = 0; pass < 2; pass++)
    {
      double p = 0.0;
      for (size_t k = 0; k < n; k++)
        p += V[2 * k] * V[2 * k + 1];
      for (size_t k = 0; k < n; k++)
        V[2 * k + 1] -= p * V[2 * k];
    }
  for (size_t k = 0; k < n; k++)
    n1 += V[2 * k + 1] * V[2 * k + 1];
  n1 = sqrt (n1);
  *second_ok = n1 > 0;
  if (*second_ok)
    for (size_t k = 0; k < n; k++)
      V[2 * k + 1] /= n1;
  return true;
}


/* The rows used (at most SHL_PCA_MAX_ROWS, evenly spread, always the first
 * and the last) minus the centre, or minus their mean: D (ns, np). */
static void
deviations (double *D, double *mean, const double *thetas,
            const double *center, size_t n_hist, size_t ns, size_t np)
{
  for (size_t k = 0; k < ns; k++)
    memcpy (D + k * np, thetas + (k * (n_hist - 1) / (ns - 1)) * np,
            np * sizeof (double));
  if (center)
    memcpy (mean, center, np * sizeof (double));
  else
    {
      for (size_t k = 0; k < ns; k++)
        for (size_t j = 0; j < np; j++)
          mean[j] += D[k * np + j];
      for (size_t j = 0; j < np; j++)
        mean[j] /= (double) ns;
    }
  for (size_t k = 0; k < ns; k++)
    for (size_t j = 0; j < np; j++)
      D[k * np + j] -= mean[j];
}

/* The top two eigenvectors V (ns, 2) and eigenvalues of the Gram matrix
 * G (ns, ns), by subspace iteration with Rayleigh-Ritz on the 2x2
 * projection, from a deterministic start; W (ns, 2) is scratch. False if
 * the iteration breaks down. */
static bool
top_two_eigen (double *V, double *l1_out, double *l2_out, double *W,
               const double *G, size_t ns)
{
  ShlRng rng;
  shl_rng_seed (&rng, 0x5ca1ab1e);
  for (size_t k = 0; k < 2 * ns; k++)
    V[k] = shl_rng_normal (&rng);
  bool second = true;
  orthonormalise2 (V, ns, &second);
  double l1 = 0.0, l2 = 0.0, prev1 = -1.0, prev2 = -1.0;
  int calm = 0;
  for (int it = 0; it < 10000 && calm < 3; it++)
    {
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) ns, 2,
                   (int) ns, 1.0, G, (int) ns, V, 2, 0.0, W, 2);
      if (!orthonormalise2 (W, ns, &second))
        return false;
      if (!second)
        {
          /* rank 1: any unit vector orthogonal to column 0 */
          for (size_t k = 0; k < ns; k++)
            W[2 * k + 1] = k == 0 ? 1.0 : 0.0;
          orthonormalise2 (W, ns, &second);
        }
      /* H = W^T G W, rotate W onto its eigenvectors */
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) ns, 2,
                   (int) ns, 1.0, G, (int) ns, W, 2, 0.0, V, 2);
      double h00 = 0, h01 = 0, h11 = 0;
      for (size_t k = 0; k < ns; k++)
        {
          h00 += W[2 * k] * V[2 * k];
          h01 += W[2 * k] * V[2 * k + 1];
          h11 += W[2 * k + 1] * V[2 * k + 1];
        }
      double cs, sn;
      sym2_eigen (&l1, &l2, &cs, &sn, h00, h01, h11);
      for (size_t k = 0; k < ns; k++)
        {
          double x0 = W[2 * k], x1 = W[2 * k + 1];
          V[2 * k] = cs * x0 + sn * x1;
          V[2 * k + 1] = -sn * x0 + cs * x1;
        }
      double tol = 1e-15 * l1;
      if (fabs (l1 - prev1) <= tol && fabs (l2 - prev2) <= tol)
        calm++;
      else
        calm = 0;
      prev1 = l1;
      prev2 = l2;
    }
  *l1_out = l1;
  *l2_out = l2;
  return true;
}

/* u = D^T v1 and w = D^T v2 (np), normalised and orthogonalised; when the
 * deviations have rank 1, w is the unit vector orthogonal to u along the
 * coordinate where |u| is smallest and *l2 becomes 0. False if u
 * vanishes. */
static bool
principal_directions (double *u, double *w, double *l2, const double *D,
                      const double *V, double l1, size_t ns, size_t np)
{
  for (size_t j = 0; j < np; j++)
    {
      double su = 0.0, sw = 0.0;
      for (size_t k = 0; k < ns; k++)
        {
          su += D[k * np + j] * V[2 * k];
          sw += D[k * np + j] * V[2 * k + 1];
        }
      u[j] = su;
      w[j] = sw;
    }
  double nu = sqrt (dot (u, u, np));
  if (!(nu > 0))
    return false;
  for (size_t j = 0; j < np; j++)
    u[j] /= nu;
  bool rank1 = !(*l2 > 1e-12 * l1);
  if (!rank1)
    {
      for (int pass = 0; pass < 2; pass++)
        {
          double p = dot (u, w, np);
          for (size_t j = 0; j < np; j++)
            w[j] -= p * u[j];
        }
      double nw = sqrt (dot (w, w, np));
      rank1 = !(nw > 1e-12);
      if (!rank1)
        for (size_t j = 0; j < np; j++)
          w[j] /= nw;
    }
  if (rank1)
    {
      size_t jmin = 0;
      for (size_t j = 1; j < np; j++)
        if (fabs (u[j]) < fabs (u[jmin]))
          jmin = j;
      for (size_t j = 0; j < np; j++)
        w[j] = -u[jmin] * u[j];
      w[jmin] += 1.0;
      double nw = sqrt (dot (w, w, np));
      for (size_t j = 0; j < np; j++)
        w[j] /= nw;
      *l2 = 0.0;
    }
  return true;
}

/* signs: the trajectory runs towards +u (and +w) from first to last */
static void
orient_along_path (double *u, double *w, const double *thetas, size_t n_hist,
                   size_t np)
{
  const double *first = thetas, *last = thetas + (n_hist - 1) * np;
  double pu = 0.0, pw = 0.0;
  for (size_t j = 0; j < np; j++)
    {
      pu += (last[j] - first[j]) * u[j];
      pw += (last[j] - first[j]) * w[j];
    }
  if (pu < 0)
    for (size_t j = 0; j < np; j++)
      u[j] = -u[j];
  if (pw < 0)
    for (size_t j = 0; j < np; j++)
      w[j] = -w[j];
}

bool
shl_direction_pca (double *u, double *w, double *explained,
                   const double *thetas, const double *center, size_t n_hist,
                   size_t n_params)
{
  SHL_RETURN_VAL_IF_FAIL (u != NULL && w != NULL && explained != NULL, false);
  SHL_RETURN_VAL_IF_FAIL (thetas != NULL || n_hist == 0, false);
  if (n_hist < 2 || n_params < 2)
    return false;
  const size_t ns = n_hist < SHL_PCA_MAX_ROWS ? n_hist : SHL_PCA_MAX_ROWS;
  const size_t np = n_params;
  double *D = malloc (ns * np * sizeof (double));
  double *mean = calloc (np, sizeof (double));
  double *G = malloc (ns * ns * sizeof (double));
  double *V = malloc (ns * 2 * sizeof (double));
  double *W = malloc (ns * 2 * sizeof (double));
  bool ok = D && mean && G && V && W;
  if (ok)
    {
      deviations (D, mean, thetas, center, n_hist, ns, np);
      /* G = D D^T (ns, ns) */
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) ns, (int) ns,
                   (int) np, 1.0, D, (int) np, D, (int) np, 0.0, G, (int) ns);
      double trace = 0.0;
      for (size_t k = 0; k < ns; k++)
        trace += G[k * ns + k];
      double l1 = 0.0, l2 = 0.0;
      ok = trace > 0 && isfinite (trace)
           && top_two_eigen (V, &l1, &l2, W, G, ns)
           && principal_directions (u, w, &l2, D, V, l1, ns, np);
      if (ok)
        {
          orient_along_path (u, w, thetas, n_hist, np);
          explained[0] = fmax (l1, 0.0) / trace;
          explained[1] = fmax (l2, 0.0) / trace;
        }
    }
  free (D);
  free (mean);
  free (G);
  free (V);
  free (W);
  return ok;
}

bool
shl_direction_coords (double *u, double *w, const ShlNet *net, size_t i,
                      size_t j)
{
  SHL_RETURN_VAL_IF_FAIL (u != NULL && w != NULL && net != NULL, false);
  if (i == j || i >= net->n_params || j >= net->n_params)
    return false;
  memset (u, 0, net->n_params * sizeof (double));
  memset (w, 0, net->n_params * sizeof (double));
  u[i] = 1.0;
  w[j] = 1.0;
  return true;
}

bool
shl_direction_orbit (double *dir, const ShlNet *center, int k)
{
  SHL_RETURN_VAL_IF_FAIL (dir != NULL && center != NULL, false);
  if (k < 0 || k >= center->m)
    return false;
  const int d = center->d, m = center->m;
  memset (dir, 0, center->n_params * sizeof (double));
  for (int j = 0; j < d; j++)
    dir[k * d + j] = center->a[k * d + j];
  dir[m * d + k] = center->b[k];
  dir[m * d + m + k] = -center->c[k];
  return true;
}

bool
shl_direction_twin (double *dir, const ShlNet *center, const ShlNet *other)
{
  SHL_RETURN_VAL_IF_FAIL (dir != NULL && center != NULL && other != NULL, false);
  if (!shl_net_same_shape (center, other))
    return false;
  for (size_t k = 0; k < center->n_params; k++)
    dir[k] = other->theta[k] - center->theta[k];
  return true;
}
