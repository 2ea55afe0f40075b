/* shl-pathology.c: the presets of theory.md 3 (see shl-pathology.h). */
#include "shl-pathology.h"

#include <math.h>
#include <string.h>

#include "shl-check.h"
#include "shl-rng.h"

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

/* ---------------------------------------------------------- witnesses */

/* P0: g itself; any parametrization needs a neuron with c|a| = 1 at 0, so
 * max(|a|, |c|) >= 1 = ||g - 0||: d_fib = 1 */
static ShlNet *
witness_p0 (double p)
{
  return net1 (2, (double[]) { 1, 0, 1, 1, -1.0 / p, -1 }, 0);
}

/* P1: the width-1 fibre of g is the rescaling orbit of its neuron;
 * lambda = 2/3 balances |lambda - 1| and lambda/2: d_fib = 1/3 */
static ShlNet *
witness_p1 (double p)
{
  return net1 (1, (double[]) { 2.0 / 3, -1.0 / 3, 1.5 * p }, 0);
}

/* P2: one neuron keeps the kink at 0 with jump 2, rescaled to
 * (√2, 0, √2); the other leaves for ½ as the balanced (√ε, −√ε/2, √ε):
 * max(√2 − 1, 1 − √ε) */
static ShlNet *
witness_p2 (double p)
{
  double r = sqrt (p);
  return net1 (2, (double[]) { M_SQRT2, 0, M_SQRT2, r, -0.5 * r, r }, 0);
}

/* P3: both kinks move to ½: (1, −½, 1 + ε) and (−1, ½, −1) with e = ½
 * realize x + ερ(x − ½). Any width-2 parametrization within ½ of Γ keeps
 * both kinks inside with jumps of size > ¼, so both sit at ½, and then
 * matching g left of ½ forces e = ½: d_fib = ½ */
static ShlNet *
witness_p3 (double p)
{
  return net1 (2, (double[]) { 1, -0.5, 1 + p, -1, 0.5, -1 }, 0.5);
}

/* P4: g = 10⁻³ρ(x) has its kink at 0, so b = 0: d_fib = K */
static ShlNet *
witness_p4 (double p)
{
  return net1 (1, (double[]) { 1, 0, 1e-3 }, 0);
}

/* the same function: Γ itself, d_fib = 0 */
static ShlNet *
witness_same (const char *id, double p)
{
  ShlNet *gamma = NULL, *g = NULL;
  shl_pathology_build (&gamma, &g, id, p);
  shl_net_free (g);
  return gamma;
}

static ShlNet *
witness_rescale (double p)
{
  return witness_same ("rescale", p);
}

static ShlNet *
witness_invisible_1d (double p)
{
  return witness_same ("invisible-1d", p);
}

static ShlNet *
witness_invisible_2d (double p)
{
  return witness_same ("invisible-2d", p);
}

/* the published experiment: the second kink moved onto the first (an
 * upper bound, b) */
static ShlNet *
witness_experiment (double p)
{
  double lo = -10, hi = 10;
  ShlNet *n = shl_net_new (2, 1, &lo, &hi);
  n->a[0] = 1, n->b[0] = 0, n->c[0] = 1;
  n->a[1] = 1, n->b[1] = 0, n->c[1] = -1;
  return n;
}

/* the dead neuron: g = ρ(x) has its kink at 0, so b = 0: d_fib = 2 */
static ShlNet *
witness_dead (double p)
{
  return net1 (1, (double[]) { 1, 0, 1 }, 0);
}

static const ShlPathology table[] = {
  { "p0", "P0 · the uniform norm is too weak",
    "g = ρ(x) − ρ(x − 1/n) is within 1/n of the zero network Γ in the uniform norm, "
    "yet every network computing g has a weight of size 1. The uniform norm cannot see a slope "
    "of 1 on a short interval; in the Sobolev norm W¹˒∞ the two functions stay 1 apart.",
    "n", 1, 1e6, 10, true, true, 1,
    build_p0, witness_p0, true, "d_fib = 1 for every n", "P0" },
  { "p1", "P1 · an unbalanced neuron",
    "Γ = ερ(x) has a large inner weight and a tiny outer weight. Moving its kink to ½ changes "
    "the function by only ε, but the parameters must move by about ⅓. From the balanced "
    "form (|c| = ‖(a, b)‖) the same move costs only about √ε.",
    "ε", 1e-4, 0.1, 0.01, true, false, 1,
    build_p1, witness_p1, true, "d_fib = ⅓ while the functions are ε apart", "P1" },
  { "p2", "P2 · two neurons in the same direction",
    "Γ spends two neurons on the one kink at 0. To add a small kink at ½, one of them must leave "
    "its place, so the parameters move by about 1 − √ε. Merging the two into one neuron, as the "
    "restricted set does, frees a neuron and the cost drops to about √ε.",
    "ε", 1e-4, 0.1, 0.01, true, false, 1,
    build_p2, witness_p2, true, "d_fib = max(√2 − 1, 1 − √ε)", "P2" },
  { "p3", "P3 · opposite neurons cancel",
    "ρ(x) − ρ(−x) = x: the two kinks at 0 cancel and Γ computes a straight line. Adding a small "
    "kink at ½ costs parameter distance ½ however small ε is. With an explicit linear part "
    "(the restricted set) the cancelling pair is not needed.",
    "ε", 1e-4, 0.1, 0.01, true, false, 1,
    build_p3, witness_p3, true, "d_fib = ½ for every ε", "P3" },
  { "p4", "P4 · a kink outside the domain",
    "Γ's kink sits at x = K, outside [−1, 1], so Γ computes 0 on the domain. The nearby function "
    "g = ερ(x) needs a kink inside, and the nearest parameters that provide one are K away: "
    "the distance is unbounded while the functions are ε apart.",
    "K", 1, 100, 10, true, false, 1,
    build_p4, witness_p4, true, "d_fib = K", "P4" },
  { "rescale", "Rescaling: one function, far parameters",
    "Γ = ρ(x − 0.25) and g, the same neuron rescaled by λ: (λa, λb, c/λ). Both compute exactly the "
    "same function, yet their parameters are about λ apart. Distances that ignore this symmetry "
    "(the raw one) see a large gap; d_sym and d_fib see none.",
    "λ", 0.05, 20, 5, true, false, 1,
    build_rescale, witness_rescale, true, "d_sym = 0 while the raw distance is about λ", "the rescaling preset" },
  { "invisible-1d", "Invisible kinks (1-D)",
    "ρ(x) − ρ(−x) − ρ(x − t) + ρ(t − x) − t is zero for every t: four neurons whose kinks slide "
    "across the domain while the function never changes. The fibre of the zero function "
    "contains this whole curve of parameters.",
    "t", -1, 1, 0.5, false, false, 1,
    build_invisible_1d, witness_invisible_1d, true, "the functions are 0 apart for every t", "invisible kinks (1-D)" },
  { "invisible-2d", "Invisible kinks (2-D)",
    "With P(n, s) = ρ(n·x + s) − ρ(−n·x − s), the sum P(e₁, s₁) + P(e₂, s₂) − P(e₁ + e₂, s₁ + s₂) "
    "is zero everywhere: three kink lines (six neurons) that move with s while the function "
    "stays zero.",
    "s", -0.5, 0.5, 0.3, false, false, 2,
    build_invisible_2d, witness_invisible_2d, true, "the functions are 0 apart for every s", "invisible kinks (2-D)" },
  { "experiment", "The published SGD experiment",
    "Trained towards 0 with SGD (momentum 0.9, learning rate 0.001, batches of 10 points on "
    "[−10, 10]), the uniform error b shrinks as the two kinks move together, while the slopes a "
    "stay of order one: the realization converges, the parameters do not.",
    "b", 0.1, 5, 2, false, false, 1,
    build_experiment, witness_experiment, false, "the sup error falls while the slopes stay", "the SGD experiment" },
  { "dead", "A dead neuron (minimum in θ only)",
    "Γ's kink is at x = 2, outside [−1, 1], so it computes 0 and small parameter changes keep it "
    "at 0: the loss towards the target ρ(x) is flat around Γ, a local minimum in parameters. "
    "In realization space it is no minimum: adding ερ(x) lowers the error.",
    "c", 0.1, 2, 1, false, false, 1,
    build_dead, witness_dead, true, "in the loss landscape, flat around Γ (×) yet lower towards g (▲)", "the dead neuron" },
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

double
shl_pathology_clamp (const ShlPathology *info, double p)
{
  SHL_RETURN_VAL_IF_FAIL (info != NULL, p);
  if (!(p >= info->param_min))
    p = info->param_min;
  if (p > info->param_max)
    p = info->param_max;
  if (info->param_integer)
    p = round (p);
  return p;
}

bool
shl_pathology_build (ShlNet **gamma, ShlNet **g, const char *id, double p)
{
  const ShlPathology *info = shl_pathology_lookup (id);
  if (!info)
    return false;
  p = shl_pathology_clamp (info, p);
  *gamma = *g = NULL;
  info->build (gamma, g, p);
  return *gamma && *g;
}

ShlNet *
shl_pathology_witness (const char *id, double p)
{
  const ShlPathology *info = shl_pathology_lookup (id);
  if (!info || !info->witness)
    return NULL;
  return info->witness (shl_pathology_clamp (info, p));
}

/* ---------------------------------------------------- data, optimiser */

ShlData *
shl_pathology_data (const char *id, const ShlNet *g, uint64_t seed)
{
  SHL_RETURN_VAL_IF_FAIL (g != NULL, NULL);
  if (!shl_pathology_lookup (id))
    return NULL;
  ShlData *data;
  if (strcmp (id, "experiment") == 0)
    {
      data = shl_data_new (1, 1000, g->lo, g->hi);
      ShlRng rng;
      shl_rng_seed (&rng, seed);
      for (size_t k = 0; k < 1000; k++)
        data->x[k] = shl_rng_range (&rng, g->lo[0], g->hi[0]);
    }
  else if (g->d == 1)
    {
      data = shl_data_new (1, 128, g->lo, g->hi);
      for (size_t k = 0; k < 128; k++)
        data->x[k] = g->lo[0] + (g->hi[0] - g->lo[0]) * (double) k / 127.0;
    }
  else
    {
      data = shl_data_new (2, 144, g->lo, g->hi);
      for (size_t k = 0; k < 144; k++)
        {
          data->x[2 * k] = g->lo[0] + (g->hi[0] - g->lo[0]) * (double) (k % 12) / 11.0;
          data->x[2 * k + 1] = g->lo[1] + (g->hi[1] - g->lo[1]) * (double) (k / 12) / 11.0;
        }
    }
  if (!data)
    return NULL;
  shl_net_eval (data->y, NULL, g, data->x, data->n);
  return data;
}

bool
shl_pathology_train_opts (const char *id, ShlTrainOpts *opts)
{
  SHL_RETURN_VAL_IF_FAIL (opts != NULL, false);
  opts->loss = SHL_LOSS_MSE;
  if (!id || strcmp (id, "experiment") != 0)
    return false;
  opts->optimizer = SHL_OPT_MOMENTUM;
  opts->lr = 1e-3;
  opts->momentum = 0.9;
  opts->batch = 10;
  return true;
}
