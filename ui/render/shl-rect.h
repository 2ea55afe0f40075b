/* shl-rect.h: an axis-aligned rectangle in cairo user units. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double x, y, width, height;
} ShlRect;

static inline ShlRect
shl_rect (double x, double y, double width, double height)
{
  ShlRect r = { x, y, width, height };
  return r;
}

static inline gboolean
shl_rect_contains (const ShlRect *r, double x, double y)
{
  return x >= r->x && x <= r->x + r->width && y >= r->y
         && y <= r->y + r->height;
}

G_END_DECLS
