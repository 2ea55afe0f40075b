/* shl-cli-landscape.h: `shallows-cli landscape` and `shallows-cli path`. */
#pragma once

/* a 2-D loss grid through a network (CSV alpha,beta,loss) */
int shl_cli_landscape (int argc, char **argv);
/* the loss along the segment between two networks, in parameters and in
 * realizations (CSV t,loss_params,loss_realizations) */
int shl_cli_path      (int argc, char **argv);
