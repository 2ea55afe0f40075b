/* shl-sim.c: the simulation controller (see shl-sim.h): the GObject, its
 * properties and the sim. actions. The engine thread, landscape jobs,
 * sessions and moves live in the other shl-sim-*.c files
 * (shl-sim-private.h). */
#include "shl-sim-private.h"

#include <math.h>

G_DEFINE_FINAL_TYPE (ShlSim, shl_sim, G_TYPE_OBJECT)

GParamSpec *shl_sim_props[N_PROPS];

void
shl_sim_notify (ShlSim *self, guint prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), shl_sim_props[prop_id]);
}

void
shl_sim_replace_string (char **field, const char *value)
{
  char *copy = g_strdup (value);
  g_free (*field);
  *field = copy;
}

/* ------------------------------------------------------------ settings */

/* What changing a writable property does after the value is stored. */
typedef enum {
  EFFECT_NONE,      /* not a setting (read-only) */
  EFFECT_RESET,     /* the problem: back to step 0 (once per batch) */
  EFFECT_OPTS,      /* the optimiser: applies from the next step */
  EFFECT_SPEED,     /* the engine's pace: not saved, not "modified" */
  EFFECT_MODIFIED,  /* the modified flag itself */
} Effect;

typedef struct {
  gsize    offset;    /* of the field in ShlSim, its type the pspec's */
  Effect   effect;
  /* a string value the setting accepts (NULL: any in the pspec's range) */
  gboolean (*accept)  (const char *value);
  /* after a changed value is stored, before the effect */
  void     (*changed) (ShlSim *self);
} Setting;

static gboolean
accept_target (const char *name)
{
  return shl_target_lookup (name) != NULL;
}

static gboolean
accept_init (const char *name)
{
  ShlInitScheme s;
  return shl_init_scheme_from_name (name, &s);
}

static gboolean
accept_loss (const char *name)
{
  ShlLoss l;
  return shl_loss_from_name (name, &l);
}

static gboolean
accept_optimizer (const char *name)
{
  ShlOptimizer o;
  return shl_optimizer_from_name (name, &o);
}

/* another dimension: a target of that dimension (and its loss) */
static void
dim_changed (ShlSim *self)
{
  const ShlTargetInfo *info = shl_target_lookup (self->target_name);
  if (info && info->d == self->dim)
    return;
  shl_sim_replace_string (&self->target_name, shl_sim_default_target (self->dim));
  shl_sim_replace_string (&self->loss_name, "mse");
  shl_sim_notify (self, PROP_TARGET);
  shl_sim_notify (self, PROP_LOSS);
}

/* a built-in target: its dimension and loss; imported data are dropped */
static void
target_changed (ShlSim *self)
{
  const ShlTargetInfo *info = shl_target_lookup (self->target_name);
  g_clear_pointer (&self->imported, shl_data_free);
  if (info->d != self->dim)
    {
      self->dim = info->d;
      shl_sim_notify (self, PROP_DIM);
    }
  const char *loss = info->classification ? "logistic" : "mse";
  if (g_strcmp0 (loss, self->loss_name) != 0)
    {
      shl_sim_replace_string (&self->loss_name, loss);
      shl_sim_notify (self, PROP_LOSS);
    }
}

/* a new initialisation: a network from a file no longer applies */
static void
forget_loaded (ShlSim *self)
{
  shl_sim_take_loaded (self, NULL, FALSE);
}

#define FIELD(f) G_STRUCT_OFFSET (ShlSim, f)

static const Setting settings[N_PROPS] = {
  [PROP_DIM]          = { FIELD (dim), EFFECT_RESET, NULL, dim_changed },
  [PROP_TARGET]       = { FIELD (target_name), EFFECT_RESET, accept_target, target_changed },
  [PROP_SAMPLES]      = { FIELD (samples), EFFECT_RESET, NULL, NULL },
  [PROP_NOISE]        = { FIELD (noise), EFFECT_RESET, NULL, NULL },
  [PROP_DATA_SEED]    = { FIELD (data_seed), EFFECT_RESET, NULL, NULL },
  [PROP_WIDTH]        = { FIELD (width), EFFECT_RESET, NULL, NULL },
  [PROP_INIT]         = { FIELD (init_name), EFFECT_RESET, accept_init, forget_loaded },
  [PROP_INIT_SEED]    = { FIELD (init_seed), EFFECT_RESET, NULL, forget_loaded },
  [PROP_LOSS]         = { FIELD (loss_name), EFFECT_RESET, accept_loss, NULL },
  [PROP_OPTIMIZER]    = { FIELD (optimizer_name), EFFECT_OPTS, accept_optimizer, NULL },
  [PROP_LR]           = { FIELD (lr), EFFECT_OPTS, NULL, NULL },
  [PROP_MOMENTUM]     = { FIELD (momentum), EFFECT_OPTS, NULL, NULL },
  [PROP_BATCH]        = { FIELD (batch), EFFECT_OPTS, NULL, NULL },
  [PROP_WEIGHT_DECAY] = { FIELD (weight_decay), EFFECT_OPTS, NULL, NULL },
  [PROP_RESTRICTED]   = { FIELD (restricted), EFFECT_OPTS, NULL, NULL },
  [PROP_SPEED]        = { FIELD (speed), EFFECT_SPEED, NULL, NULL },
  [PROP_MODIFIED]     = { FIELD (modified), EFFECT_MODIFIED, NULL, NULL },
};

#undef FIELD

/* Store value in the field if it differs; TRUE if it changed. */
static gboolean
store_value (gpointer field, const GValue *value)
{
#define STORE(type, get)                   \
  G_STMT_START {                           \
    type *p = field, v = get (value);      \
    if (*p == v)                           \
      return FALSE;                        \
    *p = v;                                \
    return TRUE;                           \
  } G_STMT_END

  switch (G_VALUE_TYPE (value))
    {
    case G_TYPE_INT: STORE (int, g_value_get_int);
    case G_TYPE_UINT: STORE (guint, g_value_get_uint);
    case G_TYPE_UINT64: STORE (guint64, g_value_get_uint64);
    case G_TYPE_DOUBLE: STORE (double, g_value_get_double);
    case G_TYPE_BOOLEAN: STORE (gboolean, g_value_get_boolean);
    case G_TYPE_STRING:
      {
        char **p = field;
        if (g_strcmp0 (*p, g_value_get_string (value)) == 0)
          return FALSE;
        shl_sim_replace_string (p, g_value_get_string (value));
        return TRUE;
      }
    default:
      g_return_val_if_reached (FALSE);
    }
#undef STORE
}

/* Whether value differs from what the property shows now (a target
 * while the data are imported or a preset's always differs). */
static gboolean
value_differs (ShlSim *self, guint id, gconstpointer field, const GValue *value)
{
  if (id == PROP_TARGET && self->imported)
    return TRUE;
  switch (G_VALUE_TYPE (value))
    {
    case G_TYPE_INT: return *(const int *) field != g_value_get_int (value);
    case G_TYPE_UINT: return *(const guint *) field != g_value_get_uint (value);
    case G_TYPE_UINT64: return *(const guint64 *) field != g_value_get_uint64 (value);
    case G_TYPE_DOUBLE: return *(const double *) field != g_value_get_double (value);
    case G_TYPE_BOOLEAN: return *(const gboolean *) field != g_value_get_boolean (value);
    case G_TYPE_STRING: return g_strcmp0 (*(char *const *) field, g_value_get_string (value)) != 0;
    default: return TRUE;
    }
}

static void
load_value (GValue *value, gconstpointer field)
{
  switch (G_VALUE_TYPE (value))
    {
    case G_TYPE_INT: g_value_set_int (value, *(const int *) field); break;
    case G_TYPE_UINT: g_value_set_uint (value, *(const guint *) field); break;
    case G_TYPE_UINT64: g_value_set_uint64 (value, *(const guint64 *) field); break;
    case G_TYPE_DOUBLE: g_value_set_double (value, *(const double *) field); break;
    case G_TYPE_BOOLEAN: g_value_set_boolean (value, *(const gboolean *) field); break;
    case G_TYPE_STRING: g_value_set_string (value, *(char *const *) field); break;
    default: g_return_if_reached ();
    }
}

static void
shl_sim_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  ShlSim *self = SHL_SIM (object);
  const Setting *s = id < N_PROPS ? &settings[id] : NULL;
  if (!s || s->effect == EFFECT_NONE)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
      return;
    }
  if (s->accept && !s->accept (g_value_get_string (value)))
    return;
  /* a preset is a mode: a new problem setting leaves it first, so the
   * setting applies to the problem from before the preset */
  gboolean in_preset = shl_sim_get_preset (self, NULL) != NULL;
  gboolean differs = value_differs (self, id, G_STRUCT_MEMBER_P (self, s->offset), value);
  if (differs && (s->effect == EFFECT_RESET || s->effect == EFFECT_OPTS))
    {
      g_autofree char *label = g_strdup_printf ("change %s", g_param_spec_get_name (pspec));
      shl_sim_undo_checkpoint_setting (self, label);
    }
  if (in_preset && s->effect == EFFECT_RESET && id != PROP_DATA_SEED && differs)
    shl_sim_preset_before_change (self, id);
  if (!store_value (G_STRUCT_MEMBER_P (self, s->offset), value))
    return;
  if (in_preset && id == PROP_DATA_SEED)
    {
      /* the preset's data come from the seed: the same preset, new data */
      double param;
      g_autofree char *preset = g_strdup (shl_sim_get_preset (self, &param));
      shl_sim_apply_pathology (self, preset, param, NULL);
      g_object_notify_by_pspec (object, pspec);
      return;
    }
  if (s->changed)
    s->changed (self);
  switch (s->effect)
    {
    case EFFECT_RESET:
      shl_sim_schedule_reset (self);
      break;
    case EFFECT_OPTS:
      shl_sim_apply_opts (self);
      break;
    case EFFECT_SPEED:
      if (self->runner)
        shl_runner_set_speed (self->runner, self->speed);
      break;
    case EFFECT_MODIFIED:
    case EFFECT_NONE:
    default:
      break;
    }
  /* explicit notification: only when something changed */
  g_object_notify_by_pspec (object, pspec);
  if (s->effect == EFFECT_RESET || s->effect == EFFECT_OPTS)
    shl_sim_set_modified (self, TRUE);
}

/* the read-only properties: the latest snapshot */
static void
get_snapshot_property (ShlSim *self, guint id, GValue *value)
{
  const ShlSnapshot *s = self->snap;
  switch (id)
    {
    case PROP_RUNNING: g_value_set_boolean (value, s && s->running); break;
    case PROP_STEP: g_value_set_uint64 (value, s ? s->step : 0); break;
    case PROP_LOSS_VALUE: g_value_set_double (value, s ? s->loss : NAN); break;
    case PROP_STEPS_PER_SECOND:
      g_value_set_double (value, s ? s->steps_per_second : 0.0);
      break;
    case PROP_STATUS_TEXT:
      if (!s)
        g_value_set_string (value, "starting");
      else if (s->status == SHL_STATUS_DIVERGED)
        g_value_set_string (value, s->message);
      else
        g_value_set_string (value, s->running ? "running" : "paused");
      break;
    case PROP_DIVERGED:
      g_value_set_boolean (value, s && s->status == SHL_STATUS_DIVERGED);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
shl_sim_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  ShlSim *self = SHL_SIM (object);
  if (id == PROP_TARGET && self->imported)
    g_value_set_string (value, "data");
  else if (id == PROP_PRESET)
    g_value_set_string (value, shl_sim_get_preset (self, NULL));
  else if (id == PROP_LESSON_SLIDE)
    g_value_set_int (value, self->lesson_slide);
  else if (id < N_PROPS && settings[id].effect != EFFECT_NONE)
    load_value (value, G_STRUCT_MEMBER_P (self, settings[id].offset));
  else if (id >= PROP_RUNNING && id < N_PROPS)
    get_snapshot_property (self, id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
}

/* ------------------------------------------------------------- actions */

static void
act_running (GSimpleAction *a, GVariant *value, gpointer data)
{
  ShlSim *self = data;
  if (!self->runner)
    return;
  if (g_variant_get_boolean (value))
    {
      self->scrub = -1;
      shl_runner_run (self->runner);
    }
  else
    shl_runner_pause (self->runner);
  g_simple_action_set_state (a, value);
}

static void
act_step (GSimpleAction *a, GVariant *p, gpointer data)
{
  ShlSim *self = data;
  if (self->runner)
    shl_runner_step (self->runner, 1);
}

static void
act_step_many (GSimpleAction *a, GVariant *p, gpointer data)
{
  ShlSim *self = data;
  if (self->runner)
    shl_runner_step (self->runner, 100);
}

static void
act_reset (GSimpleAction *a, GVariant *p, gpointer data)
{
  shl_sim_undo_checkpoint (data, "reset");
  shl_sim_reset_now (data);
}

static const GActionEntry sim_actions[] = {
  { "running", NULL, NULL, "false", act_running },
  { "step", act_step },
  { "step-many", act_step_many },
  { "reset", act_reset },
};

/* ----------------------------------------------------------- GObject */

static void
shl_sim_dispose (GObject *object)
{
  ShlSim *self = SHL_SIM (object);
  shl_sim_undo_dispose (self);
  shl_sim_landscape_dispose (self);
  shl_sim_runner_dispose (self);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (shl_sim_parent_class)->dispose (object);
}

static void
shl_sim_finalize (GObject *object)
{
  ShlSim *self = SHL_SIM (object);
  g_free (self->target_name);
  g_free (self->init_name);
  g_free (self->loss_name);
  g_free (self->optimizer_name);
  g_free (self->imported_name);
  shl_data_free (self->imported);
  shl_net_free (self->loaded);
  shl_net_free (self->twin);
  shl_sim_runner_finalize (self);
  shl_sim_landscape_finalize (self);
  shl_sim_moves_finalize (self);
  shl_sim_undo_finalize (self);
  G_OBJECT_CLASS (shl_sim_parent_class)->finalize (object);
}

static void
shl_sim_class_init (ShlSimClass *klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  oc->set_property = shl_sim_set_property;
  oc->get_property = shl_sim_get_property;
  oc->dispose = shl_sim_dispose;
  oc->finalize = shl_sim_finalize;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamSpec **p = shl_sim_props;
  p[PROP_DIM] = g_param_spec_int ("dim", NULL, NULL, 1, 2, 1, rw);
  p[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, "sine", rw);
  p[PROP_SAMPLES] = g_param_spec_uint ("samples", NULL, NULL, 2, 100000, 128, rw);
  p[PROP_NOISE] = g_param_spec_double ("noise", NULL, NULL, 0, 10, 0.05, rw);
  p[PROP_DATA_SEED] = g_param_spec_uint64 ("data-seed", NULL, NULL, 0, G_MAXUINT32, 1, rw);
  p[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 1, 4096, 12, rw);
  p[PROP_INIT] = g_param_spec_string ("init", NULL, NULL, "he", rw);
  p[PROP_INIT_SEED] = g_param_spec_uint64 ("init-seed", NULL, NULL, 0, G_MAXUINT32, 1, rw);
  p[PROP_LOSS] = g_param_spec_string ("loss", NULL, NULL, "mse", rw);
  p[PROP_OPTIMIZER] = g_param_spec_string ("optimizer", NULL, NULL, "adam", rw);
  p[PROP_LR] = g_param_spec_double ("lr", NULL, NULL, 1e-6, 10, 0.01, rw);
  p[PROP_MOMENTUM] = g_param_spec_double ("momentum", NULL, NULL, 0, 0.999, 0.9, rw);
  p[PROP_BATCH] = g_param_spec_uint ("batch", NULL, NULL, 0, 100000, 0, rw);
  p[PROP_WEIGHT_DECAY] = g_param_spec_double ("weight-decay", NULL, NULL, 0, 10, 0, rw);
  p[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, 1e9, 0, rw);
  p[PROP_RESTRICTED] = g_param_spec_boolean ("restricted", NULL, NULL, FALSE, rw);
  p[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, rw);
  p[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  p[PROP_STEP] = g_param_spec_uint64 ("step", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  p[PROP_LOSS_VALUE] = g_param_spec_double ("loss-value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  p[PROP_STEPS_PER_SECOND] = g_param_spec_double ("steps-per-second", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  p[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, ro);
  p[PROP_DIVERGED] = g_param_spec_boolean ("diverged", NULL, NULL, FALSE, ro);
  p[PROP_PRESET] = g_param_spec_string ("preset", NULL, NULL, NULL, ro);
  p[PROP_LESSON_SLIDE] = g_param_spec_int ("lesson-slide", NULL, NULL, -1, G_MAXINT, -1, ro);
  g_object_class_install_properties (oc, N_PROPS, p);
}

static void
shl_sim_init (ShlSim *self)
{
  self->dim = 1;
  self->lesson_slide = -1;
  self->target_name = g_strdup ("sine");
  self->samples = 128;
  self->noise = 0.05;
  self->data_seed = 1;
  self->width = 12;
  self->init_name = g_strdup ("he");
  self->init_seed = 1;
  self->loss_name = g_strdup ("mse");
  self->optimizer_name = g_strdup ("adam");
  self->lr = 0.01;
  self->momentum = 0.9;
  self->batch = 0;
  self->weight_decay = 0.0;
  self->speed = 0.0;
  shl_train_opts_init (&self->base_opts);
  shl_view_settings_init (&self->view);
  shl_sim_runner_init (self);
  shl_sim_landscape_init (self);
  shl_sim_moves_init (self);
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), sim_actions,
                                   G_N_ELEMENTS (sim_actions), self);
  shl_sim_undo_init (self);
  shl_sim_reset_now (self);
}

/* -------------------------------------------------------------- public */

void
shl_sim_restore_defaults (ShlSim *self)
{
  g_return_if_fail (SHL_IS_SIM (self));
  if (self->runner)
    shl_runner_pause (self->runner);
  g_object_freeze_notify (G_OBJECT (self));
  shl_sim_preset_drop (self);
  for (guint k = PROP_DIM; k <= PROP_RESTRICTED; k++)
    {
      if (settings[k].effect != EFFECT_RESET && settings[k].effect != EFFECT_OPTS)
        continue;
      /* the field itself: going through the property would leave a
       * preset or run a hook on the way */
      if (store_value (G_STRUCT_MEMBER_P (self, settings[k].offset),
                       g_param_spec_get_default_value (shl_sim_props[k])))
        shl_sim_notify (self, k);
    }
  g_clear_pointer (&self->imported, shl_data_free);
  g_clear_pointer (&self->imported_name, g_free);
  shl_sim_take_loaded (self, NULL, FALSE);
  g_clear_pointer (&self->twin, shl_net_free);
  shl_train_opts_init (&self->base_opts);
  shl_view_settings_init (&self->view);
  shl_sim_notify (self, PROP_TARGET);
  g_object_thaw_notify (G_OBJECT (self));
  shl_sim_reset_now (self);
  shl_sim_set_modified (self, TRUE);
}

ShlSim *
shl_sim_new (void)
{
  return g_object_new (SHL_TYPE_SIM, NULL);
}

GActionGroup *
shl_sim_get_actions (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

ShlViewSettings *
shl_sim_get_view_settings (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), NULL);
  return &self->view;
}

void
shl_sim_set_modified (ShlSim *self, gboolean modified)
{
  g_return_if_fail (SHL_IS_SIM (self));
  modified = !!modified;
  if (self->modified == modified)
    return;
  self->modified = modified;
  shl_sim_notify (self, PROP_MODIFIED);
}

gboolean
shl_sim_take_dirty (ShlSim *self)
{
  g_return_val_if_fail (SHL_IS_SIM (self), FALSE);
  gboolean d = self->dirty;
  self->dirty = FALSE;
  return d;
}
