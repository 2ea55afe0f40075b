/* shl-experiments-window.c: inverse-stability experiments in the
 * background: the scatter of d_fib against eps, and training with and
 * without the restricted parametrization. */
#include "shl-experiments-window.h"

#include <math.h>

#include "shl-cancel-bridge.h"
#include "shl-experiments.h"
#include "shl-plot.h"
#include "shl-stability-scatter.h"

struct _ShlExperimentsWindow {
  GtkWindow  parent_instance;
  ShlSim    *sim;

  /* scatter */
  GtkWidget *n_spin, *m_spin, *scatter_go, *scatter_cancel, *scatter_bar, *scatter_area;
  GtkWidget *scatter_note;
  ShlStabilitySample *samples;
  guint      n_samples;       /* filled */
  gint       done;            /* atomic: samples computed by the job */
  GCancellable *scatter_cancellable;   /* the running scatter job's */
  guint      total;
  gboolean   scatter_busy;
  guint      poll_id;

  /* comparison */
  GtkWidget *steps_spin, *compare_go, *compare_area, *compare_note;
  double    *loss_plain, *loss_restricted;
  int        compare_steps;
  gboolean   compare_busy;
  GCancellable *compare_cancellable;   /* the running comparison's */
};

G_DEFINE_FINAL_TYPE (ShlExperimentsWindow, shl_experiments_window, GTK_TYPE_WINDOW)

static gboolean
is_dark (GtkWidget *w)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GdkRGBA fg;
  gtk_style_context_get_color (gtk_widget_get_style_context (w), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

/* ------------------------------------------------------------- scatter */

typedef struct {
  ShlExperimentsWindow *self;
  GCancellable *cancellable;
  int      m;
  guint    first, last;   /* [first, last) */
} Half;

static gpointer
scatter_half (gpointer data)
{
  Half *h = data;
  ShlExperimentsWindow *self = h->self;
  for (guint k = h->first; k < h->last; k++)
    {
      if (g_cancellable_is_cancelled (h->cancellable))
        break;
      if (!shl_stability_sample (&self->samples[k], h->m, 1, k))
        self->samples[k].eps = NAN;
      g_atomic_int_inc (&self->done);
    }
  return NULL;
}

static void
scatter_thread (GTask *task, gpointer source, gpointer data, GCancellable *c)
{
  ShlExperimentsWindow *self = source;
  int m = GPOINTER_TO_INT (data);
  /* both cores: two halves */
  Half a = { self, c, m, 0, self->total / 2 }, b = { self, c, m, self->total / 2, self->total };
  GThread *t = g_thread_new ("shallows-scatter", scatter_half, &b);
  scatter_half (&a);
  g_thread_join (t);
  g_task_return_boolean (task, !g_cancellable_is_cancelled (c));
}

static void
scatter_done (GObject *source, GAsyncResult *res, gpointer data)
{
  ShlExperimentsWindow *self = SHL_EXPERIMENTS_WINDOW (source);
  gboolean ok = g_task_propagate_boolean (G_TASK (res), NULL);
  self->scatter_busy = FALSE;
  g_clear_object (&self->scatter_cancellable);
  self->n_samples = ok ? self->total : 0;
  if (self->poll_id)
    {
      g_source_remove (self->poll_id);
      self->poll_id = 0;
    }
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->scatter_bar), ok ? 1.0 : 0.0);
  gtk_widget_set_sensitive (self->scatter_go, TRUE);
  gtk_widget_set_sensitive (self->scatter_cancel, FALSE);
  if (ok)
    {
      /* the worst ratio d_fib / (sqrt(eps) + eps) */
      double worst = 0;
      for (guint k = 0; k < self->n_samples; k++)
        {
          const ShlStabilitySample *s = &self->samples[k];
          if (s->eps > 0 && isfinite (s->restricted))
            worst = fmax (worst, s->restricted / (sqrt (s->eps) + s->eps));
        }
      g_autofree char *t = g_strdup_printf ("%u samples: the worst d_fib / (√ε + ε) is %.2f; "
                                            "the proven constant is %.2f.", self->n_samples, worst,
                                            (2 + sqrt (2.0)) * pow (2.0, 0.25));
      gtk_label_set_text (GTK_LABEL (self->scatter_note), t);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->scatter_note), "Cancelled.");
  gtk_widget_queue_draw (self->scatter_area);
  g_object_unref (self);
}

static gboolean
scatter_poll (gpointer data)
{
  ShlExperimentsWindow *self = data;
  if (self->total)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->scatter_bar),
                                   (double) g_atomic_int_get (&self->done) / self->total);
  return G_SOURCE_CONTINUE;
}

void
shl_experiments_window_start_scatter (ShlExperimentsWindow *self)
{
  g_return_if_fail (SHL_IS_EXPERIMENTS_WINDOW (self));
  if (self->scatter_busy)
    return;
  self->total = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->n_spin));
  int m = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->m_spin));
  g_free (self->samples);
  self->samples = g_new0 (ShlStabilitySample, self->total);
  self->n_samples = 0;
  g_atomic_int_set (&self->done, 0);
  g_clear_object (&self->scatter_cancellable);
  self->scatter_cancellable = g_cancellable_new ();
  self->scatter_busy = TRUE;
  gtk_widget_set_sensitive (self->scatter_go, FALSE);
  gtk_widget_set_sensitive (self->scatter_cancel, TRUE);
  gtk_label_set_text (GTK_LABEL (self->scatter_note), "Sampling…");
  self->poll_id = g_timeout_add (100, scatter_poll, self);
  GTask *task = g_task_new (g_object_ref (self), self->scatter_cancellable, scatter_done, NULL);
  /* the result says whether it was cancelled: not an error */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, GINT_TO_POINTER (m), NULL);
  g_task_run_in_thread (task, scatter_thread);
  g_object_unref (task);
}

static void
on_scatter_go (GtkButton *b, gpointer data)
{
  shl_experiments_window_start_scatter (data);
}

static void
on_scatter_cancel (GtkButton *b, gpointer data)
{
  ShlExperimentsWindow *self = data;
  if (self->scatter_cancellable)
    g_cancellable_cancel (self->scatter_cancellable);
}

static void
draw_scatter (GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data)
{
  ShlExperimentsWindow *self = data;
  ShlPlotStyle style;
  shl_plot_style_init (&style, is_dark (GTK_WIDGET (area)) ? SHL_STYLE_SCREEN_DARK : SHL_STYLE_SCREEN_LIGHT);
  /* the same drawing as a lesson's scatter slide */
  shl_stability_scatter_draw (cr, self->samples, self->n_samples,
                              "Press Sample to draw random restricted networks and perturbations",
                              &style, &(ShlRect) { 0, 0, w, h });
}

/* ---------------------------------------------------------- comparison */

typedef struct {
  ShlNet      *net;
  ShlData     *data;
  ShlTrainOpts opts;
  int          steps;
  double      *a, *b;
} CompareJob;

static void
compare_job_free (gpointer data)
{
  CompareJob *j = data;
  shl_net_free (j->net);
  shl_data_free (j->data);
  g_free (j->a);
  g_free (j->b);
  g_free (j);
}

static void
compare_thread (GTask *task, gpointer source, gpointer data, GCancellable *c)
{
  CompareJob *j = data;
  g_autoptr (ShlCancelBridge) cancel = shl_cancel_bridge_new (c);
  g_task_return_boolean (task, shl_compare_restricted (j->a, j->b, j->net, j->data, &j->opts,
                                                       j->steps, shl_cancel_bridge_flag (cancel)));
}

static void
compare_done (GObject *source, GAsyncResult *res, gpointer data)
{
  ShlExperimentsWindow *self = SHL_EXPERIMENTS_WINDOW (source);
  CompareJob *j = g_task_get_task_data (G_TASK (res));
  self->compare_busy = FALSE;
  g_clear_object (&self->compare_cancellable);
  gtk_widget_set_sensitive (self->compare_go, TRUE);
  if (g_task_propagate_boolean (G_TASK (res), NULL))
    {
      g_free (self->loss_plain);
      g_free (self->loss_restricted);
      self->loss_plain = g_steal_pointer (&j->a);
      self->loss_restricted = g_steal_pointer (&j->b);
      self->compare_steps = j->steps;
      g_autofree char *t = g_strdup_printf ("After %d steps: plain %.3g, restricted %.3g.", j->steps,
                                            self->loss_plain[j->steps], self->loss_restricted[j->steps]);
      gtk_label_set_text (GTK_LABEL (self->compare_note), t);
    }
  gtk_widget_queue_draw (self->compare_area);
  g_object_unref (self);
}

void
shl_experiments_window_start_compare (ShlExperimentsWindow *self)
{
  g_return_if_fail (SHL_IS_EXPERIMENTS_WINDOW (self));
  if (self->compare_busy)
    return;
  ShlScene *sc = shl_sim_get_scene (self->sim);
  if (!sc->net0 || !sc->data)
    return;
  CompareJob *j = g_new0 (CompareJob, 1);
  j->net = shl_net_copy (sc->net0);
  j->data = shl_data_copy (sc->data);
  shl_sim_get_opts (self->sim, &j->opts);
  j->opts.restricted = FALSE;
  j->steps = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->steps_spin));
  j->a = g_new (double, j->steps + 1);
  j->b = g_new (double, j->steps + 1);
  self->compare_busy = TRUE;
  gtk_widget_set_sensitive (self->compare_go, FALSE);
  gtk_label_set_text (GTK_LABEL (self->compare_note), "Training both…");
  g_clear_object (&self->compare_cancellable);
  self->compare_cancellable = g_cancellable_new ();
  GTask *task = g_task_new (g_object_ref (self), self->compare_cancellable, compare_done, NULL);
  g_task_set_task_data (task, j, compare_job_free);
  g_task_run_in_thread (task, compare_thread);
  g_object_unref (task);
}

static void
on_compare_go (GtkButton *b, gpointer data)
{
  shl_experiments_window_start_compare (data);
}

static void
draw_compare (GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data)
{
  ShlExperimentsWindow *self = data;
  ShlPlotStyle style;
  shl_plot_style_init (&style, is_dark (GTK_WIDGET (area)) ? SHL_STYLE_SCREEN_DARK : SHL_STYLE_SCREEN_LIGHT);
  g_autoptr (ShlPlot) p = shl_plot_new ();
  shl_plot_set_title (p, "Training with and without the restricted parametrization");
  shl_plot_set_axis_label (p, SHL_AXIS_X, "step");
  shl_plot_set_axis_label (p, SHL_AXIS_Y, "training loss");
  shl_plot_set_axis_scale (p, SHL_AXIS_Y, SHL_SCALE_LOG10);
  shl_plot_set_legend (p, SHL_LEGEND_TOP_RIGHT);
  int n = self->compare_steps + 1;
  if (!self->loss_plain)
    {
      shl_plot_set_axis_range (p, SHL_AXIS_X, 0, 1);
      shl_plot_set_axis_range (p, SHL_AXIS_Y, 1e-3, 1);
      shl_plot_add_text (p, 0.5, 0.5, SHL_COORDS_AXES, SHL_ANCHOR_CENTER,
                         "Press Train both to train the window's problem twice from step 0");
    }
  else
    {
      double *x = g_new (double, n);
      for (int k = 0; k < n; k++)
        x[k] = k;
      ShlSeriesStyle a = shl_series_style (0);
      a.width = 1.6;
      a.label = "plain";
      shl_plot_add_line (p, x, self->loss_plain, n, &a);
      ShlSeriesStyle b = shl_series_style (1);
      b.width = 1.6;
      b.dash = SHL_DASH_DASHED;
      b.label = "restricted";
      shl_plot_add_line (p, x, self->loss_restricted, n, &b);
      g_free (x);
    }
  shl_plot_draw (p, cr, &style, &(ShlRect) { 0, 0, w, h }, NULL);
}

/* ------------------------------------------------------------- GObject */

static void
shl_experiments_window_dispose (GObject *o)
{
  ShlExperimentsWindow *self = SHL_EXPERIMENTS_WINDOW (o);
  if (self->scatter_cancellable)
    g_cancellable_cancel (self->scatter_cancellable);
  if (self->compare_cancellable)
    g_cancellable_cancel (self->compare_cancellable);
  if (self->poll_id)
    {
      g_source_remove (self->poll_id);
      self->poll_id = 0;
    }
  g_clear_object (&self->sim);
  G_OBJECT_CLASS (shl_experiments_window_parent_class)->dispose (o);
}

static void
shl_experiments_window_finalize (GObject *o)
{
  ShlExperimentsWindow *self = SHL_EXPERIMENTS_WINDOW (o);
  g_clear_object (&self->scatter_cancellable);
  g_clear_object (&self->compare_cancellable);
  g_free (self->samples);
  g_free (self->loss_plain);
  g_free (self->loss_restricted);
  G_OBJECT_CLASS (shl_experiments_window_parent_class)->finalize (o);
}

static void
shl_experiments_window_class_init (ShlExperimentsWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = shl_experiments_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = shl_experiments_window_finalize;
}

static GtkWidget *
labelled (GtkWidget *box, const char *text, GtkWidget *w)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (text);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), w);
  gtk_box_append (GTK_BOX (box), l);
  gtk_box_append (GTK_BOX (box), w);
  return w;
}

static void
shl_experiments_window_init (ShlExperimentsWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), "Inverse Stability Experiments");
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 640);
  GtkWidget *nb = gtk_notebook_new ();

  /* scatter */
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  gtk_widget_set_margin_top (page, 12);
  gtk_widget_set_margin_bottom (page, 12);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->n_spin = labelled (row, "_Samples", gtk_spin_button_new_with_range (10, 20000, 10));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->n_spin), 400);
  self->m_spin = labelled (row, "_Width", gtk_spin_button_new_with_range (1, 64, 1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->m_spin), 6);
  self->scatter_go = gtk_button_new_with_mnemonic ("Sa_mple");
  gtk_widget_add_css_class (self->scatter_go, "suggested-action");
  g_signal_connect (self->scatter_go, "clicked", G_CALLBACK (on_scatter_go), self);
  self->scatter_cancel = gtk_button_new_with_mnemonic ("_Cancel");
  gtk_widget_set_sensitive (self->scatter_cancel, FALSE);
  g_signal_connect (self->scatter_cancel, "clicked", G_CALLBACK (on_scatter_cancel), self);
  gtk_box_append (GTK_BOX (row), self->scatter_go);
  gtk_box_append (GTK_BOX (row), self->scatter_cancel);
  self->scatter_bar = gtk_progress_bar_new ();
  gtk_widget_set_hexpand (self->scatter_bar, TRUE);
  gtk_widget_set_valign (self->scatter_bar, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), self->scatter_bar);
  gtk_box_append (GTK_BOX (page), row);
  GtkWidget *expl = gtk_label_new (
    "Random 1-D networks Γ in the restricted set are perturbed to g. Their distance to the fibre "
    "of g (all restricted networks computing g) stays below the proven bound and follows √ε. "
    "The same function parametrized with unbalanced neurons (Γ′), perturbed alike, lands above.");
  gtk_label_set_wrap (GTK_LABEL (expl), TRUE);
  gtk_label_set_xalign (GTK_LABEL (expl), 0);
  gtk_widget_add_css_class (expl, "dim-label");
  gtk_box_append (GTK_BOX (page), expl);
  self->scatter_area = gtk_drawing_area_new ();
  gtk_widget_set_vexpand (self->scatter_area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->scatter_area), draw_scatter, self, NULL);
  gtk_box_append (GTK_BOX (page), self->scatter_area);
  self->scatter_note = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (self->scatter_note), 0);
  gtk_box_append (GTK_BOX (page), self->scatter_note);
  gtk_notebook_append_page (GTK_NOTEBOOK (nb), page, gtk_label_new ("Stability scatter"));

  /* comparison */
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  gtk_widget_set_margin_top (page, 12);
  gtk_widget_set_margin_bottom (page, 12);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->steps_spin = labelled (row, "_Steps", gtk_spin_button_new_with_range (10, 1000000, 100));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->steps_spin), 3000);
  self->compare_go = gtk_button_new_with_mnemonic ("_Train both");
  gtk_widget_add_css_class (self->compare_go, "suggested-action");
  g_signal_connect (self->compare_go, "clicked", G_CALLBACK (on_compare_go), self);
  gtk_box_append (GTK_BOX (row), self->compare_go);
  self->compare_note = gtk_label_new ("");
  gtk_box_append (GTK_BOX (row), self->compare_note);
  gtk_box_append (GTK_BOX (page), row);
  self->compare_area = gtk_drawing_area_new ();
  gtk_widget_set_vexpand (self->compare_area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->compare_area), draw_compare, self, NULL);
  gtk_box_append (GTK_BOX (page), self->compare_area);
  gtk_notebook_append_page (GTK_NOTEBOOK (nb), page, gtk_label_new ("Restricted vs plain"));

  gtk_window_set_child (GTK_WINDOW (self), nb);
}

ShlExperimentsWindow *
shl_experiments_window_new (GtkWindow *parent, ShlSim *sim)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SHL_IS_SIM (sim), NULL);
  ShlExperimentsWindow *self = g_object_new (SHL_TYPE_EXPERIMENTS_WINDOW, NULL);
  self->sim = g_object_ref (sim);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  return self;
}

gboolean
shl_experiments_window_is_busy (ShlExperimentsWindow *self)
{
  g_return_val_if_fail (SHL_IS_EXPERIMENTS_WINDOW (self), FALSE);
  return self->scatter_busy || self->compare_busy;
}

guint
shl_experiments_window_get_n_samples (ShlExperimentsWindow *self)
{
  g_return_val_if_fail (SHL_IS_EXPERIMENTS_WINDOW (self), 0);
  return self->n_samples;
}

const double *
shl_experiments_window_get_losses (ShlExperimentsWindow *self, gboolean restricted, int *n)
{
  g_return_val_if_fail (SHL_IS_EXPERIMENTS_WINDOW (self), NULL);
  g_return_val_if_fail (n != NULL, NULL);
  *n = self->loss_plain ? self->compare_steps + 1 : 0;
  return restricted ? self->loss_restricted : self->loss_plain;
}
