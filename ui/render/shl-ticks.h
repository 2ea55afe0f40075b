/* shl-ticks.h: "nice" axis ticks and compact tick labels (pure functions).
 *
 * Linear ticks are multiples k * step of a step in {1, 2, 5} x 10^e,
 * chosen to be as close as possible to the target count while preferring
 * simple steps (Heckbert 1990, with Wilkinson's simplicity ordering
 * 1 > 5 > 2). Only ticks inside [lo, hi] are returned.
 *
 * Log ticks are decades 10^k (every step-th decade when there are many),
 * with minor ticks at 2..9 x 10^k; ranges shorter than about one decade
 * use 1-2-5 ticks, and shorter still fall back to linear ticks.
 *
 * Labels are Pango markup: minus signs are U+2212, there is no
 * floating-point noise ("0.3", never "0.30000000000000004"). Very large
 * or small linear ticks are labelled by mantissa with one common factor
 * "×10<sup>k</sup>" (shl_ticks_multiplier); 1-2-5 log ticks use
 * "2×10<sup>−5</sup>" style and decades "10<sup>k</sup>". */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SHL_SCALE_LINEAR,
  SHL_SCALE_LOG10,
} ShlScale;

#define SHL_TICKS_MAX       48
#define SHL_TICKS_MINOR_MAX 160

typedef enum {
  SHL_TICKS_KIND_LINEAR,   /* k * step, common decimals / exponent */
  SHL_TICKS_KIND_DECADES,  /* 10^k, labelled "10<sup>k</sup>" */
  SHL_TICKS_KIND_LOG125,   /* {1, 2, 5} x 10^k, each labelled compactly */
  SHL_TICKS_KIND_EXPLICIT, /* values given by the caller (a figure spec),
                              each labelled with up to six significant
                              digits */
} ShlTicksKind;

typedef struct {
  int n;                            /* number of major ticks */
  double v[SHL_TICKS_MAX];          /* ascending */
  int n_minor;
  double minor[SHL_TICKS_MINOR_MAX];
  ShlTicksKind kind;
  double step;                      /* LINEAR: spacing; DECADES: decades
                                       per tick */
  int decimals;                     /* LINEAR: digits after the point of
                                       the mantissa */
  int exponent;                     /* LINEAR: labels are mantissas of
                                       x 10^exponent when != 0 */
} ShlTicks;

/* Ticks inside [lo, hi] (lo < hi, both finite); target >= 2 is the
 * desired count. */
void     shl_ticks_linear (ShlTicks *out, double lo, double hi, int target);
/* Ticks inside [lo, hi] with 0 < lo < hi. */
void     shl_ticks_log    (ShlTicks *out, double lo, double hi, int target);
/* The values (n) inside [lo, hi], sorted, without repeats, at most
 * SHL_TICKS_MAX, as EXPLICIT ticks (no minor ticks). */
void     shl_ticks_explicit (ShlTicks *out, const double *values, int n,
                             double lo, double hi);
/* Dispatches on scale. */
void     shl_ticks_compute (ShlTicks *out, ShlScale scale, double lo,
                            double hi, int target);

/* Pango markup label of tick i into buf (size bytes, 64 is plenty).
 * For LINEAR ticks with an exponent this is the mantissa ("2.5"). */
void     shl_ticks_label  (const ShlTicks *ticks, int i, char *buf,
                           gsize size);
/* The common factor of LINEAR ticks with an exponent, as markup
 * ("×10<sup>−5</sup>"), shown once at the end of the axis; returns FALSE
 * (and an empty buf) when there is none. */
gboolean shl_ticks_multiplier (const ShlTicks *ticks, char *buf,
                               gsize size);

/* A single number, compactly, with at most sig significant digits
 * (trailing zeros trimmed), U+2212 minus, and "×10<sup>k</sup>" outside
 * [1e-3, 1e5). For hover read-outs and annotations. With markup FALSE the
 * exponent is written with Unicode superscript digits instead. */
void     shl_format_number (char *buf, gsize size, double v, int sig,
                            gboolean markup);

G_END_DECLS
