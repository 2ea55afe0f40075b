/* test-io.c: network JSON and data CSV files. */
#include <errno.h>
#include <float.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shl-io.h"
#include "shl-json.h"
#include "shl-test.h"

#include "mutate.h"

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("shl-test-io-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_dir_close (d);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static int compare_names (gconstpointer a, gconstpointer b);

/* the sorted names in dir, joined with spaces */
static char *
list_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < names->len; k++)
    g_string_append_printf (s, "%s%s", k ? " " : "",
                            (const char *) g_ptr_array_index (names, k));
  return g_string_free (s, FALSE);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
write_text (const char *path, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static gboolean
same_net (const ShlNet *p, const ShlNet *q)
{
  return p->m == q->m && p->d == q->d && p->n_params == q->n_params
         && memcmp (p->lo, q->lo, sizeof p->lo) == 0
         && memcmp (p->hi, q->hi, sizeof p->hi) == 0
         && memcmp (p->theta, q->theta, p->n_params * sizeof (double)) == 0;
}

static gboolean
same_data (const ShlData *p, const ShlData *q)
{
  return p->d == q->d && p->n == q->n
         && p->classification == q->classification
         && memcmp (p->lo, q->lo, sizeof p->lo) == 0
         && memcmp (p->hi, q->hi, sizeof p->hi) == 0
         && memcmp (p->x, q->x, p->n * (size_t) p->d * sizeof (double)) == 0
         && memcmp (p->y, q->y, p->n * sizeof (double)) == 0;
}

static const double awkward[] = {
  -0.0, 1e-300, 1.0 / 3.0, 1e300, -1e300, 5e-324, -DBL_MAX, 0.1, 1.0, -2.0,
  1152921504606846976.0 /* 2^60 */, 123456789.0, 2.5e-308, -1.0 / 7.0,
  0.0, 9007199254740993.0 /* rounds to 2^53 */, 1e-5, M_PI,
};

/* ------------------------------------------------------------------ */
/* networks                                                            */

static const char example_json[] =
  "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 1, "
  "\"domain\": [[-1, 1]], \"a\": [[1.0], [-1.0]], \"b\": [0.0, 0.0], "
  "\"c\": [1.0, -1.0], \"e\": 0.0, \"v\": [0.0]}";

static const char example_pretty[] =
  "{\n"
  "  \"format\": \"shallows-network\",\n"
  "  \"version\": 1,\n"
  "  \"input_dim\": 1,\n"
  "  \"domain\": [[-1, 1]],\n"
  "  \"a\": [\n"
  "    [1.0],\n"
  "    [-1.0]\n"
  "  ],\n"
  "  \"b\": [0.0, 0.0],\n"
  "  \"c\": [1.0, -1.0],\n"
  "  \"e\": 0.0,\n"
  "  \"v\": [0.0]\n"
  "}\n";

static void
assert_example_net (const ShlNet *net)
{
  g_assert_nonnull (net);
  g_assert_cmpint (net->m, ==, 2);
  g_assert_cmpint (net->d, ==, 1);
  g_assert_cmpfloat (net->lo[0], ==, -1.0);
  g_assert_cmpfloat (net->hi[0], ==, 1.0);
  g_assert_cmpfloat (net->a[0], ==, 1.0);
  g_assert_cmpfloat (net->a[1], ==, -1.0);
  g_assert_cmpfloat (net->b[0], ==, 0.0);
  g_assert_cmpfloat (net->b[1], ==, 0.0);
  g_assert_cmpfloat (net->c[0], ==, 1.0);
  g_assert_cmpfloat (net->c[1], ==, -1.0);
  g_assert_cmpfloat (*net->e, ==, 0.0);
  g_assert_cmpfloat (net->v[0], ==, 0.0);
  /* f(x) = relu(x) - relu(-x) = x */
  double x = 0.375;
  g_assert_cmpfloat (shl_net_eval1 (net, &x), ==, 0.375);
}

static void
test_error_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (SHL_ERROR), ==, "shl-error-quark");
}

static void
test_net_example (void)
{
  g_autoptr (GError) error = NULL;
  ShlNet *net = shl_net_from_json_data (example_json, -1, "net.json", &error);
  g_assert_no_error (error);
  assert_example_net (net);

  g_autofree char *text = shl_net_to_json_data (net);
  g_assert_cmpstr (text, ==, example_pretty);
  shl_net_free (net);

  /* "v" optional, integers as numbers, unknown fields ignored, any order */
  const char *variant =
    "{\"e\": 0, \"c\": [1, -1], \"b\": [0, -0.0], \"a\": [[1], [-1]],\n"
    " \"comment\": {\"nested\": [1, 2, \"x\"]}, \"future_field\": null,\n"
    " \"domain\": [[-1, 1.0]], \"input_dim\": 1, \"version\": 1,\n"
    " \"format\": \"shallows-network\"}";
  net = shl_net_from_json_data (variant, -1, "variant.json", &error);
  g_assert_no_error (error);
  assert_example_net (net);
  g_assert_true (signbit (net->b[1]));
  shl_net_free (net);

  /* width 0, 2-D, v given, explicit length (not NUL-terminated) */
  const char *zero =
    "{\"format\": \"shallows-network\", \"version\": 1, \"input_dim\": 2, "
    "\"domain\": [[0, 2], [-3, -1]], \"a\": [], \"b\": [], \"c\": [], "
    "\"e\": 1.5, \"v\": [2, -0.5]}GARBAGE";
  net = shl_net_from_json_data (zero, (gssize) (strlen (zero) - 7), NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpint (net->m, ==, 0);
  g_assert_cmpint (net->d, ==, 2);
  g_assert_cmpfloat (net->lo[1], ==, -3.0);
  g_assert_cmpfloat (net->hi[0], ==, 2.0);
  g_assert_cmpfloat (*net->e, ==, 1.5);
  g_assert_cmpfloat (net->v[1], ==, -0.5);
  g_free (text);
  text = shl_net_to_json_data (net);
  g_assert_nonnull (strstr (text, "\"a\": [],\n"));
  g_assert_nonnull (strstr (text, "\"domain\": [[0, 2], [-3, -1]],\n"));
  shl_net_free (net);
}

static ShlNet *
awkward_net (int m, int d, guint64 seed, gboolean odd_domain)
{
  ShlNet *net = shl_test_random_net (m, d, seed);
  if (odd_domain)
    {
      double lo[2] = { -0.0, -1e300 }, hi[2] = { 1.0 / 3.0, 5e-324 };
      ShlNet *moved = shl_net_new (m, d, lo, hi);
      memcpy (moved->theta, net->theta, net->n_params * sizeof (double));
      shl_net_free (net);
      net = moved;
    }
  for (size_t k = 0; k < net->n_params; k += 2)
    net->theta[k] = awkward[(k / 2 + seed) % G_N_ELEMENTS (awkward)];
  return net;
}

static void
test_net_round_trip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "net.json", NULL);
  const int widths[] = { 0, 1, 2, 7, 40 };
  guint64 seed = 1;
  for (int d = 1; d <= 2; d++)
    for (size_t w = 0; w < G_N_ELEMENTS (widths); w++)
      for (int odd = 0; odd < 2; odd++, seed++)
        {
          g_autoptr (GError) error = NULL;
          ShlNet *net = awkward_net (widths[w], d, seed, odd);

          /* in memory */
          g_autofree char *text = shl_net_to_json_data (net);
          g_assert_nonnull (text);
          ShlNet *back = shl_net_from_json_data (text, -1, "mem", &error);
          g_assert_no_error (error);
          g_assert_true (same_net (net, back));
          g_autofree char *again = shl_net_to_json_data (back);
          g_assert_cmpstr (text, ==, again);
          shl_net_free (back);

          /* through a file; one neuron row per line */
          g_assert_true (shl_net_save_json (net, path, &error));
          g_assert_no_error (error);
          back = shl_net_load_json (path, &error);
          g_assert_no_error (error);
          g_assert_true (same_net (net, back));
          shl_net_free (back);
          guint lines = 0;
          for (const char *p = text; *p; p++)
            lines += *p == '\n';
          g_assert_cmpuint (lines, ==, (guint) (widths[w] > 0
                                                ? 12 + widths[w] : 11));
          shl_net_free (net);
        }

  /* -0.0 survives in every position */
  ShlNet *net = shl_net_new (1, 1, NULL, NULL);
  for (size_t k = 0; k < net->n_params; k++)
    net->theta[k] = -0.0;
  g_autofree char *text = shl_net_to_json_data (net);
  g_assert_nonnull (strstr (text, "\"e\": -0.0,"));
  ShlNet *back = shl_net_from_json_data (text, -1, "mem", NULL);
  for (size_t k = 0; k < net->n_params; k++)
    g_assert_true (signbit (back->theta[k]) && back->theta[k] == 0.0);
  shl_net_free (back);
  shl_net_free (net);

  g_autofree char *listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "net.json");
  remove_tree (dir);
}

typedef struct {
  const char *text;
  ShlError    code;
  const char *message;   /* a distinctive substring */
} BadCase;

#define HEAD "\"format\": \"shallows-network\", \"version\": 1, "
#define DOM1 "\"input_dim\": 1, \"domain\": [[-1, 1]], "
#define DOM2 "\"input_dim\": 2, \"domain\": [[-1, 1], [-1, 1]], "
#define TAIL1 "\"a\": [[1.0], [-1.0]], \"b\": [0.0, 0.0], " \
              "\"c\": [1.0, -1.0], \"e\": 0.0"

static const BadCase bad_nets[] = {
  { "", SHL_ERROR_PARSE, "net.json: the file is empty" },
  { "  \n\t\n", SHL_ERROR_PARSE, "net.json: the file is empty" },
  { "{\n  \"format\": \"shallows-network\",\n  \"version\": 1,,\n}",
    SHL_ERROR_PARSE, "net.json:3:" },
  { "{" HEAD DOM1 TAIL1 "} trailing", SHL_ERROR_PARSE, "net.json:1:" },
  { "{" HEAD DOM1 TAIL1 ", \"v\": [NaN]}", SHL_ERROR_PARSE, "net.json:1:" },
  { "{" HEAD DOM1 TAIL1 ",\n \"v\": [123456789012345678901234567890]}",
    SHL_ERROR_PARSE, "net.json:2:8: the integer" },
  { "[1, 2]", SHL_ERROR_FORMAT, "expected a JSON object at the top level" },
  { "{" DOM1 TAIL1 "}", SHL_ERROR_FORMAT,
    "net.json: field \"format\" is missing" },
  { "{\"format\": \"shallows-net\", \"version\": 1, " DOM1 TAIL1 "}",
    SHL_ERROR_FORMAT,
    "net.json: field \"format\": expected \"shallows-network\", found "
    "\"shallows-net\"" },
  { "{\"format\": 1, \"version\": 1, " DOM1 TAIL1 "}", SHL_ERROR_FORMAT,
    "field \"format\": expected \"shallows-network\", found a number" },
  { "{\"format\": \"shallows-network\", \"version\": 7, \"x\": []}",
    SHL_ERROR_VERSION,
    "net.json: version 7 is newer than this Shallows understands (1)" },
  { "{\"format\": \"shallows-network\", " DOM1 TAIL1 "}", SHL_ERROR_FORMAT,
    "field \"version\" is missing" },
  { "{\"format\": \"shallows-network\", \"version\": \"1\", " DOM1 TAIL1 "}",
    SHL_ERROR_FORMAT, "field \"version\": expected an integer, found a string" },
  { "{\"format\": \"shallows-network\", \"version\": 0, " DOM1 TAIL1 "}",
    SHL_ERROR_FORMAT, "field \"version\": 0 is not a valid version" },
  { "{" HEAD "\"domain\": [[-1, 1]], " TAIL1 "}", SHL_ERROR_FORMAT,
    "field \"input_dim\" is missing" },
  { "{" HEAD "\"input_dim\": 3, \"domain\": [[-1, 1]], " TAIL1 "}",
    SHL_ERROR_FORMAT, "field \"input_dim\": expected 1 or 2, found 3" },
  { "{" HEAD "\"input_dim\": 1.0, \"domain\": [[-1, 1]], " TAIL1 "}",
    SHL_ERROR_FORMAT,
    "field \"input_dim\": expected the integer 1 or 2, found a number with "
    "a decimal point" },
  { "{" HEAD "\"input_dim\": 1, " TAIL1 "}", SHL_ERROR_FORMAT,
    "field \"domain\" is missing" },
  { "{" HEAD "\"input_dim\": 1, \"domain\": [[1, -1]], " TAIL1 "}",
    SHL_ERROR_FORMAT,
    "field \"domain\": entry 1: lo = 1 is not less than hi = -1" },
  { "{" HEAD "\"input_dim\": 1, \"domain\": [[0, 0]], " TAIL1 "}",
    SHL_ERROR_FORMAT, "lo = 0 is not less than hi = 0" },
  { "{" HEAD "\"input_dim\": 2, \"domain\": [[-1, 1]], " TAIL1 "}",
    SHL_ERROR_FORMAT, "field \"domain\": has 1 entry, expected 2 (input_dim)" },
  { "{" HEAD "\"input_dim\": 1, \"domain\": [[-1, 1, 2]], " TAIL1 "}",
    SHL_ERROR_FORMAT,
    "field \"domain\": entry 1: expected [lo, hi], found 3 numbers" },
  { "{" HEAD "\"input_dim\": 1, \"domain\": [[-1, \"1\"]], " TAIL1 "}",
    SHL_ERROR_FORMAT,
    "field \"domain\": entry 1: hi: expected a number, found a string" },
  { "{" HEAD "\"input_dim\": 1, \"domain\": [-1, 1], " TAIL1 "}",
    SHL_ERROR_FORMAT,
    "field \"domain\": entry 1: expected [lo, hi], found a number" },
  { "{" HEAD DOM1 "\"b\": [], \"c\": [], \"e\": 0}", SHL_ERROR_FORMAT,
    "field \"a\" is missing" },
  { "{" HEAD DOM1 "\"a\": {}, \"b\": [], \"c\": [], \"e\": 0}",
    SHL_ERROR_FORMAT, "field \"a\": expected an array of rows" },
  { "{" HEAD DOM2 "\"a\": [[1, 2], [3]], \"b\": [0, 0], \"c\": [1, 1], "
    "\"e\": 0}", SHL_ERROR_FORMAT,
    "net.json: field \"a\": row 2 has 1 number, expected 2 (input_dim)" },
  { "{" HEAD DOM1 "\"a\": [1, 2], \"b\": [0, 0], \"c\": [1, 1], \"e\": 0}",
    SHL_ERROR_FORMAT,
    "field \"a\": row 1: expected an array of 1 number, found a number" },
  { "{" HEAD DOM1 "\"a\": [[1], [null]], \"b\": [0, 0], \"c\": [1, 1], "
    "\"e\": 0}", SHL_ERROR_FORMAT,
    "field \"a\": row 2, entry 1: expected a number, found null" },
  { "{" HEAD DOM1 "\"a\": [[1e999]], \"b\": [0], \"c\": [1], \"e\": 0}",
    SHL_ERROR_FORMAT, "field \"a\": row 1, entry 1: the number is too large" },
  { "{" HEAD DOM1 "\"a\": [[1], [2]], \"b\": [0, 0, 0], \"c\": [1, 1], "
    "\"e\": 0}", SHL_ERROR_FORMAT,
    "net.json: field \"b\": has 3 entries, expected 2 (the number of rows of "
    "\"a\")" },
  { "{" HEAD DOM1 "\"a\": [[1], [2]], \"c\": [1, 1], \"e\": 0}",
    SHL_ERROR_FORMAT, "field \"b\" is missing" },
  { "{" HEAD DOM1 "\"a\": [[1], [2]], \"b\": [0, 0], \"c\": [1, \"2\"], "
    "\"e\": 0}", SHL_ERROR_FORMAT,
    "field \"c\": entry 2: expected a number, found a string" },
  { "{" HEAD DOM1 "\"a\": [[1], [2]], \"b\": [0, 0], \"c\": 1, \"e\": 0}",
    SHL_ERROR_FORMAT, "field \"c\": expected an array of numbers, found a number" },
  { "{" HEAD DOM1 "\"a\": [], \"b\": [], \"c\": []}", SHL_ERROR_FORMAT,
    "field \"e\" is missing" },
  { "{" HEAD DOM1 "\"a\": [], \"b\": [], \"c\": [], \"e\": true}",
    SHL_ERROR_FORMAT, "field \"e\": expected a number, found a boolean" },
  { "{" HEAD DOM1 "\"a\": [], \"b\": [], \"c\": [], \"e\": [0]}",
    SHL_ERROR_FORMAT, "field \"e\": expected a number, found an array" },
  { "{" HEAD DOM1 TAIL1 ", \"v\": [0, 0]}", SHL_ERROR_FORMAT,
    "field \"v\": has 2 entries, expected 1 (input_dim)" },
  { "{" HEAD DOM1 TAIL1 ", \"v\": null}", SHL_ERROR_FORMAT,
    "field \"v\": expected an array of numbers, found null" },
  { "{" HEAD DOM1 TAIL1 ", \"v\": [-1e400]}", SHL_ERROR_FORMAT,
    "field \"v\": entry 1: the number is too large" },
  { "{" HEAD "\"input_dim\": 1, \"domain\": [[-1e308, 1e308]], " TAIL1 "}",
    SHL_ERROR_FORMAT, "field \"domain\": entry 1: [-1e+308, 1e+308] is too wide" },
  { "{" HEAD "\"input_dim\": 2, \"domain\": [[0, 1], [1e-320, 2e-320]], "
    "\"a\": [], \"b\": [], \"c\": [], \"e\": 0}",
    SHL_ERROR_FORMAT, "field \"domain\": entry 2: [1e-320, 2e-320] is too narrow" },
  { "{" HEAD DOM1 TAIL1 ", \"v\": [1e-400, 3]}", SHL_ERROR_FORMAT,
    "field \"v\": has 2 entries, expected 1 (input_dim)" },
  /* nesting deeper than json-glib's recursion can take */
  { "{" HEAD DOM1 "\"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
    "[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
    "]]]]]]]]]]]]]]]]]]]]]]]]]], " TAIL1 "}", SHL_ERROR_PARSE,
    "net.json:1:151: arrays and objects nested more than 64 levels deep" },
};

static void
test_net_malformed (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "net.json", NULL);
  for (size_t k = 0; k < G_N_ELEMENTS (bad_nets); k++)
    {
      const BadCase *c = &bad_nets[k];
      g_test_message ("case %zu: %s", k, c->text);

      /* in memory, named net.json */
      g_autoptr (GError) error = NULL;
      ShlNet *net = shl_net_from_json_data (c->text, -1, "net.json", &error);
      g_assert_null (net);
      g_assert_error (error, SHL_ERROR, (gint) c->code);
      if (!strstr (error->message, c->message))
        g_error ("case %zu: message \"%s\" lacks \"%s\"", k, error->message,
                 c->message);
      g_assert_true (g_str_has_prefix (error->message, "net.json"));
      g_clear_error (&error);

      /* from a file: the message names the path as given */
      write_text (path, c->text);
      net = shl_net_load_json (path, &error);
      g_assert_null (net);
      g_assert_error (error, SHL_ERROR, (gint) c->code);
      g_assert_true (g_str_has_prefix (error->message, path));
    }

  /* json-glib quotes the offending text as it is: the message is one
   * printable line of valid UTF-8 (fuzz-net-json found newlines, control
   * characters and invalid UTF-8 in it) */
  {
    g_autoptr (GError) perr = NULL;
    /* the first 64 bytes of tests/fuzz/corpus/net-json/regress-parse-error-quotes-raw-bytes */
    const char raw[] = "{\042f\134U+\134U\134\134\134null\134\134\134\134\134\134\134324\012\012\012&\027\027\027\042mse\042\027\027\027\027\027\042ms\027\027\027e\012\012.\012}\042\027\027\042ms\027\027\027e";
    g_assert_null (shl_net_from_json_data (raw, sizeof raw - 1, "raw.json", &perr));
    g_assert_error (perr, SHL_ERROR, SHL_ERROR_PARSE);
    g_assert_true (g_str_has_prefix (perr->message, "raw.json:"));
    g_assert_true (g_utf8_validate (perr->message, -1, NULL));
    for (const char *p = perr->message; *p; p++)
      g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
  }

  /* a NUL byte inside the text */
  g_autoptr (GError) error = NULL;
  const char nul[] = "{\"format\"\0: 1}";
  g_assert_null (shl_net_from_json_data (nul, sizeof nul - 1, "n.json",
                                         &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "NUL"));
  remove_tree (dir);
}

/* Nesting: refused before json-glib recurses, at the bracket that goes
 * one level too deep; brackets inside strings do not count. */
static void
test_json_depth (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *deep = g_strnfill (100000, '[');
  g_assert_null (shl_net_from_json_data (deep, -1, "deep.json", &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "deep.json:1:65: arrays and objects nested more than 64"));
  g_clear_error (&error);

  /* objects count too, and the line and column are where the limit is
   * exceeded */
  GString *s = g_string_new ("\n\n  ");
  for (int k = 0; k < 100000; k++)
    g_string_append (s, "{\"a\":");
  g_assert_null (shl_net_from_json_data (s->str, (gssize) s->len, "o.json", &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "o.json:3:323: arrays and objects nested"));
  g_clear_error (&error);
  g_string_free (s, TRUE);

  /* exactly the limit parses (and is then not a network) */
  g_autofree char *open = g_strnfill (SHL_JSON_MAX_DEPTH, '[');
  g_autofree char *close = g_strnfill (SHL_JSON_MAX_DEPTH, ']');
  g_autofree char *limit = g_strconcat (open, close, NULL);
  g_autoptr (JsonParser) parser = shl_json_parse_text (limit, -1, "limit.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (parser);
  g_assert_null (shl_net_from_json_data (limit, -1, "limit.json", &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_FORMAT);
  g_clear_error (&error);

  /* brackets in strings, escaped quotes and backslashes do not count */
  g_autofree char *brackets = g_strnfill (1000, '[');
  g_autofree char *text = g_strdup_printf ("{\"format\": \"\\\\\\\"%s\\\\\", \"x\": [[1]]}", brackets);
  g_assert_null (shl_net_from_json_data (text, -1, "s.json", &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "field \"format\": expected \"shallows-network\""));
  g_clear_error (&error);

  /* a file */
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "deep.json", NULL);
  write_text (path, deep);
  g_assert_null (shl_net_load_json (path, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, ":1:65: arrays and objects nested"));
  remove_tree (dir);
}

/* every JSON parse of the project goes through shl_json_parse_text (the
 * depth check): no other source file calls json-glib's parser */
static void
check_sources (const char *dir, const char *rel, guint *files)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *sub = *rel ? g_strdup_printf ("%s/%s", rel, name) : g_strdup (name);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          check_sources (path, sub, files);
          continue;
        }
      if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
        continue;
      g_autofree char *text = NULL;
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      (*files)++;
      static const char *const calls[] = {
        "json_parser_load_from_", "json_from_string", "json_gvariant_deserialize_data",
        "json_gobject_from_data", "json_parser_load_from_mapped_file",
      };
      for (guint k = 0; k < G_N_ELEMENTS (calls); k++)
        if (strstr (text, calls[k]) && !g_str_equal (sub, "engine/shl-json.c"))
          g_error ("%s calls %s: parse JSON with shl_json_parse_text (shl-json.h)", sub, calls[k]);
    }
}

static void
test_json_one_entry_point (void)
{
  const char *tests = g_getenv ("SHL_TEST_DATA");
  if (!tests)
    {
      g_test_skip ("SHL_TEST_DATA is not set");
      return;
    }
  g_autofree char *root = g_path_get_dirname (tests);
  guint files = 0;
  static const char *const dirs[] = { "engine", "ui", "app" };
  for (guint k = 0; k < G_N_ELEMENTS (dirs); k++)
    {
      g_autofree char *dir = g_build_filename (root, dirs[k], NULL);
      check_sources (dir, dirs[k], &files);
    }
  g_assert_cmpuint (files, >, 50);
}

/* Every field of a network file: removed, or of each wrong type, gives an
 * error naming it (and no critical). */
static gboolean
load_net_text (const char *text, GError **error)
{
  ShlNet *net = shl_net_from_json_data (text, -1, "net.json", error);
  shl_net_free (net);
  return net != NULL;
}

static void
test_net_every_field (void)
{
  static const MutateRule rules[] = {
    /* "v" is optional (default zeros) */
    { "v", MUTATE_REMOVE, NULL },
  };
  const char *good1 = "{" HEAD DOM1 TAIL1 ", \"v\": [0.5]}";
  const char *good2 = "{" HEAD DOM2 "\"a\": [[1, 2]], \"b\": [0.5], \"c\": [2], "
                      "\"e\": 1, \"v\": [0, 1]}";
  guint n = mutate_audit (good1, load_net_text, rules, G_N_ELEMENTS (rules));
  n += mutate_audit (good2, load_net_text, rules, G_N_ELEMENTS (rules));
  g_test_message ("%u mutations", n);
  g_assert_cmpuint (n, ==, 2 * 9 * MUTATE_N_KINDS);
}

static void
test_net_unsaveable (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "net.json", NULL);
  ShlNet *net = shl_test_random_net (3, 2, 4);
  net->c[1] = NAN;
  g_assert_null (shl_net_to_json_data (net));
  g_autoptr (GError) error = NULL;
  g_assert_false (shl_net_save_json (net, path, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "non-finite"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  shl_net_free (net);

  /* a domain whose width overflows would not load back */
  double lo[1] = { -DBL_MAX }, hi[1] = { DBL_MAX };
  net = shl_net_new (1, 1, lo, hi);
  g_clear_error (&error);
  g_assert_false (shl_net_save_json (net, path, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "domain"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  shl_net_free (net);
  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* data                                                                */

static void
test_data_round_trip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "data.csv", NULL);
  size_t n_targets = 0;
  const ShlTargetInfo *targets = shl_targets (&n_targets);
  double lo[2] = { -0.5, 1e-300 }, hi[2] = { 1.0 / 3.0, 7.0 };
  for (size_t t = 0; t < n_targets; t++)
    for (int dom = 0; dom < 2; dom++)
      {
        g_autoptr (GError) error = NULL;
        ShlTarget *target = shl_target_new (targets[t].name, 3,
                                            dom ? lo : NULL, dom ? hi : NULL);
        ShlData *data = shl_target_sample (target, 150, 0.1, 12 + t);
        g_assert_true (shl_data_save_csv (data, path, &error));
        g_assert_no_error (error);
        ShlData *back = shl_data_load_csv (path, &error);
        g_assert_no_error (error);
        g_assert_true (same_data (data, back));
        shl_data_free (back);
        shl_data_free (data);
        shl_target_free (target);
      }

  /* awkward values, a huge domain, -0.0 */
  for (int d = 1; d <= 2; d++)
    {
      /* (the widest domains whose width does not overflow) */
      double blo[2] = { -DBL_MAX, -DBL_MAX }, bhi[2] = { 1e-300, 5e-324 };
      ShlData *data = shl_data_new (d, 40, blo, bhi);
      for (size_t k = 0; k < data->n; k++)
        {
          for (int j = 0; j < d; j++)
            data->x[k * (size_t) d + (size_t) j] =
              -fabs (awkward[(k + (size_t) j) % G_N_ELEMENTS (awkward)]);
          data->y[k] = awkward[(3 * k + 1) % G_N_ELEMENTS (awkward)];
        }
      g_autoptr (GError) error = NULL;
      g_assert_true (shl_data_save_csv (data, path, &error));
      ShlData *back = shl_data_load_csv (path, &error);
      g_assert_no_error (error);
      g_assert_true (same_data (data, back));
      g_assert_true (signbit (back->x[0]) && back->x[0] == 0.0);
      shl_data_free (back);
      shl_data_free (data);
    }

  /* a domain that would not load back (its width overflows) is refused */
  double wlo[1] = { -DBL_MAX }, whi[1] = { 1e300 };
  ShlData *wide = shl_data_new (1, 1, wlo, whi);
  g_autoptr (GError) error = NULL;
  g_assert_false (shl_data_save_csv (wide, path, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_INVALID);
  shl_data_free (wide);

  g_autofree char *listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "data.csv");
  remove_tree (dir);
}

static void
test_data_written_form (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "d.csv", NULL);
  double lo[1] = { -2.0 }, hi[1] = { 2.0 };
  ShlData *data = shl_data_new (1, 2, lo, hi);
  data->x[0] = 0.5;
  data->y[0] = 0.1;
  data->x[1] = -0.0;
  data->y[1] = 1.0 / 3.0;
  g_autoptr (GError) error = NULL;
  g_assert_true (shl_data_save_csv (data, path, &error));
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "# Shallows data set: 2 samples, 1-D, regression\n"
                   "# task: regression\n"
                   "# domain: -2 2\n"
                   "x,y\n"
                   "0.5,0.1\n"
                   "-0.0,0.3333333333333333\n");
  shl_data_free (data);
  remove_tree (dir);
}

static void
test_data_accepted (void)
{
  g_autoptr (GError) error = NULL;

  /* whitespace, CRLF, comments and blank lines anywhere, BOM */
  const char *text =
    "\xEF\xBB\xBF# a comment\r\n"
    "\r\n"
    "  x ,  y \r\n"
    "# Note: ignored\r\n"
    " 0.5 , -0.25 \r\n"
    "\t\r\n"
    "-1e-3,2\r\n"
    "   # indented comment\n"
    "1,+3";
  ShlData *data = shl_data_from_csv_data (text, -1, "a.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->d, ==, 1);
  g_assert_cmpuint (data->n, ==, 3);
  g_assert_false (data->classification);
  g_assert_cmpfloat (data->x[0], ==, 0.5);
  g_assert_cmpfloat (data->y[0], ==, -0.25);
  g_assert_cmpfloat (data->x[1], ==, -1e-3);
  g_assert_cmpfloat (data->y[2], ==, 3.0);
  g_assert_cmpfloat (data->lo[0], ==, -1.0);
  g_assert_cmpfloat (data->hi[0], ==, 1.0);
  shl_data_free (data);

  /* without "# domain:" the domain widens to the bounding box */
  data = shl_data_from_csv_data ("x1,x2,y\n3,-2,0\n0,0.5,1\n", -1, "b.csv",
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->d, ==, 2);
  g_assert_cmpfloat (data->lo[0], ==, -1.0);
  g_assert_cmpfloat (data->hi[0], ==, 3.0);
  g_assert_cmpfloat (data->lo[1], ==, -2.0);
  g_assert_cmpfloat (data->hi[1], ==, 1.0);
  g_assert_false (data->classification);
  g_assert_true (shl_data_labels_binary (data));   /* but not flagged */
  shl_data_free (data);

  /* directives: case-insensitive keys, between header and data */
  data = shl_data_from_csv_data ("x1,x2,y\n"
                                 "#Task : Classification\n"
                                 "# DOMAIN:  0 4   -1 0 \n"
                                 "4,-1,1\n0,0,0\n0,-0.5,1\n",
                                 -1, "c.csv", &error);
  g_assert_no_error (error);
  g_assert_true (data->classification);
  g_assert_cmpfloat (data->lo[0], ==, 0.0);
  g_assert_cmpfloat (data->hi[0], ==, 4.0);
  g_assert_cmpfloat (data->lo[1], ==, -1.0);
  g_assert_cmpfloat (data->hi[1], ==, 0.0);
  g_assert_cmpuint (data->n, ==, 3);
  shl_data_free (data);

  /* an explicit length stops early */
  const char *longer = "x,y\n1,2\n3,4\n";
  data = shl_data_from_csv_data (longer, 8, "d.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->n, ==, 1);
  g_assert_cmpfloat (data->hi[0], ==, 1.0);
  shl_data_free (data);
}

static const BadCase bad_csvs[] = {
  { "", SHL_ERROR_FORMAT, "data.csv: the file is empty" },
  { "# only\n\n# comments\n", SHL_ERROR_FORMAT, "data.csv: no header line" },
  { "a,b\n1,2\n", SHL_ERROR_FORMAT,
    "data.csv:1: expected a header \"x,y\" or \"x1,x2,y\", found \"a,b\"" },
  { "# hi\n\nx,z\n1,2\n", SHL_ERROR_FORMAT, "data.csv:3: expected a header" },
  { "0.5,1\n", SHL_ERROR_FORMAT, "data.csv:1: expected a header" },
  { "x,y\n# nothing\n\n", SHL_ERROR_FORMAT,
    "data.csv: no data rows after the header (line 1)" },
  { "x,y\n0,1\n0,1,2\n", SHL_ERROR_PARSE,
    "data.csv:3: expected 2 fields (x,y), found 3" },
  { "x1,x2,y\n0,0,0\n\n0,0\n", SHL_ERROR_PARSE,
    "data.csv:4: expected 3 fields (x1,x2,y), found 2" },
  { "x,y\n0.5,abc\n", SHL_ERROR_PARSE,
    "data.csv:2: field \"y\": \"abc\" is not a number" },
  { "x,y\n0.5x,1\n", SHL_ERROR_PARSE,
    "data.csv:2: field \"x\": \"0.5x\" is not a number" },
  { "x,y\n0.5 1,1\n", SHL_ERROR_PARSE,
    "data.csv:2: field \"x\": \"0.5 1\" is not a number" },
  { "x,y\n ,1\n", SHL_ERROR_PARSE, "data.csv:2: field \"x\" is empty" },
  { "x,y\n0,nan\n", SHL_ERROR_FORMAT,
    "data.csv:2: field \"y\": \"nan\" is not a finite number" },
  { "x1,x2,y\n0,-inf,1\n", SHL_ERROR_FORMAT,
    "data.csv:2: field \"x2\": \"-inf\" is not a finite number" },
  { "x,y\n1e999,0\n", SHL_ERROR_FORMAT,
    "field \"x\": \"1e999\" is not a finite number" },
  { "# domain: 0 1\nx,y\n0.5,1\n1.5,2\n", SHL_ERROR_FORMAT,
    "data.csv:4: field \"x\": \"1.5\" is outside the domain [0, 1] set by "
    "\"# domain:\" on line 1" },
  { "# domain: -1 1 0 1\nx1,x2,y\n0,-0.5,1\n", SHL_ERROR_FORMAT,
    "data.csv:3: field \"x2\": \"-0.5\" is outside the domain" },
  { "# domain: 1 0\nx,y\n0,0\n", SHL_ERROR_FORMAT,
    "data.csv:1: \"# domain:\": lo = 1 is not less than hi = 0" },
  { "# domain: 0 1 2\nx,y\n0,0\n", SHL_ERROR_PARSE,
    "data.csv:1: \"# domain:\" expects \"lo hi\" (1-D) or \"lo1 hi1 lo2 hi2\" "
    "(2-D), found 3 numbers" },
  { "# domain: 0 one\nx,y\n0,0\n", SHL_ERROR_PARSE,
    "data.csv:1: \"# domain:\": \"one\" is not a number" },
  { "# domain: 0 inf\nx,y\n0,0\n", SHL_ERROR_FORMAT,
    "data.csv:1: \"# domain:\": \"inf\" is not a finite number" },
  { "# domain: 0 1\nx1,x2,y\n0,0,0\n", SHL_ERROR_FORMAT,
    "data.csv:1: \"# domain:\" gives 1 dimension but the header \"x1,x2,y\" "
    "(line 2) is 2-D" },
  { "x,y\n# domain: 0 1 0 1\n0,0\n", SHL_ERROR_FORMAT,
    "data.csv:2: \"# domain:\" gives 2 dimensions" },
  { "# task: classification\nx,y\n0,1\n0.3,0.5\n", SHL_ERROR_FORMAT,
    "data.csv:4: field \"y\": \"0.5\" is not a class label (0 or 1), and "
    "line 1 says \"# task: classification\"" },
  { "# task: clustering\nx,y\n0,0\n", SHL_ERROR_PARSE,
    "data.csv:1: \"# task:\": unknown task \"clustering\"" },
  { "x,y\n0,0\n# task: regression\n1,1\n", SHL_ERROR_FORMAT,
    "data.csv:3: \"# task:\" must come before the first data row" },
  { "# domain: 0 1\n# domain: 0 2\nx,y\n0,0\n", SHL_ERROR_FORMAT,
    "data.csv:2: a second \"# domain:\" comment (the first is on line 1)" },
  { "x,y\r\n0,0\r\n0,zz\r\n", SHL_ERROR_PARSE,
    "data.csv:3: field \"y\": \"zz\" is not a number" },
  { "x,y\n\"1\",2\n", SHL_ERROR_PARSE,
    "data.csv:2: field \"x\": \"\"1\"\" is not a number" },
  /* domains the geometry cannot use: overflowing, or too narrow */
  { "# domain: -1e308 1e308\nx,y\n0,0\n", SHL_ERROR_FORMAT,
    "data.csv:1: \"# domain:\": [-1e+308, 1e+308] is too wide" },
  { "# domain: 1e308 1.7e308\nx,y\n1.5e308,0\n", SHL_ERROR_FORMAT,
    "data.csv:1: \"# domain:\": [1e+308, 1.7e+308] is too wide" },
  { "# domain: 0 1e-310\nx,y\n0,0\n", SHL_ERROR_FORMAT,
    "data.csv:1: \"# domain:\": [0, 1e-310] is too narrow" },
  { "x,y\n-1e308,0\n1e308,1\n", SHL_ERROR_FORMAT,
    "data.csv: the points' bounding box, the domain, is not usable in x: "
    "[-1e+308, 1e+308] is too wide" },
  { "x1,x2,y\n0,-1.5e308,0\n0,1e308,1\n", SHL_ERROR_FORMAT,
    "is not usable in x2" },
};

static void
test_data_malformed (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "data.csv", NULL);
  for (size_t k = 0; k < G_N_ELEMENTS (bad_csvs); k++)
    {
      const BadCase *c = &bad_csvs[k];
      g_test_message ("case %zu: %s", k, c->text);
      g_autoptr (GError) error = NULL;
      ShlData *data = shl_data_from_csv_data (c->text, -1, "data.csv",
                                              &error);
      g_assert_null (data);
      g_assert_error (error, SHL_ERROR, (gint) c->code);
      if (!strstr (error->message, c->message))
        g_error ("case %zu: message \"%s\" lacks \"%s\"", k, error->message,
                 c->message);
      g_clear_error (&error);

      write_text (path, c->text);
      data = shl_data_load_csv (path, &error);
      g_assert_null (data);
      g_assert_error (error, SHL_ERROR, (gint) c->code);
      g_assert_true (g_str_has_prefix (error->message, path));
    }

  g_autoptr (GError) error = NULL;
  const char nul[] = "x,y\n1\0,2\n";
  g_assert_null (shl_data_from_csv_data (nul, sizeof nul - 1, "n.csv",
                                         &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "NUL"));
  remove_tree (dir);
}

static void
test_data_unsaveable (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "data.csv", NULL);
  struct { const char *what; int n; double x, y; bool cls; } cases[] = {
    { "no rows", 0, 0.0, 0.0, false },
    { "outside the domain", 1, 1.5, 0.0, false },
    { "an input is not finite", 1, NAN, 0.0, false },
    { "a label is not finite", 1, 0.0, INFINITY, false },
    { "not 0 or 1", 1, 0.0, 0.5, true },
  };
  for (size_t k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      ShlData *data = shl_data_new (1, (size_t) cases[k].n, NULL, NULL);
      if (cases[k].n > 0)
        {
          data->x[0] = cases[k].x;
          data->y[0] = cases[k].y;
        }
      data->classification = cases[k].cls;
      g_autoptr (GError) error = NULL;
      g_assert_false (shl_data_save_csv (data, path, &error));
      g_assert_error (error, SHL_ERROR, SHL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[k].what));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      shl_data_free (data);
    }
  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* files                                                               */

static void
test_missing_files (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "nope.json", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_null (shl_net_load_json (path, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  g_assert_null (shl_data_load_csv (path, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  /* a directory is not a file */
  g_assert_null (shl_data_load_csv (dir, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (EISDIR)));
  g_clear_error (&error);

  /* an empty file */
  g_autofree char *empty = g_build_filename (dir, "empty.json", NULL);
  write_text (empty, "");
  g_assert_null (shl_net_load_json (empty, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "empty"));
  remove_tree (dir);
}

static void
test_atomic_write (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr (GError) error = NULL;

  /* into a directory that does not exist */
  g_autofree char *bad = g_build_filename (dir, "missing", "net.json", NULL);
  g_assert_false (shl_write_file_atomic (bad, "abc", -1, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, bad));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);
  ShlNet *net = shl_test_random_net (4, 1, 9);
  g_assert_false (shl_net_save_json (net, bad, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
  g_clear_error (&error);
  g_autofree char *listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");

  /* over a directory */
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_false (shl_write_file_atomic (sub, "abc", -1, &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
  g_free (listing);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "sub");

  /* over an existing, longer file: replaced completely */
  g_autofree char *path = g_build_filename (dir, "f.txt", NULL);
  g_autofree char *big = g_strnfill (100000, 'z');
  write_text (path, big);
  g_assert_true (shl_write_file_atomic (path, "short\n", -1, &error));
  g_assert_no_error (error);
  g_autofree char *got = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &got, &len, NULL));
  g_assert_cmpuint (len, ==, 6);
  g_assert_cmpstr (got, ==, "short\n");

  /* an explicit length, and embedded bytes */
  g_assert_true (shl_write_file_atomic (path, "ab\0cd", 5, &error));
  g_clear_pointer (&got, g_free);
  g_assert_true (g_file_get_contents (path, &got, &len, NULL));
  g_assert_cmpuint (len, ==, 5);
  g_assert_true (memcmp (got, "ab\0cd", 5) == 0);

  /* a network over the same file */
  g_assert_true (shl_net_save_json (net, path, &error));
  g_assert_no_error (error);
  ShlNet *back = shl_net_load_json (path, &error);
  g_assert_no_error (error);
  g_assert_true (same_net (net, back));
  shl_net_free (back);
  shl_net_free (net);

  g_free (listing);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "f.txt sub");
  remove_tree (dir);
}

/* Targets that are not regular files are refused, never replaced: a FIFO,
 * a symbolic link to a device (as root, replacing /dev/full would replace
 * the device), a directory and a link to one. A link to a regular file
 * may be written. */
static void
test_atomic_write_not_regular (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *null = g_build_filename (dir, "null", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *tosub = g_build_filename (dir, "tosub", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *tofile = g_build_filename (dir, "tofile", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/null", null), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (symlink (sub, tosub), ==, 0);
  write_text (file, "old");
  g_assert_cmpint (symlink (file, tofile), ==, 0);

  static const struct {
    const char *name, *what;
  } cases[] = {
    { "fifo", "it is a FIFO (named pipe), not a regular file" },
    { "null", "it is a symbolic link to a character device, not a regular file" },
    { "sub", "it is a directory, not a regular file" },
    { "tosub", "it is a symbolic link to a directory, not a regular file" },
  };
  ShlNet *net = shl_test_random_net (2, 1, 3);
  ShlData *data = shl_data_new (1, 1, NULL, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *path = g_build_filename (dir, cases[k].name, NULL);
      g_autoptr (GError) error = NULL;
      g_assert_false (shl_io_check_output_path (path, &error));
      g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, cases[k].what));
      g_clear_error (&error);
      g_assert_false (shl_write_file_atomic (path, "x", -1, &error));
      g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
      g_assert_nonnull (strstr (error->message, cases[k].what));
      g_clear_error (&error);
      g_assert_false (shl_net_save_json (net, path, &error));
      g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
      g_clear_error (&error);
      g_assert_false (shl_data_save_csv (data, path, &error));
      g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);
    }
  /* nothing was replaced, and no temporary file is left */
  GStatBuf st;
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (g_lstat (null, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (tosub, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_autofree char *listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "fifo file null sub tofile tosub");
  g_autofree char *inside = list_dir (sub);
  g_assert_cmpstr (inside, ==, "");

  /* absent files and regular files (also through a link) are fine */
  g_autofree char *fresh = g_build_filename (dir, "fresh", NULL);
  g_assert_true (shl_io_check_output_path (fresh, NULL));
  g_assert_true (shl_io_check_output_path (file, NULL));
  g_assert_true (shl_io_check_output_path (tofile, NULL));
  g_autoptr (GError) error = NULL;
  g_assert_false (shl_io_check_output_path ("", &error));
  g_assert_error (error, SHL_ERROR, SHL_ERROR_IO);

  shl_data_free (data);
  shl_net_free (net);
  g_assert_cmpint (g_unlink (null), ==, 0);
  g_assert_cmpint (g_unlink (tosub), ==, 0);
  g_assert_cmpint (g_unlink (tofile), ==, 0);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/io/error-quark", test_error_quark);
  g_test_add_func ("/io/net/example", test_net_example);
  g_test_add_func ("/io/net/round-trip", test_net_round_trip);
  g_test_add_func ("/io/net/malformed", test_net_malformed);
  g_test_add_func ("/io/net/unsaveable", test_net_unsaveable);
  g_test_add_func ("/io/net/every-field", test_net_every_field);
  g_test_add_func ("/io/json/depth", test_json_depth);
  g_test_add_func ("/io/json/one-entry-point", test_json_one_entry_point);
  g_test_add_func ("/io/data/round-trip", test_data_round_trip);
  g_test_add_func ("/io/data/written-form", test_data_written_form);
  g_test_add_func ("/io/data/accepted", test_data_accepted);
  g_test_add_func ("/io/data/malformed", test_data_malformed);
  g_test_add_func ("/io/data/unsaveable", test_data_unsaveable);
  g_test_add_func ("/io/files/missing", test_missing_files);
  g_test_add_func ("/io/files/atomic-write", test_atomic_write);
  g_test_add_func ("/io/files/atomic-write-not-regular", test_atomic_write_not_regular);
  return g_test_run ();
}
