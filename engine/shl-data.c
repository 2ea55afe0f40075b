/* shl-data.c: training data and the built-in targets.
 *
 * Plain C + libm, no GLib. Every random number comes from an explicit
 * ShlRng, so a (target, seed, domain, n, noise, sample seed) tuple
 * reproduces a data set bit for bit on every build.
 *
 * Coordinates. Every target is defined on the reference square [-1, 1]^d
 * and transported to the actual domain [lo, hi]^d by the affine map
 *
 *   u_j = (2 x_j - lo_j - hi_j) / (hi_j - lo_j)        (x -> u)
 *   x_j = (lo_j + hi_j) / 2 + (hi_j - lo_j) / 2 * u_j   (u -> x)
 *
 * On the default domain [-1, 1]^d both maps are the identity, exactly.
 * The teacher targets are the exception: they are networks on the actual
 * domain and are evaluated at x itself.
 *
 * Regression targets (y = f(u)):
 *   sine       f = sin(pi u)
 *   abs        f = |u|
 *   step       f = 0.5 tanh(8 u)
 *   runge      f = 1 / (1 + 25 u^2)
 *   teacher    f = a random width-5 network (see below)
 *   zero       f = 0
 *   bump       f = exp(-4 (u1^2 + u2^2))
 *   cone       f = max(0, 1 - sqrt(u1^2 + u2^2))
 *   teacher2d  f = a random width-8 network in 2-D
 *
 * Teachers: net = shl_net_new (m, d, lo, hi); an RNG seeded with the target
 * seed; shl_net_init_random (net, SHL_INIT_HE, rng) (a ~ N(0, 2/d), kinks
 * through uniform points of the domain); then c_i ~ N(0, 1) for
 * i = 0..m-1 from the same RNG, in order. e = 0 and v = 0.
 *
 * Regression sampling (RNG seeded with the sample seed): for each sample in
 * order, x_j = lo_j + (hi_j - lo_j) U for j = 1..d (U uniform in [0, 1)),
 * then z ~ N(0, 1), and y = f(x) + noise z (y = f(x) exactly when
 * noise = 0; z is drawn anyway, so the inputs do not depend on the noise).
 *
 * Classification targets (labels 0/1). Sample k has class k mod 2 (so the
 * classes are balanced to within one), its input is drawn in u-space from
 * the class's own distribution, then jittered, u_j += noise N(0, 1) (the
 * jitter std is `noise` times the half-width of the domain), clamped to
 * [-1, 1], mapped to x and clamped to [lo, hi]. When all samples are drawn,
 * the rows are shuffled (Fisher-Yates with the same RNG). The labels are
 * never flipped: noise only moves the inputs.
 *   xor        class 1: u = (s r1, s r2); class 0: u = (s r1, -s r2), with
 *              s = +-1 (U < 1/2 gives -1), r1 = 1 - U, r2 = 1 - U
 *              (so |u_j| in (0, 1]). Bayes label: 1 iff u1 u2 > 0.
 *   circles    angle phi = 2 pi U; class 1: radius r = 0.5 sqrt(U) (uniform
 *              on the disk of radius 0.5); class 0: r = sqrt(0.36 + 0.64 U)
 *              (uniform on the ring 0.6 < r < 1); u = r (cos phi, sin phi).
 *              Bayes label: 1 iff |u|_2 < 0.5.
 *   spirals    arm 0: P(t) = 0.9 t (cos 3 pi t, sin 3 pi t), t in [0, 1]
 *              (an Archimedean spiral of 1.5 turns, radius up to 0.9);
 *              arm 1 = -P(t) (arm 0 turned by pi). Class k lies on arm k
 *              with t = sqrt(U) (roughly uniform along the arm).
 *              Bayes label: the arm nearer to u in the Euclidean distance
 *              (ties go to 0).
 *   gaussians  class 1: u ~ N((0.4, 0.4), 0.25^2 I); class 0:
 *              u ~ N((-0.4, -0.4), 0.25^2 I) (then clamped as above).
 *              Bayes label: the nearer centre, i.e. 1 iff u1 + u2 > 0.
 *
 * RNG call order per classification sample: the class-specific draws in
 * the order written above (xor: sign, r1, r2; circles: phi, radius;
 * spirals: t; gaussians: N, N), then d jitter normals. */
#include "shl-data.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

#include "shl-rng.h"

/* ------------------------------------------------------------------ */
/* ShlData                                                             */

static bool
domain_valid (int d, const double *lo, const double *hi)
{
  for (int j = 0; j < d; j++)
    {
      double l = lo ? lo[j] : -1.0, h = hi ? hi[j] : 1.0;
      if (!isfinite (l) || !isfinite (h) || !(l < h))
        return false;
    }
  return true;
}

ShlData *
shl_data_new (int d, size_t n, const double *lo, const double *hi)
{
  if (d < 1 || d > SHL_MAX_DIM || !domain_valid (d, lo, hi))
    return NULL;
  if (n > SIZE_MAX / sizeof (double) / (size_t) d)
    return NULL;

  ShlData *data = calloc (1, sizeof *data);
  if (!data)
    return NULL;
  data->d = d;
  data->n = n;
  for (int j = 0; j < SHL_MAX_DIM; j++)
    {
      data->lo[j] = (lo && j < d) ? lo[j] : -1.0;
      data->hi[j] = (hi && j < d) ? hi[j] : 1.0;
    }
  /* at least one element so that x and y are never NULL */
  size_t nx = n > 0 ? n * (size_t) d : 1, ny = n > 0 ? n : 1;
  data->x = calloc (nx, sizeof (double));
  data->y = calloc (ny, sizeof (double));
  if (!data->x || !data->y)
    {
      shl_data_free (data);
      return NULL;
    }
  return data;
}

ShlData *
shl_data_copy (const ShlData *data)
{
  if (!data)
    return NULL;
  ShlData *copy = shl_data_new (data->d, data->n, data->lo, data->hi);
  if (!copy)
    return NULL;
  copy->classification = data->classification;
  if (data->n > 0)
    {
      memcpy (copy->x, data->x, data->n * (size_t) data->d * sizeof (double));
      memcpy (copy->y, data->y, data->n * sizeof (double));
    }
  return copy;
}

void
shl_data_free (ShlData *data)
{
  if (!data)
    return;
  free (data->x);
  free (data->y);
  free (data);
}

bool
shl_data_labels_binary (const ShlData *data)
{
  SHL_RETURN_VAL_IF_FAIL (data != NULL, false);
  for (size_t k = 0; k < data->n; k++)
    if (data->y[k] != 0.0 && data->y[k] != 1.0)
      return false;
  return true;
}

/* ------------------------------------------------------------------ */
/* The table of targets                                                */

typedef enum {
  TARGET_SINE,
  TARGET_ABS,
  TARGET_STEP,
  TARGET_RUNGE,
  TARGET_TEACHER,
  TARGET_ZERO,
  TARGET_BUMP,
  TARGET_CONE,
  TARGET_TEACHER2D,
  TARGET_XOR,
  TARGET_CIRCLES,
  TARGET_SPIRALS,
  TARGET_GAUSSIANS,
  N_TARGETS
} TargetKind;

/* indexed by TargetKind */
static const ShlTargetInfo target_table[N_TARGETS] = {
  { "sine", "sin(πx)", 1, false,
    "One period of a sine, sin(πu) with u the input rescaled to [-1, 1]." },
  { "abs", "|x|", 1, false,
    "The absolute value |u|: a single kink in the middle of the domain." },
  { "step", "½·tanh(8x)", 1, false,
    "A smoothed step 0.5·tanh(8u) that needs many kinks near the centre." },
  { "runge", "1/(1+25x²)", 1, false,
    "Runge's function 1/(1 + 25u²), a narrow peak." },
  { "teacher", "teacher (width 5)", 1, false,
    "A random width-5 ReLU network drawn from the seed; a student of width "
    "5 or more can fit it exactly." },
  { "zero", "0", 1, false,
    "The zero function: every parametrization that realizes it is a "
    "degenerate one." },
  { "bump", "exp(−4|x|²)", 2, false,
    "A Gaussian bump exp(-4|u|²) centred in the square." },
  { "cone", "max(0, 1−|x|)", 2, false,
    "A cone max(0, 1 - |u|) with its apex in the centre." },
  { "teacher2d", "teacher (width 8)", 2, false,
    "A random width-8 ReLU network in 2-D drawn from the seed." },
  { "xor", "XOR", 2, true,
    "Class 1 in the first and third quadrants, class 0 in the others." },
  { "circles", "circles", 2, true,
    "Class 1 in a disk of radius 0.5, class 0 on the ring 0.6 to 1 around "
    "it." },
  { "spirals", "two spirals", 2, true,
    "Two interleaved Archimedean spirals of 1.5 turns, one per class." },
  { "gaussians", "two Gaussians", 2, true,
    "Two Gaussian blobs of std 0.25 centred at ±(0.4, 0.4), one per "
    "class." },
};

const ShlTargetInfo *
shl_targets (size_t *n_out)
{
  if (n_out)
    *n_out = N_TARGETS;
  return target_table;
}

static int
target_index (const char *name)
{
  if (!name)
    return -1;
  for (int k = 0; k < N_TARGETS; k++)
    if (strcmp (name, target_table[k].name) == 0)
      return k;
  return -1;
}

const ShlTargetInfo *
shl_target_lookup (const char *name)
{
  int k = target_index (name);
  return k < 0 ? NULL : &target_table[k];
}

/* ------------------------------------------------------------------ */
/* Targets                                                             */

struct ShlTarget {
  TargetKind kind;
  int        d;
  double     lo[SHL_MAX_DIM];
  double     hi[SHL_MAX_DIM];
  ShlNet    *teacher;          /* teachers only */
};

ShlTarget *
shl_target_new (const char *name, uint64_t seed, const double *lo,
                const double *hi)
{
  int k = target_index (name);
  if (k < 0)
    return NULL;
  int d = target_table[k].d;
  if (!domain_valid (d, lo, hi))
    return NULL;

  ShlTarget *target = calloc (1, sizeof *target);
  if (!target)
    return NULL;
  target->kind = (TargetKind) k;
  target->d = d;
  for (int j = 0; j < SHL_MAX_DIM; j++)
    {
      target->lo[j] = (lo && j < d) ? lo[j] : -1.0;
      target->hi[j] = (hi && j < d) ? hi[j] : 1.0;
    }

  if (target->kind == TARGET_TEACHER || target->kind == TARGET_TEACHER2D)
    {
      int m = target->kind == TARGET_TEACHER ? 5 : 8;
      ShlRng rng;
      shl_rng_seed (&rng, seed);
      target->teacher = shl_net_new (m, d, target->lo, target->hi);
      if (!target->teacher)
        {
          free (target);
          return NULL;
        }
      shl_net_init_random (target->teacher, SHL_INIT_HE, &rng);
      for (int i = 0; i < m; i++)
        target->teacher->c[i] = shl_rng_normal (&rng);
    }
  return target;
}

void
shl_target_free (ShlTarget *target)
{
  if (!target)
    return;
  shl_net_free (target->teacher);
  free (target);
}

const ShlTargetInfo *
shl_target_info (const ShlTarget *target)
{
  SHL_RETURN_VAL_IF_FAIL (target != NULL, NULL);
  return &target_table[target->kind];
}

const ShlNet *
shl_target_teacher (const ShlTarget *target)
{
  SHL_RETURN_VAL_IF_FAIL (target != NULL, NULL);
  return target->teacher;
}

static void
to_reference (double *u, const ShlTarget *t, const double *x)
{
  for (int j = 0; j < t->d; j++)
    u[j] = (2.0 * x[j] - t->lo[j] - t->hi[j]) / (t->hi[j] - t->lo[j]);
}

static double
clamp (double v, double lo, double hi)
{
  return v < lo ? lo : (v > hi ? hi : v);
}

static void
from_reference (double *x, const ShlTarget *t, const double *u)
{
  for (int j = 0; j < t->d; j++)
    {
      double mid = 0.5 * (t->lo[j] + t->hi[j]);
      double half = 0.5 * (t->hi[j] - t->lo[j]);
      x[j] = clamp (mid + half * u[j], t->lo[j], t->hi[j]);
    }
}

/* Spiral arm 0: P(t) = 0.9 t (cos 3 pi t, sin 3 pi t), t in [0, 1]. */
#define SPIRAL_RADIUS 0.9
#define SPIRAL_TURNS_PI 3.0   /* angle at t = 1, in units of pi */

static void
spiral_point (double *p, double t)
{
  double r = SPIRAL_RADIUS * t, th = SPIRAL_TURNS_PI * M_PI * t;
  p[0] = r * cos (th);
  p[1] = r * sin (th);
}

static double
spiral_dist2 (const double *u, double t)
{
  double p[2];
  spiral_point (p, t);
  double dx = u[0] - p[0], dy = u[1] - p[1];
  return dx * dx + dy * dy;
}

/* Squared distance from u to arm 0: the best point of a uniform grid in t,
 * refined by golden-section search between its neighbours. */
static double
spiral_arm_dist2 (const double *u)
{
  enum { GRID = 192 };
  int best = 0;
  double best_d = INFINITY;
  for (int i = 0; i <= GRID; i++)
    {
      double dd = spiral_dist2 (u, (double) i / GRID);
      if (dd < best_d)
        {
          best_d = dd;
          best = i;
        }
    }
  double a = (double) (best > 0 ? best - 1 : 0) / GRID;
  double b = (double) (best < GRID ? best + 1 : GRID) / GRID;
  const double g = 0.5 * (sqrt (5.0) - 1.0);
  double t1 = b - g * (b - a), t2 = a + g * (b - a);
  double f1 = spiral_dist2 (u, t1), f2 = spiral_dist2 (u, t2);
  for (int it = 0; it < 80 && b - a > 1e-15; it++)
    {
      if (f1 < f2)
        {
          b = t2;
          t2 = t1;
          f2 = f1;
          t1 = b - g * (b - a);
          f1 = spiral_dist2 (u, t1);
        }
      else
        {
          a = t1;
          t1 = t2;
          f1 = f2;
          t2 = a + g * (b - a);
          f2 = spiral_dist2 (u, t2);
        }
    }
  return fmin (best_d, fmin (f1, f2));
}

/* The target in reference coordinates (not for the teachers). */
static double
eval_reference (TargetKind kind, const double *u)
{
  switch (kind)
    {
    case TARGET_SINE:
      return sin (M_PI * u[0]);
    case TARGET_ABS:
      return fabs (u[0]);
    case TARGET_STEP:
      return 0.5 * tanh (8.0 * u[0]);
    case TARGET_RUNGE:
      return 1.0 / (1.0 + 25.0 * u[0] * u[0]);
    case TARGET_ZERO:
      return 0.0;
    case TARGET_BUMP:
      return exp (-4.0 * (u[0] * u[0] + u[1] * u[1]));
    case TARGET_CONE:
      return fmax (0.0, 1.0 - hypot (u[0], u[1]));
    case TARGET_XOR:
      return u[0] * u[1] > 0.0 ? 1.0 : 0.0;
    case TARGET_CIRCLES:
      return hypot (u[0], u[1]) < 0.5 ? 1.0 : 0.0;
    case TARGET_SPIRALS:
      {
        double mu[2] = { -u[0], -u[1] };
        return spiral_arm_dist2 (mu) < spiral_arm_dist2 (u) ? 1.0 : 0.0;
      }
    case TARGET_GAUSSIANS:
      return u[0] + u[1] > 0.0 ? 1.0 : 0.0;
    case TARGET_TEACHER:
    case TARGET_TEACHER2D:
    case N_TARGETS:
    default:
      break;
    }
  return 0.0;
}

double
shl_target_eval (const ShlTarget *target, const double *x)
{
  SHL_RETURN_VAL_IF_FAIL (target != NULL && x != NULL, NAN);
  if (target->teacher)
    return shl_net_eval1 (target->teacher, x);
  double u[SHL_MAX_DIM] = { 0.0, 0.0 };
  to_reference (u, target, x);
  return eval_reference (target->kind, u);
}

/* One input of class k in reference coordinates, before the jitter. */
static void
draw_class_input (double *u, TargetKind kind, int k, ShlRng *rng)
{
  switch (kind)
    {
    case TARGET_XOR:
      {
        double s = shl_rng_uniform (rng) < 0.5 ? -1.0 : 1.0;
        double r1 = 1.0 - shl_rng_uniform (rng);
        double r2 = 1.0 - shl_rng_uniform (rng);
        u[0] = s * r1;
        u[1] = (k == 1 ? s : -s) * r2;
        break;
      }
    case TARGET_CIRCLES:
      {
        double phi = 2.0 * M_PI * shl_rng_uniform (rng);
        double w = shl_rng_uniform (rng);
        double r = k == 1 ? 0.5 * sqrt (w) : sqrt (0.36 + 0.64 * w);
        u[0] = r * cos (phi);
        u[1] = r * sin (phi);
        break;
      }
    case TARGET_SPIRALS:
      {
        double t = sqrt (shl_rng_uniform (rng));
        spiral_point (u, t);
        if (k == 1)
          {
            u[0] = -u[0];
            u[1] = -u[1];
          }
        break;
      }
    case TARGET_GAUSSIANS:
      {
        double c = k == 1 ? 0.4 : -0.4;
        double z0 = shl_rng_normal (rng);
        double z1 = shl_rng_normal (rng);
        u[0] = c + 0.25 * z0;
        u[1] = c + 0.25 * z1;
        break;
      }
    case TARGET_SINE:
    case TARGET_ABS:
    case TARGET_STEP:
    case TARGET_RUNGE:
    case TARGET_TEACHER:
    case TARGET_ZERO:
    case TARGET_BUMP:
    case TARGET_CONE:
    case TARGET_TEACHER2D:
    case N_TARGETS:
    default:
      u[0] = u[1] = 0.0;
      break;
    }
}

static void
shuffle_rows (ShlData *data, ShlRng *rng)
{
  const size_t d = (size_t) data->d;
  for (size_t i = data->n; i > 1; i--)
    {
      size_t a = i - 1, b = (size_t) shl_rng_below (rng, (uint64_t) i);
      if (a == b)
        continue;
      double t = data->y[a];
      data->y[a] = data->y[b];
      data->y[b] = t;
      for (size_t j = 0; j < d; j++)
        {
          t = data->x[a * d + j];
          data->x[a * d + j] = data->x[b * d + j];
          data->x[b * d + j] = t;
        }
    }
}

ShlData *
shl_target_sample (const ShlTarget *target, size_t n, double noise,
                   uint64_t seed)
{
  if (!target || !isfinite (noise) || noise < 0.0)
    return NULL;
  const ShlTargetInfo *info = shl_target_info (target);
  const int d = target->d;
  ShlData *data = shl_data_new (d, n, target->lo, target->hi);
  if (!data)
    return NULL;
  data->classification = info->classification;

  ShlRng rng;
  shl_rng_seed (&rng, seed);

  if (!info->classification)
    {
      for (size_t k = 0; k < n; k++)
        {
          double *xk = data->x + k * (size_t) d;
          for (int j = 0; j < d; j++)
            xk[j] = shl_rng_range (&rng, target->lo[j], target->hi[j]);
          double z = shl_rng_normal (&rng);
          double f = shl_target_eval (target, xk);
          data->y[k] = noise == 0.0 ? f : f + noise * z;
        }
      return data;
    }

  for (size_t k = 0; k < n; k++)
    {
      int cls = (int) (k % 2);
      double u[SHL_MAX_DIM] = { 0.0, 0.0 };
      draw_class_input (u, target->kind, cls, &rng);
      for (int j = 0; j < d; j++)
        {
          double z = shl_rng_normal (&rng);
          if (noise != 0.0)
            u[j] += noise * z;
          u[j] = clamp (u[j], -1.0, 1.0);
        }
      from_reference (data->x + k * (size_t) d, target, u);
      data->y[k] = (double) cls;
    }
  shuffle_rows (data, &rng);
  return data;
}
