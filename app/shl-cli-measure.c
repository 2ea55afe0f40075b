/* shl-cli-measure.c: `shallows-cli eval`, `distance` and `pathology`:
 * what a network computes, and how far two networks are apart, exactly. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "shl-cli.h"
#include "shl-fibre.h"
#include "shl-geom.h"
#include "shl-io.h"
#include "shl-net.h"
#include "shl-paramdist.h"
#include "shl-pathology.h"
#include "shl-symmetry.h"

/* ----------------------------------------------------------------- eval */

/* Points CSV: a header naming the input columns (x, or x1 and x2; other
 * columns such as y are ignored), '#' comments and blank lines allowed. */
static double *
load_points (const char *path, int d, size_t *n_out, GError **error)
{
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  int col[2] = { -1, -1 }, ncols = 0;
  gboolean have_header = FALSE;
  g_autoptr (GArray) pts = g_array_new (FALSE, FALSE, sizeof (double));
  for (int ln = 0; lines[ln]; ln++)
    {
      char *line = g_strstrip (lines[ln]);
      if (!*line || *line == '#')
        continue;
      g_auto (GStrv) f = g_strsplit (line, ",", -1);
      int nf = (int) g_strv_length (f);
      if (!have_header)
        {
          for (int j = 0; j < nf; j++)
            {
              char *name = g_strstrip (f[j]);
              if (d == 1 && g_str_equal (name, "x"))
                col[0] = j;
              else if (d == 2 && g_str_equal (name, "x1"))
                col[0] = j;
              else if (d == 2 && g_str_equal (name, "x2"))
                col[1] = j;
            }
          if (col[0] < 0 || (d == 2 && col[1] < 0))
            {
              g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                           "%s:%d: expected a header with the column%s %s (the network is %d-D)",
                           path, ln + 1, d == 1 ? "" : "s",
                           d == 1 ? "\"x\"" : "\"x1\" and \"x2\"", d);
              return NULL;
            }
          ncols = nf;
          have_header = TRUE;
          continue;
        }
      if (nf != ncols)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "%s:%d: expected %d fields like the header, found %d",
                       path, ln + 1, ncols, nf);
          return NULL;
        }
      for (int j = 0; j < d; j++)
        {
          char *field = g_strstrip (f[col[j]]);
          char *end = NULL;
          double v = g_ascii_strtod (field, &end);
          if (end == field || *end || !isfinite (v))
            {
              g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                           "%s:%d: field \"%s\": \"%s\" is not a finite number",
                           path, ln + 1, d == 1 ? "x" : (j == 0 ? "x1" : "x2"), field);
              return NULL;
            }
          g_array_append_val (pts, v);
        }
    }
  if (!have_header)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "%s: empty file, expected a header line", path);
      return NULL;
    }
  *n_out = pts->len / (guint) d;
  return (double *) g_array_free (g_steal_pointer (&pts), FALSE);
}

int
shl_cli_eval (int argc, char **argv)
{
  const char *cmd = "eval";
  g_autofree char *points_path = NULL;
  GOptionEntry entries[] = {
    { "points", 0, 0, G_OPTION_ARG_FILENAME, &points_path, "Points (CSV with a header x, or x1,x2)", "F.csv" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("NET.json --points F.csv - evaluate f and its gradient");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Prints CSV: the inputs, f, and df_dx (1-D) or df_dx1,df_dx2 (2-D), with relu'(0) = 0.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected exactly one network file");
  if (!points_path)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--points F.csv is required");
  g_autoptr (GError) err = NULL;
  ShlNet *net = shl_net_load_json (argv[1], &err);
  if (!net)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  size_t n = 0;
  double *x = load_points (points_path, net->d, &n, &err);
  if (!x)
    {
      shl_net_free (net);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }
  const int d = net->d;
  double *f = g_new (double, n ? n : 1), *df = g_new (double, n ? n * d : 1);
  shl_net_eval (f, df, net, x, n);
  g_autoptr (GString) out = g_string_new (d == 1 ? "x,f,df_dx\n" : "x1,x2,f,df_dx1,df_dx2\n");
  for (size_t k = 0; k < n; k++)
    {
      for (int j = 0; j < d; j++)
        {
          shl_cli_append_number (out, x[k * d + j], SHL_NUMBER_DEFAULT);
          g_string_append_c (out, ',');
        }
      shl_cli_append_number (out, f[k], SHL_NUMBER_DEFAULT);
      for (int j = 0; j < d; j++)
        {
          g_string_append_c (out, ',');
          shl_cli_append_number (out, df[k * d + j], SHL_NUMBER_DEFAULT);
        }
      g_string_append_c (out, '\n');
    }
  fwrite (out->str, 1, out->len, stdout);
  g_free (f);
  g_free (df);
  g_free (x);
  shl_net_free (net);
  return SHL_CLI_EXIT_OK;
}

/* ------------------------------------------------------------- distance */

/* "  KEY: V" and ",\n" unless last; an infinite V (beyond the double
 * range) is null in JSON and its key goes to the "overflow" list */
static void
json_double (GString *s, const char *key, double v, gboolean last, GPtrArray *overflow)
{
  g_string_append_printf (s, "  \"%s\": ", key);
  shl_cli_json_number (s, v, key, overflow);
  if (!last)
    g_string_append (s, ",\n");
}

/* every distance between a and b as one JSON object (see distance --help) */
static char *
distances_json (const ShlNet *a, const ShlNet *b)
{
  ShlDistances dist;
  shl_realization_distance (&dist, a, b, NULL, NULL);
  double raw = shl_param_distance_raw (a, b);
  g_autoptr (GPtrArray) over = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new ("{\n");
  json_double (s, "sup", dist.sup, FALSE, over);
  json_double (s, "w1inf_2", dist.w1inf_2, FALSE, over);
  json_double (s, "w1inf_max", dist.w1inf_max, FALSE, over);
  json_double (s, "sobolev", dist.sobolev, FALSE, over);
  g_string_append (s, "  \"argsup\": [");
  for (int j = 0; j < a->d; j++)
    {
      if (j)
        g_string_append (s, ", ");
      shl_cli_append_number (s, dist.argsup[j], SHL_NUMBER_JSON);
    }
  g_string_append (s, "],\n");
  g_string_append_printf (s, "  \"width_a\": %d,\n  \"width_b\": %d,\n", a->m, b->m);
  json_double (s, "param_raw", raw, FALSE, over);
  json_double (s, "param_sym", shl_param_distance_sym (a, b), FALSE, over);
  json_double (s, "param_sym_l2", shl_param_distance_sym_l2 (a, b), FALSE, over);
  gboolean ra = shl_net_is_restricted (a, SHL_RESTRICTED_TOL);
  gboolean rb = shl_net_is_restricted (b, SHL_RESTRICTED_TOL);
  g_string_append_printf (s, "  \"restricted_a\": %s,\n  \"restricted_b\": %s,\n",
                          ra ? "true" : "false", rb ? "true" : "false");
  ShlFibreDistance fd;
  if (shl_fibre_distance (&fd, a, b))
    {
      if (ra && rb)
        json_double (s, "fibre", fd.restricted, FALSE, over);
      else
        {
          json_double (s, "fibre_lower", fd.lower, FALSE, over);
          json_double (s, "fibre_upper", fd.upper, FALSE, over);
        }
      json_double (s, "fibre_restricted", fd.restricted, FALSE, over);
      json_double (s, "stability_bound", fd.bound, TRUE, over);
    }
  else
    g_string_append (s, "  \"fibre\": null");
  shl_cli_json_overflow (s, over);
  g_string_append (s, "\n}\n");
  return g_string_free (s, FALSE);
}

int
shl_cli_distance (int argc, char **argv)
{
  const char *cmd = "distance";
  g_autoptr (GOptionContext) ctx = g_option_context_new ("A.json B.json - distances between two networks");
  g_option_context_set_description (ctx,
    "Prints one JSON object. Realization side, exact on A's domain:\n"
    "  sup        ||f_A - f_B||_inf\n"
    "  w1inf_2    ess sup ||grad(f_A - f_B)||_2\n"
    "  w1inf_max  ess sup ||grad(f_A - f_B)||_inf\n"
    "  sobolev    max(sup, w1inf_2), the W^{1,inf} norm\n"
    "  argsup     a point where |f_A - f_B| = sup\n"
    "Parameter side:\n"
    "  param_raw     ||theta_A - theta_B||_inf (null when the widths differ)\n"
    "  param_sym     from A to B's symmetry orbit: best rescaling of B's neuron\n"
    "                per pair, best permutation (bottleneck assignment), widths\n"
    "                padded with zero neurons, and the affine parts (not\n"
    "                symmetric in A and B: rescaling is not an isometry)\n"
    "  param_sym_l2  the sum-of-squares variant (Hungarian assignment)\n"
    "Distance from A to the fibre of f_B (all parametrizations of f_B):\n"
    "  restricted_a, restricted_b  whether each network is in the restricted set\n"
    "  fibre         exact, when both are restricted: the distance from A to\n"
    "                the restricted parametrizations of f_B (the canonical form)\n"
    "  fibre_lower, fibre_upper  otherwise: bounds on the distance over all\n"
    "                width-m_A parametrizations (the upper one is constructive)\n"
    "  fibre_restricted  the distance to the restricted fibre (always exact)\n"
    "  stability_bound   the proven bound on it for this eps (1-D)");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected two network files, got %d", argc - 1);
  g_autoptr (GError) err = NULL;
  ShlNet *a = shl_net_load_json (argv[1], &err);
  if (!a)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  ShlNet *b = shl_net_load_json (argv[2], &err);
  if (!b)
    {
      shl_net_free (a);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
    }
  if (a->d != b->d)
    {
      int da = a->d, db = b->d;
      shl_net_free (a);
      shl_net_free (b);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s is %d-D but %s is %d-D",
                           argv[1], da, argv[2], db);
    }
  g_autofree char *json = distances_json (a, b);
  fputs (json, stdout);
  shl_net_free (a);
  shl_net_free (b);
  return SHL_CLI_EXIT_OK;
}

/* ----------------------------------------------------------- pathology */

int
shl_cli_pathology (int argc, char **argv)
{
  const char *cmd = "pathology";
  g_autofree char *param_s = NULL, *out_gamma = NULL, *out_g = NULL;
  GOptionEntry entries[] = {
    { "param", 0, 0, G_OPTION_ARG_STRING, &param_s, "The preset's parameter (default: its default)", "X" },
    { "out-gamma", 0, 0, G_OPTION_ARG_FILENAME, &out_gamma, "Write the network Γ (JSON)", "F" },
    { "out-g", 0, 0, G_OPTION_ARG_FILENAME, &out_g, "Write the nearby function g as a network (JSON)", "F" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[ID] - the gallery of pathologies, headless");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Without ID, lists the presets. With ID, builds the preset's network Γ and\n"
    "nearby function g (as the app's gallery does) and prints every distance\n"
    "between them, as 'distance' does, plus the id and parameter.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  if (argc == 1)
    {
      for (int k = 0; k < n; k++)
        printf ("%-14s %-40s %s in [%g, %g], default %g\n", t[k].id, t[k].title, t[k].param_name,
                t[k].param_min, t[k].param_max, t[k].param_default);
      return SHL_CLI_EXIT_OK;
    }
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected one preset id");
  const ShlPathology *info = shl_pathology_lookup (argv[1]);
  if (!info)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "unknown preset \"%s\" (run without an id for the list)",
                         argv[1]);
  if ((status = shl_cli_check_output (cmd, out_gamma)) != SHL_CLI_EXIT_OK
      || (status = shl_cli_check_output (cmd, out_g)) != SHL_CLI_EXIT_OK)
    return status;
  double p = info->param_default;
  g_autoptr (GError) err = NULL;
  if (param_s && !shl_cli_parse_double ("--param", param_s, info->param_min, info->param_max, &p, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  ShlNet *gamma, *g;
  shl_pathology_build (&gamma, &g, info->id, p);
  int code = SHL_CLI_EXIT_OK;
  if ((out_gamma && !shl_net_save_json (gamma, out_gamma, &err))
      || (out_g && !shl_net_save_json (g, out_g, &err)))
    code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  g_autofree char *json = distances_json (gamma, g);
  g_autoptr (GString) head = g_string_new (NULL);
  g_string_append_printf (head, "{\n  \"id\": \"%s\",\n  \"param\": ", info->id);
  shl_cli_append_number (head, p, SHL_NUMBER_JSON);
  printf ("%s,\n%s", head->str, json + 2);
  shl_net_free (gamma);
  shl_net_free (g);
  return code;
}

