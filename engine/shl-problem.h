/* shl-problem.h: from a recipe to a training problem.
 *
 * A problem is the data, the target they were drawn from (for a built-in
 * target) and the network at step 0. Everything that sets up training
 * (the CLI's train, landscape and path, sessions, the app's simulation)
 * builds it here, from two recipes, so that the same recipe gives the
 * same problem bit for bit everywhere:
 *
 *   data recipe     a built-in target (name, samples, noise, data seed) on
 *                   a domain, or given points
 *   network recipe  a new random network (width, init scheme, init seed)
 *                   on the data's domain, or a given network
 *
 * Typical use (the app's simulation, the CLI):
 *
 *   ShlDataRecipe dr;
 *   shl_data_recipe_init (&dr);
 *   dr.target = "sine";            (or dr.points = imported data)
 *   dr.samples = 128;
 *   dr.seed = data_seed;
 *   ShlNetRecipe nr;
 *   shl_net_recipe_init (&nr);
 *   nr.width = 12;                 (or nr.net = a loaded network)
 *   nr.scheme = SHL_INIT_HE;
 *   nr.seed = init_seed;
 *   ShlProblem p;
 *   ShlProblemStatus st = shl_problem_build (&p, &dr, &nr);
 *   if (st != SHL_PROBLEM_OK)
 *     ... shl_problem_status_message (st) ...
 *   ... p.data, p.target (NULL for points), p.net0 ...
 *   shl_problem_clear (&p);
 *
 * What it does, exactly (the behaviour every caller had before):
 * - target: shl_target_new (target, seed, lo, hi) on the recipe's domain,
 *   then shl_target_sample (target, samples, noise, seed);
 * - points: a copy;
 * - new network: shl_net_new (width, d, data->lo, data->hi), then
 *   shl_net_init_random with an RNG seeded with the init seed;
 * - given network: a copy (its own domain, which may differ from the
 *   data's: the CLI puts the target on the network's domain by setting the
 *   recipe's domain to it; the app keeps [-1, 1]).
 *
 * Plain C, no GLib. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "shl-data.h"
#include "shl-loss.h"
#include "shl-names.h"
#include "shl-net.h"

typedef struct {
  /* input dimension: 1 or 2, or 0 to take the target's or the points' */
  int            dim;
  /* the domain a target is sampled on (entries 0 .. d-1); default [-1, 1] */
  double         lo[SHL_MAX_DIM];
  double         hi[SHL_MAX_DIM];
  /* a built-in target (shl_target_lookup), or NULL for the points */
  const char    *target;
  size_t         samples;    /* >= 1 */
  double         noise;      /* >= 0 */
  uint64_t       seed;       /* the data seed: the samples and a teacher */
  /* given points, used when target is NULL (copied; their domain is
   * theirs) */
  const ShlData *points;
} ShlDataRecipe;

typedef struct {
  /* a given network (copied), or NULL for a new random one */
  const ShlNet  *net;
  int            width;      /* >= 0 */
  ShlInitScheme  scheme;
  uint64_t       seed;       /* the init seed */
} ShlNetRecipe;

typedef struct {
  ShlData   *data;     /* owned */
  ShlTarget *target;   /* owned; NULL when the data are given points */
  ShlNet    *net0;     /* owned: the network at step 0 */
} ShlProblem;

typedef enum {
  SHL_PROBLEM_OK,
  SHL_PROBLEM_UNKNOWN_TARGET,   /* no built-in target of that name */
  SHL_PROBLEM_DATA_DIM,         /* the target or the points are not of the
                                 * recipe's dimension */
  SHL_PROBLEM_BAD_DOMAIN,       /* lo < hi, both finite, is violated */
  SHL_PROBLEM_BAD_SAMPLES,      /* samples = 0, or noise negative or not
                                 * finite */
  SHL_PROBLEM_NO_DATA,          /* neither a target nor points */
  SHL_PROBLEM_NET_DIM,          /* the given network's dimension is not the
                                 * data's */
  SHL_PROBLEM_BAD_WIDTH,        /* width < 0 */
  SHL_PROBLEM_NO_MEMORY,
} ShlProblemStatus;

/* ids ("ok", "unknown-target", ...) and labels (a short message each) */
extern const ShlNameTable shl_problem_status_names;
/* the label: "unknown built-in target", ... */
const char *shl_problem_status_message (ShlProblemStatus status);

/* 1-D on [-1, 1]^d, no target, 128 samples, no noise, seed 0, no points */
void shl_data_recipe_init (ShlDataRecipe *recipe);
/* no given network, width 0, He, seed 0 */
void shl_net_recipe_init  (ShlNetRecipe *recipe);

/* The data (and for a built-in target the target, if target is not NULL;
 * else it is freed) of a recipe. *data and *target are set to NULL on
 * failure. */
ShlProblemStatus shl_problem_make_data (ShlData **data, ShlTarget **target,
                                        const ShlDataRecipe *recipe);
/* The built-in target of a recipe alone (no sampling); NULL for points or
 * an unknown name. */
ShlTarget       *shl_problem_make_target (const ShlDataRecipe *recipe);
/* The network at step 0 for data (their dimension and domain). *net is
 * NULL on failure. */
ShlProblemStatus shl_problem_make_net  (ShlNet **net,
                                        const ShlNetRecipe *recipe,
                                        const ShlData *data);
/* Both. On failure every field of out is NULL. */
ShlProblemStatus shl_problem_build     (ShlProblem *out,
                                        const ShlDataRecipe *data,
                                        const ShlNetRecipe *net);
void             shl_problem_clear     (ShlProblem *problem);

/* The loss a problem trains with unless told otherwise: logistic for
 * classification data, else mse. */
ShlLoss          shl_problem_default_loss (const ShlData *data);
