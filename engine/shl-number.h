/* shl-number.h: the one way the project writes a double as text.
 *
 * Every number the engine and the CLI write (network, data, session and
 * log files, CSV and JSON on stdout) goes through shl_number_format: the
 * shortest text that reads back to the same double (for normal numbers
 * the fewest of 15, 16 or 17 significant digits that do: every decimal of
 * up to 15 digits survives the trip through a double), in the C locale
 * whatever the process locale, so that writing and reading a file is exact
 * bit for bit.
 *
 *   3.0      -> "3"          (SHL_NUMBER_FLOAT: "3.0")
 *   0.1      -> "0.1"
 *   1/3      -> "0.33333333333333331"
 *   -0.0     -> "-0.0"       (always: "-0" would read back as the integer 0
 *                             in JSON parsers such as json-glib)
 *   1e308    -> "1e+308"
 *   0.1 + 0.2 -> "0.30000000000000004"
 *   4.9e-324 -> "5e-324"     (the smallest subnormal)
 *   NaN, ±inf -> "nan", "inf", "-inf"; with SHL_NUMBER_JSON: "null"
 *
 * Plain C, no GLib. Thread-safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Enough for any double in any of the forms above, with the NUL. */
#define SHL_NUMBER_BUF 32

typedef enum {
  SHL_NUMBER_DEFAULT = 0,
  /* integral values keep a decimal point: "3.0" (the network format
   * writes every parameter this way, so that it reads as a float) */
  SHL_NUMBER_FLOAT = 1 << 0,
  /* non-finite values as "null" (JSON has no NaN or infinity) */
  SHL_NUMBER_JSON = 1 << 1,
} ShlNumberFlags;

/* x as text into buf (SHL_NUMBER_BUF bytes); returns the length. */
size_t shl_number_format (char *buf, double x, ShlNumberFlags flags);

/* Parse a whole string as a double in the C locale (leading and trailing
 * white space is not allowed). False if text is not a number or does not
 * end after it; out-of-range values give ±inf or 0 as strtod does. */
bool   shl_number_parse  (const char *text, double *out);
