/* shl-names.c: see shl-names.h. */
#include "shl-names.h"

#include <stdio.h>
#include <string.h>

#include "shl-check.h"

const ShlName *
shl_name_by_value (const ShlNameTable *table, int value)
{
  SHL_RETURN_VAL_IF_FAIL (table != NULL, NULL);
  for (size_t k = 0; k < table->n; k++)
    if (table->entries[k].value == value)
      return &table->entries[k];
  return NULL;
}

const ShlName *
shl_name_by_id (const ShlNameTable *table, const char *id)
{
  SHL_RETURN_VAL_IF_FAIL (table != NULL, NULL);
  if (!id)
    return NULL;
  for (size_t k = 0; k < table->n; k++)
    if (strcmp (table->entries[k].id, id) == 0)
      return &table->entries[k];
  return NULL;
}

const char *
shl_name_id (const ShlNameTable *table, int value)
{
  const ShlName *e = shl_name_by_value (table, value);
  return e ? e->id : "unknown";
}

const char *
shl_name_label (const ShlNameTable *table, int value)
{
  const ShlName *e = shl_name_by_value (table, value);
  return e ? e->label : "unknown";
}

bool
shl_name_lookup (const ShlNameTable *table, const char *id, int *value)
{
  SHL_RETURN_VAL_IF_FAIL (value != NULL, false);
  const ShlName *e = shl_name_by_id (table, id);
  if (!e)
    return false;
  *value = e->value;
  return true;
}

char *
shl_name_list (const ShlNameTable *table, char *buf, size_t size)
{
  SHL_RETURN_VAL_IF_FAIL (table != NULL && buf != NULL && size > 0, buf);
  size_t len = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < table->n && len < size; k++)
    {
      const char *sep = k == 0 ? "" : k + 1 == table->n ? " or " : ", ";
      int w = snprintf (buf + len, size - len, "%s%s", sep,
                        table->entries[k].id);
      if (w < 0)
        break;
      len += (size_t) w;
    }
  return buf;
}
