/* shl-symmetry.h: symmetries, per-neuron diagnosis, canonicalisation into
 * the restricted set, and the projection used by restricted training.
 *
 *   f(x) = sum_i c_i relu(<a_i, x> + b_i) + <v, x> + e   on [lo, hi]^d
 *
 * Symmetry moves (permutation, positive rescaling, balancing) leave the
 * realization unchanged exactly. The canonicalisation kappa maps a network
 * to the restricted set of theory.md section 4 (every neuron zero, or
 * active on the box, oriented, alone on its hyperplane and balanced) in six
 * separately callable steps, each of which keeps the realization on the
 * domain (up to rounding):
 *
 *   1 drop     a_i = 0: fold c_i relu(b_i) into e; c_i = 0 or dead on the
 *              box: drop ("on the box" with the margin
 *              SHL_SYM_BOUNDARY_RTOL, here and in steps 2, the restricted
 *              check and the projection)
 *   2 affine   <a_i,x> + b_i >= 0 on the whole box: v += c_i a_i,
 *              e += c_i b_i, drop
 *   3 orient   first non-zero entry of a_i negative: c relu(t) =
 *              c relu(-t) + c t, i.e. (a_i, b_i) -> (-a_i, -b_i),
 *              v += c_i a_i, e += c_i b_i
 *   4 merge    neurons on the same oriented hyperplane: normalise
 *              ||(a, b)||_2 = 1 (c <- c ||(a, b)||_2), add the outer weights,
 *              drop a sum that cancels
 *   5 balance  |c_i| = ||(a_i, b_i)||_2
 *   6 order    sort into the canonical order, then pad with zero neurons
 *              (a = 0, b = 0, c = 0) to a requested width
 *
 * Dropping changes the width, so every step returns a new network.
 *
 * Canonical order: neurons with a != 0 first, by their kink (1-D: the kink
 * position -b/a ascending; 2-D: the angle atan2(a_2, a_1) of the normal,
 * angles within 1e-12 rad counted equal, then the signed offset of the line
 * from the box centre, see ShlNeuronDiag.kink), ties broken by the raw
 * entries; then neurons with a = 0 but not zero; zero neurons last.
 *
 * Two hyperplanes (a_i, b_i), (a_j, b_j) are "the same oriented hyperplane"
 * when their box-normalised forms agree: with the box centre x0 and half
 * widths h, the pre-activation in box coordinates u in [-1, 1]^d is
 * <a (.) h, u> + (b + <a, x0>); the vectors (a (.) h, b + <a, x0>), scaled
 * to unit 2-norm, must agree entry by entry within
 * SHL_SYM_HYPERPLANE_RTOL ("opposite": one agrees with minus the other).
 * Neurons with a = 0 have no hyperplane and are never duplicates.
 *
 * Plain C + libm, no GLib. */
#pragma once

#include <float.h>
#include <stdbool.h>
#include <stddef.h>

#include "shl-geom.h"
#include "shl-net.h"

/* kappa's three tolerances are rounding-level: they absorb the rounding
 * of the symmetry moves (a neuron rescaled by any lambda differs from a
 * proportional copy by a few ulps) and nothing more, so that kappa
 * computes the same function as its input to a few dozen ulps of the
 * value scale |e| + sum |v_j| R_j + sum |c_i| (sum |a_ij| R_j + |b_i|),
 * R_j = max(|lo_j|, |hi_j|), which tests/fuzz/fuzz-geometry checks. (They
 * were 1e-10, 1e-12 and 1e-13: kinks 2^-40 apart were merged, moving the
 * function by 1e-12.)
 *
 * Tolerance of "same hyperplane" (box-normalised unit vectors, entrywise).
 * Merging two kinks this close moves the realization by at most about
 * 50 DBL_EPSILON |c_j| times the size of the merged neuron's
 * pre-activation on the box (the weight moves with the ratio of the box
 * norms). */
#define SHL_SYM_HYPERPLANE_RTOL (16 * DBL_EPSILON)

/* Margin of "the kink meets the interior of the box" used by kappa, the
 * restricted check and the projection: relative to the size
 * |b| + sum_j max(|a_j lo_j|, |a_j hi_j|) of the terms of the
 * pre-activation. A kink closer to the boundary than that counts as outside
 * (dead or affine, by the side it is on), so that rescaling, which moves a
 * kink on the boundary by an ulp either way, cannot change the verdict.
 * Dropping or folding such a neuron moves the realization by at most
 * 16 DBL_EPSILON |c| size in the sup norm. shl_net_diagnose reports the
 * exact status of shl_neuron_status. */
#define SHL_SYM_BOUNDARY_RTOL (16 * DBL_EPSILON)

/* The balance tolerance of "the network lies in the restricted set"
 * everywhere a verdict is shown (the app's readouts, `shallows-cli
 * distance` and `diagnose`): | |c| - ||(a, b)|| | <= tol max(|c|,
 * ||(a, b)||). kappa's output passes with 1e-12; a trained restricted
 * network within a few ulps. SHL_RESTRICTED_TOL_TEXT is "1e-9". */
#define SHL_RESTRICTED_TOL 1e-9
#define SHL_RESTRICTED_TOL_TEXT SHL_SYM_STR (SHL_RESTRICTED_TOL)
#define SHL_SYM_STR(x) SHL_SYM_STR_ (x)
#define SHL_SYM_STR_(x) #x

/* A merged outer weight whose magnitude is at most this fraction of the sum
 * of the magnitudes of its parts is rounding noise: the neuron is dropped
 * (moving the realization by at most that fraction of the parts). */
#define SHL_SYM_CANCEL_RTOL (16 * DBL_EPSILON)

/* ------------------------------------------------------------------------ */
/* Symmetry moves (permutations leave the parameters' values bit for bit,  */
/* rescaling up to rounding; the realization is unchanged)                  */

/* Reorder the neurons: new neuron k is old neuron perm[k]. e and v are
 * untouched. Returns false and leaves net unchanged if perm (m) is not a
 * permutation of 0 .. m-1 or memory runs out. */
bool shl_net_permute      (ShlNet *net, const int *perm);
/* Exchange neurons i and j (no-op if either is out of range). */
void shl_net_swap_neurons (ShlNet *net, int i, int j);
/* Rescaling and balancing: shl_net_rescale_neuron, shl_net_balance_neuron
 * and shl_net_balance in shl-net.h. */

/* Number of zero neurons (a = 0, b = 0 and c = 0). */
int  shl_net_count_zero   (const ShlNet *net);

/* ------------------------------------------------------------------------ */
/* Per-neuron diagnosis                                                     */

typedef struct {
  ShlNeuronStatus status;   /* shl_neuron_status on the net's box */
  int    duplicate_of;      /* smallest j < i on the same oriented
                             * hyperplane ((a_i, b_i) = lambda (a_j, b_j),
                             * lambda > 0), -1 if none */
  int    opposite_of;       /* smallest j < i with lambda < 0, -1 if none */
  double norm_ab;           /* ||(a_i, b_i)||_2 */
  double imbalance;         /* log(|c_i| / ||(a_i, b_i)||_2); 0 when
                             * balanced; NAN if c_i = 0 or (a_i, b_i) = 0 */
  double kink;              /* 1-D: the kink position -b_i / a_i (also when
                             * outside the box); 2-D: the signed offset
                             * s = -(<a_i, x0> + b_i) / ||a_i||_2 of the line
                             * from the box centre x0 along the unit normal
                             * a_i / ||a_i||_2 (the line is
                             * {x0 + s n + t n_perp}; s > 0: the centre is
                             * on the inactive side). NAN if a_i = 0. */
  double jump;              /* J_i = c_i ||a_i||_2, the signed size of the
                             * gradient jump across the kink */
} ShlNeuronDiag;

/* Fill diag (net->m) for every neuron of net. O(m^2). */
void  shl_net_diagnose       (ShlNeuronDiag *diag, const ShlNet *net);

/* An aligned text table of the diagnosis (one header line, one line per
 * neuron: index, status, a, b, c, kink, jump, imbalance, partner) followed
 * by a summary (counts per status, e, v, whether the net is restricted).
 * diag (net->m) as filled by shl_net_diagnose. Returns a malloc'd string
 * (free with free()) or NULL if memory runs out. */
char *shl_net_diagnosis_text (const ShlNet *net, const ShlNeuronDiag *diag);

/* ------------------------------------------------------------------------ */
/* Canonicalisation kappa                                                   */

typedef enum {
  SHL_CANON_DROP = 1,       /* drop zero, c = 0 and dead neurons */
  SHL_CANON_AFFINE = 2,     /* fold neurons affine on the box into (v, e) */
  SHL_CANON_ORIENT = 3,     /* first non-zero entry of a_i positive */
  SHL_CANON_MERGE = 4,      /* one neuron per oriented hyperplane */
  SHL_CANON_BALANCE = 5,    /* |c_i| = ||(a_i, b_i)||_2 */
  SHL_CANON_ORDER_PAD = 6,  /* canonical order, pad with zero neurons */
} ShlCanonStep;

#define SHL_CANON_N_STEPS 6

/* ids "drop", "affine", "orient", "merge", "balance", "order-pad" with a
 * label each */
extern const ShlNameTable shl_canon_step_names;
/* the id; "unknown" otherwise */
const char *shl_canon_step_name (ShlCanonStep step);

/* One step applied to net (which is not modified). NULL also when a
 * result is beyond the double range (see shl_canonicalize_report). pad_width is used by
 * SHL_CANON_ORDER_PAD only: the result is padded with zero neurons up to
 * pad_width (< 0: no padding; a smaller pad_width than the width never
 * removes neurons). Steps work on any network, not only on the output of
 * the previous step. Merging (step 4) leaves a neuron alone on its
 * hyperplane untouched, and balancing (step 5) leaves a neuron alone when
 * | |c| - ||(a, b)|| | <= 4 DBL_EPSILON max(|c|, ||(a, b)||), so that kappa
 * is idempotent bit for bit. Returns a new network (same d and domain,
 * possibly of width 0), or NULL if net is NULL or not finite, step is
 * unknown, or memory runs out. */
ShlNet *shl_canon_step         (const ShlNet *net, ShlCanonStep step,
                                int pad_width);

/* Steps 1 .. n_steps in order (n_steps in 0 .. 6; 0 returns a copy).
 * NULL as for shl_canon_step or if n_steps is out of range. */
ShlNet *shl_canonicalize_steps (const ShlNet *net, int n_steps,
                                int pad_width);

/* Why kappa gave no network. Large and small parameters are handled with
 * scaling (folds by fused multiply-adds, merges and balancing on weights
 * split into a power of two and a mantissa), so that a network whose
 * canonical form is representable gets it; OVERFLOW means the canonical
 * form itself is not: a folded linear part or a merged weight beyond the
 * double range (every parameter at 1e308 folds 1e616 into v), or balanced
 * weights in the subnormals (c = 5e-324 against ||(a, b)|| = 1e-310). */
typedef enum {
  SHL_CANON_OK,
  SHL_CANON_NOT_FINITE,   /* a parameter of the input is not finite */
  SHL_CANON_OVERFLOW,     /* a result is beyond the double range */
  SHL_CANON_NO_MEMORY,
  SHL_CANON_INVALID,      /* NULL net or n_steps out of range */
  SHL_CANON_UNDERFLOW,    /* a balanced weight |c| = ||(a, b)|| is
                           * subnormal: too few digits to be balanced */
} ShlCanonStatus;

typedef struct {
  ShlCanonStatus status;
  int            step;     /* the step that failed (1 .. 6), 0 if none */
  int            neuron;   /* the neuron (its index in the network given to
                           * kappa) whose result does not fit, -1 if none */
} ShlCanonReport;

/* ids "ok", "not-finite", "overflow", "no-memory", "invalid", "underflow"; the labels
 * are English sentences for messages (shl_canon_status_message) */
extern const ShlNameTable shl_canon_status_names;
const char *shl_canon_status_message (ShlCanonStatus status);

/* shl_canonicalize_steps, saying in *report (may be NULL) why it returns
 * NULL: report->status is SHL_CANON_OK exactly when a network is
 * returned. */
ShlNet *shl_canonicalize_report (ShlCanonReport *report, const ShlNet *net,
                                 int n_steps, int pad_width);

/* kappa: all six steps. pad_width -1 (any negative value): no padding.
 * kappa(kappa(net)) == kappa(net) bit for bit (barring a kink within an ulp
 * of the margin SHL_SYM_BOUNDARY_RTOL). Two networks with the same
 * realization on the box have the same kappa up to rounding: in 1-D it
 * consists of the knots, jumps, slope and value (theory.md section 4); in
 * 2-D the distinct kink lines and their jumps are equally determined by
 * the function, but lines whose normals' angles differ by about 1e-12 rad
 * may be ordered differently. */
ShlNet *shl_canonicalize       (const ShlNet *net, int pad_width);

/* ------------------------------------------------------------------------ */
/* The restricted set                                                       */

typedef enum {
  SHL_RESTRICTED_OK,
  SHL_RESTRICTED_NOT_FINITE,   /* a parameter is NaN or infinite */
  SHL_RESTRICTED_NO_KINK,      /* a non-zero neuron is dead or affine on
                                * the box (with the margin
                                * SHL_SYM_BOUNDARY_RTOL), has a = 0, or has
                                * c = 0 */
  SHL_RESTRICTED_ORIENTATION,  /* first non-zero entry of a_i negative */
  SHL_RESTRICTED_SHARED,       /* two neurons on the same oriented
                                * hyperplane */
  SHL_RESTRICTED_UNBALANCED,   /* | |c| - ||(a, b)|| | > tol max(...) */
} ShlRestrictedCheck;

/* ids "restricted", "not-finite", "no-kink", "orientation", "shared",
 * "unbalanced"; the labels are the phrases below */
extern const ShlNameTable shl_restricted_check_names;
/* A short English phrase (the label): "restricted", "a parameter is not
 * finite", "no kink inside the domain (...)", "wrong orientation (...)",
 * "shares its oriented hyperplane with an earlier neuron", "unbalanced". */
const char        *shl_restricted_check_name (ShlRestrictedCheck check);

/* The first violation of the restricted set (neurons in index order; for
 * SHL_RESTRICTED_SHARED the later neuron of the pair) and in *neuron (may be
 * NULL) its index (-1 for OK and NOT_FINITE). tol: relative tolerance of
 * the balance condition. */
ShlRestrictedCheck shl_net_check_restricted  (int *neuron, const ShlNet *net,
                                              double tol);
/* Every neuron zero or (kink meets the interior of the box by the margin
 * SHL_SYM_BOUNDARY_RTOL, c != 0, orientation ok, no two on the same
 * oriented hyperplane, balanced within tol; SHL_RESTRICTED_TOL is the
 * project's choice, kappa's output passes with 1e-12). */
bool               shl_net_is_restricted     (const ShlNet *net, double tol);

/* ------------------------------------------------------------------------ */
/* Projection for restricted training                                      */

typedef struct {
  int zero_slots;   /* zero neurons after the projection */
  int killed;       /* non-zero neurons zeroed because a = 0, c = 0 or dead
                     * on the box (a = 0: c relu(b) folded into e) */
  int folded;       /* non-zero neurons affine on the box, folded into
                     * (v, e) and zeroed */
  int flipped;      /* orientations fixed (the affine part absorbs c t) */
  int merged;       /* neurons merged into an earlier one on the same
                     * oriented hyperplane and zeroed (a cancelling sum
                     * zeroes both and counts both) */
  int overflow;     /* 1: a folded or merged weight is beyond the double
                     * range; the projection stopped and set e = +inf, so
                     * that training reports a non-finite parameter */
} ShlProjectStats;

/* Map net into the restricted set in place, without allocating and without
 * changing the width, keeping the realization on the box (up to rounding):
 * neurons with a = 0 (c relu(b) folded into e), with c = 0 or dead on the
 * box (margin SHL_SYM_BOUNDARY_RTOL) are zeroed; neurons affine on the box are folded into (v, e) and
 * zeroed; a wrong orientation is flipped into (v, e); a neuron on the same
 * oriented hyperplane as an earlier one is merged into it (its slot becomes
 * a zero neuron); finally every non-zero neuron is balanced.
 *
 * A zeroed slot stays zero: (0, 0, 0) is a critical point of every loss
 * (all its partial derivatives vanish, also with weight decay), so plain
 * gradient steps never revive it, and no re-seeding is attempted.
 * Restricted training therefore loses capacity whenever a kink leaves the
 * domain; zero_slots reports how much. (With momentum or Adam, old buffer
 * contents can push a zeroed slot off zero for a while; the projection then
 * treats it like any other neuron.) The projection writes v and e even
 * when training keeps v fixed. */
void shl_restricted_project       (ShlNet *net);
/* The same, reporting what it did in *stats (may be NULL). */
void shl_restricted_project_stats (ShlProjectStats *stats, ShlNet *net);
