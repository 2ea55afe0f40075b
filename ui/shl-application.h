/* shl-application.h: the Shallows application. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SHL_APP_ID "io.github.shallows.Shallows"
#define SHL_TYPE_APPLICATION (shl_application_get_type ())
G_DECLARE_FINAL_TYPE (ShlApplication, shl_application, SHL, APPLICATION, GtkApplication)

ShlApplication *shl_application_new (void);

G_END_DECLS
