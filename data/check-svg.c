/* check-svg.c: a test helper (never installed) that checks an icon file.
 *
 *   check-svg [--size N] [--symbolic] FILE.svg
 *
 * Parses FILE with GMarkup and fails (exit status 1, with the reason) unless
 * it is well-formed XML whose root element is <svg> with a viewBox of four
 * numbers and a positive width and height, equal to N by N when --size is
 * given. With --symbolic it also checks what GTK's recolouring of symbolic
 * icons relies on: GTK overrides the fill of rect, circle and path elements
 * with the theme's colour, so every drawn element must be one of those, be
 * filled (never stroked: the override would fill the outline) and use only
 * #2e3436 (or none). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  gboolean symbolic;
  int depth;
  gboolean saw_root;
  double vb[4];
} Check;

static gboolean
parse_numbers (const char *s, double *out, int n)
{
  const char *p = s;
  for (int k = 0; k < n; k++)
    {
      while (g_ascii_isspace (*p) || *p == ',')
        p++;
      char *end = NULL;
      out[k] = g_ascii_strtod (p, &end);
      if (end == p)
        return FALSE;
      p = end;
    }
  while (g_ascii_isspace (*p))
    p++;
  return *p == '\0';
}

/* The element's local name, without any namespace prefix. */
static const char *
local_name (const char *name)
{
  const char *colon = strchr (name, ':');
  return colon ? colon + 1 : name;
}

static gboolean
colour_ok (const char *value)
{
  return g_ascii_strcasecmp (value, "#2e3436") == 0 || strcmp (value, "none") == 0;
}

/* Checks one presentation property (from an attribute or a style=""). */
static gboolean
check_symbolic_property (const char *element, const char *prop, const char *value,
                         GError **error)
{
  if (strcmp (prop, "stroke") == 0 && strcmp (value, "none") != 0)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "<%s> is stroked (stroke=\"%s\"): GTK recolours symbolic icons by "
                   "overriding fill, so draw outlines as filled shapes", element, value);
      return FALSE;
    }
  if ((strcmp (prop, "fill") == 0 || strcmp (prop, "color") == 0
       || strcmp (prop, "stop-color") == 0)
      && !colour_ok (value))
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "<%s> uses %s=\"%s\"; a symbolic icon uses only #2e3436",
                   element, prop, value);
      return FALSE;
    }
  return TRUE;
}

static void
on_start (GMarkupParseContext *ctx, const char *element_name,
          const char **names, const char **values, gpointer data, GError **error)
{
  Check *c = data;
  const char *name = local_name (element_name);
  c->depth++;

  if (c->depth == 1)
    {
      if (strcmp (name, "svg") != 0)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "the root element is <%s>, not <svg>", element_name);
          return;
        }
      c->saw_root = TRUE;
      const char *vb = NULL, *w = NULL, *h = NULL;
      for (int k = 0; names[k]; k++)
        {
          if (strcmp (names[k], "viewBox") == 0)
            vb = values[k];
          else if (strcmp (names[k], "width") == 0)
            w = values[k];
          else if (strcmp (names[k], "height") == 0)
            h = values[k];
        }
      if (!vb)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_MISSING_ATTRIBUTE,
                       "<svg> has no viewBox");
          return;
        }
      if (!parse_numbers (vb, c->vb, 4) || c->vb[2] <= 0 || c->vb[3] <= 0)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "viewBox \"%s\" is not four numbers with a positive size", vb);
          return;
        }
      double d;
      if ((w && (!parse_numbers (w, &d, 1) || d <= 0))
          || (h && (!parse_numbers (h, &d, 1) || d <= 0)))
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "width/height must be positive numbers (no units)");
          return;
        }
    }

  if (!c->symbolic)
    return;

  static const char *const allowed[] = {
    "svg", "g", "path", "rect", "circle", "title", "desc", "metadata", NULL
  };
  if (!g_strv_contains (allowed, name))
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT,
                   "<%s> in a symbolic icon: GTK recolours only path, rect and circle",
                   element_name);
      return;
    }
  for (int k = 0; names[k]; k++)
    {
      if (strcmp (names[k], "style") == 0)
        {
          g_auto (GStrv) decls = g_strsplit (values[k], ";", -1);
          for (int j = 0; decls[j]; j++)
            {
              g_auto (GStrv) kv = g_strsplit (decls[j], ":", 2);
              if (!kv[0] || !kv[1])
                continue;
              g_strstrip (kv[0]);
              g_strstrip (kv[1]);
              if (!check_symbolic_property (element_name, kv[0], kv[1], error))
                return;
            }
        }
      else if (!check_symbolic_property (element_name, names[k], values[k], error))
        return;
    }
}

static void
on_end (GMarkupParseContext *ctx, const char *element_name, gpointer data,
        GError **error)
{
  Check *c = data;
  c->depth--;
}

int
main (int argc, char **argv)
{
  int size = 0;
  gboolean symbolic = FALSE;
  const GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Require a viewBox of N by N", "N" },
    { "symbolic", 0, 0, G_OPTION_ARG_NONE, &symbolic, "Apply the symbolic-icon rules", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) opts = g_option_context_new ("FILE.svg — check an SVG icon");
  g_option_context_add_main_entries (opts, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (opts, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("usage: check-svg [--size N] [--symbolic] FILE.svg%s%s\n",
                  error ? ": " : "", error ? error->message : "");
      return 2;
    }
  const char *path = argv[1];

  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &text, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  Check c = { .symbolic = symbolic };
  const GMarkupParser parser = { on_start, on_end, NULL, NULL, NULL };
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, &c, NULL);
  gboolean ok = g_markup_parse_context_parse (ctx, text, (gssize) len, &error)
                && g_markup_parse_context_end_parse (ctx, &error);
  g_markup_parse_context_free (ctx);
  if (!ok)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }
  if (!c.saw_root)
    {
      g_printerr ("%s: no <svg> element\n", path);
      return 1;
    }
  if (size > 0 && (c.vb[2] != size || c.vb[3] != size))
    {
      g_printerr ("%s: viewBox is %g x %g, expected %d x %d\n",
                  path, c.vb[2], c.vb[3], size, size);
      return 1;
    }
  g_print ("%s: ok (viewBox %g %g %g %g%s)\n", path, c.vb[0], c.vb[1], c.vb[2],
           c.vb[3], symbolic ? ", symbolic rules" : "");
  return 0;
}
