/* shl-cancel-bridge.c: see shl-cancel-bridge.h. */
#include "shl-cancel-bridge.h"

struct ShlCancelBridge {
  ShlCancel     flag;
  GCancellable *cancellable;   /* a reference, or NULL */
  gulong        handler;
};

static void
on_cancelled (GCancellable *cancellable, gpointer data)
{
  ShlCancelBridge *bridge = data;
  shl_cancel_request (&bridge->flag);
}

ShlCancelBridge *
shl_cancel_bridge_new (GCancellable *cancellable)
{
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  ShlCancelBridge *bridge = g_new0 (ShlCancelBridge, 1);
  shl_cancel_init (&bridge->flag);
  if (cancellable)
    {
      bridge->cancellable = g_object_ref (cancellable);
      /* runs on_cancelled at once if already cancelled */
      bridge->handler = g_cancellable_connect (cancellable,
                                               G_CALLBACK (on_cancelled),
                                               bridge, NULL);
    }
  return bridge;
}

void
shl_cancel_bridge_free (ShlCancelBridge *bridge)
{
  if (!bridge)
    return;
  if (bridge->cancellable)
    {
      /* waits for a handler running in another thread */
      g_cancellable_disconnect (bridge->cancellable, bridge->handler);
      g_object_unref (bridge->cancellable);
    }
  g_free (bridge);
}

const ShlCancel *
shl_cancel_bridge_flag (ShlCancelBridge *bridge)
{
  g_return_val_if_fail (bridge != NULL, NULL);
  return &bridge->flag;
}
