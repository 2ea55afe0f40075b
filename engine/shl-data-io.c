/* shl-data-io.c: data files (CSV), written by shl_data_save_csv:
 *
 *   # Shallows data set: 2 samples, 1-D, regression
 *   # task: regression
 *   # domain: -1 1
 *   x,y
 *   0.5,0.25
 *   -0.25,0.0625
 *
 * Reading rules:
 * - Lines end in LF or CRLF; a leading UTF-8 byte-order mark is skipped;
 *   whitespace around every field is ignored; blank lines and lines whose
 *   first non-blank character is '#' are skipped anywhere.
 * - The first other line is the header, "x,y" (d = 1) or "x1,x2,y"
 *   (d = 2); every later line is a data row with exactly d + 1 fields.
 * - Numbers are read with g_ascii_strtod and the whole field must be
 *   consumed; nan and inf (and overflowing values) are rejected.
 * - Two directive comments are understood, "# key: value" with the key
 *   case-insensitive; they must come before the first data row and may
 *   appear once each:
 *     "# domain: lo hi" (1-D) or "# domain: lo1 hi1 lo2 hi2" (2-D) sets the
 *       domain; every point must lie inside it (closed box);
 *     "# task: classification" or "# task: regression" (the default); with
 *       classification every y must be exactly 0 or 1.
 *   Other comments are ignored.
 * - Without "# domain:" the domain is [-1, 1]^d widened to the bounding
 *   box of the points.
 * - At least one data row is required.
 * - Error codes: SHL_ERROR_PARSE for malformed rows (wrong number of
 *   fields, a field that is not a number, a malformed directive),
 *   SHL_ERROR_FORMAT for well-formed input that is not acceptable (bad
 *   header, non-finite values, points outside the domain, labels that are
 *   not 0/1, lo >= hi, no rows).
 *
 * Writing: the two directives, the header, then one row per sample with
 * the same shortest round-trip number format. Data that would not load
 * back (no rows, non-finite values, points outside the domain, non-binary
 * labels with the classification flag) is refused with SHL_ERROR_INVALID.
 *
 * All writes go through shl_write_file_atomic (g_file_set_contents:
 * temporary file in the same directory, then rename). */
#include "shl-io.h"
#include "shl-io-private.h"

#include <math.h>
#include <string.h>

static const char *const field_names[SHL_MAX_DIM][SHL_MAX_DIM + 1] = {
  { "x", "y", NULL },
  { "x1", "x2", "y" },
};
static const char *const headers[SHL_MAX_DIM] = { "x,y", "x1,x2,y" };

/* Parse a whole trimmed field as a double: 0 ok, 1 not a number,
 * 2 not finite. */
static int
parse_field (const char *field, double *out)
{
  if (*field == '\0')
    return 1;
  char *end = NULL;
  double v = g_ascii_strtod (field, &end);
  if (end == field || *end != '\0')
    return 1;
  if (!isfinite (v))
    return 2;
  *out = v;
  return 0;
}

typedef struct {
  const char *name;
  int         d;               /* 0 until the header is read */
  guint       header_line;
  guint       domain_line;     /* 0 when there is none */
  int         domain_dim;
  double      lo[SHL_MAX_DIM];
  double      hi[SHL_MAX_DIM];
  guint       task_line;
  gboolean    classification;
  GArray     *x;               /* (n, d) doubles */
  GArray     *y;               /* (n) doubles */
} CsvState;

static gboolean
check_domain_dim (CsvState *st, GError **error)
{
  if (st->d == 0 || st->domain_line == 0 || st->domain_dim == st->d)
    return TRUE;
  g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
               "%s:%u: \"# domain:\" gives %d %s but the header \"%s\" "
               "(line %u) is %d-D", st->name, st->domain_line, st->domain_dim,
               shl_io_plural ((gsize) st->domain_dim, "dimension", "dimensions"),
               headers[st->d - 1], st->header_line, st->d);
  return FALSE;
}

/* A comment line (starting with '#'); directives are applied. */
static gboolean
csv_comment (CsvState *st, const char *line, guint lineno, GError **error)
{
  const char *p = line + 1;
  while (*p == ' ' || *p == '\t')
    p++;
  const char *key = p;
  while (g_ascii_isalpha (*p))
    p++;
  gsize key_len = (gsize) (p - key);
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != ':')
    return TRUE;
  p++;

  gboolean is_domain = key_len == 6 && g_ascii_strncasecmp (key, "domain", 6) == 0;
  gboolean is_task = key_len == 4 && g_ascii_strncasecmp (key, "task", 4) == 0;
  if (!is_domain && !is_task)
    return TRUE;
  const char *what = is_domain ? "domain" : "task";

  if (st->y->len > 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s:%u: \"# %s:\" must come before the first data row",
                   st->name, lineno, what);
      return FALSE;
    }
  guint previous = is_domain ? st->domain_line : st->task_line;
  if (previous != 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s:%u: a second \"# %s:\" comment (the first is on line "
                   "%u)", st->name, lineno, what, previous);
      return FALSE;
    }

  g_autofree char *value = g_strstrip (g_strdup (p));
  if (is_task)
    {
      if (g_ascii_strcasecmp (value, "classification") == 0)
        st->classification = TRUE;
      else if (g_ascii_strcasecmp (value, "regression") == 0)
        st->classification = FALSE;
      else
        {
          g_autofree char *q = shl_io_quote_text (value, -1);
          g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                       "%s:%u: \"# task:\": unknown task %s (expected "
                       "classification or regression)", st->name, lineno, q);
          return FALSE;
        }
      st->task_line = lineno;
      return TRUE;
    }

  g_auto (GStrv) words = g_strsplit_set (value, " \t", -1);
  double v[2 * SHL_MAX_DIM];
  guint count = 0;
  for (guint k = 0; words[k]; k++)
    {
      if (words[k][0] == '\0')
        continue;
      double t = 0.0;
      int r = parse_field (words[k], &t);
      if (r != 0)
        {
          g_autofree char *q = shl_io_quote_text (words[k], -1);
          g_set_error (error, SHL_ERROR,
                       r == 1 ? SHL_ERROR_PARSE : SHL_ERROR_FORMAT,
                       "%s:%u: \"# domain:\": %s is not %s", st->name, lineno,
                       q, r == 1 ? "a number" : "a finite number");
          return FALSE;
        }
      if (count < G_N_ELEMENTS (v))
        v[count] = t;
      count++;
    }
  if (count != 2 && count != 4)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s:%u: \"# domain:\" expects \"lo hi\" (1-D) or "
                   "\"lo1 hi1 lo2 hi2\" (2-D), found %u %s", st->name, lineno,
                   count, shl_io_plural (count, "number", "numbers"));
      return FALSE;
    }
  st->domain_dim = (int) count / 2;
  for (int j = 0; j < st->domain_dim; j++)
    {
      g_autofree char *problem = shl_io_domain_problem (v[2 * j], v[2 * j + 1]);
      if (problem)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s:%u: \"# domain:\": %s", st->name, lineno, problem);
          return FALSE;
        }
      st->lo[j] = v[2 * j];
      st->hi[j] = v[2 * j + 1];
    }
  st->domain_line = lineno;
  return check_domain_dim (st, error);
}

static gboolean
csv_header (CsvState *st, const char *line, guint lineno, GError **error)
{
  g_auto (GStrv) fields = g_strsplit (line, ",", -1);
  guint nf = g_strv_length (fields);
  for (guint k = 0; k < nf; k++)
    g_strstrip (fields[k]);
  for (int d = 1; d <= SHL_MAX_DIM; d++)
    {
      if (nf != (guint) d + 1)
        continue;
      gboolean match = TRUE;
      for (int k = 0; k <= d; k++)
        if (g_strcmp0 (fields[k], field_names[d - 1][k]) != 0)
          match = FALSE;
      if (match)
        {
          st->d = d;
          st->header_line = lineno;
          return check_domain_dim (st, error);
        }
    }
  g_autofree char *q = shl_io_quote_text (line, -1);
  g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
               "%s:%u: expected a header \"x,y\" or \"x1,x2,y\", found %s",
               st->name, lineno, q);
  return FALSE;
}

static gboolean
csv_row (CsvState *st, const char *line, guint lineno, GError **error)
{
  const int d = st->d;
  g_auto (GStrv) fields = g_strsplit (line, ",", -1);
  guint nf = g_strv_length (fields);
  if (nf != (guint) d + 1)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s:%u: expected %d fields (%s), found %u", st->name,
                   lineno, d + 1, headers[d - 1], nf);
      return FALSE;
    }
  double v[SHL_MAX_DIM + 1];
  for (int k = 0; k <= d; k++)
    {
      const char *fname = field_names[d - 1][k];
      char *f = g_strstrip (fields[k]);
      int r = parse_field (f, &v[k]);
      if (r == 1 && *f == '\0')
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                       "%s:%u: field \"%s\" is empty", st->name, lineno,
                       fname);
          return FALSE;
        }
      if (r != 0)
        {
          g_autofree char *q = shl_io_quote_text (f, -1);
          g_set_error (error, SHL_ERROR,
                       r == 1 ? SHL_ERROR_PARSE : SHL_ERROR_FORMAT,
                       "%s:%u: field \"%s\": %s is not %s", st->name, lineno,
                       fname, q, r == 1 ? "a number" : "a finite number");
          return FALSE;
        }
      if (k < d && st->domain_line != 0
          && !(v[k] >= st->lo[k] && v[k] <= st->hi[k]))
        {
          g_autofree char *q = shl_io_quote_text (f, -1);
          g_autofree char *l = shl_io_format_double (st->lo[k]);
          g_autofree char *h = shl_io_format_double (st->hi[k]);
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s:%u: field \"%s\": %s is outside the domain "
                       "[%s, %s] set by \"# domain:\" on line %u", st->name,
                       lineno, fname, q, l, h, st->domain_line);
          return FALSE;
        }
      if (k == d && st->classification && v[k] != 0.0 && v[k] != 1.0)
        {
          g_autofree char *q = shl_io_quote_text (f, -1);
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s:%u: field \"y\": %s is not a class label (0 or 1), "
                       "and line %u says \"# task: classification\"",
                       st->name, lineno, q, st->task_line);
          return FALSE;
        }
    }
  g_array_append_vals (st->x, v, (guint) d);
  g_array_append_val (st->y, v[d]);
  return TRUE;
}

ShlData *
shl_data_from_csv_data (const char *text, gssize len, const char *name,
                        GError **error)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!name)
    name = "<data>";
  if (!text)
    text = "";
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  if (memchr (text, '\0', n))
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_PARSE,
                   "%s: contains a NUL byte; this is not a CSV text file",
                   name);
      return NULL;
    }

  g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  CsvState st = {
    .name = name,
    .lo = { -1.0, -1.0 },
    .hi = { 1.0, 1.0 },
    .x = xs,
    .y = ys,
  };

  const char *p = text, *end = text + n;
  if (n >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  guint lineno = 0;
  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      if (!eol)
        eol = end;
      lineno++;
      g_autofree char *line = g_strndup (p, (gsize) (eol - p));
      p = eol < end ? eol + 1 : end;
      g_strstrip (line);   /* also drops the '\r' of CRLF */

      gboolean ok = TRUE;
      if (line[0] == '\0')
        continue;
      else if (line[0] == '#')
        ok = csv_comment (&st, line, lineno, error);
      else if (st.d == 0)
        ok = csv_header (&st, line, lineno, error);
      else
        ok = csv_row (&st, line, lineno, error);
      if (!ok)
        return NULL;
    }

  if (st.d == 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: %s; expected a header \"x,y\" or \"x1,x2,y\"", name,
                   lineno == 0 ? "the file is empty" : "no header line");
      return NULL;
    }
  if (ys->len == 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: no data rows after the header (line %u)", name,
                   st.header_line);
      return NULL;
    }

  const int d = st.d;
  const gsize rows = ys->len;
  const double *xv = (const double *) (void *) xs->data;
  if (st.domain_line == 0)
    for (gsize k = 0; k < rows; k++)
      for (int j = 0; j < d; j++)
        {
          st.lo[j] = fmin (st.lo[j], xv[k * (gsize) d + (gsize) j]);
          st.hi[j] = fmax (st.hi[j], xv[k * (gsize) d + (gsize) j]);
        }

  for (int j = 0; j < d && st.domain_line == 0; j++)
    {
      g_autofree char *problem = shl_io_domain_problem (st.lo[j], st.hi[j]);
      if (problem)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s: the points' bounding box, the domain, is not "
                       "usable in %s: %s", name, field_names[d - 1][j], problem);
          return NULL;
        }
    }

  ShlData *data = shl_data_new (d, rows, st.lo, st.hi);
  if (!data)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: out of memory for %" G_GSIZE_FORMAT " rows", name,
                   rows);
      return NULL;
    }
  data->classification = st.classification;
  memcpy (data->x, xs->data, rows * (gsize) d * sizeof (double));
  memcpy (data->y, ys->data, rows * sizeof (double));
  return data;
}

ShlData *
shl_data_load_csv (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gsize len = 0;
  g_autofree char *text = shl_io_read_file (path, &len, error);
  if (!text)
    return NULL;
  return shl_data_from_csv_data (text, (gssize) len, path, error);
}

gboolean
shl_data_save_csv (const ShlData *data, const char *path, GError **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  const int d = data->d;
  const char *problem = NULL;
  if (d < 1 || d > SHL_MAX_DIM)
    problem = "the input dimension is not 1 or 2";
  else if (data->n == 0)
    problem = "the data set has no rows";
  for (int j = 0; !problem && j < d; j++)
    {
      g_autofree char *why = shl_io_domain_problem (data->lo[j], data->hi[j]);
      if (why)
        problem = "the domain is not a usable box (it would not load back)";
    }
  for (gsize k = 0; !problem && k < data->n; k++)
    {
      for (int j = 0; j < d; j++)
        {
          double xj = data->x[k * (gsize) d + (gsize) j];
          if (!isfinite (xj))
            problem = "an input is not finite";
          else if (!(xj >= data->lo[j] && xj <= data->hi[j]))
            problem = "an input lies outside the domain";
        }
      if (!problem && !isfinite (data->y[k]))
        problem = "a label is not finite";
      if (!problem && data->classification && data->y[k] != 0.0
          && data->y[k] != 1.0)
        problem = "a classification label is not 0 or 1";
    }
  if (problem)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID,
                   "%s: not saved: %s", path, problem);
      return FALSE;
    }

  GString *s = g_string_sized_new (128 + data->n * (gsize) (d + 1) * 24);
  g_string_append_printf (s, "# Shallows data set: %" G_GSIZE_FORMAT
                          " samples, %d-D, %s\n", data->n, d,
                          data->classification ? "classification"
                                               : "regression");
  g_string_append_printf (s, "# task: %s\n",
                          data->classification ? "classification"
                                               : "regression");
  g_string_append (s, "# domain:");
  for (int j = 0; j < d; j++)
    {
      g_string_append_c (s, ' ');
      shl_io_append_double (s, data->lo[j], FALSE);
      g_string_append_c (s, ' ');
      shl_io_append_double (s, data->hi[j], FALSE);
    }
  g_string_append_c (s, '\n');
  g_string_append (s, headers[d - 1]);
  g_string_append_c (s, '\n');
  for (gsize k = 0; k < data->n; k++)
    {
      for (int j = 0; j < d; j++)
        {
          shl_io_append_double (s, data->x[k * (gsize) d + (gsize) j], FALSE);
          g_string_append_c (s, ',');
        }
      shl_io_append_double (s, data->y[k], FALSE);
      g_string_append_c (s, '\n');
    }
  g_autofree char *text = g_string_free (s, FALSE);
  return shl_write_file_atomic (path, text, -1, error);
}
