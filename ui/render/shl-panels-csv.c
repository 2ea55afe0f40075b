/* shl-panels-csv.c: every plotted series as CSV files; each panel's file
 * writes its own (shl_panel_*_csv), this one the data and the files. */
#include "shl-panels-private.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "shl-io.h"
#include "shl-number.h"

void
shl_csv_begin (ShlCsv *csv, const char *header)
{
  g_string_assign (csv->s, header);
}

void
shl_csv_row (ShlCsv *csv, const double *v, int n)
{
  char buf[SHL_NUMBER_BUF];
  for (int k = 0; k < n; k++)
    {
      if (k)
        g_string_append_c (csv->s, ',');
      /* the project's one number writer: shortest round trip */
      g_string_append_len (csv->s, buf, (gssize) shl_number_format (buf, v[k], SHL_NUMBER_DEFAULT));
    }
  g_string_append_c (csv->s, '\n');
}

gboolean
shl_csv_write (ShlCsv *csv, const char *name, GError **error)
{
  g_autofree char *path = g_build_filename (csv->dir, name, NULL);
  if (!shl_write_file_atomic (path, csv->s->str, (gssize) csv->s->len, error))
    return FALSE;
  csv->count++;
  return TRUE;
}

/* the data: x, y in 1-D; x1, x2, y in 2-D */
static gboolean
write_data (const ShlScene *sc, ShlCsv *csv, GError **error)
{
  const ShlData *data = sc->data;
  const int d = sc->net->d;
  if (!data)
    return TRUE;
  shl_csv_begin (csv, d == 1 ? "x,y\n" : "x1,x2,y\n");
  for (size_t k = 0; k < data->n; k++)
    {
      double row[3] = { data->x[k * d], d == 2 ? data->x[k * d + 1] : data->y[k], data->y[k] };
      shl_csv_row (csv, row, d + 1);
    }
  return shl_csv_write (csv, "data.csv", error);
}

gboolean
shl_panels_export_csv (const ShlScene *sc, const char *dir, guint *n_files, GError **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (n_files)
    *n_files = 0;
  if (!sc || !sc->net)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_INVALID, "nothing to export yet");
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int e = errno;
      g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot create the folder: %s", dir, g_strerror (e));
      return FALSE;
    }
  g_autoptr (GString) s = g_string_new (NULL);
  ShlCsv csv = { dir, s, 0 };
  if (!write_data (sc, &csv, error)
      || !shl_panel_realization_csv (sc, &csv, error)
      || !shl_panel_derivative_csv (sc, &csv, error)
      || !shl_panel_landscape_csv (sc, &csv, error)
      || !shl_panel_trajectory_csv (sc, &csv, error))
    return FALSE;
  if (n_files)
    *n_files = csv.count;
  return TRUE;
}
