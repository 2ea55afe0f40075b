/* test-names.c: the name/label tables of the engine's enums. */
#include <glib.h>
#include <string.h>

#include "shl-landscape.h"
#include "shl-loss.h"
#include "shl-names.h"
#include "shl-net.h"
#include "shl-symmetry.h"
#include "shl-trainer.h"

static const ShlNameTable *const tables[] = {
  &shl_init_scheme_names, &shl_optimizer_names, &shl_status_names,
  &shl_loss_names, &shl_kernel_names, &shl_dirs_names,
  &shl_grid_method_names, &shl_canon_step_names,
  &shl_restricted_check_names,
};

/* every table: unique values and ids, both lookups agree, labels set */
static void
test_tables (void)
{
  for (unsigned t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      const ShlNameTable *tab = tables[t];
      g_assert_nonnull (tab->what);
      g_assert_cmpuint (tab->n, >=, 2);
      for (size_t k = 0; k < tab->n; k++)
        {
          const ShlName *e = &tab->entries[k];
          g_assert_nonnull (e->id);
          g_assert_cmpuint (strlen (e->id), >, 0);
          g_assert_nonnull (e->label);
          g_assert_cmpuint (strlen (e->label), >, 0);
          /* ids are plain: lower case, digits and '-' */
          for (const char *p = e->id; *p; p++)
            g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-');
          g_assert_true (shl_name_by_value (tab, e->value) == e);
          g_assert_true (shl_name_by_id (tab, e->id) == e);
          int v = -12345;
          g_assert_true (shl_name_lookup (tab, e->id, &v));
          g_assert_cmpint (v, ==, e->value);
          g_assert_cmpstr (shl_name_id (tab, e->value), ==, e->id);
          g_assert_cmpstr (shl_name_label (tab, e->value), ==, e->label);
          for (size_t j = 0; j < k; j++)
            {
              g_assert_cmpint (tab->entries[j].value, !=, e->value);
              g_assert_cmpstr (tab->entries[j].id, !=, e->id);
            }
        }
      int v = 99;
      g_assert_false (shl_name_lookup (tab, "no-such-name", &v));
      g_assert_false (shl_name_lookup (tab, NULL, &v));
      g_assert_cmpint (v, ==, 99);
      g_assert_cmpstr (shl_name_id (tab, 1000), ==, "unknown");
      g_assert_cmpstr (shl_name_label (tab, -1), ==, "unknown");
    }
}

/* the typed wrappers and the ids files and the command line use */
static void
test_wrappers (void)
{
  static const char *const opt_ids[] = { "gd", "sgd", "momentum", "adam" };
  for (int k = 0; k < 4; k++)
    {
      ShlOptimizer o;
      g_assert_true (shl_optimizer_from_name (opt_ids[k], &o));
      g_assert_cmpint (o, ==, k);
      g_assert_cmpstr (shl_optimizer_name (o), ==, opt_ids[k]);
    }
  ShlOptimizer o = SHL_OPT_GD;
  g_assert_false (shl_optimizer_from_name ("lbfgs", &o));
  g_assert_cmpint (o, ==, SHL_OPT_GD);
  g_assert_cmpstr (shl_optimizer_name ((ShlOptimizer) 9), ==, "unknown");

  ShlInitScheme s;
  g_assert_true (shl_init_scheme_from_name ("balanced", &s));
  g_assert_cmpint (s, ==, SHL_INIT_BALANCED);
  g_assert_cmpstr (shl_init_scheme_name (SHL_INIT_UNIFORM), ==, "uniform");
  g_assert_false (shl_init_scheme_from_name ("file", &s));

  ShlLoss l;
  g_assert_true (shl_loss_from_name ("logistic", &l));
  g_assert_cmpint (l, ==, SHL_LOSS_LOGISTIC);
  ShlKernel kern;
  g_assert_true (shl_kernel_from_name ("naive", &kern));
  g_assert_cmpint (kern, ==, SHL_KERNEL_NAIVE);
  g_assert_cmpstr (shl_kernel_name (SHL_KERNEL_BLAS), ==, "blas");
  g_assert_cmpstr (shl_status_name (SHL_STATUS_DIVERGED), ==, "diverged");
  g_assert_cmpstr (shl_canon_step_name (SHL_CANON_ORDER_PAD), ==, "order-pad");
  g_assert_cmpstr (shl_canon_step_name ((ShlCanonStep) 0), ==, "unknown");
  g_assert_cmpstr (shl_restricted_check_name (SHL_RESTRICTED_UNBALANCED), ==, "unbalanced");
  g_assert_cmpstr (shl_name_id (&shl_dirs_names, SHL_DIRS_COORDS), ==, "coords");
}

/* the labels the window shows (ui/shl-window.c) */
static void
test_ui_labels (void)
{
  g_assert_cmpstr (shl_init_scheme_label (SHL_INIT_HE), ==, "He (kinks in the domain)");
  g_assert_cmpstr (shl_init_scheme_label (SHL_INIT_BALANCED), ==, "Balanced");
  g_assert_cmpstr (shl_init_scheme_label (SHL_INIT_UNIFORM), ==, "Uniform (PyTorch)");
  g_assert_cmpstr (shl_optimizer_label (SHL_OPT_ADAM), ==, "Adam");
  g_assert_cmpstr (shl_optimizer_label (SHL_OPT_MOMENTUM), ==, "Momentum");
  g_assert_cmpstr (shl_optimizer_label (SHL_OPT_SGD), ==, "SGD (minibatches)");
  g_assert_cmpstr (shl_optimizer_label (SHL_OPT_GD), ==, "Gradient descent");
  g_assert_cmpstr (shl_loss_label (SHL_LOSS_MSE), ==, "Squared error");
  g_assert_cmpstr (shl_loss_label (SHL_LOSS_LOGISTIC), ==, "Logistic");
  g_assert_cmpstr (shl_name_label (&shl_dirs_names, SHL_DIRS_PCA), ==, "PCA of the trajectory");
}

static void
test_list (void)
{
  char buf[128];
  g_assert_cmpstr (shl_name_list (&shl_optimizer_names, buf, sizeof buf), ==,
                   "gd, sgd, momentum or adam");
  g_assert_cmpstr (shl_name_list (&shl_loss_names, buf, sizeof buf), ==, "mse or logistic");
  g_assert_cmpstr (shl_name_list (&shl_kernel_names, buf, sizeof buf), ==, "fused, blas or naive");
  g_assert_cmpstr (shl_name_list (&shl_init_scheme_names, buf, sizeof buf), ==,
                   "uniform, he or balanced");
  /* truncated, still terminated */
  char small[8];
  shl_name_list (&shl_optimizer_names, small, sizeof small);
  g_assert_cmpuint (strlen (small), ==, sizeof small - 1);
  g_assert_true (g_str_has_prefix ("gd, sgd, momentum or adam", small));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/names/tables", test_tables);
  g_test_add_func ("/names/wrappers", test_wrappers);
  g_test_add_func ("/names/ui-labels", test_ui_labels);
  g_test_add_func ("/names/list", test_list);
  return g_test_run ();
}
