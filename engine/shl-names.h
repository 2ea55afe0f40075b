/* shl-names.h: one table of names per enum.
 *
 * Every enum the user can name (on the command line, in a file, in a
 * drop-down) has one table of {value, id, label}: the id is what files and
 * the command line use ("adam"), the label what a person reads ("Adam").
 * The tables live next to their enums (shl_optimizer_names in
 * shl-trainer.h, shl_loss_names in shl-loss.h, ...); this file holds the
 * lookups they share. Entries are in the enum's order, so that messages
 * listing the choices read in that order.
 *
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  int         value;   /* the enum value */
  const char *id;      /* in files and on the command line: "adam" */
  const char *label;   /* for people: "Adam" */
} ShlName;

typedef struct {
  const char    *what;      /* what the names name: "optimizer" */
  const ShlName *entries;   /* (n) */
  size_t         n;
} ShlNameTable;

#define SHL_NAME_TABLE(what_, entries_) \
  { (what_), (entries_), sizeof (entries_) / sizeof ((entries_)[0]) }

/* The entry of a value or an id (exact, case-sensitive); NULL if none. */
const ShlName *shl_name_by_value (const ShlNameTable *table, int value);
const ShlName *shl_name_by_id    (const ShlNameTable *table, const char *id);

/* The id / label of a value, "unknown" if the value has no entry. */
const char    *shl_name_id       (const ShlNameTable *table, int value);
const char    *shl_name_label    (const ShlNameTable *table, int value);

/* The value of an id into *value; false (and *value untouched) if the id
 * is unknown or NULL. */
bool           shl_name_lookup   (const ShlNameTable *table, const char *id,
                                  int *value);

/* The ids as a list for messages, "gd, sgd, momentum or adam", into buf
 * (size bytes, truncated if too small); returns buf. */
char          *shl_name_list     (const ShlNameTable *table, char *buf,
                                  size_t size);
