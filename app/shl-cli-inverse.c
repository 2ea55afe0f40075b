/* shl-cli-inverse.c: `shallows-cli canonical` and `shallows-cli diagnose`.
 *
 * canonical: the canonical form kappa of a network in the restricted set
 * (theory.md section 4), or the network after the first N of its six
 * steps, written in the network JSON format (with v).
 * diagnose: per neuron its status on the domain, kink, jump, imbalance and
 * duplicate / opposite partners, as a text table or JSON.
 *
 * Bad arguments: one line on stderr, exit 2. Files that cannot be read or
 * written: the loader's / writer's message (it names the file and the
 * field), exit 1. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "shl-cli-inverse.h"
#include "shl-cli.h"
#include "shl-geom.h"
#include "shl-io.h"
#include "shl-net.h"
#include "shl-symmetry.h"



/* ------------------------------------------------------------ canonical */

int
shl_cli_canonical (int argc, char **argv)
{
  const char *cmd = "canonical";
  g_autofree char *out_path = NULL, *pad_s = NULL, *step_s = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the result to F (JSON, atomic) instead of stdout", "F" },
    { "pad", 0, 0, G_OPTION_ARG_STRING, &pad_s, "Pad with zero neurons to width M (default: no padding)", "M" },
    { "step", 0, 0, G_OPTION_ARG_STRING, &step_s, "Stop after step N of 1..6 (default 6: the canonical form)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "With --out, print nothing on success", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("NET.json - canonical form in the restricted set");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Rewrites the network without changing its realization on its domain:\n"
    "  1 drop      a = 0: c relu(b) folded into e; c = 0 or dead: dropped\n"
    "  2 affine    active on the whole domain: folded into v and e, dropped\n"
    "  3 orient    first entry of a negative: c relu(t) = c relu(-t) + c t\n"
    "  4 merge     neurons on the same oriented hyperplane become one\n"
    "  5 balance   |c| = ||(a, b)||_2\n"
    "  6 order-pad sorted by kink (2-D: normal angle, then offset), zero\n"
    "              neurons (--pad) last\n"
    "The result (network JSON with v) goes to stdout, or to F with --out.\n"
    "Exit status: 0 success, 1 a file error, 2 bad arguments.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         argc < 2 ? "expected a network file"
                                  : "expected exactly one network file");

  g_autoptr (GError) err = NULL;
  guint64 pad = 0, step = SHL_CANON_N_STEPS;
  if ((pad_s && !shl_cli_parse_uint ("--pad", pad_s, 0, 10000000, &pad, &err))
      || (step_s && !shl_cli_parse_uint ("--step", step_s, 1, SHL_CANON_N_STEPS,
                                         &step, &err)))
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "%s", err->message);
  if (pad_s && step < SHL_CANON_N_STEPS)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         "--pad is step 6; it does not go with --step %"
                         G_GUINT64_FORMAT, step);
  if (quiet && !out_path)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE, "--quiet goes with --out");

  if ((status = shl_cli_check_output (cmd, out_path)) != SHL_CLI_EXIT_OK)
    return status;
  ShlNet *net = shl_net_load_json (argv[1], &err);
  if (!net)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  ShlCanonReport rep;
  ShlNet *res = shl_canonicalize_report (&rep, net, (int) step,
                                         pad_s ? (int) pad : -1);
  int m_in = net->m;
  shl_net_free (net);
  if (!res && rep.neuron >= 0)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR,
                         "%s: no canonical form: step %d (%s), neuron %d: %s",
                         argv[1], rep.step, shl_canon_step_name ((ShlCanonStep) rep.step),
                         rep.neuron, shl_canon_status_message (rep.status));
  if (!res)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s: no canonical form: %s",
                         argv[1], shl_canon_status_message (rep.status));
  if (pad_s && (guint64) res->m > pad)
    {
      int w = res->m;
      shl_net_free (res);
      return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                           "--pad %" G_GUINT64_FORMAT ": the canonical form of "
                           "%s already has width %d", pad, argv[1], w);
    }

  int code = SHL_CLI_EXIT_OK;
  if (out_path)
    {
      if (!shl_net_save_json (res, out_path, &err))
        code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
      else if (!quiet)
        {
          int bad;
          ShlRestrictedCheck chk = shl_net_check_restricted (&bad, res,
                                                             SHL_RESTRICTED_TOL);
          printf ("%s: width %d -> %d (%d zero) after step%s 1..%d; "
                  "restricted: %s\n",
                  out_path, m_in, res->m, shl_net_count_zero (res),
                  step > 1 ? "s" : "", (int) step,
                  chk == SHL_RESTRICTED_OK ? "yes" : "no");
        }
    }
  else
    {
      g_autofree char *text = shl_net_to_json_data (res);
      if (!text)
        code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR,
                             "the result has non-finite parameters");
      else
        fputs (text, stdout);
    }
  shl_net_free (res);
  return code;
}

/* ------------------------------------------------------------- diagnose */

static void
json_num (GString *s, double x)
{
  shl_cli_append_number (s, x, SHL_NUMBER_JSON);
}

static void
json_index (GString *s, int j)
{
  if (j >= 0)
    g_string_append_printf (s, "%d", j);
  else
    g_string_append (s, "null");
}

/* a neuron's computed quantity: beyond the double range it is null and
 * named in the "overflow" list */
static void
json_quantity (GString *s, const char *key, double x, int i, GPtrArray *over)
{
  g_autofree char *path = g_strdup_printf ("neurons[%d].%s", i, key);
  g_string_append_printf (s, ", \"%s\": ", key);
  shl_cli_json_number (s, x, path, over);
}

static char *
diagnosis_json (const ShlNet *net, const ShlNeuronDiag *diag)
{
  const int d = net->d;
  g_autoptr (GPtrArray) over = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new ("{\n");
  int count[4] = { 0, 0, 0, 0 };
  for (int i = 0; i < net->m; i++)
    if ((unsigned) diag[i].status < 4)
      count[diag[i].status]++;
  g_string_append_printf (s, "  \"input_dim\": %d,\n  \"width\": %d,\n", d,
                          net->m);
  g_string_append (s, "  \"domain\": [");
  for (int j = 0; j < d; j++)
    {
      g_string_append (s, j ? ", [" : "[");
      json_num (s, net->lo[j]);
      g_string_append (s, ", ");
      json_num (s, net->hi[j]);
      g_string_append (s, "]");
    }
  g_string_append (s, "],\n  \"e\": ");
  json_num (s, *net->e);
  g_string_append (s, ",\n  \"v\": [");
  for (int j = 0; j < d; j++)
    {
      if (j)
        g_string_append (s, ", ");
      json_num (s, net->v[j]);
    }
  g_string_append_printf (s, "],\n  \"counts\": {\"active\": %d, \"affine\": %d, "
                          "\"dead\": %d, \"zero\": %d},\n",
                          count[SHL_NEURON_ACTIVE], count[SHL_NEURON_AFFINE],
                          count[SHL_NEURON_DEAD], count[SHL_NEURON_ZERO]);
  int bad;
  ShlRestrictedCheck chk = shl_net_check_restricted (&bad, net, SHL_RESTRICTED_TOL);
  g_string_append (s, "  \"balance_tol\": ");
  json_num (s, SHL_RESTRICTED_TOL);
  g_string_append_printf (s, ",\n  \"restricted\": %s,\n",
                          chk == SHL_RESTRICTED_OK ? "true" : "false");
  if (chk == SHL_RESTRICTED_OK)
    g_string_append (s, "  \"violation\": null,\n");
  else
    {
      g_string_append (s, "  \"violation\": {\"neuron\": ");
      json_index (s, bad);
      g_string_append_printf (s, ", \"reason\": \"%s\"},\n",
                              shl_restricted_check_name (chk));
    }
  g_string_append_printf (s, "  \"kink_meaning\": \"%s\",\n",
                          d == 1 ? "position -b/a"
                                 : "signed offset of the line from the box centre along a/|a|");
  g_string_append (s, "  \"neurons\": [");
  for (int i = 0; i < net->m; i++)
    {
      const ShlNeuronDiag *g = diag + i;
      g_string_append_printf (s, "%s\n    {\"index\": %d, \"status\": \"%s\", \"a\": [",
                              i ? "," : "", i, shl_neuron_status_name (g->status));
      for (int j = 0; j < d; j++)
        {
          if (j)
            g_string_append (s, ", ");
          json_num (s, net->a[i * d + j]);
        }
      g_string_append (s, "], \"b\": ");
      json_num (s, net->b[i]);
      g_string_append (s, ", \"c\": ");
      json_num (s, net->c[i]);
      json_quantity (s, "norm_ab", g->norm_ab, i, over);
      json_quantity (s, "kink", g->kink, i, over);
      json_quantity (s, "jump", g->jump, i, over);
      json_quantity (s, "imbalance", g->imbalance, i, over);
      g_string_append (s, ", \"duplicate_of\": ");
      json_index (s, g->duplicate_of);
      g_string_append (s, ", \"opposite_of\": ");
      json_index (s, g->opposite_of);
      g_string_append (s, "}");
    }
  g_string_append (s, net->m ? "\n  ]" : "]");
  shl_cli_json_overflow (s, over);
  g_string_append (s, "\n}\n");
  return g_string_free (s, FALSE);
}

int
shl_cli_diagnose (int argc, char **argv)
{
  const char *cmd = "diagnose";
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON instead of a text table", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("NET.json - per-neuron diagnosis on the domain");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "For every neuron: status on the domain (active: the kink meets the\n"
    "interior; dead; affine; zero), a, b, c, the kink (1-D: -b/a; 2-D: the\n"
    "signed offset of the kink line from the domain centre along a/|a|,\n"
    "positive when the centre is on the inactive side), the jump c |a|_2,\n"
    "the imbalance log(|c| / |(a, b)|_2) (0 = balanced), and the earliest\n"
    "neuron on the same oriented hyperplane (duplicate) or the opposite one\n"
    "(opposite). Then counts, e, v and whether the network lies in the\n"
    "restricted set (balanced within " SHL_RESTRICTED_TOL_TEXT ").\n"
    "Exit status: 0 success, 1 a file error, 2 bad arguments.");
  int status;
  if (!shl_cli_parse_options (ctx, cmd, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_USAGE,
                         argc < 2 ? "expected a network file"
                                  : "expected exactly one network file");
  g_autoptr (GError) err = NULL;
  ShlNet *net = shl_net_load_json (argv[1], &err);
  if (!net)
    return shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "%s", err->message);
  ShlNeuronDiag *diag = g_new0 (ShlNeuronDiag, net->m > 0 ? net->m : 1);
  shl_net_diagnose (diag, net);
  int code = SHL_CLI_EXIT_OK;
  if (as_json)
    {
      g_autofree char *text = diagnosis_json (net, diag);
      fputs (text, stdout);
    }
  else
    {
      char *text = shl_net_diagnosis_text (net, diag);
      if (text)
        fputs (text, stdout);
      else
        code = shl_cli_fail (cmd, SHL_CLI_EXIT_ERROR, "out of memory");
      free (text);
    }
  g_free (diag);
  shl_net_free (net);
  return code;
}
