/* shallows: the desktop application. */
#include <locale.h>

#include "shl-application.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_autoptr (ShlApplication) app = shl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
