/* shl-cli-video.c: `render --video F.mp4|F.webm`, the frames of a run
 * assembled by Debian's ffmpeg (an optional program: without it the
 * option is refused before any work, and --frames still writes PNGs). */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "shl-cli.h"

gboolean
shl_cli_video_check (const char *path, GError **error)
{
  const char *dot = strrchr (path, '.');
  if (!dot || (g_ascii_strcasecmp (dot, ".mp4") != 0 && g_ascii_strcasecmp (dot, ".webm") != 0))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "--video: expected a file ending in .mp4 or .webm, got \"%s\"", path);
      return FALSE;
    }
  g_autofree char *ffmpeg = g_find_program_in_path ("ffmpeg");
  if (!ffmpeg)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "--video needs ffmpeg, which is not installed (Debian: apt install "
                   "ffmpeg); --frames DIR writes the PNG frames without it");
      return FALSE;
    }
  return TRUE;
}

/* the last non-empty line of ffmpeg's messages */
static char *
last_line (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  for (int k = (int) g_strv_length (lines) - 1; k >= 0; k--)
    if (*g_strstrip (lines[k]))
      return g_strdup (lines[k]);
  return g_strdup ("no message");
}

gboolean
shl_cli_video_assemble (const char *frames_dir, const char *path, double fps, GError **error)
{
  gboolean webm = g_str_has_suffix (path, ".webm") || g_str_has_suffix (path, ".WEBM");
  /* written next to the target, then renamed over it: a failed encode
   * leaves no half file */
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, tmp_name, NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);   /* the umask's mode */
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: cannot write: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  close (fd);
  g_autofree char *rate = g_strdup_printf ("%g", fps);
  g_autofree char *pattern = g_build_filename (frames_dir, "step-*.png", NULL);
  /* the frames are named by step, zero-padded: the glob takes them in
   * order; odd sizes are padded to even ones, which both codecs need */
  const char *argv_mp4[] = { "ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-framerate", rate,
                             "-pattern_type", "glob", "-i", pattern, "-vf",
                             "pad=ceil(iw/2)*2:ceil(ih/2)*2:color=white", "-c:v", "libx264",
                             "-pix_fmt", "yuv420p", "-f", "mp4", tmp, NULL };
  const char *argv_webm[] = { "ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-framerate", rate,
                              "-pattern_type", "glob", "-i", pattern, "-vf",
                              "pad=ceil(iw/2)*2:ceil(ih/2)*2:color=white", "-c:v", "libvpx-vp9",
                              "-b:v", "0", "-crf", "32", "-pix_fmt", "yuv420p", "-f", "webm", tmp,
                              NULL };
  g_autofree char *err_text = NULL;
  int wait_status = 0;
  GError *spawn_error = NULL;
  if (!g_spawn_sync (NULL, (char **) (webm ? argv_webm : argv_mp4), NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     &err_text, &wait_status, &spawn_error))
    {
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot run ffmpeg: %s", path,
                   spawn_error->message);
      g_error_free (spawn_error);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      g_unlink (tmp);
      g_autofree char *why = last_line (err_text);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: ffmpeg failed: %s", path, why);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int e = errno;
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: cannot write: %s", path,
                   g_strerror (e));
      return FALSE;
    }
  return TRUE;
}
