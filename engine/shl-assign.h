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
