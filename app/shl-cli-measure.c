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
#include "shl-session.h"
#include "shl-symmetry.h"
#include "shl-view-recipe.h"

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

/* one "key": value member of the distance object; members are collected
 * and joined at the end, so that any subset prints as valid JSON. An
 * infinite value (beyond the double range) is null in JSON and its key goes
 * to the "overflow" list. */
static void
member_double (GPtrArray *m, const char *key, double v, GPtrArray *overflow)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "  \"%s\": ", key);
  shl_cli_json_number (s, v, key, overflow);
  g_ptr_array_add (m, g_string_free (s, FALSE));
}

static void
member_raw (GPtrArray *m, const char *key, const char *json)
{
  g_ptr_array_add (m, g_strdup_printf ("  \"%s\": %s", key, json));
}

/* the distances between a and b asked for by parts (an OR of
 * SHL_DISTANCE_REALIZATION, _PARAMETERS, _FIBRE) as one JSON object (see
 * distance --help), from one shl_distance_report */
static char *
distances_json_parts (const ShlNet *a, const ShlNet *b, unsigned parts)
{
  ShlDistanceReport r;
  shl_distance_report (&r, a, b, parts);
  g_autoptr (GPtrArray) m = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) over = g_ptr_array_new_with_free_func (g_free);
  if (parts & SHL_DISTANCE_REALIZATION)
    {
      member_double (m, "sup", r.real.sup, over);
      member_double (m, "w1inf_2", r.real.w1inf_2, over);
      member_double (m, "w1inf_max", r.real.w1inf_max, over);
      member_double (m, "sobolev", r.real.sobolev, over);
      g_autoptr (GString) arg = g_string_new ("[");
      for (int j = 0; j < a->d; j++)
        {
          if (j)
            g_string_append (arg, ", ");
          shl_cli_append_number (arg, r.real.argsup[j], SHL_NUMBER_JSON);
        }
      g_string_append_c (arg, ']');
      member_raw (m, "argsup", arg->str);
      member_double (m, "w1inf_2_robust", r.real.w1inf_2_robust, over);
      member_double (m, "w1inf_max_robust", r.real.w1inf_max_robust, over);
      member_double (m, "sobolev_robust", r.real.sobolev_robust, over);
      member_double (m, "w1inf_width", r.real.w1inf_width, over);
    }
  g_autofree char *wa = g_strdup_printf ("%d", a->m);
  g_autofree char *wb = g_strdup_printf ("%d", b->m);
  member_raw (m, "width_a", wa);
  member_raw (m, "width_b", wb);
  if (parts & SHL_DISTANCE_PARAMETERS)
    {
      member_double (m, "param_raw", r.param_raw, over);
      member_double (m, "param_sym", r.param_sym, over);
      member_double (m, "param_sym_l2", r.param_sym_l2, over);
    }
  if (parts & SHL_DISTANCE_FIBRE)
    {
      member_raw (m, "restricted_a", r.restricted_a ? "true" : "false");
      member_raw (m, "restricted_b", r.restricted_b ? "true" : "false");
      if (r.fibre_ok)
        {
          if (r.restricted_a && r.restricted_b)
            member_double (m, "fibre", r.fibre.restricted, over);
          else
            {
              member_double (m, "fibre_lower", r.fibre.lower, over);
              member_double (m, "fibre_upper", r.fibre.upper, over);
            }
          member_double (m, "fibre_restricted", r.fibre.restricted, over);
          member_double (m, "stability_bound", r.fibre.bound, over);
        }
      else
        member_raw (m, "fibre", "null");
    }
  g_ptr_array_add (m, NULL);
  g_autofree char *body = g_strjoinv (",\n", (char **) m->pdata);
  g_autoptr (GString) tail = g_string_new (NULL);
  shl_cli_json_overflow (tail, over);
  return g_strdup_printf ("{\n%s%s\n}\n", body, tail->str);
}

/* every distance between a and b (the pathology command prints them too) */
static char *
distances_json (const ShlNet *a, const ShlNet *b)
{
  return distances_json_parts (a, b, SHL_DISTANCE_ALL);
}

/* --only: a comma-separated list of realization, parameters, fibre */
static gboolean
parse_parts (const char *s, unsigned *parts, GError **error)
{
  static const struct {
    const char *name;
    unsigned    part;
  } names[] = {
    { "realization", SHL_DISTANCE_REALIZATION },
    { "parameters", SHL_DISTANCE_PARAMETERS },
    { "fibre", SHL_DISTANCE_FIBRE },
  };
  *parts = 0;
  g_auto (GStrv) items = g_strsplit (s, ",", -1);
  for (int k = 0; items[k]; k++)
    {
      const char *w = g_strstrip (items[k]);
      unsigned found = 0;
      for (unsigned q = 0; q < G_N_ELEMENTS (names); q++)
        if (g_str_equal (w, names[q].name))
          found = names[q].part;
      if (!found)
        {
          g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                       "--only: unknown part \"%s\" (expected a comma-separated "
                       "list of realization, parameters, fibre)", w);
          return FALSE;
        }
      *parts |= found;
    }
  if (*parts == 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_FORMAT,
                   "--only: empty list (expected a comma-separated list of "
                   "realization, parameters, fibre)");
      return FALSE;
    }
  return TRUE;
}

int
shl_cli_distance (int argc, char **argv)
{
  const char *cmd = "distance";
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      "Compute only these parts (comma-separated; default all)",
      "realization,parameters,fibre" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("A.json B.json - distances between two networks");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Prints one JSON object: width_a and width_b always, and the keys of the\n"
    "parts asked for (--only realization,parameters,fibre; default all).\n"
    "Realization side, exact on A's domain:\n"
    "  sup        ||f_A - f_B||_inf\n"
    "  w1inf_2    ess sup ||grad(f_A - f_B)||_2\n"
    "  w1inf_max  ess sup ||grad(f_A - f_B)||_inf\n"
    "  sobolev    max(sup, w1inf_2), the W^{1,inf} norm\n"
    "  argsup     a point where |f_A - f_B| = sup\n"
    "  w1inf_2_robust, w1inf_max_robust, sobolev_robust\n"
    "             the same, with kinks that coincide up to rounding (8 ulps,\n"
    "             relative) treated as one kink: ignores the ulp-wide slivers\n"
    "             a rescaling by a factor that is not a power of two leaves\n"
    "  w1inf_width  how wide the interval (1-D) or cell (2-D: area over\n"
    "             radius) is where w1inf_2 is attained\n"
    "Parameter side:\n"
    "  param_raw     ||theta_A - theta_B||_inf (null when the widths differ)\n"
    "  param_sym     from A to B's symmetry orbit: best rescaling of B's neuron\n"
    "                per pair, best permutation (bottleneck assignment), widths\n"
    "                padded with zero neurons, and the affine parts (not\n"
    "                symmetric in A and B: rescaling is not an isometry)\n"
    "  param_sym_l2  the sum-of-squares variant (minimum-sum assignment)\n"
    "Distance from A to the fibre of f_B (all parametrizations of f_B):\n"
    "  restricted_a, restricted_b  whether each network is in the restricted set\n"
    "  fibre         exact, when both are restricted: the distance from A to\n"
    "                the restricted parametrizations of f_B (the canonical form);\n"
    "                null when it could not be computed\n"
    "  fibre_lower, fibre_upper  otherwise: bounds on the distance over all\n"
    "                width-m_A parametrizations (the upper one is constructive)\n"
    "  fibre_restricted  the distance to the restricted fibre (always exact)\n"
    "  stability_bound   the proven bound on it for this eps (1-D)\n"
    "The realization side takes milliseconds at any width; the parameters and\n"
    "the fibre take seconds at widths in the thousands (see the README).");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "expected two network files, got %d", argc - 1);
  g_autoptr (GError) err = NULL;
  unsigned parts = SHL_DISTANCE_ALL;
  if (only && !parse_parts (only, &parts, &err))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
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
  g_autofree char *json = distances_json_parts (a, b, parts);
  fputs (json, stdout);
  shl_net_free (a);
  shl_net_free (b);
  return SHL_CLI_EXIT_OK;
}

/* ----------------------------------------------------------- pathology */

/* The preset as a session at step 0, as the app shows it: Γ as the network,
 * g as the twin, g's points as the data (the app's default data seed),
 * the preset's optimiser and view recipe. */
static gboolean
write_preset_session (const char *path, const char *id, double p, const ShlNet *gamma,
                      const ShlNet *g, GError **error)
{
  g_autoptr (ShlSession) ss = shl_session_new ();
  ShlData *data = shl_pathology_data (id, g, 1);
  ss->dim = g->d;
  memcpy (ss->lo, data->lo, sizeof ss->lo);
  memcpy (ss->hi, data->hi, sizeof ss->hi);
  ss->points = data;
  ss->init_scheme = g_strdup ("file");
  ss->init_seed = 1;
  ss->net0 = shl_net_copy (gamma);
  ss->twin = shl_net_copy (g);
  shl_train_opts_init (&ss->opts);
  ss->opts.seed = 1;
  shl_pathology_train_opts (id, &ss->opts);
  ShlTrainer *tr = shl_trainer_new (gamma, data, &ss->opts);
  if (!tr)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "%s: cannot train this preset", id);
      return FALSE;
    }
  shl_history_reset (ss->history, gamma->n_params);
  shl_history_append (ss->history, 0, shl_trainer_loss (tr), gamma->theta);
  shl_trainer_free (tr);
  ShlViewSettings view;
  shl_view_settings_init (&view);
  shl_view_recipe_for_preset (&view, id, p);
  ss->view_json = shl_view_settings_to_json (&view);
  return shl_session_save (ss, path, error);
}

int
shl_cli_pathology (int argc, char **argv)
{
  const char *cmd = "pathology";
  g_autofree char *param_s = NULL, *out_gamma = NULL, *out_g = NULL, *session = NULL;
  GOptionEntry entries[] = {
    { "param", 0, 0, G_OPTION_ARG_STRING, &param_s, "The preset's parameter (default: its default)", "X" },
    { "out-gamma", 0, 0, G_OPTION_ARG_FILENAME, &out_gamma, "Write the network Γ (JSON)", "F" },
    { "out-g", 0, 0, G_OPTION_ARG_FILENAME, &out_g, "Write the nearby function g as a network (JSON)", "F" },
    { "session", 0, 0, G_OPTION_ARG_FILENAME, &session,
      "Write the preset as a session (Γ, the twin g, the data, the view) for 'render' or the app", "S.json" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[ID] - the gallery of pathologies, headless");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Without ID, lists the presets. With ID, builds the preset's network Γ and\n"
    "nearby function g (as the app's gallery does) and prints every distance\n"
    "between them, as 'distance' does, plus the id and parameter. --session\n"
    "writes the preset as the app shows it: 'render S.json' draws it.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  int n;
  const ShlPathology *t = shl_pathologies (&n);
  if (argc == 1)
    {
      for (int k = 0; k < n; k++)
        {
          char lo[SHL_NUMBER_BUF], hi[SHL_NUMBER_BUF], def[SHL_NUMBER_BUF];
          shl_number_format (lo, t[k].param_min, SHL_NUMBER_DEFAULT);
          shl_number_format (hi, t[k].param_max, SHL_NUMBER_DEFAULT);
          shl_number_format (def, t[k].param_default, SHL_NUMBER_DEFAULT);
          /* padded by characters, not bytes (θ, Γ are two bytes) */
          glong pad = MAX (0, 40 - g_utf8_strlen (t[k].title, -1));
          printf ("%-14s %s%*s %s in [%s, %s], default %s\n", t[k].id, t[k].title, (int) pad, "",
                  t[k].param_name, lo, hi, def);
        }
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
  p = shl_pathology_clamp (info, p);
  if ((out_gamma && !shl_net_save_json (gamma, out_gamma, &err))
      || (out_g && !shl_net_save_json (g, out_g, &err))
      || (session && !write_preset_session (session, info->id, p, gamma, g, &err)))
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

