/* shl-export.h: writing a figure to PDF, SVG or PNG, atomically.
 *
 * The same draw callback that paints the screen paints the file: PDF and
 * SVG surfaces are sized in points (1 user unit = 1 pt; text stays text
 * in PDF, curves stay vectors, heat maps are embedded images); PNG is
 * width_pt / 72 * dpi pixels wide with the cairo_t scaled so user units
 * are still points. The file is rendered to a temporary file in the
 * target's directory and renamed over the target only on success.
 *
 * PNGs carry their resolution (a pHYs chunk). PDFs are reproducible:
 * when SOURCE_DATE_EPOCH is set (seconds since 1970, as in
 * reproducible-builds.org), it is their creation and modification date,
 * and the same figure gives the same bytes. A raster export that would
 * need more memory than the limit (ShlExportOptions.max_bytes) is refused
 * with SHL_RENDER_ERROR_TOO_LARGE before anything is drawn. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define SHL_RENDER_ERROR (shl_render_error_quark ())

typedef enum {
  SHL_RENDER_ERROR_INVALID,   /* bad arguments (size, dpi, format) */
  SHL_RENDER_ERROR_IO,        /* the file could not be written */
  SHL_RENDER_ERROR_CAIRO,     /* cairo failed (message from cairo) */
  SHL_RENDER_ERROR_TOO_LARGE, /* would need more memory than allowed */
} ShlRenderError;

/* The default memory limit of an export: 512 MiB (a 600 dpi two-column
 * figure needs about 55 MB). */
#define SHL_EXPORT_MAX_BYTES_DEFAULT ((guint64) 512 << 20)

typedef enum {
  SHL_EXPORT_PDF,
  SHL_EXPORT_SVG,
  SHL_EXPORT_PNG,
} ShlExportFormat;

typedef enum {
  SHL_EXPORT_FLAGS_NONE = 0,
  /* Do not paint backgrounds: shl_plot_draw and shl_figure_draw skip them
   * (see shl_render_is_transparent); PNGs keep an alpha channel. */
  SHL_EXPORT_TRANSPARENT = 1 << 0,
} ShlExportFlags;

/* Draws a figure of width x height user units (points) onto cr. */
typedef void (*ShlDrawFunc) (cairo_t *cr, double width, double height,
                             gpointer user_data);

typedef struct {
  double         dpi;        /* PNG resolution */
  ShlExportFlags flags;
  guint64        max_bytes;  /* memory limit; 0: the default */
} ShlExportOptions;

GQuark   shl_render_error_quark    (void);

/* The memory an export of this size needs (the raster image of a PNG;
 * vector files need little), and whether that is within max_bytes (0:
 * the default). */
guint64  shl_render_export_bytes   (ShlExportFormat format, double width_pt,
                                    double height_pt, double dpi);
gboolean shl_render_export_check   (ShlExportFormat format, double width_pt,
                                    double height_pt, double dpi,
                                    guint64 max_bytes, GError **error);
gboolean shl_render_export_with    (const char *path, ShlExportFormat format,
                                    double width_pt, double height_pt,
                                    const ShlExportOptions *options,
                                    ShlDrawFunc draw, gpointer user_data,
                                    GError **error);
/* shl_render_export_with at the default memory limit. */

gboolean shl_render_export         (const char *path, ShlExportFormat format,
                                    double width_pt, double height_pt,
                                    double dpi, ShlExportFlags flags,
                                    ShlDrawFunc draw, gpointer user_data,
                                    GError **error);
/* By extension (.pdf, .svg, .png, any case). */
gboolean shl_export_format_from_path (const char *path,
                                      ShlExportFormat *format);
const char *shl_export_format_extension (ShlExportFormat format);

/* TRUE while drawing an export made with SHL_EXPORT_TRANSPARENT: custom
 * draw code should then leave the background unpainted too. */
gboolean shl_render_is_transparent (cairo_t *cr);

G_END_DECLS
