/* shl-sim-undo.c: undo and redo of every change that resets or moves the
 * network (see shl-sim.h).
 *
 * Before such a change the sim keeps the whole state as a session
 * (shl_sim_to_session: the settings, data, network at step 0, the
 * trainer's state at a step boundary with the optimiser's moments, the
 * recorded history, the view, the twin and the timeline of moves).
 * Undoing loads that session back (shl_sim_load_session: the engine takes
 * the network and optimiser state as they were, so training continues bit
 * for bit as it would have), after keeping the state it leaves on the redo
 * stack: a trained run is never lost without a way back.
 *
 * All changes made in one dispatch of the main loop (a g_object_set of
 * several properties, a lesson slide, a preset with its moves) are one
 * step: the first change takes the checkpoint, and the rest join it until
 * the main loop is idle again.
 *
 * The stacks are bounded: SHL_SIM_UNDO_DEPTH states, and at most
 * SHL_SIM_UNDO_BYTES of recorded history among them (the oldest states
 * go first; the latest is always kept). */
#include "shl-sim-private.h"

#include "shl-session.h"

#define SHL_SIM_UNDO_DEPTH 64
#define SHL_SIM_UNDO_BYTES ((gsize) 512 << 20)

typedef struct {
  ShlSession *session;
  char       *label;
  gsize       bytes;
} UndoEntry;

static void
entry_free (gpointer data)
{
  UndoEntry *e = data;
  shl_session_free (e->session);
  g_free (e->label);
  g_free (e);
}

/* what a kept state costs, roughly: its history and networks */
static gsize
session_bytes (const ShlSession *ss)
{
  gsize n = ss->net0 ? ss->net0->n_params : 0;
  gsize b = 4 * n * sizeof (double) + sizeof *ss;
  if (ss->history)
    b += ss->history->n * (ss->history->n_params + 3) * sizeof (double);
  if (ss->points)
    b += (gsize) ss->points->n * (ss->points->d + 1) * sizeof (double);
  return b;
}

static void
trim (GPtrArray *stack)
{
  gsize total = 0;
  for (guint k = 0; k < stack->len; k++)
    total += ((UndoEntry *) g_ptr_array_index (stack, k))->bytes;
  while (stack->len > 1 && (stack->len > SHL_SIM_UNDO_DEPTH || total > SHL_SIM_UNDO_BYTES))
    {
      total -= ((UndoEntry *) g_ptr_array_index (stack, 0))->bytes;
      g_ptr_array_remove_index (stack, 0);
    }
}

static void
update_actions (ShlSim *self)
{
  if (!self->actions)
    return;
  GAction *u = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "undo");
  GAction *r = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "redo");
  if (u)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (u), self->undo->len > 0);
  if (r)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (r), self->redo->len > 0);
}

static void
push (GPtrArray *stack, ShlSession *ss, const char *label)
{
  UndoEntry *e = g_new0 (UndoEntry, 1);
  e->session = ss;
  e->label = g_strdup (label);
  e->bytes = session_bytes (ss);
  g_ptr_array_add (stack, e);
  trim (stack);
}

static gboolean
burst_over (gpointer data)
{
  ShlSim *self = data;
  self->undo_burst = 0;
  return G_SOURCE_REMOVE;
}

gboolean
shl_sim_undo_checkpoint (ShlSim *self, const char *label)
{
  if (self->undo_block > 0 || self->undo_burst || !self->runner || !self->net0)
    return FALSE;
  /* a reset still scheduled from an earlier change: the state it makes is
   * the one to keep */
  if (self->reset_idle)
    shl_sim_reset_now (self);
  push (self->undo, shl_sim_to_session (self), label);
  g_ptr_array_set_size (self->redo, 0);
  /* the rest of this dispatch joins this step; after the reset idle */
  self->undo_burst = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, burst_over, self, NULL);
  update_actions (self);
  return TRUE;
}

void
shl_sim_undo_forget_last (ShlSim *self)
{
  if (self->undo->len > 0)
    g_ptr_array_set_size (self->undo, self->undo->len - 1);
  g_clear_handle_id (&self->undo_burst, g_source_remove);
  update_actions (self);
}

/* move the top of `from` into the sim, keeping the state it leaves on
 * `to` under the same label */
static gboolean
travel (ShlSim *self, GPtrArray *from, GPtrArray *to, GError **error)
{
  if (from->len == 0)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "nothing to %s",
                   from == self->undo ? "undo" : "redo");
      return FALSE;
    }
  if (self->reset_idle)
    shl_sim_reset_now (self);
  /* an edit in progress (a drag) ends here: its state is replaced */
  shl_sim_edit_abandon (self);
  UndoEntry *e = g_ptr_array_steal_index (from, from->len - 1);
  ShlSession *here = shl_sim_to_session (self);
  gboolean modified = TRUE;
  self->undo_block++;
  gboolean ok = shl_sim_load_session (self, e->session, error);
  self->undo_block--;
  if (!ok)
    {
      /* (cannot happen for a state the sim made; keep it anyway) */
      g_ptr_array_add (from, e);
      shl_session_free (here);
      update_actions (self);
      return FALSE;
    }
  push (to, here, e->label);
  entry_free (e);
  shl_sim_set_modified (self, modified);
  update_actions (self);
  return TRUE;
}

gboolean
shl_sim_undo (ShlSim *self, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  return travel (self, self->undo, self->redo, error);
}

gboolean
shl_sim_redo (ShlSim *self, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  return travel (self, self->redo, self->undo, error);
}

const char *
shl_sim_get_undo_label (ShlSim *self, gboolean redo)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  GPtrArray *s = redo ? self->redo : self->undo;
  return s->len ? ((UndoEntry *) g_ptr_array_index (s, s->len - 1))->label : NULL;
}

static void
act_undo (GSimpleAction *a, GVariant *p, gpointer data)
{
  g_autoptr (GError) err = NULL;
  if (!shl_sim_undo (data, &err))
    g_debug ("undo: %s", err->message);
}

static void
act_redo (GSimpleAction *a, GVariant *p, gpointer data)
{
  g_autoptr (GError) err = NULL;
  if (!shl_sim_redo (data, &err))
    g_debug ("redo: %s", err->message);
}

static const GActionEntry undo_actions[] = {
  { "undo", act_undo },
  { "redo", act_redo },
};

void
shl_sim_undo_init (ShlSim *self)
{
  self->undo = g_ptr_array_new_with_free_func (entry_free);
  self->redo = g_ptr_array_new_with_free_func (entry_free);
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), undo_actions,
                                   G_N_ELEMENTS (undo_actions), self);
  update_actions (self);
}

void
shl_sim_undo_dispose (ShlSim *self)
{
  g_clear_handle_id (&self->undo_burst, g_source_remove);
}

void
shl_sim_undo_finalize (ShlSim *self)
{
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
}
