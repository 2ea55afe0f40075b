/* test-number.c: the number writer (shl-number.h) and the core's argument
 * checks (shl-check.h). */
#include <glib.h>
#include <glib/gstdio.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-check.h"
#include "shl-number.h"
#include "shl-rng.h"

/* the number of significant digits of a %g-style text */
static int
significant_digits (const char *text)
{
  int n = 0;
  gboolean leading = TRUE;
  for (const char *p = text; *p && *p != 'e' && *p != 'E'; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (leading && *p == '0')
        continue;
      leading = FALSE;
      n++;
    }
  return n;
}

static gboolean
same_bits (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* x -> text -> x, bit for bit, and no shorter text of 15 or 16 digits
 * would do */
static void
check_round_trip (double x)
{
  char buf[SHL_NUMBER_BUF];
  size_t len = shl_number_format (buf, x, SHL_NUMBER_DEFAULT);
  g_assert_cmpuint (len, ==, strlen (buf));
  g_assert_cmpuint (len, <, SHL_NUMBER_BUF);
  double back = g_ascii_strtod (buf, NULL);
  if (!same_bits (back, x))
    g_error ("%.17g (%a) printed as \"%s\" reads back as %.17g", x, x, buf, back);
  double mine;
  g_assert_true (shl_number_parse (buf, &mine));
  g_assert_true (same_bits (mine, x));
  int digits = significant_digits (buf);
  gboolean subnormal = x != 0.0 && fabs (x) < DBL_MIN;
  if ((digits > 15 || subnormal) && digits > 1)
    {
      /* the shortest: one digit fewer does not read back */
      char shorter[64];
      snprintf (shorter, sizeof shorter, "%.*e", digits - 2, x);
      g_assert_false (g_ascii_strtod (shorter, NULL) == x);
    }
  /* the float form reads back as well, and always looks like a float */
  len = shl_number_format (buf, x, SHL_NUMBER_FLOAT);
  g_assert_true (same_bits (g_ascii_strtod (buf, NULL), x));
  g_assert_nonnull (strpbrk (buf, ".eE"));
}

static void
test_round_trip_random (void)
{
  ShlRng rng;
  shl_rng_seed (&rng, 20261128);
  int n = g_getenv ("SHL_TEST_LIGHT") ? 20000 : 200000;
  int checked = 0;
  for (int k = 0; k < n; k++)
    {
      /* random bit patterns cover every exponent, subnormals included */
      uint64_t bits = shl_rng_next (&rng);
      double x;
      memcpy (&x, &bits, sizeof x);
      if (!isfinite (x))
        continue;
      check_round_trip (x);
      /* and values of ordinary size */
      check_round_trip (shl_rng_normal (&rng) * pow (10.0, shl_rng_range (&rng, -8, 8)));
      checked++;
    }
  g_assert_cmpint (checked, >, n / 2);
}

static void
test_special_values (void)
{
  static const struct {
    double      x;
    const char *text;
    const char *text_float;
  } cases[] = {
    { 0.0, "0", "0.0" },
    { -0.0, "-0.0", "-0.0" },
    { 3.0, "3", "3.0" },
    { -42.0, "-42", "-42.0" },
    { 1e15, "1e+15", "1e+15" },
    { 123456789012345.0, "123456789012345", "123456789012345.0" },
    { 0.1, "0.1", "0.1" },
    { 0.5, "0.5", "0.5" },
    { 1.0 / 3.0, "0.3333333333333333", "0.3333333333333333" },
    { 0.1 + 0.2, "0.30000000000000004", "0.30000000000000004" },
    { 1e308, "1e+308", "1e+308" },
    { DBL_MAX, "1.7976931348623157e+308", "1.7976931348623157e+308" },
    { DBL_MIN, "2.2250738585072014e-308", "2.2250738585072014e-308" },
    { 4.9406564584124654e-324, "5e-324", "5e-324" },
    { 2.5e-320, "2.5e-320", "2.5e-320" },
    { -1e-300, "-1e-300", "-1e-300" },
  };
  char buf[SHL_NUMBER_BUF];
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      shl_number_format (buf, cases[k].x, SHL_NUMBER_DEFAULT);
      g_assert_cmpstr (buf, ==, cases[k].text);
      shl_number_format (buf, cases[k].x, SHL_NUMBER_FLOAT);
      g_assert_cmpstr (buf, ==, cases[k].text_float);
      shl_number_format (buf, cases[k].x, SHL_NUMBER_JSON);
      g_assert_cmpstr (buf, ==, cases[k].text);
      check_round_trip (cases[k].x);
    }
  /* every integer of up to 15 digits prints as that integer */
  ShlRng rng;
  shl_rng_seed (&rng, 7);
  for (int k = 0; k < 10000; k++)
    {
      int64_t v = (int64_t) shl_rng_below (&rng, 1000000000000000ULL) * (k % 2 ? 1 : -1);
      shl_number_format (buf, (double) v, SHL_NUMBER_DEFAULT);
      g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT, v);
      if (v == 0)
        g_assert_cmpstr (buf, ==, "0");
      else
        g_assert_cmpstr (buf, ==, want);
    }
  /* non-finite values: text, or null in JSON */
  shl_number_format (buf, INFINITY, SHL_NUMBER_DEFAULT);
  g_assert_cmpstr (buf, ==, "inf");
  shl_number_format (buf, -INFINITY, SHL_NUMBER_DEFAULT);
  g_assert_cmpstr (buf, ==, "-inf");
  shl_number_format (buf, NAN, SHL_NUMBER_DEFAULT);
  g_assert_nonnull (strstr (buf, "nan"));
  const double bad[] = { NAN, INFINITY, -INFINITY };
  for (unsigned k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      shl_number_format (buf, bad[k], SHL_NUMBER_JSON | SHL_NUMBER_FLOAT);
      g_assert_cmpstr (buf, ==, "null");
    }
}

static void
test_parse (void)
{
  double v = 0;
  g_assert_true (shl_number_parse ("1.5", &v));
  g_assert_cmpfloat (v, ==, 1.5);
  g_assert_true (shl_number_parse ("-2e-3", &v));
  g_assert_cmpfloat (v, ==, -2e-3);
  g_assert_false (shl_number_parse ("", &v));
  g_assert_false (shl_number_parse (" 1", &v));
  g_assert_false (shl_number_parse ("1 ", &v));
  g_assert_false (shl_number_parse ("1,5", &v));
  g_assert_false (shl_number_parse ("x", &v));
}

/* A locale with a decimal comma changes neither writing nor reading. The
 * locale is compiled into a temporary directory when the system has the
 * sources (Debian's locales package); otherwise the test is skipped. */
static void
test_locale (void)
{
  if (!g_file_test ("/usr/share/i18n/locales/de_DE", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no locale sources to build de_DE from");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("shallows-locale-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "de_DE.UTF-8", NULL);
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };
  int status = 0;
  gboolean ran = g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                               | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, NULL);
  g_setenv ("LOCPATH", dir, TRUE);
  char *saved = g_strdup (setlocale (LC_ALL, NULL));
  if (!ran || !setlocale (LC_ALL, "de_DE.UTF-8"))
    {
      g_free (saved);
      g_unsetenv ("LOCPATH");
      g_test_skip ("could not build or select de_DE.UTF-8");
      return;
    }
  char probe[16];
  snprintf (probe, sizeof probe, "%.1f", 0.5);
  g_assert_cmpstr (probe, ==, "0,5");  /* the locale does bite printf */
  char buf[SHL_NUMBER_BUF];
  shl_number_format (buf, 0.5, SHL_NUMBER_DEFAULT);
  g_assert_cmpstr (buf, ==, "0.5");
  shl_number_format (buf, -1234.0625, SHL_NUMBER_FLOAT);
  g_assert_cmpstr (buf, ==, "-1234.0625");
  double v;
  g_assert_true (shl_number_parse ("0.25", &v));
  g_assert_cmpfloat (v, ==, 0.25);
  g_assert_false (shl_number_parse ("0,25", &v));
  setlocale (LC_ALL, saved);
  g_free (saved);
  g_unsetenv ("LOCPATH");
  /* remove the compiled locale */
  const char *rm[] = { "rm", "-rf", dir, NULL };
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                NULL, NULL, NULL, NULL);
}

/* threads format concurrently (each switches only its own locale) */
static gpointer
format_many (gpointer data)
{
  ShlRng rng;
  shl_rng_seed (&rng, GPOINTER_TO_UINT (data));
  char buf[SHL_NUMBER_BUF];
  for (int k = 0; k < 20000; k++)
    {
      double x = shl_rng_normal (&rng);
      shl_number_format (buf, x, SHL_NUMBER_DEFAULT);
      if (g_ascii_strtod (buf, NULL) != x)
        return GINT_TO_POINTER (1);
    }
  return NULL;
}

static void
test_threads (void)
{
  GThread *t[4];
  for (int k = 0; k < 4; k++)
    t[k] = g_thread_new ("fmt", format_many, GUINT_TO_POINTER (k + 1));
  for (int k = 0; k < 4; k++)
    g_assert_null (g_thread_join (t[k]));
}

/* ------------------------------------------------------------- checks */

static char last_func[64], last_expr[64];

static void
record_check (const char *func, const char *expr)
{
  g_strlcpy (last_func, func, sizeof last_func);
  g_strlcpy (last_expr, expr, sizeof last_expr);
}

static void
test_checks (void)
{
  ShlCheckHandler old = shl_check_set_handler (record_check);
  unsigned long before = shl_check_count ();
  double v = 7;
  g_assert_false (shl_number_parse (NULL, &v));
  g_assert_cmpfloat (v, ==, 7);
  g_assert_cmpuint (shl_check_count (), ==, before + 1);
  g_assert_cmpstr (last_func, ==, "shl_number_parse");
  g_assert_cmpstr (last_expr, ==, "text != NULL && out != NULL");
  g_assert_cmpuint (shl_number_format (NULL, 1.0, 0), ==, 0);
  g_assert_cmpstr (last_func, ==, "shl_number_format");
  g_assert_cmpuint (shl_check_count (), ==, before + 2);
  g_assert_true (shl_check_set_handler (old) == record_check);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/number/round-trip-random", test_round_trip_random);
  g_test_add_func ("/number/special-values", test_special_values);
  g_test_add_func ("/number/parse", test_parse);
  g_test_add_func ("/number/locale", test_locale);
  g_test_add_func ("/number/threads", test_threads);
  g_test_add_func ("/number/checks", test_checks);
  return g_test_run ();
}
