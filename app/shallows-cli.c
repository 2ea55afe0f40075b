/* shallows-cli: the headless front end.
 *
 * Links the engine and ui/render only; never needs a display. Bad
 * arguments give a one-line reason and exit status 2; file errors and
 * divergence exit 1. The table below is the list of subcommands: it
 * drives the dispatch and the top-level --help. */
#include <locale.h>
#include <stdio.h>

#include "shl-cli.h"
#include "shl-cli-inverse.h"
#include "shl-cli-landscape.h"
#include "shl-io.h"

typedef struct {
  const char *name;
  const char *summary;                  /* one line for --help */
  int       (*run) (int argc, char **argv);
} ShlCliCommand;

static const ShlCliCommand commands[] = {
  { "train", "train a network on a built-in target or a CSV data file", shl_cli_train },
  { "eval", "evaluate a network and its gradient at points from a CSV file", shl_cli_eval },
  { "distance", "exact distances between two networks (JSON)", shl_cli_distance },
  { "targets", "list the built-in targets", shl_cli_targets },
  { "pathology", "the gallery's networks and their distances (theory.md 3)", shl_cli_pathology },
  { "render", "draw a saved session's panels to PDF, SVG or PNG (no display)", shl_cli_render },
  { "lesson", "one image per slide of a lesson (PNG or PDF), as the presenter mode shows it", shl_cli_lesson },
  { "bench", "measure training speed against baselines", shl_cli_bench },
  { "canonical", "canonical form of a network in the restricted set (JSON)", shl_cli_canonical },
  { "diagnose", "per-neuron diagnosis: status, kink, jump, imbalance, duplicates", shl_cli_diagnose },
  { "landscape", "the loss on a 2-D slice through a network (CSV grid)", shl_cli_landscape },
  { "path", "the loss between two networks, in parameters and realizations", shl_cli_path },
};

static void
print_usage (FILE *out)
{
  fputs ("Usage: shallows-cli COMMAND [OPTIONS]\n"
         "\n"
         "Headless Shallows: shallow ReLU networks, their training and exact geometry.\n"
         "\n"
         "Commands:\n", out);
  for (guint k = 0; k < G_N_ELEMENTS (commands); k++)
    fprintf (out, "  %-10s %s\n", commands[k].name, commands[k].summary);
  fputs ("\n'shallows-cli COMMAND --help' describes each command.\n", out);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* a write error on stdout is exit status 1, whatever the path out */
  shl_cli_guard_stdout ();
  /* the core's argument checks go through GLib's log like everyone's */
  shl_check_use_glib_log ();
  if (argc < 2)
    {
      print_usage (stderr);
      return SHL_CLI_EXIT_USAGE;
    }
  const char *name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h")
      || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return shl_cli_finish_stdout (NULL, SHL_CLI_EXIT_OK);
    }
  if (g_str_equal (name, "--version"))
    {
      printf ("shallows-cli %s\n", SHL_VERSION);
      return shl_cli_finish_stdout (NULL, SHL_CLI_EXIT_OK);
    }
  for (guint k = 0; k < G_N_ELEMENTS (commands); k++)
    if (g_str_equal (name, commands[k].name))
      {
        /* subcommands see argv[0] = "shallows-cli NAME", so that --help
         * reads well */
        g_autofree char *prog = g_strdup_printf ("shallows-cli %s", name);
        g_set_prgname (prog);
        argv[1] = prog;
        return shl_cli_finish_stdout (name, commands[k].run (argc - 1, argv + 1));
      }
  return shl_cli_fail (NULL, SHL_CLI_EXIT_USAGE,
                       "unknown command \"%s\" (try 'shallows-cli --help')", name);
}
