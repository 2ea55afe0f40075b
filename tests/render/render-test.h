/* render-test.h: helpers for the render tests (header-only).
 *
 * Reference images live in tests/render/ref/NAME.png. A test image
 * matches when at most 0.5% of its pixels differ from the reference by
 * more than 48 counts in some channel. On a mismatch NAME.out.png and
 * NAME.diff.png (the reference in grey, differing pixels in red) are
 * written to $SHL_BUILD_DIR/tests/render (or the current directory).
 *
 * Regenerate the references with SHL_RENDER_REGENERATE=1 in the
 * environment, or by passing --regenerate to the test program. */
#pragma once

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shl-render.h"

#define RT_TOLERANCE      48
#define RT_MAX_BAD_FRAC   0.005

static gboolean rt_regenerate = FALSE;

/* At exit: drop pango's font map, cairo's and fontconfig's caches so
 * valgrind sees no "definitely lost" blocks (fontconfig stores offsets
 * instead of pointers in its patterns, which valgrind cannot follow). */
static inline int
rt_finish (int status)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  g_object_add_weak_pointer (G_OBJECT (map), (gpointer *) &map);
  pango_cairo_font_map_set_default (NULL);
  /* pango may still hold the map in a pending GTask (its fontconfig
   * set-up runs in a thread and returns through the main context) */
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (map && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  if (map)
    {
      g_object_remove_weak_pointer (G_OBJECT (map), (gpointer *) &map);
      g_printerr ("# pango font map still alive at exit; caches kept\n");
      return status;
    }
  cairo_debug_reset_static_data ();
  FcFini ();
  return status;
}

/* Call before g_test_init: strips --regenerate. */
static inline void
rt_parse_args (int *argc, char **argv)
{
  const char *env = g_getenv ("SHL_RENDER_REGENERATE");
  if (env && *env && strcmp (env, "0") != 0)
    rt_regenerate = TRUE;
  int k = 1;
  for (int i = 1; i < *argc; i++)
    {
      if (strcmp (argv[i], "--regenerate") == 0)
        rt_regenerate = TRUE;
      else
        argv[k++] = argv[i];
    }
  argv[k] = NULL;
  *argc = k;
}

static inline char *
rt_ref_path (const char *name)
{
  const char *data = g_getenv ("SHL_TEST_DATA");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  if (data && *data)
    return g_build_filename (data, "render", "ref", file, NULL);
  return g_build_filename (SHL_RENDER_SOURCE_DIR, "ref", file, NULL);
}

static inline char *
rt_out_dir (void)
{
  const char *build = g_getenv ("SHL_BUILD_DIR");
  char *dir = (build && *build)
                  ? g_build_filename (build, "tests", "render", NULL)
                  : g_get_current_dir ();
  g_mkdir_with_parents (dir, 0755);
  return dir;
}

/* A fresh temporary folder (g_free it; remove it with rt_remove_tree). */
static inline char *
rt_make_tmp_dir (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("shl-render-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

/* Removes dir and everything in it (read-only folders included). */
static inline void
rt_remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        {
          g_chmod (p, 0755);
          rt_remove_tree (p);
        }
      else
        g_unlink (p);
      g_free (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

/* The test style: a fixed family and unhinted text for stable pixels. */
static inline void
rt_style (ShlPlotStyle *style, ShlStylePreset preset)
{
  shl_plot_style_init (style, preset);
  shl_plot_style_set_font (style, preset == SHL_STYLE_PAPER ? "DejaVu Serif"
                                                            : "DejaVu Sans");
  style->hinting = FALSE;
}

static inline guint8
rt_chan (guint32 p, int shift)
{
  return (guint8) ((p >> shift) & 0xff);
}

/* Compares surface (ARGB32) with the reference NAME.png, or writes it in
 * regenerate mode. */
static inline void
rt_check_image (const char *name, cairo_surface_t *surface)
{
  cairo_surface_flush (surface);
  g_autofree char *ref_path = rt_ref_path (name);
  if (rt_regenerate)
    {
      g_autofree char *dir = g_path_get_dirname (ref_path);
      g_mkdir_with_parents (dir, 0755);
      g_assert_cmpint (cairo_surface_write_to_png (surface, ref_path), ==,
                       CAIRO_STATUS_SUCCESS);
      g_test_message ("regenerated %s", ref_path);
      return;
    }

  cairo_surface_t *ref = cairo_image_surface_create_from_png (ref_path);
  g_autofree char *out_dir = rt_out_dir ();
  g_autofree char *out_name = g_strconcat (name, ".out.png", NULL);
  g_autofree char *diff_name = g_strconcat (name, ".diff.png", NULL);
  g_autofree char *out_path = g_build_filename (out_dir, out_name, NULL);
  g_autofree char *diff_path = g_build_filename (out_dir, diff_name, NULL);

  if (cairo_surface_status (ref) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_write_to_png (surface, out_path);
      cairo_surface_destroy (ref);
      g_test_message ("no reference %s (regenerate with "
                      "SHL_RENDER_REGENERATE=1); output in %s",
                      ref_path, out_path);
      g_test_fail ();
      return;
    }

  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  if (w != cairo_image_surface_get_width (ref)
      || h != cairo_image_surface_get_height (ref))
    {
      cairo_surface_write_to_png (surface, out_path);
      g_test_message ("%s: size %dx%d, reference %dx%d; output in %s", name,
                      w, h, cairo_image_surface_get_width (ref),
                      cairo_image_surface_get_height (ref), out_path);
      cairo_surface_destroy (ref);
      g_test_fail ();
      return;
    }

  /* the reference may load as RGB24 when it has no alpha: force alpha */
  guint32 ref_alpha = cairo_image_surface_get_format (ref) == CAIRO_FORMAT_RGB24
                          ? 0xff000000u : 0u;
  cairo_surface_t *diff = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w,
                                                      h);
  const guint8 *a = cairo_image_surface_get_data (surface);
  const guint8 *b = cairo_image_surface_get_data (ref);
  guint8 *d = cairo_image_surface_get_data (diff);
  int sa = cairo_image_surface_get_stride (surface);
  int sb = cairo_image_surface_get_stride (ref);
  int sd = cairo_image_surface_get_stride (diff);
  gint64 bad = 0;
  int worst = 0;
  for (int y = 0; y < h; y++)
    {
      const guint32 *pa = (const guint32 *) (const void *) (a + (gsize) y * sa);
      const guint32 *pb = (const guint32 *) (const void *) (b + (gsize) y * sb);
      guint32 *pd = (guint32 *) (void *) (d + (gsize) y * sd);
      for (int x = 0; x < w; x++)
        {
          guint32 p = pa[x], q = pb[x] | ref_alpha;
          int md = 0;
          for (int s = 0; s < 32; s += 8)
            md = MAX (md, abs ((int) rt_chan (p, s) - (int) rt_chan (q, s)));
          worst = MAX (worst, md);
          if (md > RT_TOLERANCE)
            {
              bad++;
              pd[x] = 0xffff0000u;
            }
          else
            {
              guint32 g = (rt_chan (q, 16) + rt_chan (q, 8) + rt_chan (q, 0))
                          / 3;
              g = 160 + g * 95 / 255;
              pd[x] = 0xff000000u | g << 16 | g << 8 | g;
            }
        }
    }
  cairo_surface_mark_dirty (diff);
  double frac = (double) bad / ((double) w * h);
  if (frac > RT_MAX_BAD_FRAC)
    {
      cairo_surface_write_to_png (surface, out_path);
      cairo_surface_write_to_png (diff, diff_path);
      g_test_message ("%s: %.3f%% of pixels differ by more than %d (worst "
                      "%d); see %s and %s", name, 100.0 * frac, RT_TOLERANCE,
                      worst, out_path, diff_path);
      g_test_fail ();
    }
  cairo_surface_destroy (diff);
  cairo_surface_destroy (ref);
}
