/* shl-settings.h: the application's preferences (GSettings, schema
 * io.github.shallows.Shallows in data/).
 *
 * An installed Shallows finds its schema where GLib looks for schemas. A
 * build that runs from its build tree (./scripts/run, the tests) uses the
 * schema compiled into BUILD/data by meson instead, so nothing has to be
 * installed. Without a schema at all the preferences simply are not
 * saved. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A new GSettings on the default backend, or NULL when the schema cannot
 * be found (a message says so once). */
GSettings *shl_settings_new (void);

G_END_DECLS
