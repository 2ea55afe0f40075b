/* shl-text.h: Pango text for the plots (internal to ui/render).
 *
 * One ShlText per draw: a PangoContext at 72 dpi with absolute font sizes
 * in user units, grey antialiasing and UNHINTED metrics, so a layout
 * measures the same on screen, in PDF/SVG and in PNG; it can measure
 * without a cairo_t. Markup that does not parse is shown as plain text.
 *
 * Math: in any markup, text between two dollar signs is set the way TeX
 * sets math, so that variables look the same in every title, label and
 * legend:
 *   - Latin letters and lowercase Greek letters are italic, as in TeX
 *     ($f$, $x_1$, $a_{ij}$, $θ$, $α$); uppercase Greek, digits,
 *     operators and punctuation stay upright ($∇f$, $‖θ − θ_0‖$); when
 *     the family list names a math font (Termes, CM), Greek comes from
 *     its math italic (U+1D6FC…), as in TeX (CMU's text italic draws θ
 *     as ϑ);
 *   - TeX commands: Greek letters (\theta, \Gamma), symbols (\infty,
 *     \partial, \nabla, \|, \le, \cdot, \to, ...), functions set
 *     upright (\sin, \log, \max, ...), upright text (\mathrm{sym},
 *     \text{...}); an unknown command is shown as written and
 *     shl_text_math_check names it;
 *   - _x and ^x set the next character, _{…} and ^{…} a group, as a
 *     subscript or superscript (nested: $W^{1,∞}$ inside a subscript);
 *   - - is a minus sign (U+2212), ' a prime (U+2032);
 *   - \, is a thin space, \; \: a wider one, \! nothing, \$ \_ \^ \{ \}
 *     \\ the character itself.
 * Outside math, \$ is a dollar sign. */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "shl-plot-style.h"

G_BEGIN_DECLS

typedef enum {
  SHL_FONT_TITLE,
  SHL_FONT_LABEL,
  SHL_FONT_TICK,
  SHL_FONT_TEXT,
  SHL_N_FONTS,
} ShlFont;

typedef struct {
  PangoContext *context;
  PangoFontDescription *fonts[SHL_N_FONTS];
  /* ink extent of the digit "0" in each font, relative to the baseline:
   * top (negative, above) and bottom */
  double digit_top[SHL_N_FONTS];
  GHashTable *cache;        /* shl_text_layout_cached: markup -> layout */
  char *math_family;        /* the math font of the family list, or NULL */
} ShlText;

/* The box a layout covers, ink and logical extents together, relative to
 * the layout's origin (its top-left when shown), and its first
 * baseline. */
typedef struct {
  double x, y, w, h;
  double base;
} ShlTextBox;

/* style must be already scaled (sizes final). */
ShlText     *shl_text_new      (const ShlPlotStyle *style, gboolean hinting);
void         shl_text_free     (ShlText *text);
PangoLayout *shl_text_layout   (ShlText *text, ShlFont font,
                                const char *markup);
/* The same, wrapped at word boundaries to at most width user units and
 * centred line by line (width <= 0: no wrapping). */
PangoLayout *shl_text_layout_wrapped (ShlText *text, ShlFont font,
                                      const char *markup, double width);
/* A layout kept by text for its lifetime (do not unref it): for text
 * measured again and again, such as tick labels. */
PangoLayout *shl_text_layout_cached (ShlText *text, ShlFont font,
                                     const char *markup);
/* Logical size and baseline (distance from the top) in user units. */
void         shl_text_extents  (PangoLayout *layout, double *width,
                                double *height, double *baseline);
void         shl_text_box      (PangoLayout *layout, ShlTextBox *box);
/* Draws layout with its top-left corner at (x, y) in the current
 * colour. */
void         shl_text_show     (cairo_t *cr, PangoLayout *layout, double x,
                                double y);
/* The Pango markup for markup with its $…$ math set (g_free it);
 * font_size is the font's size in Pango units. For tests. */
char        *shl_text_math_markup (const char *markup, int font_size);
/* The first TeX command in markup's math that is not understood
 * ("\\mathbb"; g_free it), or NULL: for messages that name it. */
char        *shl_text_math_check (const char *markup);
/* Plain text as Pango markup: escaped, and "W¹˒∞" (the Sobolev space in
 * plain strings; U+02D2 reads as "›" in many fonts) set as W with a
 * superscript "1,∞". For captions and GTK labels. */
char        *shl_text_escape_plain (const char *plain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShlText, shl_text_free)

G_END_DECLS
