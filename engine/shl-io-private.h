/* shl-io-private.h: JSON helpers shared by the engine's file formats. */
#pragma once

#include <json-glib/json-glib.h>

#include "shl-io.h"

G_BEGIN_DECLS

/* the whole file (NUL-terminated), with SHL_ERROR_IO errors naming path */
char        *shl_io_read_file          (const char *path, gsize *len_out,
                                        GError **error);
/* parse JSON text; errors name `name` (and line:column); never NULL root */
JsonParser  *shl_json_parse_text       (const char *text, gssize len,
                                        const char *name, GError **error);
/* a double with as few digits as read back exactly; -0.0 stays -0.0 */
void         shl_json_append_double    (GString *s, double x);
const char  *shl_json_node_kind        (JsonNode *node);
/* NULL on success, else what is wrong (g_free it) */
char        *shl_json_node_to_double   (JsonNode *node, double *out);
gboolean     shl_json_node_to_int      (JsonNode *node, gint64 *out);
gboolean     shl_json_read_number_array (double *out, JsonNode *node,
                                         const char *field, guint expected,
                                         const char *why, const char *name,
                                         GError **error);
/* a network object (the network-file format) inside a larger document;
 * name prefixes the messages */
ShlNet      *shl_net_from_json_node    (JsonNode *root, const char *name,
                                        GError **error);

G_END_DECLS
