/* shl-text.c: Pango context and layouts for the plots, and TeX-like math
 * in markup. */
#include "shl-text.h"

#include <string.h>

/* sub- and superscripts: size and shift relative to the text they follow */
#define SCRIPT_SCALE 0.7
#define SUP_RISE     0.38
#define SUB_RISE     (-0.18)

ShlText *
shl_text_new (const ShlPlotStyle *style, gboolean hinting)
{
  ShlText *text = g_new0 (ShlText, 1);
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  text->context = pango_font_map_create_context (map);
  pango_cairo_context_set_resolution (text->context, 72.0);
  text->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       g_object_unref);
  /* a family list with a math font: its Greek is the math italic */
  g_auto (GStrv) families = g_strsplit (style->font_family, ",", -1);
  for (int k = 0; families[k] && !text->math_family; k++)
    if (g_str_has_suffix (g_strstrip (families[k]), " Math"))
      text->math_family = g_strdup (families[k]);

  cairo_font_options_t *fo = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, hinting ? CAIRO_HINT_STYLE_SLIGHT
                                                 : CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (text->context, fo);
  cairo_font_options_destroy (fo);
  pango_context_set_round_glyph_positions (text->context, FALSE);

  const double sizes[SHL_N_FONTS] = {
    style->title_size, style->label_size, style->tick_size, style->text_size,
  };
  for (int f = 0; f < SHL_N_FONTS; f++)
    {
      PangoFontDescription *d = pango_font_description_new ();
      pango_font_description_set_family (d, style->font_family);
      pango_font_description_set_absolute_size (
          d, MAX (1.0, sizes[f]) * PANGO_SCALE);
      text->fonts[f] = d;

      PangoLayout *l = shl_text_layout (text, f, "0");
      PangoRectangle ink;
      pango_layout_get_extents (l, &ink, NULL);
      double base = pango_layout_get_baseline (l) / (double) PANGO_SCALE;
      text->digit_top[f] = ink.y / (double) PANGO_SCALE - base;
      g_object_unref (l);
    }
  return text;
}

void
shl_text_free (ShlText *text)
{
  if (!text)
    return;
  for (int f = 0; f < SHL_N_FONTS; f++)
    if (text->fonts[f])
      pango_font_description_free (text->fonts[f]);
  g_clear_pointer (&text->cache, g_hash_table_unref);
  g_free (text->math_family);
  g_clear_object (&text->context);
  g_free (text);
}

/* Pango 1.50 implements <sub>/<sup> with font_scale, which sizes the
 * glyphs in device space: under a scaled cairo_t (PNG export at 200 dpi)
 * a subscript comes out several times too large. Rewrite them as an
 * explicit size and rise relative to the layout's font instead. */
static char *
rewrite_sub_sup (const char *markup, int font_size)
{
  if (!strstr (markup, "<sub>") && !strstr (markup, "<sup>"))
    return NULL;
  GString *s = g_string_new (markup);
  char *sup = g_strdup_printf ("<span size=\"%d\" rise=\"%d\">",
                               (int) (SCRIPT_SCALE * font_size),
                               (int) (SUP_RISE * font_size));
  char *sub = g_strdup_printf ("<span size=\"%d\" rise=\"%d\">",
                               (int) (SCRIPT_SCALE * font_size),
                               (int) (SUB_RISE * font_size));
  g_string_replace (s, "<sup>", sup, 0);
  g_string_replace (s, "<sub>", sub, 0);
  g_string_replace (s, "</sup>", "</span>", 0);
  g_string_replace (s, "</sub>", "</span>", 0);
  g_free (sup);
  g_free (sub);
  return g_string_free (s, FALSE);
}

/* ---- math ------------------------------------------------------------ */

typedef struct {
  GString *out;
  const char *p;
  int base_size;     /* the font's size, Pango units */
  const char *math_family; /* Greek from its math italic block
                               (U+1D6FC…), or NULL */
} Math;

/* One run of text at a script level: size and rise in Pango units. */
static void
emit (Math *m, const char *text, gsize len, gboolean italic, double size,
      double rise)
{
  if (len == 0)
    return;
  gboolean plain = (int) size == m->base_size && rise == 0.0;
  if (plain && !italic)
    {
      g_string_append_len (m->out, text, (gssize) len);
      return;
    }
  g_string_append (m->out, "<span");
  if (!plain)
    g_string_append_printf (m->out, " size=\"%d\" rise=\"%d\"", (int) size,
                            (int) rise);
  if (italic)
    g_string_append (m->out, " style=\"italic\"");
  g_string_append_c (m->out, '>');
  g_string_append_len (m->out, text, (gssize) len);
  g_string_append (m->out, "</span>");
}

static gboolean
is_latin (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* lowercase Greek (and the variant forms ϑ ϕ ϖ ϵ) */
static gboolean
is_italic_greek (gunichar u)
{
  return (u >= 0x03B1 && u <= 0x03C9) || u == 0x03D1 || u == 0x03D5
         || u == 0x03D6 || u == 0x03F5;
}

/* The math italic form of a lowercase Greek letter, or 0. */
static gunichar
math_italic_greek (gunichar u)
{
  if (u >= 0x03B1 && u <= 0x03C9)
    return 0x1D6FC + (u - 0x03B1);
  switch (u)
    {
    case 0x03F5: return 0x1D716;   /* ϵ */
    case 0x03D1: return 0x1D717;   /* ϑ */
    case 0x03D5: return 0x1D719;   /* ϕ */
    case 0x03D6: return 0x1D71B;   /* ϖ */
    default: return 0;
    }
}

/* One character that is not a Latin letter: Greek italic, the rest
 * upright. */
static void
emit_char (Math *m, const char *c, const char *next, double size, double rise)
{
  gunichar u = g_utf8_get_char (c);
  if (is_italic_greek (u) && m->math_family && math_italic_greek (u))
    {
      /* the math font's own italic, from the math font (a text font may
       * map the code point to an upright glyph), no slant on top */
      char buf[8];
      int len = g_unichar_to_utf8 (math_italic_greek (u), buf);
      g_autofree char *family = g_markup_escape_text (m->math_family, -1);
      g_string_append_printf (m->out, "<span font_family=\"%s\">", family);
      emit (m, buf, (gsize) len, FALSE, size, rise);
      g_string_append (m->out, "</span>");
      return;
    }
  emit (m, c, (gsize) (next - c), is_italic_greek (u), size, rise);
}

static void math_group (Math *m, double size, double rise, char stop);

/* The TeX commands math understands: Greek letters, symbols, functions
 * set upright, upright text. */
typedef struct {
  const char *name, *text;
} MathMacro;

static const MathMacro greek_macros[] = {
  { "alpha", "α" }, { "beta", "β" }, { "gamma", "γ" }, { "delta", "δ" },
  { "epsilon", "ϵ" }, { "varepsilon", "ε" }, { "zeta", "ζ" }, { "eta", "η" },
  { "theta", "θ" }, { "vartheta", "ϑ" }, { "iota", "ι" }, { "kappa", "κ" },
  { "lambda", "λ" }, { "mu", "μ" }, { "nu", "ν" }, { "xi", "ξ" }, { "pi", "π" },
  { "varpi", "ϖ" }, { "rho", "ρ" }, { "sigma", "σ" }, { "tau", "τ" },
  { "upsilon", "υ" }, { "phi", "ϕ" }, { "varphi", "φ" }, { "chi", "χ" },
  { "psi", "ψ" }, { "omega", "ω" }, { "Gamma", "Γ" }, { "Delta", "Δ" },
  { "Theta", "Θ" }, { "Lambda", "Λ" }, { "Xi", "Ξ" }, { "Pi", "Π" },
  { "Sigma", "Σ" }, { "Upsilon", "Υ" }, { "Phi", "Φ" }, { "Psi", "Ψ" },
  { "Omega", "Ω" },
};

static const MathMacro symbol_macros[] = {
  { "infty", "∞" }, { "partial", "∂" }, { "nabla", "∇" }, { "lVert", "‖" },
  { "rVert", "‖" }, { "Vert", "‖" }, { "lvert", "|" }, { "rvert", "|" }, { "vert", "|" },
  { "mid", "|" }, { "cdot", "·" }, { "times", "×" }, { "le", "≤" }, { "leq", "≤" },
  { "ge", "≥" }, { "geq", "≥" }, { "ne", "≠" }, { "neq", "≠" }, { "approx", "≈" },
  { "sim", "∼" }, { "to", "→" }, { "rightarrow", "→" }, { "mapsto", "↦" },
  { "pm", "±" }, { "ldots", "…" }, { "dots", "…" }, { "cdots", "⋯" }, { "in", "∈" },
  { "sum", "∑" }, { "prod", "∏" }, { "int", "∫" }, { "sqrt", "√" }, { "circ", "∘" },
  { "prime", "′" }, { "langle", "⟨" }, { "rangle", "⟩" }, { "quad", "\u2003" },
  { "qquad", "\u2003\u2003" }, { "ell", "ℓ" }, { "forall", "∀" }, { "exists", "∃" },
  { "subset", "⊂" }, { "cup", "∪" }, { "cap", "∩" }, { "emptyset", "∅" },
};

static const char *const function_macros[] = {
  "sin", "cos", "tan", "exp", "log", "ln", "max", "min", "sup", "inf", "arg",
  "argmin", "argmax", "det", "lim", "sgn", "tr", "diag", "dim", "ker",
};

static const char *const text_macros[] = { "mathrm", "text", "operatorname", "textrm" };

static const char *
macro_lookup (const MathMacro *t, gsize n, const char *name)
{
  for (gsize k = 0; k < n; k++)
    if (g_str_equal (t[k].name, name))
      return t[k].text;
  return NULL;
}

static gboolean
name_in (const char *const *names, gsize n, const char *name)
{
  for (gsize k = 0; k < n; k++)
    if (g_str_equal (names[k], name))
      return TRUE;
  return FALSE;
}

/* the kind of a command: 1 Greek, 2 symbol, 3 function, 4 upright
 * text, 0 unknown */
static int
macro_kind (const char *name)
{
  if (macro_lookup (greek_macros, G_N_ELEMENTS (greek_macros), name))
    return 1;
  if (macro_lookup (symbol_macros, G_N_ELEMENTS (symbol_macros), name))
    return 2;
  if (name_in (function_macros, G_N_ELEMENTS (function_macros), name))
    return 3;
  if (name_in (text_macros, G_N_ELEMENTS (text_macros), name))
    return 4;
  return 0;
}

/* \name at m->p: its character, word or upright text; an unknown
 * command is shown as written (shl_text_math_check names it first) */
static void
math_macro (Math *m, double size, double rise)
{
  const char *c = m->p + 1, *e = c;
  while (is_latin (*e))
    e++;
  g_autofree char *name = g_strndup (c, (gsize) (e - c));
  m->p = e;
  const char *t;
  switch (macro_kind (name))
    {
    case 1:
      t = macro_lookup (greek_macros, G_N_ELEMENTS (greek_macros), name);
      if (t)
        emit_char (m, t, g_utf8_next_char (t), size, rise);
      return;
    case 2:
      t = macro_lookup (symbol_macros, G_N_ELEMENTS (symbol_macros), name);
      if (t)
        emit (m, t, strlen (t), FALSE, size, rise);
      return;
    case 3:
      emit (m, name, strlen (name), FALSE, size, rise);
      /* \sin x: a thin space before an argument that is not bracketed */
      if (is_latin (*m->p) || g_ascii_isdigit (*m->p) || *m->p == ' ' || *m->p == '\\')
        emit (m, "\xe2\x80\x89", 3, FALSE, size, rise);
      while (*m->p == ' ')
        m->p++;
      return;
    case 4:
      if (*m->p == '{')
        {
          const char *end = strchr (m->p + 1, '}');
          gsize len = end ? (gsize) (end - m->p - 1) : strlen (m->p + 1);
          emit (m, m->p + 1, len, FALSE, size, rise);
          m->p += 1 + len + (end ? 1 : 0);
        }
      return;
    default:
      emit (m, c - 1, (gsize) (e - c + 1), FALSE, size, rise);
      return;
    }
}

/* After _ or ^: a {group} or one character, one script level down. */
static void
math_script (Math *m, double size, double rise, gboolean sup)
{
  double s = size * SCRIPT_SCALE;
  double r = rise + (sup ? SUP_RISE : SUB_RISE) * size;
  if (*m->p == '{')
    {
      m->p++;
      math_group (m, s, r, '}');
      if (*m->p == '}')
        m->p++;
      return;
    }
  if (!*m->p || *m->p == '$')
    return;
  /* a single character: parse a group of exactly one token */
  const char *start = m->p;
  if (start[0] == '\\' && is_latin (start[1]))
    {
      math_macro (m, s, r);
      return;
    }
  if (is_latin (*start))
    {
      emit (m, start, 1, TRUE, s, r);
      m->p++;
      return;
    }
  const char *next = g_utf8_next_char (start);
  if (*start == '-')
    emit (m, "\xe2\x88\x92", 3, FALSE, s, r);
  else
    emit_char (m, start, next, s, r);
  m->p = next;
}

/* Math up to stop ('$' or '}') or the end. */
static void
math_group (Math *m, double size, double rise, char stop)
{
  while (*m->p && *m->p != stop)
    {
      const char *c = m->p;
      if (*c == '_' || *c == '^')
        {
          m->p++;
          math_script (m, size, rise, *c == '^');
        }
      else if (*c == '\\' && is_latin (c[1]))
        math_macro (m, size, rise);
      else if (*c == '\\' && c[1])
        {
          if (c[1] == ',')
            emit (m, "\xe2\x80\x89", 3, FALSE, size, rise); /* thin space */
          else if (c[1] == ';' || c[1] == ':')
            emit (m, "\xe2\x80\x85", 3, FALSE, size, rise); /* a fourth of an em */
          else if (c[1] == '|')
            emit (m, "‖", strlen ("‖"), FALSE, size, rise);
          else if (c[1] != '!')
            emit (m, c + 1, 1, FALSE, size, rise);
          m->p += 2;
        }
      else if (*c == '<' || *c == '&')
        {
          /* markup inside math: a tag or an entity, copied */
          const char *end = strchr (c, *c == '<' ? '>' : ';');
          gsize len = end ? (gsize) (end - c + 1) : strlen (c);
          if (*c == '<')
            g_string_append_len (m->out, c, (gssize) len);
          else
            emit (m, c, len, FALSE, size, rise);
          m->p += len;
        }
      else if (is_latin (*c))
        {
          /* letters are variables, italic, as in TeX ($a_{ij}$); words
           * are \mathrm{…}, \text{…} or a function (\sin, \log) */
          const char *e = c;
          while (is_latin (*e))
            e++;
          emit (m, c, (gsize) (e - c), TRUE, size, rise);
          m->p = e;
        }
      else if (*c == '-')
        {
          emit (m, "\xe2\x88\x92", 3, FALSE, size, rise);
          m->p++;
        }
      else if (*c == '\'')
        {
          /* the prime, upright, after a hair space: set right against an
           * italic f it runs into the f's hook and reads as "f" */
          emit (m, "\xe2\x80\x8a\xe2\x80\xb2", 6, FALSE, size, rise);
          m->p++;
        }
      else
        {
          const char *next = g_utf8_next_char (c);
          emit_char (m, c, next, size, rise);
          m->p = next;
        }
    }
}

static char *
math_markup (const char *markup, int font_size, const char *math_family)
{
  Math m = { g_string_new (NULL), markup, font_size, math_family };
  while (*m.p)
    {
      if (m.p[0] == '\\' && m.p[1] == '$')
        {
          g_string_append_c (m.out, '$');
          m.p += 2;
        }
      else if (*m.p == '$')
        {
          m.p++;
          math_group (&m, font_size, 0.0, '$');
          if (*m.p == '$')
            m.p++;
        }
      else
        g_string_append_c (m.out, *m.p++);
    }
  return g_string_free (m.out, FALSE);
}

char *
shl_text_math_markup (const char *markup, int font_size)
{
  g_return_val_if_fail (markup != NULL, NULL);
  return math_markup (markup, font_size, NULL);
}

/* ---- layouts --------------------------------------------------------- */

static void
set_markup (PangoLayout *layout, const char *markup, int font_size,
            const char *math_family)
{
  if (!markup)
    markup = "";
  g_autofree char *math = strchr (markup, '$')
                              ? math_markup (markup, font_size, math_family)
                              : NULL;
  const char *m = math ? math : markup;
  g_autofree char *rewritten = rewrite_sub_sup (m, font_size);
  if (rewritten)
    m = rewritten;
  PangoAttrList *attrs = NULL;
  char *plain = NULL;
  if (pango_parse_markup (m, -1, 0, &attrs, &plain, NULL, NULL))
    {
      pango_layout_set_text (layout, plain, -1);
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      g_free (plain);
    }
  else
    pango_layout_set_text (layout, markup, -1);
}

PangoLayout *
shl_text_layout (ShlText *text, ShlFont font, const char *markup)
{
  PangoLayout *layout = pango_layout_new (text->context);
  pango_layout_set_font_description (layout, text->fonts[font]);
  set_markup (layout, markup,
              pango_font_description_get_size (text->fonts[font]),
              text->math_family);
  return layout;
}

PangoLayout *
shl_text_layout_wrapped (ShlText *text, ShlFont font, const char *markup,
                         double width)
{
  PangoLayout *layout = shl_text_layout (text, font, markup);
  if (width > 0.0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      /* a single word wider than width stays one (too wide) line: the
       * caller sees it in the measured box */
    }
  return layout;
}

PangoLayout *
shl_text_layout_cached (ShlText *text, ShlFont font, const char *markup)
{
  g_autofree char *key = g_strdup_printf ("%d\x1f%s", (int) font,
                                          markup ? markup : "");
  PangoLayout *l = g_hash_table_lookup (text->cache, key);
  if (!l)
    {
      l = shl_text_layout (text, font, markup);
      g_hash_table_insert (text->cache, g_steal_pointer (&key), l);
    }
  return l;
}

void
shl_text_extents (PangoLayout *layout, double *width, double *height,
                  double *baseline)
{
  PangoRectangle logical;
  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = logical.width / (double) PANGO_SCALE;
  if (height)
    *height = logical.height / (double) PANGO_SCALE;
  if (baseline)
    *baseline = pango_layout_get_baseline (layout) / (double) PANGO_SCALE;
}

void
shl_text_box (PangoLayout *layout, ShlTextBox *box)
{
  PangoRectangle ink, logical;
  pango_layout_get_extents (layout, &ink, &logical);
  const double u = 1.0 / PANGO_SCALE;
  double x0 = logical.x * u, y0 = logical.y * u;
  double x1 = (logical.x + logical.width) * u;
  double y1 = (logical.y + logical.height) * u;
  if (ink.width > 0 && ink.height > 0)
    {
      x0 = MIN (x0, ink.x * u);
      y0 = MIN (y0, ink.y * u);
      x1 = MAX (x1, (ink.x + ink.width) * u);
      y1 = MAX (y1, (ink.y + ink.height) * u);
    }
  if (logical.width == 0 && ink.width == 0)
    x1 = x0;
  box->x = x0;
  box->y = y0;
  box->w = x1 - x0;
  box->h = y1 - y0;
  box->base = pango_layout_get_baseline (layout) * u;
}

void
shl_text_show (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
}

char *
shl_text_escape_plain (const char *plain)
{
  g_autofree char *escaped = g_markup_escape_text (plain ? plain : "", -1);
  g_auto (GStrv) parts = g_strsplit (escaped, "W¹˒∞", -1);
  return g_strjoinv ("W<sup>1,∞</sup>", parts);
}

char *
shl_text_math_check (const char *markup)
{
  gboolean in_math = FALSE;
  for (const char *p = markup ? markup : ""; *p; p++)
    {
      if (p[0] == '\\' && p[1] == '$')
        {
          p++;
          continue;
        }
      if (*p == '$')
        in_math = !in_math;
      else if (in_math && p[0] == '\\' && is_latin (p[1]))
        {
          const char *e = p + 1;
          while (is_latin (*e))
            e++;
          g_autofree char *name = g_strndup (p + 1, (gsize) (e - p - 1));
          if (macro_kind (name) == 0)
            return g_strdup_printf ("\\%s", name);
          p = e - 1;
        }
    }
  return NULL;
}
