/* shl-cells-private.h: what the parts of shl-cells share (the lines and
 * vertices of the arrangement being built). Not part of the engine's API.
 * Plain C, no GLib. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shl-cells.h"

typedef struct {
  double r[3];        /* r0 x + r1 y + r2 = 0; box edges: inward normal */
  double jm[3], jp[3]; /* sums of s c (a0, a1, b) active on the - / + side */
  double mm[3], mp[3]; /* sums of their magnitudes */
} ShlCellsLine;

/* an open-addressing map from a pair of lines to a vertex */
typedef struct {
  uint64_t *key;    /* pair + 1, 0: empty */
  int      *val;
  size_t    mask;
} ShlCellsVMap;

typedef struct {
  ShlCellsLine *ln;
  int           nl;        /* lines, box edges included */
  bool          safe;
  double        fix[3], fixm[3];
  /* vertices */
  ShlCellsVMap  map;
  int           nv, cap_v;
  int          *vline;     /* (cap_v, 2) */
  /* per line: its vertices along d */
  int          *lv_start;  /* (nl + 1) */
  int          *lv;
  int           nlv, cap_lv;
} ShlCellsBuild;

/* p grown (realloc) to hold need elements of size bytes, *cap updated;
 * NULL on failure (p is then still valid) */
void *shl_cells_grow_array (void *p, int *cap, int need, size_t size);

/* the faces of the arrangement in B (its lines and vertices along each
 * line) into c: start, corner, across, slot_cell, grad, offset, grad_mag,
 * offset_mag, n_cells. false on allocation failure. */
bool  shl_cells_trace_faces (ShlCells *c, const ShlCellsBuild *B);
