/* fuzz-net-json.c: the network JSON loader (shl_net_from_json_data).
 *
 * Any input either loads or fails with an SHL_ERROR naming the input;
 * never a crash, a sanitizer report or a GLib critical. A loaded network
 * is finite on a usable domain, saves (shl_net_to_json_data never refuses
 * it) and reads back bit for bit, and saving that gives the same text. */
#include <math.h>
#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  GError *error = NULL;
  ShlNet *net = shl_net_from_json_data ((const char *) data, (gssize) size, "fuzz", &error);
  if (!net)
    {
      fuzz_check_error (error, "fuzz", data, size);
      g_error_free (error);
      return 0;
    }
  FUZZ_CHECK (error == NULL, "an error with a network");
  FUZZ_CHECK (net->d == 1 || net->d == 2, "d = %d", net->d);
  FUZZ_CHECK (shl_net_is_finite (net), "not finite");
  for (int j = 0; j < net->d; j++)
    FUZZ_CHECK (net->lo[j] < net->hi[j] && isfinite (net->hi[j] - net->lo[j]),
                "domain [%g, %g]", net->lo[j], net->hi[j]);

  char *text = shl_net_to_json_data (net);
  FUZZ_CHECK (text != NULL, "a loaded network does not save");
  ShlNet *back = shl_net_from_json_data (text, -1, "again", &error);
  FUZZ_CHECK (back != NULL, "the saved text does not load: %s", error ? error->message : "");
  FUZZ_CHECK (back->m == net->m && back->d == net->d, "shape changed");
  FUZZ_CHECK (memcmp (back->theta, net->theta, net->n_params * sizeof (double)) == 0,
              "parameters changed in a round trip");
  FUZZ_CHECK (memcmp (back->lo, net->lo, sizeof net->lo) == 0
              && memcmp (back->hi, net->hi, sizeof net->hi) == 0, "domain changed");
  char *again = shl_net_to_json_data (back);
  FUZZ_CHECK (again && strcmp (again, text) == 0, "saving twice differs");
  g_free (again);
  g_free (text);
  shl_net_free (back);
  shl_net_free (net);
  return 0;
}
