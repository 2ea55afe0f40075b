/* shl-runner.c: the engine thread (see shl-runner.h). */
#include "shl-runner.h"

#include <math.h>
#include <string.h>

#define PUBLISH_INTERVAL_US 16000   /* about 60 snapshots a second */
#define SLICE_US 4000               /* check the command queue this often */

typedef enum {
  CMD_RUN,
  CMD_PAUSE,
  CMD_STEP,
  CMD_RESET,
  CMD_SET_OPTS,
  CMD_SET_SPEED,
  CMD_SET_RECORD,
  CMD_SYNC,
  CMD_GET_STATE,
  CMD_QUIT,
} CmdType;

typedef struct {
  CmdType      type;
  guint64      n;
  double       speed;
  guint        generation;
  ShlNet      *net;
  ShlData     *data;
  ShlTrainOpts opts;
  ShlTrainerState *state;   /* CMD_RESET: restore it */
  guint64      at_step;     /* CMD_RESET without a state: the step count
                               to start from (a symmetry move) */
} Cmd;

/* Shared with pending main-context callbacks, which may outlive the
 * runner. */
typedef struct {
  gint            ref_count;
  gint            pending;     /* a wake-up is queued */
  ShlRunner      *runner;      /* NULL once the runner is freed */
  ShlRunnerNotify notify;
  gpointer        user_data;
} Wake;

struct ShlRunner {
  GThread      *thread;
  GAsyncQueue  *commands;      /* Cmd* */
  GAsyncQueue  *sync_replies;  /* GINT_TO_POINTER (1) */
  GAsyncQueue  *state_replies; /* ShlTrainerState* */
  GMainContext *context;
  Wake         *wake;
  guint         requested_generation;

  /* mailbox, under lock */
  GMutex        lock;
  ShlSnapshot  *latest;
  ShlHistory   *pending;       /* published, not yet taken */
  guint         pending_generation;

  /* engine-thread state */
  ShlTrainer   *trainer;
  guint         generation;
  gboolean      running;
  guint64       steps_left;    /* from CMD_STEP */
  guint64       run_until;     /* running: pause at this step (0: never) */
  double        speed;         /* steps per second, 0 = flat out */
  ShlHistory   *local;         /* points not yet published; its policy
                                  decides what is recorded */
  gint64        last_publish;
  guint64       last_publish_step;
  double        rate;          /* measured steps per second */
  gint64        speed_t0;
  guint64       speed_steps;
  guint         sync_waiters;  /* shl_runner_sync calls to answer */
};

static void
cmd_free (Cmd *c)
{
  shl_trainer_state_free (c->state);
  shl_net_free (c->net);
  shl_data_free (c->data);
  g_free (c);
}

ShlSnapshot *
shl_snapshot_ref (ShlSnapshot *snap)
{
  g_return_val_if_fail (snap != NULL, NULL);
  g_atomic_int_inc (&snap->ref_count);
  return snap;
}

void
shl_snapshot_unref (ShlSnapshot *snap)
{
  if (snap && g_atomic_int_dec_and_test (&snap->ref_count))
    {
      shl_net_free (snap->net);
      g_free (snap->message);
      g_free (snap);
    }
}

static Wake *
wake_ref (Wake *w)
{
  g_atomic_int_inc (&w->ref_count);
  return w;
}

static void
wake_unref (gpointer data)
{
  Wake *w = data;
  if (g_atomic_int_dec_and_test (&w->ref_count))
    g_free (w);
}

static gboolean
wake_dispatch (gpointer data)
{
  Wake *w = data;
  g_atomic_int_set (&w->pending, 0);
  if (w->runner && w->notify)
    w->notify (w->user_data);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------- engine thread */

static void
record (ShlRunner *r, double loss)
{
  const ShlNet *net = shl_trainer_net (r->trainer);
  if (!shl_history_append (r->local, shl_trainer_steps (r->trainer), loss,
                           net->theta))
    g_warning ("out of memory: a history point was not recorded");
}

static void
publish (ShlRunner *r)
{
  gint64 now = g_get_monotonic_time ();
  guint64 step = shl_trainer_steps (r->trainer);
  ShlSnapshot *s = g_new0 (ShlSnapshot, 1);
  s->ref_count = 1;
  s->generation = r->generation;
  s->step = step;
  s->loss = shl_trainer_loss (r->trainer);
  s->net = shl_net_copy (shl_trainer_net (r->trainer));
  s->running = r->running;
  s->status = shl_trainer_status (r->trainer);
  s->message = g_strdup (shl_trainer_message (r->trainer));
  if (r->running && now > r->speed_t0 && step >= r->speed_steps)
    {
      double dt = (double) (now - r->speed_t0) * 1e-6;
      if (dt > 0.25)
        {
          double inst = (double) (step - r->speed_steps) / dt;
          r->rate = r->rate > 0 ? 0.5 * r->rate + 0.5 * inst : inst;
          r->speed_t0 = now;
          r->speed_steps = step;
        }
    }
  else if (!r->running)
    {
      r->speed_t0 = now;
      r->speed_steps = step;
    }
  s->steps_per_second = r->running ? r->rate : 0.0;

  g_mutex_lock (&r->lock);
  if (r->latest)
    shl_snapshot_unref (r->latest);
  r->latest = s;
  if (r->pending_generation != r->generation
      || r->pending->n_params != r->local->n_params)
    {
      /* points of a superseded problem: nobody wants them */
      shl_history_reset (r->pending, r->local->n_params);
      r->pending_generation = r->generation;
    }
  if (!shl_history_move_into (r->pending, r->local))
    g_warning ("out of memory: history points were dropped");
  g_mutex_unlock (&r->lock);

  r->last_publish = now;
  r->last_publish_step = step;
  /* One coalesced wake-up. Not g_main_context_invoke_full: when the UI
   * context happens to be free it would run the callback right here, on
   * the engine thread. An attached source always runs on the context's
   * owner. */
  if (!g_atomic_int_exchange (&r->wake->pending, 1))
    {
      GSource *src = g_idle_source_new ();
      g_source_set_priority (src, G_PRIORITY_DEFAULT);
      g_source_set_callback (src, wake_dispatch, wake_ref (r->wake), wake_unref);
      g_source_set_static_name (src, "[shallows] engine wake-up");
      g_source_attach (src, r->context);
      g_source_unref (src);
    }
}

static void
install_trainer (ShlRunner *r, ShlTrainer *tr)
{
  shl_trainer_free (r->trainer);
  r->trainer = tr;
  shl_history_reset (r->local, shl_trainer_net (tr)->n_params);
  r->rate = 0.0;
  record (r, shl_trainer_loss (tr));
}

/* returns FALSE on quit */
static gboolean
handle (ShlRunner *r, Cmd *c, gboolean *changed)
{
  *changed = TRUE;
  switch (c->type)
    {
    case CMD_RUN:
      if (shl_trainer_status (r->trainer) == SHL_STATUS_OK)
        {
          r->running = TRUE;
          r->speed_t0 = g_get_monotonic_time ();
          r->speed_steps = shl_trainer_steps (r->trainer);
          /* shl_runner_run_for: n more steps, then pause */
          r->run_until = c->n ? r->speed_steps + c->n : 0;
        }
      break;
    case CMD_PAUSE:
      r->running = FALSE;
      r->steps_left = 0;
      r->run_until = 0;
      break;
    case CMD_STEP:
      r->running = FALSE;
      r->steps_left += c->n;
      r->run_until = 0;
      break;
    case CMD_RESET:
      {
        ShlTrainer *tr = shl_trainer_new (c->net, c->data, &c->opts);
        if (tr && c->state && !shl_trainer_set_state (tr, c->state))
          g_clear_pointer (&tr, shl_trainer_free);
        if (tr && !c->state && c->at_step > 0)
          shl_trainer_set_steps (tr, c->at_step);
        if (tr)
          {
            r->generation = c->generation;
            install_trainer (r, tr);
            r->running = FALSE;
            r->steps_left = 0;
            r->run_until = 0;
          }
      }
      break;
    case CMD_SET_OPTS:
      {
        /* a new trainer from the current parameters, same step count */
        const ShlNet *net = shl_trainer_net (r->trainer);
        guint64 steps = shl_trainer_steps (r->trainer);
        ShlTrainer *tr = shl_trainer_new (net, shl_trainer_data (r->trainer),
                                          &c->opts);
        if (tr)
          {
            shl_trainer_set_steps (tr, steps);
            shl_trainer_free (r->trainer);
            r->trainer = tr;
          }
      }
      break;
    case CMD_SET_SPEED:
      r->speed = c->speed;
      r->speed_t0 = g_get_monotonic_time ();
      r->speed_steps = shl_trainer_steps (r->trainer);
      break;
    case CMD_SET_RECORD:
      shl_history_set_every (r->local, (unsigned) MAX (c->n, 1));
      break;
    case CMD_GET_STATE:
      publish (r);
      g_async_queue_push (r->state_replies, shl_trainer_get_state (r->trainer));
      *changed = FALSE;
      break;
    case CMD_SYNC:
      /* answered once the steps asked for before it are done */
      r->sync_waiters++;
      break;
    case CMD_QUIT:
      return FALSE;
    }
  return TRUE;
}

/* Train for one slice of time; returns the number of steps taken. */
static guint64
train_slice (ShlRunner *r)
{
  gint64 t0 = g_get_monotonic_time (), now = t0;
  guint64 taken = 0;
  guint64 budget = G_MAXUINT64;
  if (r->running && r->speed > 0)
    {
      /* steps allowed by the wall clock since the speed was set */
      double allowed = r->speed * (double) (t0 - r->speed_t0) * 1e-6;
      guint64 done = shl_trainer_steps (r->trainer) - r->speed_steps;
      budget = allowed > (double) done ? (guint64) (allowed - (double) done) : 0;
      if (budget == 0)
        return 0;
    }
  if (!r->running)
    budget = r->steps_left;
  else if (r->run_until)
    {
      guint64 now_step = shl_trainer_steps (r->trainer);
      budget = MIN (budget, r->run_until > now_step ? r->run_until - now_step : 0);
    }
  while (taken < budget)
    {
      guint64 step = shl_trainer_steps (r->trainer);
      gboolean want = step + 1 >= shl_history_next (r->local);
      if (!shl_trainer_step (r->trainer, NULL))
        {
          /* diverged: the trainer went back to the last finite step; the
           * step it went back from (recorded with a non-finite loss) must
           * not stay in the history */
          guint64 kept = shl_trainer_steps (r->trainer);
          shl_history_truncate_after (r->local, kept);
          g_mutex_lock (&r->lock);
          if (r->pending_generation == r->generation)
            shl_history_truncate_after (r->pending, kept);
          g_mutex_unlock (&r->lock);
          r->running = FALSE;
          r->steps_left = 0;
          break;
        }
      taken++;
      if (want && shl_history_wants (r->local, shl_trainer_steps (r->trainer)))
        record (r, shl_trainer_loss (r->trainer));
      if ((taken & 7) == 0)
        {
          now = g_get_monotonic_time ();
          if (now - t0 > SLICE_US)
            break;
        }
    }
  if (!r->running)
    r->steps_left -= MIN (r->steps_left, taken);
  else if (r->run_until && shl_trainer_steps (r->trainer) >= r->run_until)
    {
      r->running = FALSE;
      r->run_until = 0;
    }
  return taken;
}

static gpointer
runner_thread (gpointer data)
{
  ShlRunner *r = data;
  publish (r);
  for (;;)
    {
      gboolean busy = r->running || r->steps_left > 0;
      Cmd *c;
      if (busy)
        c = g_async_queue_try_pop (r->commands);
      else
        c = g_async_queue_pop (r->commands);
      gboolean changed = FALSE;
      while (c)
        {
          gboolean ch;
          gboolean go_on = handle (r, c, &ch);
          changed |= ch;
          cmd_free (c);
          if (!go_on)
            return NULL;
          c = g_async_queue_try_pop (r->commands);
        }
      gboolean was_busy = r->running || r->steps_left > 0;
      guint64 taken = 0;
      if (was_busy)
        taken = train_slice (r);
      gboolean now_busy = r->running || r->steps_left > 0;
      gint64 now = g_get_monotonic_time ();
      if (r->sync_waiters > 0 && r->steps_left == 0)
        {
          publish (r);
          for (; r->sync_waiters > 0; r->sync_waiters--)
            g_async_queue_push (r->sync_replies, GINT_TO_POINTER (1));
        }
      else if (changed || (was_busy && !now_busy)
          || (taken > 0 && now - r->last_publish >= PUBLISH_INTERVAL_US))
        publish (r);
      else if (now_busy && taken == 0)
        {
          /* speed-limited: wait for the next step or a command */
          Cmd *w = g_async_queue_timeout_pop (r->commands, 2000);
          if (w)
            g_async_queue_push_front (r->commands, w);
        }
    }
}

/* ------------------------------------------------------------ UI side */

ShlRunner *
shl_runner_new (const ShlNet *net, const ShlData *data,
                const ShlTrainOpts *opts, ShlRunnerNotify notify,
                gpointer user_data)
{
  g_return_val_if_fail (net != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (opts != NULL, NULL);
  ShlTrainer *tr = shl_trainer_new (net, data, opts);
  if (!tr)
    return NULL;
  ShlRunner *r = g_new0 (ShlRunner, 1);
  r->commands = g_async_queue_new_full ((GDestroyNotify) cmd_free);
  r->sync_replies = g_async_queue_new ();
  r->state_replies = g_async_queue_new ();
  r->context = g_main_context_ref_thread_default ();
  r->wake = g_new0 (Wake, 1);
  r->wake->ref_count = 1;
  r->wake->runner = r;
  r->wake->notify = notify;
  r->wake->user_data = user_data;
  g_mutex_init (&r->lock);
  const size_t np = shl_trainer_net (tr)->n_params;
  r->pending = shl_history_new (np);
  r->local = shl_history_new (np);
  r->generation = 1;
  r->requested_generation = 1;
  r->pending_generation = 1;
  install_trainer (r, tr);
  r->thread = g_thread_new ("shallows-engine", runner_thread, r);
  return r;
}

static void
send (ShlRunner *r, Cmd *c)
{
  g_async_queue_push (r->commands, c);
}

static Cmd *
cmd_new (CmdType type)
{
  Cmd *c = g_new0 (Cmd, 1);
  c->type = type;
  return c;
}

void
shl_runner_free (ShlRunner *r)
{
  if (!r)
    return;
  send (r, cmd_new (CMD_QUIT));
  g_thread_join (r->thread);
  r->wake->runner = NULL;
  wake_unref (r->wake);
  shl_trainer_free (r->trainer);
  if (r->latest)
    shl_snapshot_unref (r->latest);
  shl_history_free (r->pending);
  shl_history_free (r->local);
  g_async_queue_unref (r->commands);
  g_async_queue_unref (r->sync_replies);
  g_async_queue_unref (r->state_replies);
  g_main_context_unref (r->context);
  g_mutex_clear (&r->lock);
  g_free (r);
}

void
shl_runner_run (ShlRunner *r)
{
  g_return_if_fail (r != NULL);
  send (r, cmd_new (CMD_RUN));
}

void
shl_runner_run_for (ShlRunner *r, guint64 n)
{
  g_return_if_fail (r != NULL);
  g_return_if_fail (n > 0);
  Cmd *c = cmd_new (CMD_RUN);
  c->n = n;
  send (r, c);
}

void
shl_runner_pause (ShlRunner *r)
{
  g_return_if_fail (r != NULL);
  send (r, cmd_new (CMD_PAUSE));
}

void
shl_runner_step (ShlRunner *r, guint64 n)
{
  g_return_if_fail (r != NULL);
  Cmd *c = cmd_new (CMD_STEP);
  c->n = n;
  send (r, c);
}

guint
shl_runner_reset (ShlRunner *r, const ShlNet *net, const ShlData *data,
                  const ShlTrainOpts *opts)
{
  g_return_val_if_fail (r != NULL, 0);
  return shl_runner_reset_with_state (r, net, data, opts, NULL);
}

ShlTrainerState *
shl_runner_get_state (ShlRunner *r)
{
  g_return_val_if_fail (r != NULL, NULL);
  send (r, cmd_new (CMD_GET_STATE));
  return g_async_queue_pop (r->state_replies);
}

guint
shl_runner_reset_with_state (ShlRunner *r, const ShlNet *net, const ShlData *data,
                             const ShlTrainOpts *opts, const ShlTrainerState *state)
{
  g_return_val_if_fail (r != NULL, 0);
  g_return_val_if_fail (net != NULL, 0);
  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (opts != NULL, 0);
  /* validate here, so that the caller hears at once */
  ShlTrainer *probe = shl_trainer_new (net, data, opts);
  if (!probe)
    return 0;
  gboolean ok = !state || shl_trainer_set_state (probe, state);
  shl_trainer_free (probe);
  if (!ok)
    return 0;
  Cmd *c = cmd_new (CMD_RESET);
  if (state)
    {
      c->state = shl_trainer_state_new (state->n_params, state->n);
      ShlTrainerState *d = c->state;
      memcpy (d->theta, state->theta, state->n_params * sizeof (double));
      memcpy (d->buf1, state->buf1, state->n_params * sizeof (double));
      memcpy (d->buf2, state->buf2, state->n_params * sizeof (double));
      memcpy (d->perm, state->perm, state->n * sizeof (int));
      memcpy (d->rng, state->rng, sizeof d->rng);
      d->steps = state->steps;
      d->opt_steps = state->opt_steps;
      d->perm_pos = state->perm_pos;
    }
  c->net = shl_net_copy (net);
  c->data = shl_data_copy (data);
  c->opts = *opts;
  /* c belongs to the engine thread once sent */
  guint gen = c->generation = ++r->requested_generation;
  send (r, c);
  return gen;
}

guint
shl_runner_reset_at_step (ShlRunner *r, const ShlNet *net, const ShlData *data,
                          const ShlTrainOpts *opts, guint64 step)
{
  g_return_val_if_fail (r != NULL, 0);
  g_return_val_if_fail (net != NULL, 0);
  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (opts != NULL, 0);
  ShlTrainer *probe = shl_trainer_new (net, data, opts);
  if (!probe)
    return 0;
  shl_trainer_free (probe);
  Cmd *c = cmd_new (CMD_RESET);
  c->net = shl_net_copy (net);
  c->data = shl_data_copy (data);
  c->opts = *opts;
  c->at_step = step;
  guint gen = c->generation = ++r->requested_generation;
  send (r, c);
  return gen;
}

void
shl_runner_set_opts (ShlRunner *r, const ShlTrainOpts *opts)
{
  g_return_if_fail (r != NULL);
  g_return_if_fail (opts != NULL);
  Cmd *c = cmd_new (CMD_SET_OPTS);
  c->opts = *opts;
  send (r, c);
}

void
shl_runner_set_speed (ShlRunner *r, double steps_per_second)
{
  g_return_if_fail (r != NULL);
  Cmd *c = cmd_new (CMD_SET_SPEED);
  c->speed = isfinite (steps_per_second) && steps_per_second > 0 ? steps_per_second : 0;
  send (r, c);
}

void
shl_runner_set_record (ShlRunner *r, guint every)
{
  g_return_if_fail (r != NULL);
  Cmd *c = cmd_new (CMD_SET_RECORD);
  c->n = every;
  send (r, c);
}

ShlSnapshot *
shl_runner_take (ShlRunner *r, ShlHistory *history)
{
  g_return_val_if_fail (r != NULL, NULL);
  g_mutex_lock (&r->lock);
  ShlSnapshot *s = g_steal_pointer (&r->latest);
  gboolean wanted = history && r->pending_generation == r->requested_generation;
  if (wanted && history->n_params != r->pending->n_params && r->pending->n > 0)
    {
      g_critical ("shl_runner_take: the history holds %" G_GSIZE_FORMAT
                  " parameters per point, the problem %" G_GSIZE_FORMAT,
                  history->n_params, r->pending->n_params);
      wanted = FALSE;
    }
  if (wanted)
    {
      if (!shl_history_move_into (history, r->pending))
        g_warning ("out of memory: history points were dropped");
    }
  shl_history_clear (r->pending);
  g_mutex_unlock (&r->lock);
  return s;
}

guint
shl_runner_generation (ShlRunner *r)
{
  g_return_val_if_fail (r != NULL, 0);
  return r->requested_generation;
}

void
shl_runner_sync (ShlRunner *r)
{
  g_return_if_fail (r != NULL);
  send (r, cmd_new (CMD_SYNC));
  g_async_queue_pop (r->sync_replies);
}
