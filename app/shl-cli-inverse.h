/* shl-cli-inverse.h: `shallows-cli canonical` and `shallows-cli diagnose`,
 * the symmetry / restricted-set commands (engine/shl-symmetry.h). */
#pragma once

/* canonical NET.json [--out F] [--pad M] [--step N] [--quiet]:
 * kappa(NET) (or NET after canonicalisation steps 1..N) as network JSON,
 * to F (atomic) or to stdout. argv[0] is "shallows-cli canonical". */
int shl_cli_canonical (int argc, char **argv);

/* diagnose NET.json [--json]: the per-neuron diagnosis as an aligned text
 * table or as JSON. argv[0] is "shallows-cli diagnose". */
int shl_cli_diagnose  (int argc, char **argv);
