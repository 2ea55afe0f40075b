/* fuzz-session.c: the session loader (shl_session_from_json).
 *
 * Any input either loads or fails with an SHL_ERROR naming the input. A
 * loaded session saves, the saved text loads and saves to the same text,
 * and a trainer made from it takes two steps with finite parameters, or
 * reports divergence with a message.
 *
 * A session may ask for up to 10^8 samples of a built-in target (as the
 * command line may); generating them takes seconds and gigabytes, which
 * libFuzzer would report as a timeout or out-of-memory. Inputs asking for
 * more than MAX_SAMPLES are skipped before loading. */
#include <math.h>
#include <string.h>

#include "fuzz-common.h"
#include "shl-json.h"
#include "shl-session.h"

#define MAX_SAMPLES 4096

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
too_many_samples (const char *text, size_t size)
{
  JsonParser *p = shl_json_parse_text (text, (gssize) size, "fuzz", NULL);
  if (!p)
    return FALSE;
  gboolean many = FALSE;
  JsonNode *root = json_parser_get_root (p);
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *d = json_object_get_member (json_node_get_object (root), "data");
      JsonNode *n = d && JSON_NODE_HOLDS_OBJECT (d)
                    ? json_object_get_member (json_node_get_object (d), "samples") : NULL;
      many = n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64
             && json_node_get_int (n) > MAX_SAMPLES;
    }
  g_object_unref (p);
  return many;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  const char *text = (const char *) data;
  if (too_many_samples (text, size))
    return 0;
  GError *error = NULL;
  ShlSession *ss = shl_session_from_json (text, (gssize) size, "fuzz", &error);
  if (!ss)
    {
      fuzz_check_error (error, "fuzz", data, size);
      g_error_free (error);
      return 0;
    }
  FUZZ_CHECK (ss->net0 && ss->history, "incomplete session");
  char *saved = shl_session_to_json (ss);
  FUZZ_CHECK (saved != NULL, "a loaded session does not save");
  ShlSession *back = shl_session_from_json (saved, -1, "again", &error);
  FUZZ_CHECK (back != NULL, "the saved text does not load: %s", error ? error->message : "");
  char *again = shl_session_to_json (back);
  FUZZ_CHECK (again && strcmp (again, saved) == 0, "saving twice differs");

  ShlTrainer *tr = shl_session_make_trainer (back, &error);
  FUZZ_CHECK (tr != NULL, "a loaded session makes no trainer: %s", error ? error->message : "");
  for (int k = 0; k < 2 && shl_trainer_step (tr, NULL); k++)
    FUZZ_CHECK (shl_net_is_finite (shl_trainer_net (tr)), "a step without divergence left a "
                "parameter that is not finite");
  FUZZ_CHECK (shl_trainer_status (tr) == SHL_STATUS_OK || *shl_trainer_message (tr),
              "divergence without a message");
  shl_trainer_free (tr);
  g_free (again);
  g_free (saved);
  shl_session_free (back);
  shl_session_free (ss);
  return 0;
}
