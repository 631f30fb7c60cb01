/* SPDX-License-Identifier: MIT */
/* citysnap render: not yet written. */
#include "cli.h"

int
cs_cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "citysnap: 'render' is not available in this build\n");
    return CS_EXIT_USAGE;
}
