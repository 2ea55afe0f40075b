/* shl-io.c: what every file format shares: the error domain, reading a
 * whole file, atomic writes, and the text of numbers and of messages.
 * The formats themselves: shl-net-io.c (network JSON), shl-data-io.c (data
 * CSV), shl-json.c (JSON helpers), shl-session.c (sessions).
 *
 * All writes go through shl_write_file_atomic (g_file_set_contents:
 * temporary file in the same directory, then rename). */
#include "shl-io.h"
#include "shl-io-private.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shl-check.h"
#include "shl-number.h"

#define MAX_FILE_SIZE (512u * 1024u * 1024u)

G_DEFINE_QUARK (shl-error-quark, shl_error)

static void
check_to_glib_log (const char *func, const char *expr)
{
  g_log ("Shallows-Engine", G_LOG_LEVEL_CRITICAL, "%s: assertion '%s' failed",
         func, expr);
}

void
shl_check_use_glib_log (void)
{
  shl_check_set_handler (check_to_glib_log);
}


/* A double as the project writes every number (shl-number.h). With
 * force_float, an integral-looking result gets ".0" appended. */
void
shl_io_append_double (GString *s, double x, gboolean force_float)
{
  char buf[SHL_NUMBER_BUF];
  shl_number_format (buf, x, force_float ? SHL_NUMBER_FLOAT : SHL_NUMBER_DEFAULT);
  g_string_append (s, buf);
}

/* The text shl_io_append_double would write; g_free it. */
char *
shl_io_format_double (double x)
{
  GString *s = g_string_new (NULL);
  shl_io_append_double (s, x, FALSE);
  return g_string_free (s, FALSE);
}

/* A short, printable, quoted excerpt of user text for messages. */
char *
shl_io_quote_text (const char *text, gssize len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  glong n = g_utf8_strlen (valid, -1);
  g_autofree char *cut = g_utf8_substring (valid, 0, MIN (n, 40));
  for (char *p = cut; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return g_strdup_printf ("\"%s%s\"", cut, n > 40 ? "…" : "");
}

char *
shl_io_domain_problem (double lo, double hi)
{
  g_autofree char *l = shl_io_format_double (lo);
  g_autofree char *h = shl_io_format_double (hi);
  if (!isfinite (lo) || !isfinite (hi))
    return g_strdup_printf ("lo = %s and hi = %s must be finite", l, h);
  if (!(lo < hi))
    return g_strdup_printf ("lo = %s is not less than hi = %s", l, h);
  if (!isfinite (hi - lo) || !isfinite (lo + hi))
    return g_strdup_printf ("[%s, %s] is too wide: its width or centre "
                            "overflows the double range", l, h);
  if (hi - lo < DBL_MIN)
    return g_strdup_printf ("[%s, %s] is too narrow: its width is below the "
                            "smallest normal double (%g)", l, h, DBL_MIN);
  return NULL;
}

const char *
shl_io_plural (gsize n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

char *
shl_io_read_file (const char *path, gsize *len_out, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (len_out != NULL, NULL);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot open: %s",
                   path, g_strerror (saved));
      return NULL;
    }

  g_autoptr (GByteArray) buf = g_byte_array_new ();
  guint8 chunk[16384];
  for (;;)
    {
      gssize r = read (fd, chunk, sizeof chunk);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot read: %s",
                       path, g_strerror (saved));
          return NULL;
        }
      if (r == 0)
        break;
      if (buf->len + (gsize) r > MAX_FILE_SIZE)
        {
          close (fd);
          g_set_error (error, SHL_ERROR, SHL_ERROR_IO,
                       "%s: cannot read: the file is larger than %u MiB",
                       path, MAX_FILE_SIZE / (1024u * 1024u));
          return NULL;
        }
      g_byte_array_append (buf, chunk, (guint) r);
    }
  close (fd);

  *len_out = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&buf), FALSE);
}

static int
errno_from_file_error (int code)
{
  switch (code)
    {
    case G_FILE_ERROR_EXIST: return EEXIST;
    case G_FILE_ERROR_ISDIR: return EISDIR;
    case G_FILE_ERROR_ACCES: return EACCES;
    case G_FILE_ERROR_NAMETOOLONG: return ENAMETOOLONG;
    case G_FILE_ERROR_NOENT: return ENOENT;
    case G_FILE_ERROR_NOTDIR: return ENOTDIR;
    case G_FILE_ERROR_ROFS: return EROFS;
    case G_FILE_ERROR_LOOP: return ELOOP;
    case G_FILE_ERROR_NOSPC: return ENOSPC;
    case G_FILE_ERROR_NOMEM: return ENOMEM;
    case G_FILE_ERROR_MFILE: return EMFILE;
    case G_FILE_ERROR_NFILE: return ENFILE;
    case G_FILE_ERROR_PERM: return EPERM;
    case G_FILE_ERROR_IO: return EIO;
    default: return 0;
    }
}

/* what a file of this mode is, for messages */
static const char *
file_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISFIFO (mode))
    return "a FIFO (named pipe)";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

void
shl_io_remove_flat_dir (const char *dir)
{
  g_return_if_fail (dir != NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d)
    {
      const char *name;
      while ((name = g_dir_read_name (d)))
        {
          g_autofree char *p = g_build_filename (dir, name, NULL);
          g_unlink (p);
        }
      g_dir_close (d);
    }
  g_rmdir (dir);
}

gboolean
shl_io_check_output_path (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!*path)
    {
      g_set_error (error, SHL_ERROR, SHL_ERROR_IO,
                   "cannot write a file with an empty name");
      return FALSE;
    }
  GStatBuf st, lst;
  if (g_stat (path, &st) != 0)
    return TRUE;   /* absent (or unreachable: the write says why) */
  if (S_ISREG (st.st_mode))
    return TRUE;
  gboolean link = g_lstat (path, &lst) == 0 && S_ISLNK (lst.st_mode);
  g_set_error (error, SHL_ERROR, SHL_ERROR_IO,
               "%s: not written: it is %s%s, not a regular file (Shallows "
               "replaces only regular files)", path,
               link ? "a symbolic link to " : "", file_kind (st.st_mode));
  return FALSE;
}

gboolean
shl_write_file_atomic (const char *path, const char *contents, gssize len,
                       GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* the file is replaced by rename: never a device, a FIFO or a
   * directory (as root, "--out /dev/full" would replace the device) */
  if (!shl_io_check_output_path (path, error))
    return FALSE;

  if (len < 0)
    len = (gssize) strlen (contents);
  g_autoptr (GError) local = NULL;
  if (g_file_set_contents_full (path, contents ? contents : "", len,
                                G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    return TRUE;

  /* GLib's message names the temporary file; name the user's path. */
  int err = local->domain == G_FILE_ERROR
              ? errno_from_file_error (local->code) : 0;
  if (err != 0)
    g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot write: %s",
                 path, g_strerror (err));
  else
    g_set_error (error, SHL_ERROR, SHL_ERROR_IO, "%s: cannot write: %s",
                 path, local->message);
  return FALSE;
}
