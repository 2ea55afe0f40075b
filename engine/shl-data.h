/* shl-data.h: training data and the built-in targets.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shl-net.h"

typedef struct {
  int     d;                 /* input dimension, 1 or 2 */
  size_t  n;                 /* number of samples */
  double  lo[SHL_MAX_DIM];   /* domain the data lives on */
  double  hi[SHL_MAX_DIM];
  bool    classification;    /* labels are 0/1 */
  double *x;                 /* (n, d) */
  double *y;                 /* (n) */
} ShlData;

/* lo/hi may be NULL for [-1, 1]^d. */
ShlData *shl_data_new  (int d, size_t n, const double *lo, const double *hi);
ShlData *shl_data_copy (const ShlData *data);
void     shl_data_free (ShlData *data);
/* true when every label is exactly 0 or 1 */
bool     shl_data_labels_binary (const ShlData *data);

typedef struct {
  const char *name;          /* command-line name, e.g. "sine" */
  const char *label;         /* human label, e.g. "sin(πx)" */
  int         d;             /* 1 or 2 */
  bool        classification;
  const char *description;   /* one sentence */
} ShlTargetInfo;

/* The table of built-in targets; *n_out receives its length. */
const ShlTargetInfo *shl_targets       (size_t *n_out);
const ShlTargetInfo *shl_target_lookup (const char *name);

/* A built-in target instantiated with its seed (teachers depend on it) and
 * domain. lo/hi may be NULL for [-1, 1]^d. NULL for an unknown name. */
typedef struct ShlTarget ShlTarget;
ShlTarget           *shl_target_new    (const char *name, uint64_t seed,
                                        const double *lo, const double *hi);
void                 shl_target_free   (ShlTarget *target);
const ShlTargetInfo *shl_target_info   (const ShlTarget *target);
/* Noise-free value at x (d): the regression function, or for
 * classification the label 0/1 of the noise-free generative model (for
 * "gaussians", the nearer centre). */
double               shl_target_eval   (const ShlTarget *target, const double *x);
/* For the teacher targets, the teacher network (NULL otherwise). */
const ShlNet        *shl_target_teacher (const ShlTarget *target);
/* n samples, inputs uniform on the domain (classification targets use
 * their own input distributions, classes balanced: class k mod 2, then
 * shuffled), regression noise N(0, noise^2) added to y, classification
 * noise = std of a Gaussian jitter of the inputs (in units of the half
 * width of the domain). Deterministic in (target, n, noise, seed). NULL
 * for negative or non-finite noise. */
ShlData             *shl_target_sample (const ShlTarget *target, size_t n,
                                        double noise, uint64_t seed);
