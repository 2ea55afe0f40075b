/* shl-sim-landscape.c: the sim's loss-landscape jobs (see
 * shl-sim-private.h).
 *
 * One job at a time runs as a GTask on copied inputs: while training, a
 * small grid at most five times a second; when paused, one slice at full
 * resolution per parameter state, shown coarse first (every 4th node) and
 * refined in place. A reset, a change of the view settings and disposing
 * the sim cancel the job through its GCancellable. The job never holds a
 * reference to the sim: it reaches it through a ShlSimLink, which the sim
 * clears when it is disposed, so a job that ends later changes nothing. */
#include "shl-sim-private.h"

#include "shl-cancel-bridge.h"

#include <string.h>

#define LAND_LIVE_N 31         /* grid while training */
#define LAND_LIVE_INTERVAL_US 200000

struct _ShlSimLandJob {
  ShlSimLink   *link;        /* a reference */
  GMainContext *context;     /* the sim's (for the coarse hand-over) */
  ShlNet  *center;
  ShlData *data;
  ShlLoss  loss;
  guint64  seed;
  int      n;
  double   span;
  double  *thetas;           /* (n_path, n_params) */
  ShlNet  *twin;             /* a copy, for twin directions */
  ShlSliceOptions opts;
  guint    n_path;
  guint    generation;
  guint64  step;
  guint    serial;           /* which job this is */
  gint     progress;         /* per mille, atomic */
  /* results */
  ShlDirsKind kind;
  double   explained[2];
  double   span_used;
  double  *grid;             /* (n, n) */
  double  *path;             /* (n_path, 2) */
};

static gint jobs_alive;      /* atomic */

guint
shl_sim_landscape_jobs_alive (void)
{
  return (guint) g_atomic_int_get (&jobs_alive);
}

/* ---------------------------------------------------------------- link */

static ShlSimLink *
link_ref (ShlSimLink *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

static void
link_unref (ShlSimLink *link)
{
  if (g_atomic_ref_count_dec (&link->ref_count))
    g_free (link);
}

/* ----------------------------------------------------------------- job */

static void
land_job_free (gpointer data)
{
  ShlSimLandJob *j = data;
  link_unref (j->link);
  g_main_context_unref (j->context);
  shl_net_free (j->center);
  shl_net_free (j->twin);
  shl_data_free (j->data);
  g_free (j->thetas);
  g_free (j->grid);
  g_free (j->path);
  g_free (j);
  g_atomic_int_add (&jobs_alive, -1);
}

/* worker thread */
static void
land_progress_cb (double fraction, void *data)
{
  ShlSimLandJob *j = data;
  g_atomic_int_set (&j->progress, (gint) (1000 * fraction));
}

/* the coarse first image of a full-resolution slice, handed to the UI */
typedef struct {
  ShlSimLink *link;
  guint       serial;
  double     *grid;
  int         n;
  double      span;
} Coarse;

static void
coarse_free (gpointer data)
{
  Coarse *c = data;
  link_unref (c->link);
  g_free (c->grid);
  g_free (c);
}

/* main thread */
static gboolean
apply_coarse (gpointer data)
{
  Coarse *c = data;
  ShlSim *self = c->link->sim;
  if (self && self->land_busy && self->land_serial == c->serial)
    {
      g_free (self->land_loss);
      self->land_loss = g_steal_pointer (&c->grid);
      self->land_n = c->n;
      self->land_span = c->span;
      g_clear_pointer (&self->land_path, g_free);
      self->n_land_path = 0;
      self->land_generation = self->generation;
      self->dirty = TRUE;
    }
  return G_SOURCE_REMOVE;
}

/* worker thread */
static void
land_coarse_cb (const double *grid, int n, double span, void *data)
{
  ShlSimLandJob *j = data;
  Coarse *c = g_new0 (Coarse, 1);
  c->link = link_ref (j->link);
  c->serial = j->serial;
  c->grid = g_memdup2 (grid, (gsize) n * (gsize) n * sizeof (double));
  c->n = n;
  c->span = span;
  /* an attached source runs on the sim's thread, never here */
  GSource *src = g_idle_source_new ();
  g_source_set_callback (src, apply_coarse, c, coarse_free);
  g_source_attach (src, j->context);
  g_source_unref (src);
}

/* worker thread */
static void
land_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ShlSimLandJob *j = task_data;
  g_autoptr (ShlCancelBridge) cancel = shl_cancel_bridge_new (cancellable);
  j->opts.twin = j->twin;
  j->opts.progress = land_progress_cb;
  j->opts.progress_data = j;
  if (j->n >= 41)
    j->opts.coarse = land_coarse_cb;
  ShlLandscapeSlice *sl = shl_landscape_slice_compute_full (j->center, j->data, j->loss, j->seed,
                                                            j->n, j->span, j->thetas, j->n_path,
                                                            &j->opts,
                                                            shl_cancel_bridge_flag (cancel));
  if (sl)
    {
      j->grid = g_steal_pointer (&sl->loss);
      j->path = g_steal_pointer (&sl->path);
      j->kind = sl->kind;
      j->explained[0] = sl->explained[0];
      j->explained[1] = sl->explained[1];
      j->span_used = sl->span;
      shl_landscape_slice_free (sl);
    }
  g_task_return_boolean (task, sl != NULL);
}

/* main thread: the slice becomes the one shown */
static void
take_slice (ShlSim *self, ShlSimLandJob *j)
{
  g_free (self->land_loss);
  g_free (self->land_path);
  self->land_loss = g_steal_pointer (&j->grid);
  self->land_path = g_steal_pointer (&j->path);
  self->n_land_path = j->n_path;
  self->land_n = j->n;
  self->land_span = j->span_used;
  self->land_kind = j->kind;
  self->land_explained[0] = j->explained[0];
  self->land_explained[1] = j->explained[1];
  self->land_generation = j->generation;
  self->land_full_done = j->n == self->view.landscape_n;
  self->land_step = j->step;
  self->dirty = TRUE;
}

/* main thread */
static void
land_done (GObject *source, GAsyncResult *res, gpointer data)
{
  GTask *task = G_TASK (res);
  ShlSimLandJob *j = g_task_get_task_data (task);
  ShlSim *self = j->link->sim;
  /* a cancelled task reports G_IO_ERROR_CANCELLED even if it finished */
  g_autoptr (GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (task, &error);
  if (!self)
    return;   /* disposed */
  if (self->land_job == j)
    {
      self->land_busy = FALSE;
      self->land_job = NULL;
      g_clear_object (&self->land_cancel);
    }
  if (ok)
    self->land_completed++;
  else
    self->land_cancelled++;
  if (ok && j->generation == self->generation)
    take_slice (self, j);
  shl_sim_landscape_maybe_start (self);
}

/* a new job for the latest snapshot (main thread) */
static ShlSimLandJob *
land_job_new (ShlSim *self, gboolean running)
{
  ShlSimLandJob *j = g_new0 (ShlSimLandJob, 1);
  g_atomic_int_inc (&jobs_alive);
  j->link = link_ref (self->link);
  j->context = g_main_context_ref_thread_default ();
  j->center = shl_net_copy (self->snap->net);
  j->data = shl_data_copy (self->data);
  shl_loss_from_name (self->loss_name, &j->loss);
  j->seed = self->view.landscape_seed;
  j->opts.kind = self->view.landscape_dirs;
  j->opts.orbit_neuron = MIN (self->view.orbit_neuron, MAX (self->snap->net->m - 1, 0));
  j->opts.n_threads = running ? 1 : 2;
  j->twin = self->twin && shl_net_same_shape (self->twin, self->snap->net)
            ? shl_net_copy (self->twin) : NULL;
  j->n = running ? MIN (LAND_LIVE_N, self->view.landscape_n) : self->view.landscape_n;
  j->span = self->view.landscape_span;
  j->generation = self->generation;
  j->step = self->snap->step;
  size_t np = j->center->n_params;
  guint nh = (guint) self->history->n;
  j->n_path = (guint) shl_landscape_path_count (nh);
  j->thetas = g_new (double, (size_t) MAX (j->n_path, 1) * np);
  for (guint k = 0; k < j->n_path; k++)
    {
      guint src = (guint) shl_landscape_path_index (k, nh);
      memcpy (j->thetas + k * np,
              shl_history_theta_at (self->history, src),
              np * sizeof (double));
    }
  j->serial = ++self->land_serial;
  return j;
}

void
shl_sim_landscape_maybe_start (ShlSim *self)
{
  if (self->disposed)
    return;
  if (self->land_busy || !self->snap || self->snap->generation != self->generation)
    return;
  gint64 now = g_get_monotonic_time ();
  gboolean running = self->snap->running;
  if (running && now - self->land_last < LAND_LIVE_INTERVAL_US)
    return;
  /* paused: one full-resolution slice per parameter state */
  if (!running && self->land_full_done && self->land_generation == self->generation
      && self->land_step == self->snap->step)
    return;

  ShlSimLandJob *j = land_job_new (self, running);
  self->land_busy = TRUE;
  self->land_job = j;
  self->land_last = now;
  self->land_started++;
  self->land_cancel = g_cancellable_new ();
  GTask *task = g_task_new (NULL, self->land_cancel, land_done, NULL);
  g_task_set_source_tag (task, shl_sim_landscape_maybe_start);
  g_task_set_task_data (task, j, land_job_free);
  g_task_run_in_thread (task, land_thread);
  g_object_unref (task);
}

void
shl_sim_landscape_invalidate (ShlSim *self)
{
  if (self->land_cancel)
    g_cancellable_cancel (self->land_cancel);
  self->land_full_done = FALSE;
  self->land_generation = 0;
}

double
shl_sim_landscape_progress (ShlSim *self)
{
  /* progress of full-resolution jobs only (the live ones take a moment) */
  ShlSimLandJob *j = self->land_job;
  if (!self->land_busy || !j || j->n != self->view.landscape_n)
    return 1.0;
  return g_atomic_int_get (&j->progress) / 1000.0;
}

void
shl_sim_landscape_changed (ShlSim *self)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (self->land_cancel)
    g_cancellable_cancel (self->land_cancel);
  self->land_full_done = FALSE;
  self->land_step = G_MAXUINT64;
  self->land_last = 0;
  shl_sim_set_modified (self, TRUE);
  shl_sim_landscape_maybe_start (self);
}

/* ----------------------------------------------------------- lifecycle */

void
shl_sim_landscape_init (ShlSim *self)
{
  self->link = g_new0 (ShlSimLink, 1);
  g_atomic_ref_count_init (&self->link->ref_count);
  self->link->sim = self;
}

void
shl_sim_landscape_dispose (ShlSim *self)
{
  self->disposed = TRUE;
  if (self->link)
    {
      self->link->sim = NULL;
      g_clear_pointer (&self->link, link_unref);
    }
  if (self->land_cancel)
    g_cancellable_cancel (self->land_cancel);
  g_clear_object (&self->land_cancel);
  /* the job's task owns it; it finishes on its own */
  self->land_job = NULL;
  self->land_busy = FALSE;
}

void
shl_sim_landscape_finalize (ShlSim *self)
{
  g_free (self->land_loss);
  g_free (self->land_path);
}
