/* shl-pathology.c: the presets of theory.md 3 (see shl-pathology.h). */
#include "shl-pathology.h"

#include <math.h>
#include <string.h>

static ShlNet *
net1 (int m, const double *abc, double e)
{
  ShlNet *n = shl_net_new (m, 1, NULL, NULL);
  for (int i = 0; i < m; i++)
    {
      n->a[i] = abc[3 * i];
      n->b[i] = abc[3 * i + 1];
      n->c[i] = abc[3 * i + 2];
    }
  *n->e = e;
  return n;
}

/* P(n, s) as two neurons of a 2-D network, scaled by sign */
static void
put_p (ShlNet *net, int i, double n1, double n2, double s, double sign)
{
  net->a[2 * i] = n1, net->a[2 * i + 1] = n2, net->b[i] = s, net->c[i] = sign;
  net->a[2 * i + 2] = -n1, net->a[2 * i + 3] = -n2, net->b[i + 1] = -s, net->c[i + 1] = -sign;
}

static void
build_p0 (ShlNet **gamma, ShlNet **g, double p)
{
  *gamma = net1 (2, (double[]) { 0, 0, 0, 0, 0, 0 }, 0);
  *g = net1 (2, (double[]) { 1, 0, 1, 1, -1.0 / p, -1 }, 0);
}

static void
build_p1 (ShlNet **gamma, ShlNet **g, double p)
{
  *gamma = net1 (1, (double[]) { 1, 0, p }, 0);
  *g = net1 (1, (double[]) { 1, -0.5, p }, 0);
}

static void
build_p2 (ShlNet **gamma, ShlNet **g, double p)
{
  *gamma = net1 (2, (double[]) { 1, 0, 1, 1, 0, 1 }, 0);
  *g = net1 (2, (double[]) { 1, 0, 2, 1, -0.5, p }, 0);
}

static void
build_p3 (ShlNet **gamma, ShlNet **g, double p)
{
  *gamma = net1 (2, (double[]) { 1, 0, 1, -1, 0, -1 }, 0);
  *g = net1 (3, (double[]) { 1, 0, 1, -1, 0, -1, 1, -0.5, p }, 0);
}

static void
build_p4 (ShlNet **gamma, ShlNet **g, double p)
{
  *gamma = net1 (1, (double[]) { 1, -p, 1 }, 0);
  *g = net1 (1, (double[]) { 1, 0, 1e-3 }, 0);
}

static void
build_rescale (ShlNet **gamma, ShlNet **g, double p)
{
  /* a kink at 1/4: -0.25 p is exact, so both kinks are the same */
  *gamma = net1 (1, (double[]) { 1, -0.25, 1 }, 0);
  *g = net1 (1, (double[]) { p, -0.25 * p, 1 / p }, 0);
}

static void
build_invisible_1d (ShlNet **gamma, ShlNet **g, double p)
{
  /* ρ(x) − ρ(−x) − ρ(x − t) + ρ(t − x) − t ≡ 0 */
  *gamma = net1 (4, (double[]) { 1, 0, 1, -1, 0, -1, 1, -p, -1, -1, p, 1 }, -p);
  *g = net1 (4, (double[]) { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0);
}

static void
build_invisible_2d (ShlNet **gamma, ShlNet **g, double p)
{
  ShlNet *n = shl_net_new (6, 2, NULL, NULL);
  put_p (n, 0, 1, 0, p, 1);
  put_p (n, 2, 0, 1, p / 2, 1);
  put_p (n, 4, 1, 1, p + p / 2, -1);
  *gamma = n;
  *g = shl_net_new (6, 2, NULL, NULL);
}

static void
build_experiment (ShlNet **gamma, ShlNet **g, double p)
{
  double lo = -10, hi = 10;
  ShlNet *n = shl_net_new (2, 1, &lo, &hi);
  n->a[0] = 1, n->b[0] = 0, n->c[0] = 1;
  n->a[1] = 1, n->b[1] = -p, n->c[1] = -1;
  *gamma = n;
  *g = shl_net_new (2, 1, &lo, &hi);
}

static void
build_dead (ShlNet **gamma, ShlNet **g, double p)
{
  *gamma = net1 (1, (double[]) { 1, -2, p }, 0);
  *g = net1 (1, (double[]) { 1, 0, 1 }, 0);
}

static const ShlPathology table[] = {
  { "p0", "P0 · the uniform norm is too weak",
    "g = ρ(x) − ρ(x − 1/n) is within 1/n of the zero network Γ in the uniform norm, "
    "yet every network computing g has a weight of size 1. The uniform norm cannot see a slope "
    "of 1 on a short interval; in the Sobolev norm W¹˒∞ the two functions stay 1 apart.",
    "n", 1, 1000, 10, true, true, 1,
    build_p0 },
  { "p1", "P1 · an unbalanced neuron",
    "Γ = ερ(x) has a large inner weight and a tiny outer weight. Moving its kink to ½ changes "
    "the function by only ε, but the parameters must move by about ⅓. From the balanced "
    "form (|c| = ‖(a, b)‖) the same move costs only about √ε.",
    "ε", 1e-4, 0.1, 0.01, true, false, 1,
    build_p1 },
  { "p2", "P2 · two neurons in the same direction",
    "Γ spends two neurons on the one kink at 0. To add a small kink at ½, one of them must leave "
    "its place, so the parameters move by about 1 − √ε. Merging the two into one neuron, as the "
    "restricted set does, frees a neuron and the cost drops to about √ε.",
    "ε", 1e-4, 0.1, 0.01, true, false, 1,
    build_p2 },
  { "p3", "P3 · opposite neurons cancel",
    "ρ(x) − ρ(−x) = x: the two kinks at 0 cancel and Γ computes a straight line. Adding a small "
    "kink at ½ costs parameter distance ½ however small ε is. With an explicit linear part "
    "(the restricted set) the cancelling pair is not needed.",
    "ε", 1e-4, 0.1, 0.01, true, false, 1,
    build_p3 },
  { "p4", "P4 · a kink outside the domain",
    "Γ's kink sits at x = K, outside [−1, 1], so Γ computes 0 on the domain. The nearby function "
    "g = ερ(x) needs a kink inside, and the nearest parameters that provide one are K away: "
    "the distance is unbounded while the functions are ε apart.",
    "K", 1, 100, 10, true, false, 1,
    build_p4 },
  { "rescale", "Rescaling: one function, far parameters",
    "Γ = ρ(x − 0.25) and g, the same neuron rescaled by λ: (λa, λb, c/λ). Both compute exactly the "
    "same function, yet their parameters are about λ apart. Distances that ignore this symmetry "
    "(the raw one) see a large gap; d_sym and d_fib see none.",
    "λ", 0.05, 20, 5, true, false, 1,
    build_rescale },
  { "invisible-1d", "Invisible kinks (1-D)",
    "ρ(x) − ρ(−x) − ρ(x − t) + ρ(t − x) − t is zero for every t: four neurons whose kinks slide "
    "across the domain while the function never changes. The fibre of the zero function "
    "contains this whole curve of parameters.",
    "t", -1, 1, 0.5, false, false, 1,
    build_invisible_1d },
  { "invisible-2d", "Invisible kinks (2-D)",
    "With P(n, s) = ρ(n·x + s) − ρ(−n·x − s), the sum P(e₁, s₁) + P(e₂, s₂) − P(e₁ + e₂, s₁ + s₂) "
    "is zero everywhere: three kink lines (six neurons) that move with s while the function "
    "stays zero.",
    "s", -0.5, 0.5, 0.3, false, false, 2,
    build_invisible_2d },
  { "experiment", "The published SGD experiment",
    "Trained towards 0 with SGD (momentum 0.9, learning rate 0.001, batches of 10 points on "
    "[−10, 10]), the uniform error b shrinks as the two kinks move together, while the slopes a "
    "stay of order one: the realization converges, the parameters do not.",
    "b", 0.1, 5, 2, false, false, 1,
    build_experiment },
  { "dead", "A dead neuron (minimum in θ only)",
    "Γ's kink is at x = 2, outside [−1, 1], so it computes 0 and small parameter changes keep it "
    "at 0: the loss towards the target ρ(x) is flat around Γ, a local minimum in parameters. "
    "In realization space it is no minimum: adding ερ(x) lowers the error.",
    "c", 0.1, 2, 1, false, false, 1,
    build_dead },
};

const ShlPathology *
shl_pathologies (int *n_out)
{
  *n_out = (int) (sizeof table / sizeof table[0]);
  return table;
}

const ShlPathology *
shl_pathology_lookup (const char *id)
{
  for (size_t k = 0; k < sizeof table / sizeof table[0]; k++)
    if (id && strcmp (table[k].id, id) == 0)
      return &table[k];
  return NULL;
}

bool
shl_pathology_build (ShlNet **gamma, ShlNet **g, const char *id, double p)
{
  const ShlPathology *info = shl_pathology_lookup (id);
  if (!info)
    return false;
  if (!(p >= info->param_min))
    p = info->param_min;
  if (p > info->param_max)
    p = info->param_max;
  if (info->param_integer)
    p = round (p);
  *gamma = *g = NULL;
  info->build (gamma, g, p);
  return *gamma && *g;
}
