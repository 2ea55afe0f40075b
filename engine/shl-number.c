/* shl-number.c: see shl-number.h. */
#include "shl-number.h"

#include <ctype.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
init_c_locale (void)
{
  c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
}

/* Switch this thread to the C locale; returns the locale to restore. */
static locale_t
enter_c_locale (void)
{
  pthread_once (&c_locale_once, init_c_locale);
  return c_locale ? uselocale (c_locale) : (locale_t) 0;
}

static void
leave_c_locale (locale_t old)
{
  if (old)
    uselocale (old);
}

static bool
parse_c (const char *text, double *out)
{
  char *end = NULL;
  double v = strtod (text, &end);
  if (end == text || *end != '\0')
    return false;
  *out = v;
  return true;
}

size_t
shl_number_format (char *buf, double x, ShlNumberFlags flags)
{
  SHL_RETURN_VAL_IF_FAIL (buf != NULL, 0);
  if (!isfinite (x) && (flags & SHL_NUMBER_JSON))
    {
      memcpy (buf, "null", 5);
      return 4;
    }
  locale_t old = enter_c_locale ();
  /* A normal double has at least 15 significant decimal digits of
   * precision, so that %.15g (which drops trailing zeros) is already the
   * shortest text for every value that has one of up to 15 digits. A
   * subnormal has fewer: search from one digit up. */
  int first = (x != 0.0 && fabs (x) < DBL_MIN) ? 1 : 15;
  for (int digits = first; digits <= 17; digits++)
    {
      snprintf (buf, SHL_NUMBER_BUF, "%.*g", digits, x);
      double back;
      if (parse_c (buf, &back) && back == x && !signbit (back) == !signbit (x))
        break;
    }
  leave_c_locale (old);
  size_t len = strlen (buf);
  if (isfinite (x) && ((flags & SHL_NUMBER_FLOAT) || (x == 0.0 && signbit (x)))
      && strpbrk (buf, ".eE") == NULL && len + 2 < SHL_NUMBER_BUF)
    {
      memcpy (buf + len, ".0", 3);
      len += 2;
    }
  return len;
}

bool
shl_number_parse (const char *text, double *out)
{
  SHL_RETURN_VAL_IF_FAIL (text != NULL && out != NULL, false);
  if (*text == '\0' || isspace ((unsigned char) *text))
    return false;
  locale_t old = enter_c_locale ();
  bool ok = parse_c (text, out);
  leave_c_locale (old);
  return ok;
}
