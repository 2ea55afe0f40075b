/* shl-cancel-bridge.h: a GCancellable driving a core ShlCancel.
 *
 * GCancellable is the one cancellation mechanism for long jobs on the
 * GLib side (GTasks of landscape slices and experiments). The core's
 * workers poll a ShlCancel (shl-cancel.h); a bridge connects the two for
 * the duration of a job:
 *
 *   static void
 *   job_thread (GTask *task, gpointer src, gpointer data, GCancellable *c)
 *   {
 *     g_autoptr (ShlCancelBridge) bridge = shl_cancel_bridge_new (c);
 *     ok = shl_landscape_slice_compute_full (..., shl_cancel_bridge_flag (bridge));
 *     ...
 *   }
 *
 * Cancelling the GCancellable (from any thread, also before the bridge is
 * made) requests the flag. Freeing the bridge disconnects it, waiting for
 * a handler that is running in another thread.
 *
 * GLib. */
#pragma once

#include <gio/gio.h>

#include "shl-cancel.h"

G_BEGIN_DECLS

typedef struct ShlCancelBridge ShlCancelBridge;

/* cancellable may be NULL: the flag is then never requested */
ShlCancelBridge *shl_cancel_bridge_new  (GCancellable *cancellable);
void             shl_cancel_bridge_free (ShlCancelBridge *bridge);
/* the flag to hand to the core; valid until the bridge is freed */
const ShlCancel *shl_cancel_bridge_flag (ShlCancelBridge *bridge);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlCancelBridge, shl_cancel_bridge_free)

G_END_DECLS
