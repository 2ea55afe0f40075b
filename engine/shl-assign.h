/* shl-assign.h: linear assignment problems on an n x n cost matrix.
 *
 * Row i is assigned to column perm[i]; perm is a permutation of 0 .. n-1.
 *
 *   bottleneck   minimise  max_i cost[i][perm[i]]
 *   hungarian    minimise  sum_i cost[i][perm[i]]
 *
 * Costs are row-major doubles, cost[i * n + j]. An entry +INFINITY (or NaN)
 * is a forbidden pair. If no permutation avoids every forbidden pair, both
 * functions return +INFINITY and set perm to the identity.
 *
 * Ties are allowed; any optimal permutation may be returned (the result is
 * deterministic for a given matrix).
 *
 * Plain C, no GLib. */
#pragma once

/* Bottleneck assignment: binary search over the allowed costs in sorted
 * order (by median selection, without a full sort), each candidate
 * threshold t tested by a maximum bipartite matching (Hopcroft-Karp,
 * warm-started from the previous matching) on the pairs with cost <= t.
 * The search starts at the lower bound
 * max(max_i min_j cost, max_j min_i cost), which is tested first.
 *
 * Any cost other than +INFINITY and NaN is allowed, including negative ones
 * and -INFINITY. Returns the optimal value max_i cost[i][perm[i]] and fills
 * perm (n). n = 0: returns -INFINITY (the maximum over no pairs). Returns NAN
 * (perm untouched) if n < 0, cost or perm is NULL with n > 0, or memory runs
 * out. O(n^2) expected for the selection plus O(log n) matching tests,
 * each O(n^2) to build plus O(n^2.5) for Hopcroft-Karp at worst. */
double shl_assign_bottleneck (int *perm, const double *cost, int n);

/* Minimum-sum assignment (Hungarian algorithm with row and column
 * potentials and shortest augmenting paths, O(n^3)).
 *
 * Costs must be finite or +INFINITY (NaN counts as +INFINITY); negative
 * costs are fine. Returns sum_i cost[i][perm[i]], summed in row order, and
 * fills perm (n). n = 0: returns 0. Returns NAN (perm untouched) if n < 0,
 * cost or perm is NULL with n > 0, a cost is -INFINITY, or memory runs
 * out. */
double shl_assign_hungarian  (int *perm, const double *cost, int n);

/* The objective values of a given permutation (helpers for callers and
 * tests): max and sum of cost[i][perm[i]]. n = 0: -INFINITY and 0. NaN
 * entries count as +INFINITY. */
double shl_assign_max        (const double *cost, const int *perm, int n);
double shl_assign_sum        (const double *cost, const int *perm, int n);

/* ------------------------------------------------------------------------ */
/* Sparse problems                                                          */

/* An M x M problem, M = max(n_rows, n_cols), given by its allowed pairs:
 * the real rows 0 .. n_rows-1 and columns 0 .. n_cols-1 are joined by the
 * listed edges (compressed rows: row i's columns col[start[i] ..
 * start[i+1]-1] with costs cost[...]); every other real pair is forbidden
 * (+INFINITY). The narrower side is padded to M with identical slots:
 * if n_rows < n_cols, pad rows n_rows .. M-1 cost pad[j] against real
 * column j (pad: n_cols entries); if n_rows > n_cols, pad columns cost
 * pad[i] against real row i (pad: n_rows entries). +INFINITY pad costs are
 * forbidden. perm (M): row i (pad rows included) takes column perm[i] (pad
 * columns >= n_cols). The values are those of shl_assign_bottleneck /
 * shl_assign_hungarian on the equivalent dense M x M matrix (summed in row
 * order; ties may pick another optimal permutation). */
typedef struct {
  int           n_rows, n_cols;
  const int    *start;  /* (n_rows + 1) */
  const int    *col;    /* (start[n_rows]) */
  const double *cost;   /* (start[n_rows]) finite */
  const double *pad;    /* (max(n_rows, n_cols)) as above, or NULL if
                         * n_rows == n_cols */
} ShlSparseCost;

/* Bottleneck: binary search over the distinct costs, each threshold tested
 * by Hopcroft-Karp on the edges below it (with padding: first the columns
 * whose pad cost is above the threshold must be matched by real rows, then
 * every real row; augmenting never unmatches a column). +INFINITY if no
 * permutation avoids the forbidden pairs (perm = identity), NAN on bad
 * input or no memory. O((E + M) log E + E sqrt(M) log E). */
double shl_assign_bottleneck_sparse (int *perm, const ShlSparseCost *c);

/* Minimum sum by successive shortest paths (Dijkstra on reduced costs with
 * row and column potentials; the pad rows or columns form one node of
 * capacity |n_rows - n_cols|). u (M) and v (M) (may be NULL) receive the
 * final potentials: cost(i, j) - u[i] - v[j] >= 0 on every allowed pair (up
 * to rounding), = 0 on the chosen ones; pad rows (columns) share one
 * potential. A forbidden pair (i, j) could improve the sum only if
 * cost(i, j) < u[i] + v[j]. +INFINITY if infeasible, NAN on bad input. */
double shl_assign_min_sum_sparse (int *perm, double *u, double *v,
                                  const ShlSparseCost *c);

/* ------------------------------------------------------------------------ */
/* Problems with a geometric lower bound                                    */

/* An M x M problem whose real pairs all have a cost (a function), and
 * whose rows and columns are points in one or two spaces (space 0:
 * row_pts (n_rows, dim), col_pts (n_cols, dim); space 1, optional: dim2,
 * row_pts2, col_pts2; dims <= 4) such that a pair can cost <= t only if its
 * points are within radius (user, i, t, space) of each other in the
 * max-norm, in each space (+INFINITY: no bound). Columns listed in always
 * (n_always) are candidates for every row whatever the distance (e.g.
 * points without a defined place in a space). Padding as in ShlSparseCost.
 * For each row the solvers search the space where the radius is the
 * smaller part of the columns' extent (k-d trees), skip the candidates
 * whose lower () bound (optional) rules them out, and evaluate cost () on
 * the rest only; the result is exactly the optimum of the dense matrix of
 * cost () values. */
typedef struct {
  int           n_rows, n_cols, dim;
  const double *row_pts;
  const double *col_pts;
  int           dim2;       /* 0: no second space */
  const double *row_pts2;
  const double *col_pts2;
  const int    *always;
  int           n_always;
  const double *pad;
  double      (*radius) (void *user, int i, double t, int space);
  double      (*cost)   (void *user, int i, int j);
  /* optional: a lower bound on cost (i, j), cheaper than cost () */
  double      (*lower)  (void *user, int i, int j);
  void         *user;
  /* optional, minimum sum: a permutation (max(n_rows, n_cols)) whose real
   * pairs start the candidate set (e.g. the bottleneck optimum): then the
   * first sparse problem is feasible with few neighbours per row */
  const int    *hint;
  /* optional, bottleneck (> 0): only an optimum below cap matters; if it
   * is not below, +INFINITY is returned (perm: identity) */
  double        cap;
} ShlAssignGeom;

typedef enum {
  /* bottleneck: among the optimal permutations, one with the least sum of
   * costs (the dense equivalent: shl_assign_hungarian on the matrix with
   * the costs above the bottleneck forbidden) */
  SHL_ASSIGN_REFINE = 1 << 0,
} ShlAssignFlags;

/* Bottleneck: thresholds t, growing from a sampled lower bound, until the
 * sparse optimum over the pairs that may cost <= t is itself <= t (then
 * no other pair can matter). Returns the value (NAN on bad input or no
 * memory); n_evals (may be NULL) receives the number of cost () calls. */
double shl_assign_bottleneck_geom (int *perm, const ShlAssignGeom *g,
                                   ShlAssignFlags flags, long *n_evals);

/* Minimum sum: a sparse optimum over nearby pairs, certified by its dual
 * potentials: every pair that could have a negative reduced cost (found
 * by range searches with radius (user, i, u_i + max v)) is evaluated and
 * added until none has. */
double shl_assign_min_sum_geom (int *perm, const ShlAssignGeom *g,
                                long *n_evals);
