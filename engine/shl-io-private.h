/* shl-io-private.h: helpers the engine's file formats share (network and
 * data files, sessions). Not for use outside engine/. */
#pragma once

#include <json-glib/json-glib.h>

#include "shl-io.h"
#include "shl-json.h"

G_BEGIN_DECLS

/* ---------------------------------------------------- files and text
 * (shl-io.c) */

/* the whole file (NUL-terminated), with SHL_ERROR_IO errors naming path */
char        *shl_io_read_file          (const char *path, gsize *len_out,
                                        GError **error);
/* a number as the project writes it (shl-number.h); force_float: integral
 * values as "1.0" */
void         shl_io_append_double      (GString *s, double x,
                                        gboolean force_float);
/* the same as a new string; g_free it */
char        *shl_io_format_double      (double x);
/* a short, printable, quoted excerpt of user text for messages */
char        *shl_io_quote_text         (const char *text, gssize len);
/* NULL if [lo, hi] is a usable domain interval, else what is wrong with
 * it (g_free it): lo < hi, both finite, the width hi - lo and the centre's
 * sum lo + hi finite (no overflow), and the width at least DBL_MIN (the
 * geometry divides by it) */
char        *shl_io_domain_problem     (double lo, double hi);
/* one or many by n */
const char  *shl_io_plural             (gsize n, const char *one,
                                        const char *many);

/* -------------------------------------------------- JSON (shl-json.c) */

/* parsing: shl_json_parse_text (shl-json.h) */
/* a double with as few digits as read back exactly; -0.0 stays -0.0 */
void         shl_json_append_double    (GString *s, double x);
/* "a number", "a string", "an array", ... for messages */
const char  *shl_json_node_kind        (JsonNode *node);
/* the same, saying "a number with a decimal point" for a float where an
 * integer was wanted */
const char  *shl_json_int_kind         (JsonNode *node);
/* NULL on success, else what is wrong (g_free it) */
char        *shl_json_node_to_double   (JsonNode *node, double *out);
gboolean     shl_json_node_to_int      (JsonNode *node, gint64 *out);
/* obj's member field; else NULL and "NAME: field \"FIELD\" is missing" */
JsonNode    *shl_json_require_member   (JsonObject *obj, const char *field,
                                        const char *name, GError **error);
/* node must be an array of exactly `expected` numbers (why says where
 * that count comes from); they go to out. node NULL: "field is missing" */
gboolean     shl_json_read_number_array (double *out, JsonNode *node,
                                         const char *field, guint expected,
                                         const char *why, const char *name,
                                         GError **error);

/* ----------------------------------------------- networks (shl-net-io.c) */

/* a network object (the network-file format) inside a larger document;
 * name prefixes the messages */
ShlNet      *shl_net_from_json_node    (JsonNode *root, const char *name,
                                        GError **error);
/* the same for a network inside a larger document: messages name the file
 * and the network's fields by their path ("FILE: field \"init.network.a\"
 * is missing") */
ShlNet      *shl_net_from_json_member  (JsonNode *root, const char *file,
                                        const char *path, GError **error);

G_END_DECLS
