/* shl-exact.h: exact arithmetic on doubles for the geometry.
 *
 * Two layers:
 *
 * - Predicates: the sign of a 2x2 or 3x3 determinant of doubles, decided
 *   exactly. A floating-point filter decides whenever it can (Kahan's 2x2
 *   determinant with an FMA has a relative error of at most 2u, so its sign
 *   is exact while nothing overflows or underflows; the 3x3 determinant is
 *   expanded on such minors with an a-priori error bound); otherwise the
 *   determinant is computed exactly with GMP integers.
 *
 * - Exact integers at a common scale: every double x of a problem is the
 *   integer X = x 2^-e0 for one exponent e0 <= 0 (at most the exponent of
 *   the least significant set bit of every input), so that a product of k
 *   inputs is an integer at base k e0 and sums of products are exact. The
 *   results are rounded once, correctly (round to nearest, ties to even,
 *   overflow to infinity, gradual underflow).
 *
 * Not part of the engine's public API: shl-geom uses it, and the tests use
 * it to build independent exact references. Plain C + GMP, no GLib. */
#pragma once

#include <gmp.h>
#include <stdbool.h>

/* Inputs whose magnitudes are 0 or within [2^-SAFE, 2^SAFE] keep every
 * floating-point filter of shl-geom free of overflow and harmful underflow
 * (products of up to four inputs stay within [2^-960, 2^960]). */
#define SHL_EXACT_SAFE_EXP 240

/* x is 0 or finite with 2^-240 <= |x| <= 2^240 */
bool   shl_exact_safe          (double x);

/* ad - bc by Kahan's algorithm (an FMA): relative error <= 2u when no
 * intermediate overflows or underflows, which holds for safe inputs. */
double shl_exact_det2_approx   (double a, double b, double c, double d);

/* ad - bc as hi + lo (double-double): |hi + lo - (ad - bc)| <= 2^-104
 * |ad - bc| for safe inputs (the exact value as an expansion, summed). */
void   shl_exact_det2_dd       (double a, double b, double c, double d,
                                double *hi, double *lo);

/* Exact signs (-1, 0, +1) for any finite doubles. */
int    shl_exact_sign_det2     (double a, double b, double c, double d);
/* det [[r0], [r1], [r2]], rows of three doubles */
int    shl_exact_sign_det3     (const double *r0, const double *r1,
                                const double *r2);

/* The exponent of the least significant set bit of a finite x != 0
 * (x = odd * 2^k: returns k); LONG_MAX for 0. */
long   shl_exact_low_exp       (double x);

/* z = x 2^-e0 exactly; requires x == 0 or shl_exact_low_exp (x) >= e0. */
void   shl_exact_set_d         (mpz_t z, double x, long e0);

/* The double nearest to z 2^base (ties to even; +-inf on overflow). */
double shl_exact_round         (const mpz_t z, long base);
/* The double nearest to (n / d) 2^base, d != 0. */
double shl_exact_round_div     (const mpz_t n, const mpz_t d, long base);
/* The double nearest to sqrt (z 2^base), z >= 0, base even. */
double shl_exact_round_sqrt    (const mpz_t z, long base);
/* z 2^base as hi + lo (both rounded to nearest: hi = the nearest double,
 * lo = the nearest double to the rest); hi = +-inf beyond the range. */
void   shl_exact_round_dd      (const mpz_t z, long base, double *hi,
                                double *lo);
/* z 2^base with a relative error below 2^-52 (truncation), cheap; +-inf
 * or 0 outside the range of doubles. */
double shl_exact_approx        (const mpz_t z, long base);

/* Compare |n1 / d1| with |n2 / d2| (same bases): -1, 0, +1. d1, d2 != 0.
 * tmp1, tmp2 are scratch. */
int    shl_exact_cmp_abs_ratio (const mpz_t n1, const mpz_t d1,
                                const mpz_t n2, const mpz_t d2, mpz_t tmp1,
                                mpz_t tmp2);
