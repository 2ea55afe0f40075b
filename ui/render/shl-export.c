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

/* The output: a file descriptor; for a PNG, a pHYs chunk is slipped in
 * after the header chunk (cairo writes none). */
typedef struct {
  int fd;
  int err;          /* errno of the first failed write */
  guint64 pos;      /* bytes passed through */
  guint8 phys[21];  /* the pHYs chunk, or */
  gboolean has_phys;
  guint8 *buf;      /* writes are buffered (cairo's PDF and SVG writers */
  gsize nbuf;       /* pass a few bytes at a time) */
} Sink;

#define SINK_BUF (1 << 16)

/* signature (8) and IHDR (length, type, 13 bytes, CRC) */
#define PNG_AFTER_IHDR 33

static gboolean
sink_out (Sink *s, const unsigned char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t w = write (s->fd, data, length);
      if (w < 0)
        {
          if (errno == EINTR)
            continue;
          s->err = errno;
          return FALSE;
        }
      data += w;
      length -= (gsize) w;
    }
  return TRUE;
}

/* writes out what is buffered */
static gboolean
sink_flush (Sink *s)
{
  gboolean ok = s->err == 0 && sink_out (s, s->buf, s->nbuf);
  s->nbuf = 0;
  return ok;
}

static gboolean
sink_raw (Sink *s, const unsigned char *data, gsize length)
{
  if (s->nbuf + length > SINK_BUF && !sink_flush (s))
    return FALSE;
  if (length >= SINK_BUF)
    return sink_out (s, data, length);
  memcpy (s->buf + s->nbuf, data, length);
  s->nbuf += length;
  return TRUE;
}

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *s = closure;
  if (s->err)
    return CAIRO_STATUS_WRITE_ERROR;
  gsize n = length;
  if (s->has_phys && s->pos < PNG_AFTER_IHDR && s->pos + n >= PNG_AFTER_IHDR)
    {
      gsize head = (gsize) (PNG_AFTER_IHDR - s->pos);
      if (!sink_raw (s, data, head) || !sink_raw (s, s->phys, sizeof s->phys))
        return CAIRO_STATUS_WRITE_ERROR;
      s->pos += head;
      data += head;
      n -= head;
    }
  if (!sink_raw (s, data, n))
    return CAIRO_STATUS_WRITE_ERROR;
  s->pos += n;
  return CAIRO_STATUS_SUCCESS;
}

static guint32
crc32_of (const guint8 *p, gsize n)
{
  guint32 c = 0xffffffffu;
  for (gsize i = 0; i < n; i++)
    {
      c ^= p[i];
      for (int k = 0; k < 8; k++)
        c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
  return c ^ 0xffffffffu;
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

/* pHYs: pixels per metre in x and y, unit 1 (metre) */
static void
make_phys (guint8 *chunk /* (21) */, double dpi)
{
  guint32 ppm = (guint32) lround (dpi / 0.0254);
  put_be32 (chunk, 9);
  memcpy (chunk + 4, "pHYs", 4);
  put_be32 (chunk + 8, ppm);
  put_be32 (chunk + 12, ppm);
  chunk[16] = 1;
  put_be32 (chunk + 17, crc32_of (chunk + 4, 13));
}

/* The creation date for a reproducible PDF: SOURCE_DATE_EPOCH as ISO
 * 8601 in UTC, or NULL when it is not set (or not a number). */
static char *
source_date (void)
{
  const char *env = g_getenv ("SOURCE_DATE_EPOCH");
  if (!env || !*env)
    return NULL;
  char *end = NULL;
  errno = 0;
  gint64 t = g_ascii_strtoll (env, &end, 10);
  if (errno || !end || *end || t < 0)
    return NULL;
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (t);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

guint64
shl_render_export_bytes (ShlExportFormat format, double width_pt,
                         double height_pt, double dpi)
{
  if (format != SHL_EXPORT_PNG)
    return 1 << 20;
  double px = round (width_pt / 72.0 * dpi), py = round (height_pt / 72.0 * dpi);
  double bytes = 4.0 * MAX (px, 1.0) * MAX (py, 1.0);
  return bytes < 1.8e19 ? (guint64) bytes : G_MAXUINT64;
}

gboolean
shl_render_export_check (ShlExportFormat format, double width_pt,
                         double height_pt, double dpi, guint64 max_bytes,
                         GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (max_bytes == 0)
    max_bytes = SHL_EXPORT_MAX_BYTES_DEFAULT;
  guint64 need = shl_render_export_bytes (format, width_pt, height_pt, dpi);
  if (need > max_bytes)
    {
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_TOO_LARGE,
                   "A %g × %g pt PNG at %g dpi needs %" G_GUINT64_FORMAT
                   " MiB, more than the limit of %" G_GUINT64_FORMAT
                   " MiB: lower the resolution or the size, or raise the limit",
                   width_pt, height_pt, dpi, (need + (1 << 20) - 1) >> 20,
                   max_bytes >> 20);
      return FALSE;
    }
  return TRUE;
}

gboolean
shl_render_export (const char *path, ShlExportFormat format, double width_pt,
                   double height_pt, double dpi, ShlExportFlags flags,
                   ShlDrawFunc draw, gpointer user_data, GError **error)
{
  ShlExportOptions o = { dpi, flags, 0 };
  return shl_render_export_with (path, format, width_pt, height_pt, &o, draw,
                                 user_data, error);
}

/* Checks the size, resolution and memory; the PNG's size in pixels. */
static gboolean
check_size (ShlExportFormat format, double width_pt, double height_pt,
            const ShlExportOptions *o, int *px, int *py, GError **error)
{
  if (!(width_pt > 0.0 && height_pt > 0.0 && width_pt <= 14400.0
        && height_pt <= 14400.0))
    {
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID,
                   "Invalid figure size %g × %g pt", width_pt, height_pt);
      return FALSE;
    }
  if (format == SHL_EXPORT_PNG)
    {
      double wpx = round (width_pt / 72.0 * o->dpi);
      double hpx = round (height_pt / 72.0 * o->dpi);
      if (!(o->dpi > 0.0) || !(wpx >= 1.0 && hpx >= 1.0 && wpx <= 32767.0
                               && hpx <= 32767.0))
        {
          g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID,
                       "Invalid resolution %g dpi for %g × %g pt", o->dpi,
                       width_pt, height_pt);
          return FALSE;
        }
      *px = (int) wpx;
      *py = (int) hpx;
    }
  else if (format != SHL_EXPORT_PDF && format != SHL_EXPORT_SVG)
    {
      g_set_error (error, SHL_RENDER_ERROR, SHL_RENDER_ERROR_INVALID,
                   "Unknown export format %d", (int) format);
      return FALSE;
    }
  return shl_render_export_check (format, width_pt, height_pt, o->dpi,
                                  o->max_bytes, error);
}

static cairo_surface_t *
create_surface (ShlExportFormat format, Sink *sink, double width_pt,
                double height_pt, int px, int py, double dpi)
{
  cairo_surface_t *surface;
  switch (format)
    {
    case SHL_EXPORT_PDF:
      {
        surface = cairo_pdf_surface_create_for_stream (sink_write, sink,
                                                       width_pt, height_pt);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                        "Shallows");
        g_autofree char *date = source_date ();
        if (date)
          {
            cairo_pdf_surface_set_metadata (surface,
                                            CAIRO_PDF_METADATA_CREATE_DATE,
                                            date);
            cairo_pdf_surface_set_metadata (surface,
                                            CAIRO_PDF_METADATA_MOD_DATE, date);
          }
      }
      break;
    case SHL_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, sink,
                                                     width_pt, height_pt);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      break;
    case SHL_EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, py);
      make_phys (sink->phys, dpi);
      sink->has_phys = TRUE;
      break;
    }
  return surface;
}

gboolean
shl_render_export_with (const char *path, ShlExportFormat format,
                        double width_pt, double height_pt,
                        const ShlExportOptions *options, ShlDrawFunc draw,
                        gpointer user_data, GError **error)
{
  g_return_val_if_fail (path != NULL && draw != NULL && options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  int px = 0, py = 0;
  if (!check_size (format, width_pt, height_pt, options, &px, &py, error))
    return FALSE;

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

  Sink sink = { fd, 0, 0, { 0 }, FALSE, NULL, 0 };
  sink.buf = g_malloc (SINK_BUF);
  cairo_surface_t *surface = create_surface (format, &sink, width_pt, height_pt,
                                             px, py, options->dpi);
  cairo_status_t status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr = cairo_create (surface);
      if (options->flags & SHL_EXPORT_TRANSPARENT)
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
  sink_flush (&sink);
  g_free (sink.buf);

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
