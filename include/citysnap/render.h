/* SPDX-License-Identifier: MIT */
/*
 * Rendering: a renderer made once from (framework, bands, fonts, options)
 * draws the snapshot wheel of any number of cities, from several threads
 * at once, through one drawing routine and a small table of backends
 * (PNG, SVG, PDF).
 */
#ifndef CITYSNAP_RENDER_H
#define CITYSNAP_RENDER_H

#include <stddef.h>
#include <cairo.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/score.h>
#include <citysnap/describe.h>
#include <citysnap/layout.h>
#include <citysnap/text.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Output formats (the backend table's order). */
typedef enum cs_format {
    CS_FORMAT_AUTO = -1, /* from the output file's extension */
    CS_FORMAT_PNG = 0,
    CS_FORMAT_SVG = 1,
    CS_FORMAT_PDF = 2,
    CS_FORMAT_COUNT
} cs_format_t;

/** "png", "svg", "pdf"; NULL when out of range. */
CS_API const char *cs_format_name(cs_format_t f);
/** ".png", ".svg", ".pdf"; NULL when out of range. */
CS_API const char *cs_format_extension(cs_format_t f);
/** 1 for SVG and PDF. */
CS_API int cs_format_is_vector(cs_format_t f);
/**
 * Parses a name ("png", case-insensitive) into *@out. CS_ERR_INVALID for
 * an unknown name (*@out unchanged), CS_ERR_ARG when @name or @out is NULL.
 */
CS_API cs_status_t cs_format_from_name(const char *name, cs_format_t *out,
                                       cs_diag_t *diag);
/** The format of @path's extension (case-insensitive), as
 * cs_format_from_name(): CS_ERR_INVALID for an unknown or no extension. */
CS_API cs_status_t cs_format_from_path(const char *path, cs_format_t *out,
                                       cs_diag_t *diag);

/** Default source line: the credit for the wheel's layout. It does not
 * claim the colours: a city's picture says where its colours come from on
 * the line above it (cs_describe_colours). */
#define CS_DEFAULT_SOURCE_LINE                                                 \
    "Wheel layout after ITU/United for Smart Sustainable Cities (U4SSC) "     \
    "City Snapshots."

/** Hatch patterns drawn over a band's colour (greyscale-safe styles). */
typedef enum cs_hatch {
    CS_HATCH_NONE = 0,
    CS_HATCH_DIAGONAL = 1,     /* lines rising to the right */
    CS_HATCH_BACKDIAGONAL = 2, /* lines falling to the right */
    CS_HATCH_CROSS = 3,        /* both diagonals */
    CS_HATCH_HORIZONTAL = 4,
    CS_HATCH_VERTICAL = 5,
    CS_HATCH_DOTS = 6,
    CS_HATCH_COUNT
} cs_hatch_t;

/** "none", "diagonal", ...; NULL when out of range. */
CS_API const char *cs_hatch_name(cs_hatch_t h);
/** Parses a hatch name into *@out, as cs_format_from_name(). */
CS_API cs_status_t cs_hatch_from_name(const char *name, cs_hatch_t *out,
                                      cs_diag_t *diag);

/** Look of the wheel. Initialise with cs_render_options_init(). */
typedef struct cs_render_options {
    const char *title;       /* NULL or "": no title band */
    const char *source_line; /* NULL: CS_DEFAULT_SOURCE_LINE; "": none */
    cs_layout_params_t layout;  /* geometry (layout.title_height is set
                                   from the title when 0) */
    cs_label_styles_t labels;   /* fonts and sizes */
    cs_rgb_t background;        /* default white */
    cs_rgb_t ink;               /* text off the wheel (default #333333) */
    cs_rgb_t separator;         /* lines between wedges (default white) */
    double separator_width[3];  /* between dimensions, groups, KPIs
                                   (defaults 2.2, 1.2, 0.5) */
    double ring_width;          /* circles between rings (default 1.2) */
    /* Hatch per band (index cs_band_t; default none), drawn over the band
     * colour in wedges and legend swatches, in a tint of the band colour
     * moved away from the text colour (text contrast only improves). */
    cs_hatch_t hatch[CS_BAND_COUNT];
    double hatch_width;   /* line width or dot radius (default 0.6) */
    double hatch_spacing; /* distance between lines (default 3.5) */
    const char *lang;     /* BCP 47 tag of the texts (NULL: "en"): the
                             xml:lang of --svg-text output */
    /* Sentence frames of the descriptions in the files (SVG title, desc
     * and wedge tooltips, PDF title and subject); NULL: English. Copied. */
    const cs_describe_words_t *words;
    /* 1: a wheel of progress. Each KPI wedge shows the band it had at the
     * previous verification as a thin strip along its inner edge (the
     * comparison comes with each city: cs_output_t.previous), and the
     * legend has one more entry that says so (words->legend_previous).
     * Without a comparison every strip is "no data". */
    int progress;
} cs_render_options_t;

/** Fills @o with the defaults listed above; NULL allowed. */
CS_API void cs_render_options_init(cs_render_options_t *o);

/**
 * A renderer. Read-only after cs_renderer_new(): one renderer may render
 * many cities from several threads concurrently. Borrows @fw, @bands and
 * @fonts: they must outlive it. Copies the strings of @opts.
 */
typedef struct cs_renderer cs_renderer_t;

/**
 * Makes the layout (its outer radius chosen so that the KPI labels fit)
 * and fits every label that is the same for every city (KPI, group and
 * dimension labels, legend, source line, title) once. @opts may be NULL
 * (defaults). Free with cs_renderer_free().
 */
CS_API cs_status_t cs_renderer_new(const cs_framework_t *fw,
                                   const cs_bands_t *bands,
                                   const cs_fonts_t *fonts,
                                   const cs_render_options_t *opts,
                                   cs_renderer_t **out, cs_diag_t *diag);
/** Frees @r; NULL allowed. Label lists made from @r must be freed first. */
CS_API void cs_renderer_free(cs_renderer_t *r);
/** Natural canvas size in design units (= pt). */
CS_API void cs_renderer_size(const cs_renderer_t *r, double *width,
                             double *height);
/** The layout; borrowed, valid while @r lives. */
CS_API const cs_layout_t *cs_renderer_layout(const cs_renderer_t *r);
/** The labels shared by every city; borrowed, valid while @r lives. */
CS_API const cs_labels_t *cs_renderer_shared_labels(const cs_renderer_t *r);

/**
 * All labels of one city's wheel (the shared ones, then the city @name in
 * the centre): the fit report. The list borrows from @r (free it before
 * @r) and is freed with cs_labels_free().
 */
CS_API cs_status_t cs_renderer_city_labels(const cs_renderer_t *r, const char *name,
                                    cs_labels_t **out, cs_diag_t *diag);

/**
 * Draws the wheel of one city on @cr, in design units with the canvas at
 * (0, 0) to cs_renderer_size(): scale and translate @cr first to place it
 * (a multi-page book draws several wheels on one surface this way).
 * Wedges take their colours from @scores (NULL: every KPI "no data"):
 * ring 3 the KPI bands, rings 2 and 1 the group and dimension bands;
 * the legend comes from the same band table. @name (NULL or "": none) is
 * set in the centre. @labels_out, when not NULL, receives the fit report
 * (see cs_renderer_city_labels). Leaves the state of @cr as it found it. Fails
 * with CS_ERR_RENDER when @cr is in an error state afterwards.
 */
CS_API cs_status_t cs_renderer_draw(const cs_renderer_t *r, cairo_t *cr,
                                  const cs_scores_t *scores,
                                  const char *name, cs_labels_t **labels_out,
                                  cs_diag_t *diag);

/**
 * PNG compression. Both write unfiltered rows, which suit the wheel's flat
 * colours best; the pixels are the same either way.
 */
typedef enum cs_png_mode {
    CS_PNG_FAST = 0, /* zlib level 1: ~5x faster than Cairo's own PNG
                        writer, and smaller files */
    CS_PNG_SMALL = 1, /* zlib level 9: ~6 % smaller than FAST, ~14x slower */
    CS_PNG_MODE_COUNT
} cs_png_mode_t;

/** Output size and format. Initialise with cs_output_init(). */
typedef struct cs_output {
    cs_format_t format; /* CS_FORMAT_AUTO: from the path (to_file only) */
    /* PNG: width_px, else width_mm at dpi, else 2000 px.
     * SVG/PDF: width_mm, else width_pt, else the natural size (pt).
     * The height follows the canvas' aspect ratio. */
    double width_px;
    double width_mm;
    double width_pt;
    double dpi;        /* default 300 (PNG with width_mm) */
    int strict;        /* 1: fail with CS_ERR_FIT, writing nothing, when a
                          label had to be ellipsized */
    cs_png_mode_t png_mode; /* PNG compression (default CS_PNG_FAST) */
    /* Print page (any format; excludes the widths above): page_w_mm x
     * page_h_mm (see cs_output_page_from_name); the wheel is scaled to fit inside
     * margin_mm on every side and centred; bleed_mm extends the page (and
     * the background) on every side. SVG and PDF get the exact physical
     * size (SVG in mm, PDF in pt = mm * 72 / 25.4, with a TrimBox and a
     * BleedBox); PNG is the page at dpi. 0: no page. */
    double page_w_mm;
    double page_h_mm;
    double margin_mm; /* needs a page */
    double bleed_mm;  /* needs a page; at most 25 mm */
    int svg_text;     /* SVG: labels as editable <text>/<textPath> instead
                         of glyph outlines */
    /* 1: no other thread of the process uses cairo text during this call
     * (true of a process making one file, like `citysnap render`). PDF
     * labels are then plain rotated text: the same picture, ~4x smaller
     * and faster to write. 0 (default): each rotated label goes through a
     * group, safe while other threads render (cairo 1.16 can deadlock on
     * rotated text from several threads). Other formats: no effect. */
    int exclusive;
    /* With a renderer made with cs_render_options_t.progress: the
     * comparison with the previous verification (cs_comparison_new() with
     * the renderer's framework), drawn as each KPI wedge's inner strip.
     * NULL: none. Not drawn in svg_text SVG (CS_ERR_ARG). Borrowed. */
    const struct cs_comparison *previous;
    /* The year the city's data is from, printed with its name in the
     * centre ("Asker 2023"): 1900 to 2999 (CS_ERR_ARG otherwise); 0:
     * none. */
    int year;
} cs_output_t;

/** Fills @o with the defaults (format AUTO, 300 dpi); NULL allowed. */
CS_API void cs_output_init(cs_output_t *o);

/**
 * Page presets: "a4" (portrait, 210 x 297 mm), "a5" (148 x 210 mm),
 * "square" (210 x 210 mm); case-insensitive. CS_OK with the size in
 * *@w_mm and *@h_mm; CS_ERR_INVALID for an unknown name (outputs
 * unchanged); CS_ERR_ARG when a pointer is NULL.
 */
CS_API cs_status_t cs_output_page_from_name(const char *name, double *w_mm,
                                            double *h_mm, cs_diag_t *diag);

/**
 * Surface size for @out in @format (not CS_FORMAT_AUTO): *@w x *@h
 * (pixels for PNG, else the units of the document), the scale from design
 * units to surface units in *@scale, and where the canvas goes: drawn
 * scaled by *@scale with its origin at (*@x, *@y) (0, 0 without a page).
 * @x and @y may be NULL. Fails with CS_ERR_ARG for NULL @r, @out, @w, @h
 * or @scale, and for sizes that are not positive, too small (< 16 px) or
 * too large (> 20000 px, > 5 m); the outputs are then unspecified.
 */
CS_API cs_status_t cs_renderer_output_place(const cs_renderer_t *r,
                                            cs_format_t format,
                                            const cs_output_t *out, double *w,
                                            double *h, double *scale,
                                            double *x, double *y,
                                            cs_diag_t *diag);

/**
 * Renders one city into memory. @out->format must not be AUTO. *@data
 * (free with free()) and *@len on success. Byte-identical for the same
 * input, except that a PDF carries the time of writing as its creation
 * date unless SOURCE_DATE_EPOCH (seconds since 1970, UTC) pins it.
 */
CS_API cs_status_t cs_renderer_to_memory(const cs_renderer_t *r,
                                       const cs_scores_t *scores,
                                       const char *name,
                                       const cs_output_t *out,
                                       unsigned char **data, size_t *len,
                                       cs_labels_t **labels_out,
                                       cs_diag_t *diag);

/**
 * Renders one city into @path: written to a temporary file in the same
 * directory and renamed over @path on success, so a failed render never
 * leaves a partial file nor destroys an existing one. CS_ERR_IO when the
 * file cannot be written.
 */
CS_API cs_status_t cs_renderer_to_file(const cs_renderer_t *r,
                                     const cs_scores_t *scores,
                                     const char *name, const char *path,
                                     const cs_output_t *out,
                                     cs_labels_t **labels_out,
                                     cs_diag_t *diag);

/** Most pixels in one PNG (width x height): the image is drawn in memory
 *  at 4 bytes a pixel, so 150 million keep one render near 0.6 GB. A batch
 *  renders at most this many pixels at once, whatever its threads. */
#define CS_OUTPUT_MAX_PIXELS 150000000.0

/** Longest free text, in characters: the title, the city name, the source
 *  line (also a style's [source] line). Longer is CS_ERR_LIMIT: such a
 *  text cannot be read on a wheel, and fitting it costs time. */
#define CS_RENDER_MAX_TEXT_CHARS 1000u

/**
 * One file of a set written by cs_write_files_atomic(). @data is borrowed.
 * @named: the user gave this name (an -o FILE, a --book FILE), so an
 * existing character device or FIFO with a reader there is written in
 * place (/dev/stdout, a pipe); 0 for names citysnap makes (a city's file
 * inside an output folder, a --describe table), which must be regular
 * files or absent.
 */
typedef struct cs_write_item {
    const char *path;
    const unsigned char *data;
    size_t len;
    int named;
} cs_write_item_t;

/**
 * Writes the @n files of @items as a set: each to a short temporary file
 * in its folder (".cs-XXXXXXXX.tmp", created with O_EXCL|O_NOFOLLOW), and
 * only when all are complete, renamed over their names. On any failure
 * nothing is renamed, every temporary file is removed and the existing
 * files keep their bytes. A symbolic link at a name is replaced, never
 * written through; block devices, sockets and folders are refused (see
 * cs_write_item_t for devices and FIFOs). CS_ERR_IO with the file named;
 * CS_ERR_ARG for missing names or data.
 */
CS_API cs_status_t cs_write_files_atomic(const cs_write_item_t *items,
                                         size_t n, cs_diag_t *diag);

/**
 * cs_write_files_atomic() inside the folder open as @dirfd (every
 * operation relative to it: openat, renameat, never following a link out
 * of it); each @path is a plain name in it (no '/'). @dirname is the
 * folder's name in messages. @dirfd AT_FDCWD: paths as given.
 */
CS_API cs_status_t cs_write_files_at(int dirfd, const char *dirname,
                                     const cs_write_item_t *items, size_t n,
                                     cs_diag_t *diag);

/** One file named by the user: cs_write_files_atomic() of one item. */
CS_API cs_status_t cs_write_file_atomic(const char *path,
                                        const unsigned char *data, size_t len,
                                        cs_diag_t *diag);

/**
 * Removes every temporary file that citysnap is writing at this moment,
 * in any thread, and makes further writes fail. Async-signal-safe: for a
 * SIGINT/SIGTERM handler, which then ends the process (_exit).
 */
CS_API void cs_write_abort(void);

#ifdef __cplusplus
}
#endif
#endif
