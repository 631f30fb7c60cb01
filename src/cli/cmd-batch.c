/* SPDX-License-Identifier: MIT */
/* citysnap batch: not yet written. */
#include "cli.h"

int
cs_cmd_batch(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "citysnap: 'batch' is not available in this build\n");
    return CS_EXIT_USAGE;
}
