/* SPDX-License-Identifier: MIT */
/*
 * citysnap-floor FORMAT SIZE OUT GEOMETRY: one floor render in its own
 * process, linked with Cairo only (the cold floor of citysnap-bench).
 * FORMAT png|svg|pdf; SIZE px (PNG) or pt; GEOMETRY from
 * floor_geom_format().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "floor.h"

int
main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: citysnap-floor png|svg|pdf SIZE OUT "
                        "GEOMETRY\n");
        return 2;
    }
    floor_format f;
    if (!strcmp(argv[1], "png"))
        f = FLOOR_PNG;
    else if (!strcmp(argv[1], "svg"))
        f = FLOOR_SVG;
    else if (!strcmp(argv[1], "pdf"))
        f = FLOOR_PDF;
    else
        return 2;
    double size = strtod(argv[2], NULL);
    floor_geom g;
    if (!(size >= 16 && size <= 20000) || floor_geom_parse(argv[4], &g)) {
        fprintf(stderr, "citysnap-floor: bad size or geometry\n");
        return 2;
    }
    int rc = floor_render(&g, f, size, argv[3]);
    free(g.w);
    return rc ? 1 : 0;
}
