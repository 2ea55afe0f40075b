/* shl-sim-undo.c: undo and redo of every change that resets or moves the
 * network, and bookmarks: named states to go back to (see shl-sim.h).
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
 * the main loop is idle again. The same setting changed again (the same
 * label; shl_sim_undo_checkpoint_setting) with nothing trained in between
 * joins the last step too: dragging a slider makes one step, and cannot
 * push a trained run off the stack. Edits (a point added, a move) are a
 * step each.
 *
 * The stacks are bounded: SHL_SIM_UNDO_DEPTH states, and at most
 * SHL_SIM_UNDO_BYTES of recorded history among them (the oldest states
 * go first; the latest is always kept).
 *
 * A bookmark is the same kind of state, named, kept as session JSON (the
 * project writes doubles so that they read back the same) and saved in
 * the session file. Going to one is a change like any other: undo comes
 * back. Bookmarks themselves are not undone: they stay while the run goes
 * back and forth. */
#include "shl-sim-private.h"

#include "shl-json.h"
#include "shl-session.h"

#define SHL_SIM_UNDO_DEPTH 64
#define SHL_SIM_UNDO_BYTES ((gsize) 512 << 20)

typedef struct {
  ShlSession *session;
  char       *label;
  gsize       bytes;
  int         slide;     /* the lesson slide of the state, -1: none */
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
push (GPtrArray *stack, ShlSession *ss, const char *label, int slide)
{
  UndoEntry *e = g_new0 (UndoEntry, 1);
  e->session = ss;
  e->label = g_strdup (label);
  e->slide = slide;
  e->bytes = session_bytes (ss);
  g_ptr_array_add (stack, e);
  trim (stack);
}

static gboolean
burst_over (gpointer data)
{
  ShlSim *self = data;
  self->undo_burst = 0;
  /* where the run stands after the change, to see whether anything was
   * trained before the next one */
  self->undo_mark_valid = TRUE;
  self->undo_mark_gen = self->generation;
  self->undo_mark_step = shl_sim_current_step (self);
  return G_SOURCE_REMOVE;
}

/* the same change as the last step's, with nothing trained since */
static gboolean
repeats_last (ShlSim *self, const char *label)
{
  if (!self->undo_mark_valid || self->undo->len == 0 || !label)
    return FALSE;
  const UndoEntry *top = g_ptr_array_index (self->undo, self->undo->len - 1);
  return g_strcmp0 (top->label, label) == 0 && self->generation == self->undo_mark_gen
         && shl_sim_current_step (self) == self->undo_mark_step;
}

static gboolean checkpoint (ShlSim *self, const char *label, gboolean join_repeat);

gboolean
shl_sim_undo_checkpoint (ShlSim *self, const char *label)
{
  return checkpoint (self, label, FALSE);
}

gboolean
shl_sim_undo_checkpoint_setting (ShlSim *self, const char *label)
{
  return checkpoint (self, label, TRUE);
}

static gboolean
checkpoint (ShlSim *self, const char *label, gboolean join_repeat)
{
  if (self->undo_block > 0 || self->undo_burst || !self->runner || !self->net0)
    return FALSE;
  /* a reset still scheduled from an earlier change: the state it makes is
   * the one to keep */
  if (self->reset_idle)
    shl_sim_reset_now (self);
  if (join_repeat && repeats_last (self, label))
    {
      g_ptr_array_set_size (self->redo, 0);
      self->undo_burst = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, burst_over, self, NULL);
      update_actions (self);
      return FALSE;
    }
  ShlSession *ss = shl_sim_to_session (self);
  g_clear_pointer (&ss->bookmarks, g_ptr_array_unref);   /* not undone */
  push (self->undo, ss, label, self->lesson_slide);
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
  self->undo_mark_valid = FALSE;
  ShlSession *here = shl_sim_to_session (self);
  g_clear_pointer (&here->bookmarks, g_ptr_array_unref);
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
  push (to, here, e->label, self->lesson_slide);
  /* a lesson's slide counter follows the state (presenter mode: undo
   * after Next goes back to the slide before) */
  gboolean slide_changed = self->lesson_slide != e->slide;
  self->lesson_slide = e->slide;
  entry_free (e);
  if (slide_changed)
    shl_sim_notify (self, PROP_LESSON_SLIDE);
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

/* ------------------------------------------------------------ bookmarks */

void
shl_sim_add_bookmark (ShlSim *self, const char *name)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (self->reset_idle)
    shl_sim_reset_now (self);
  /* the steps asked for before (Shift+Right, then Ctrl+D) are in it */
  shl_sim_sync (self);
  g_autoptr (ShlSession) ss = shl_sim_to_session (self);
  g_clear_pointer (&ss->bookmarks, g_ptr_array_unref);
  g_autofree char *text = shl_session_to_json (ss);
  if (!text)
    return;   /* (not finite: a diverged run keeps its last good state) */
  /* compact, as it reads back from a file */
  g_autoptr (JsonParser) p = shl_json_parse_text (text, -1, "bookmark", NULL);
  g_autofree char *json = p ? shl_json_to_text (json_parser_get_root (p)) : g_strdup (text);
  g_autofree char *fallback = NULL;
  if (!name || !*name)
    name = fallback = g_strdup_printf ("Step %" G_GUINT64_FORMAT,
                                       ss->state ? ss->state->steps : (guint64) 0);
  g_ptr_array_add (self->bookmarks, shl_bookmark_new (name, json));
  shl_sim_set_modified (self, TRUE);
}

guint
shl_sim_n_bookmarks (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), 0);
  return self->bookmarks->len;
}

const char *
shl_sim_get_bookmark_name (ShlSim *self, guint index)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  g_return_val_if_fail (index < self->bookmarks->len, NULL);
  return ((ShlBookmark *) g_ptr_array_index (self->bookmarks, index))->name;
}

gboolean
shl_sim_goto_bookmark (ShlSim *self, guint index, GError **error)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  if (index >= self->bookmarks->len)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "no bookmark %u (there are %u)",
                   index + 1, self->bookmarks->len);
      return FALSE;
    }
  const ShlBookmark *b = g_ptr_array_index (self->bookmarks, index);
  g_autofree char *where = g_strdup_printf ("bookmark \"%s\"", b->name);
  g_autoptr (ShlSession) ss = shl_session_from_json (b->json, -1, where, error);
  if (!ss)
    return FALSE;
  g_autofree char *label = g_strdup_printf ("go to %s", b->name);
  gboolean kept = shl_sim_undo_checkpoint (self, label);
  self->undo_block++;
  gboolean ok = shl_sim_load_session (self, ss, error);
  self->undo_block--;
  if (!ok)
    {
      if (kept)
        shl_sim_undo_forget_last (self);
      return FALSE;
    }
  shl_sim_set_modified (self, TRUE);
  return TRUE;
}

void
shl_sim_remove_bookmark (ShlSim *self, guint index)
{
  g_return_if_fail (SHL_IS_SIM (self));
  g_return_if_fail (index < self->bookmarks->len);
  g_ptr_array_remove_index (self->bookmarks, index);
  shl_sim_set_modified (self, TRUE);
}

static void
act_bookmark (GSimpleAction *a, GVariant *p, gpointer data)
{
  shl_sim_add_bookmark (data, NULL);
}

static void
act_goto_bookmark (GSimpleAction *a, GVariant *p, gpointer data)
{
  g_autoptr (GError) err = NULL;
  if (!shl_sim_goto_bookmark (data, g_variant_get_uint32 (p), &err))
    g_warning ("%s", err->message);
}

/* -------------------------------------------------------------- actions */

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
  { "bookmark", act_bookmark },
  { "goto-bookmark", act_goto_bookmark, "u" },
};

void
shl_sim_undo_init (ShlSim *self)
{
  self->undo = g_ptr_array_new_with_free_func (entry_free);
  self->redo = g_ptr_array_new_with_free_func (entry_free);
  self->bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) shl_bookmark_free);
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
  g_clear_pointer (&self->bookmarks, g_ptr_array_unref);
}
