/* shl-export.c: PDF/SVG/PNG export through one draw callback. */
#include "shl-export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK (shl-render-error-quark, shl_render_error)

static const cairo_user_data_key_t transparent_key;

gboolean
shl_render_is_transparent (cairo_t *cr)
{
  return cr != NULL && cairo_get_user_data (cr, &transparent_key) != NULL;
}

gboolean
shl_export_format_from_path (const char *path, ShlExportFormat *format)
{
  g_return_val_if_fail (path != NULL && format != NULL, FALSE);
  const char *dot = strrchr (path, '.');
  if (!dot || strchr (dot, G_DIR_SEPARATOR))
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = SHL_EXPORT_PDF;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = SHL_EXPORT_SVG;
  else if (g_ascii_strcasecmp (dot, ".png") == 0)
    *format = SHL_EXPORT_PNG;
  else
    return FALSE;
  return TRUE;
}

const char *
shl_export_format_extension (ShlExportFormat format)
{
  switch (format)
    {
    case SHL_EXPORT_PDF:
      return "pdf";
    case SHL_EXPORT_SVG:
      return "svg";
    case SHL_EXPORT_PNG:
      return "png";
    default:
      return NULL;
    }
}

typedef struct {
  int fd;
  int err;   /* errno of the first failed write */
} Sink;

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *s = closure;
  if (s->err)
    return CAIRO_STATUS_WRITE_ERROR;
  while (length > 0)
    {
      ssize_t w = write (s->fd, data, length);
      if (w < 0)
        {
          if (errno == EINTR)
            continue;
          s->err = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += w;
      length -= (unsigned int) w;
    }
  return CAIRO_STATUS_SUCCESS;
}

gboolean
shl_render_export (const char *path, ShlExportFormat format, double width_pt,
                   double height_pt, double dpi, ShlExportFlags flags,
                   ShlDrawFunc draw, gpointer user_data, GError **error)
{
  g_return_val_if_fail (path != NULL && draw != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(width_pt > 0.0 && height_pt > 0.0 && width_pt <= 14400.0
        && height_pt <= 14400.0))
    {
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID,
                   "Invalid figure size %g × %g pt", width_pt, height_pt);
      return FALSE;
    }
  int px = 0, py = 0;
  if (format == SHL_EXPORT_PNG)
    {
      double wpx = round (width_pt / 72.0 * dpi);
      double hpx = round (height_pt / 72.0 * dpi);
      if (!(dpi > 0.0) || !(wpx >= 1.0 && hpx >= 1.0 && wpx <= 32767.0
                            && hpx <= 32767.0))
        {
          g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID,
                       "Invalid resolution %g dpi for %g × %g pt", dpi,
                       width_pt, height_pt);
          return FALSE;
        }
      px = (int) wpx;
      py = (int) hpx;
    }
  else if (format != SHL_EXPORT_PDF && format != SHL_EXPORT_SVG)
    {
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID,
                   "Unknown export format %d", (int) format);
      return FALSE;
    }

  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl_name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, tmpl_name, NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_IO,
                   "Cannot write “%s”: %s", path, g_strerror (e));
      return FALSE;
    }

  Sink sink = { fd, 0 };
  cairo_surface_t *surface;
  switch (format)
    {
    case SHL_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, &sink,
                                                     width_pt, height_pt);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                      "Shallows");
      break;
    case SHL_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, &sink,
                                                     width_pt, height_pt);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      break;
    case SHL_EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, py);
      break;
    }

  cairo_status_t status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr = cairo_create (surface);
      if (flags & SHL_EXPORT_TRANSPARENT)
        cairo_set_user_data (cr, &transparent_key, GINT_TO_POINTER (1), NULL);
      if (format == SHL_EXPORT_PNG)
        cairo_scale (cr, px / width_pt, py / height_pt);
      draw (cr, width_pt, height_pt, user_data);
      status = cairo_status (cr);
      cairo_destroy (cr);
    }
  if (status == CAIRO_STATUS_SUCCESS && format == SHL_EXPORT_PNG)
    {
      cairo_surface_flush (surface);
      status = cairo_surface_write_to_png_stream (surface, sink_write, &sink);
    }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  gboolean ok = FALSE;
  if (sink.err)
    g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_IO,
                 "Cannot write “%s”: %s", path, g_strerror (sink.err));
  else if (status != CAIRO_STATUS_SUCCESS)
    g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_CAIRO,
                 "Cannot render “%s”: %s", path,
                 cairo_status_to_string (status));
  else if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      int e = errno;
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_IO,
                   "Cannot write “%s”: %s", path, g_strerror (e));
    }
  else
    ok = TRUE;

  if (close (fd) != 0 && ok)
    {
      int e = errno;
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_IO,
                   "Cannot write “%s”: %s", path, g_strerror (e));
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      int e = errno;
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_IO,
                   "Cannot replace “%s”: %s", path, g_strerror (e));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}
