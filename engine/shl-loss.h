/* shl-loss.h: losses and their gradients with respect to all parameters.
 *
 *   mse:      L = (1/n) sum_k (f(x_k) - y_k)^2
 *   logistic: L = (1/n) sum_k log(1 + exp(-s_k f(x_k))),  s_k = 2 y_k - 1
 *
 * Plain C + CBLAS, no GLib. Three interchangeable kernels compute the same
 * numbers: a fused single-pass kernel (the default, vectorised), a BLAS
 * kernel that materialises the (n, m) activation matrix and uses dgemv /
 * dgemm, and a naive scalar loop kept as the baseline and the reference in
 * tests. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shl-names.h"
#include "shl-net.h"

typedef enum {
  SHL_LOSS_MSE,
  SHL_LOSS_LOGISTIC,
} ShlLoss;

typedef enum {
  SHL_KERNEL_FUSED,
  SHL_KERNEL_BLAS,
  SHL_KERNEL_NAIVE,
} ShlKernel;

/* "mse" ("Squared error"), "logistic" ("Logistic") */
extern const ShlNameTable shl_loss_names;
/* "fused" ("Fused (vectorised)"), "blas" ("BLAS"), "naive" ("Naive loop") */
extern const ShlNameTable shl_kernel_names;

const char *shl_loss_name          (ShlLoss loss);        /* the id */
const char *shl_loss_label         (ShlLoss loss);
bool        shl_loss_from_name     (const char *name, ShlLoss *out);
const char *shl_kernel_name        (ShlKernel kernel);    /* the id */
const char *shl_kernel_label       (ShlKernel kernel);
bool        shl_kernel_from_name   (const char *name, ShlKernel *out);

/* Scratch memory for nets of width <= m_max in dimension d and batches of
 * <= n_max points; evaluating with it allocates nothing. Only the BLAS
 * kernel needs the (n_max, m_max) matrices; the others need O(m_max). */
typedef struct ShlWorkspace ShlWorkspace;
ShlWorkspace *shl_workspace_new    (int m_max, int d, size_t n_max,
                                    ShlKernel kernel);
void          shl_workspace_free   (ShlWorkspace *ws);

/* Loss at (x (n, d), y (n)); if grad is not NULL it receives dL/dtheta
 * (net->n_params), laid out like net->theta. Returns the loss (NaN or inf
 * if the network produces them). The kernel must be the workspace's,
 * except that every workspace can run the fused and the naive kernel. */
double shl_loss_grad (double *grad, ShlWorkspace *ws, const ShlNet *net,
                      ShlLoss loss, ShlKernel kernel,
                      const double *x, const double *y, size_t n);

/* The mean loss of outputs f (n) against labels y (n), with the kernels'
 * per-sample formulas (0 for n = 0): for loss slices of functions that
 * are not one network (sums of realizations, precomputed outputs). */
double shl_loss_of_outputs (const double *f, const double *y, size_t n,
                            ShlLoss loss);

/* Flop count the benchmark uses for one loss+gradient evaluation. */
double shl_loss_grad_flops (int m, int d, size_t n);
