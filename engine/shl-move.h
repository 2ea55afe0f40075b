/* shl-move.h: typed symmetry moves.
 *
 * A move is one of the parameter changes of shl-symmetry.h that keep the
 * realization on the domain: balancing every neuron or one, rescaling one
 * neuron by lambda > 0, permuting (reversing the order of) the neurons,
 * one step of the canonical form kappa, or the whole of kappa padded to
 * the width. ShlMove is the kind plus its arguments, passed by value; the
 * app's buttons, the sim and the tests build one with the constructors
 * below instead of spelling a string.
 *
 * Every kind has a name and a label (one table, shl-move.c), and every
 * move an id string for files and tests and a human label:
 *
 *   kind                     id                  label
 *   SHL_MOVE_BALANCE         "balance"           "Balance every neuron"
 *   SHL_MOVE_BALANCE_NEURON  "balance-I"         "Balance neuron I+1"
 *   SHL_MOVE_RESCALE_NEURON  "rescale-I-LAMBDA"  "Rescale neuron I+1 by λ = LAMBDA"
 *   SHL_MOVE_REVERSE         "reverse"           "Permute: reverse the order of the neurons"
 *   SHL_MOVE_CANON_STEP      "canon-K"           "κ step K of 6: NAME"
 *   SHL_MOVE_CANONICAL       "canonical"         "κ: the canonical form, padded to the width"
 *
 * In ids the neuron index I is 0-based (plain decimal digits) and LAMBDA
 * is written in the C locale with the fewest digits that read back to the
 * same double; labels count neurons from 1 like the app's neuron table.
 *
 * Plain C + libm, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shl-net.h"
#include "shl-symmetry.h"

typedef enum {
  SHL_MOVE_BALANCE,         /* every neuron: |c_i| = ||(a_i, b_i)||_2 */
  SHL_MOVE_BALANCE_NEURON,  /* neuron `neuron` only */
  SHL_MOVE_RESCALE_NEURON,  /* (a, b, c) -> (lambda a, lambda b, c / lambda)
                             * for neuron `neuron` */
  SHL_MOVE_REVERSE,         /* permute: new neuron k is old neuron m-1-k */
  SHL_MOVE_CANON_STEP,      /* step `step` of kappa (shl_canon_step); step
                             * 6 (order) pads to the network's own width */
  SHL_MOVE_CANONICAL,       /* kappa, padded to the network's width */
} ShlMoveKind;

#define SHL_MOVE_N_KINDS 6

typedef struct {
  ShlMoveKind kind;
  int         neuron;   /* BALANCE_NEURON, RESCALE_NEURON: 0-based index */
  double      lambda;   /* RESCALE_NEURON: finite, > 0 */
  int         step;     /* CANON_STEP: 1 .. SHL_CANON_N_STEPS */
} ShlMove;

/* Room for any id or label (with its terminating NUL). */
#define SHL_MOVE_TEXT_MAX 96

ShlMove shl_move_balance        (void);
ShlMove shl_move_balance_neuron (int neuron);
ShlMove shl_move_rescale_neuron (int neuron, double lambda);
ShlMove shl_move_reverse        (void);
ShlMove shl_move_canon_step     (ShlCanonStep step);
ShlMove shl_move_canonical      (void);

/* The kind table: names "balance", "balance-neuron", "rescale-neuron",
 * "reverse", "canon-step", "canonical" ("unknown" otherwise) and labels
 * "Balance", "Balance neuron", "Rescale neuron", "Permute", "κ step", "κ"
 * ("unknown" otherwise). */
const char *shl_move_kind_name      (ShlMoveKind kind);
const char *shl_move_kind_label     (ShlMoveKind kind);
/* false for an unknown name (*out untouched) */
bool        shl_move_kind_from_name (const char *name, ShlMoveKind *out);

/* The id of move into buf (len bytes, SHL_MOVE_TEXT_MAX is always
 * enough); "" if the move's arguments are invalid (shl_move_check with no
 * network). Returns buf. */
char *shl_move_to_id    (char *buf, size_t len, const ShlMove *move);
/* Parse an id (the whole string, as written by shl_move_to_id). Returns
 * false (and leaves *out untouched) for anything else: unknown words,
 * signs, spaces or trailing characters, a missing or out-of-range
 * argument (I beyond INT_MAX, LAMBDA not finite or <= 0, K not 1 .. 6). */
bool  shl_move_from_id  (ShlMove *out, const char *id);
/* The human label of move into buf (as in the table above); the kind's
 * label alone if the arguments are invalid. Returns buf. */
char *shl_move_to_label (char *buf, size_t len, const ShlMove *move);

/* Whether move applies to net (NULL: check the arguments only). Returns
 * NULL if it does, otherwise buf (len bytes) holding a short English
 * reason such as "neuron 7 does not exist (the width is 5)" or "rescaling
 * neuron 1 by λ = 1e+300 leaves the double range". With a network the
 * move is tried: a result beyond the double range (or a rescaled entry
 * lost to underflow) does not apply. */
const char *shl_move_check (const ShlMove *move, const ShlNet *net,
                            char *buf, size_t len);

/* Apply move to net, out of place: net is not modified and the result is
 * a new network on the same domain (free with shl_net_free). Returns NULL
 * if the move does not apply (shl_move_check: also when its result would
 * be beyond the double range), net is not finite, or memory runs out.
 *
 * The result realizes the same function on the domain as net. REVERSE
 * permutes the parameters bit for bit, and rescaling by a power of two
 * is exact (a rescaling that would overflow or underflow is refused);
 * other rescalings, balancing and the steps of kappa change the function
 * only by the rounding of the parameters they compute (see
 * shl-symmetry.h). The canonical steps may change the width (dropping and
 * merging neurons; CANONICAL pads back to net's width). */
ShlNet *shl_move_apply (const ShlMove *move, const ShlNet *net);
