/* SPDX-License-Identifier: MIT */
/*
 * Fonts and labels: fonts loaded from a directory through a private
 * fontconfig configuration (system fonts are never used, so output is the
 * same on every machine), label fitting measured with the font that
 * draws, and placed labels with their boxes.
 *
 * Fitting, per label: keep the preferred size when the text fits; else
 * shrink in steps of 0.25 down to the minimum size; else wrap to two lines
 * (balanced break at a space), again from the preferred size down to the
 * minimum; only then ellipsize ("…") at the minimum size.
 *
 * Placement (cs_renderer_city_labels): KPI labels radiate outwards from just
 * beyond ring 3, upright: on the right half they read outwards, on the
 * left half they are flipped to read from the outside in, ending at the
 * wheel. Group and dimension labels are curved along the middle of their
 * ring, glyph by glyph, reading clockwise on the upper half and reversed
 * (counter-clockwise, so still left to right) on the lower half; a block
 * that does not fit centred moves outwards in its ring, where arcs are
 * longer. When even that fails (a group of one KPI spans 3.3 degrees), the
 * label is set radially inside its ring instead (cs_label_t.fallback),
 * and may then shrink to 80 % of the minimum size before it is
 * ellipsized.
 */
#ifndef CITYSNAP_TEXT_H
#define CITYSNAP_TEXT_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/layout.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A set of fonts. Thread-safe: share one between threads. (Inside, the
 * fontconfig configuration is immutable after loading; Pango font maps,
 * which are not thread-safe, are handed out one per user from a pool
 * guarded by a mutex.)
 */
typedef struct cs_fonts cs_fonts_t;

/**
 * Loads every font file (*.ttf, *.otf) of @dir into a private fontconfig
 * configuration: FcConfigCreate, then FcConfigAppFontAddFile for each
 * file in name order (so the default family never depends on directory
 * order); no system configuration, no system fonts. Fails with
 * CS_ERR_FONT when the directory has no usable font. Free with
 * cs_fonts_free().
 */
CS_API cs_status_t cs_fonts_new(const char *dir, cs_fonts_t **out,
                                cs_diag_t *diag);
/** Frees @f; NULL allowed. Everything made from @f must be freed first. */
CS_API void cs_fonts_free(cs_fonts_t *f);
/** Number of font faces loaded. */
CS_API size_t cs_fonts_face_count(const cs_fonts_t *f);
/** Family of the first face in file-name order ("Lato"); borrowed. */
CS_API const char *cs_fonts_family(const cs_fonts_t *f);
/** 1 when a face of @f has the family @family (ASCII case ignored, as
 *  fontconfig matches); 0 otherwise or for NULL. */
CS_API int cs_fonts_has_family(const cs_fonts_t *f, const char *family);
/** The families of @f, in file-name order, as "Lato, Noto Sans Arabic"
 *  (for messages). free(); NULL for NULL or on OOM. */
CS_API char *cs_fonts_families(const cs_fonts_t *f);
/** 1 when the fonts have a glyph for every character of UTF-8 @text. */
CS_API int cs_fonts_covers(const cs_fonts_t *f, const char *text);
/**
 * Family name of the face that draws @text with @family (NULL: default):
 * proof that no system font is used. Newly allocated (free()), NULL on
 * error.
 */
CS_API char *cs_fonts_resolve(const cs_fonts_t *f, const char *family,
                              const char *text);

/** What fitting had to do to a label. Ordered from best to worst. */
typedef enum cs_fit_outcome {
    CS_FIT_OK = 0,        /* preferred size, one line */
    CS_FIT_SHRUNK = 1,    /* smaller than preferred, one line */
    CS_FIT_WRAPPED = 2,   /* two lines (possibly also smaller) */
    CS_FIT_ELLIPSIZED = 3, /* truncated with an ellipsis at the minimum size */
    CS_FIT_COUNT
} cs_fit_outcome_t;

/** "fit", "shrunk", "wrapped", "ellipsized"; NULL when out of range. */
CS_API const char *cs_fit_outcome_name(cs_fit_outcome_t o);

/** Font and sizes of one kind of label. */
typedef struct cs_text_style {
    const char *family; /* NULL: cs_fonts_family() */
    int bold;
    double size;     /* preferred size (design units) */
    double min_size; /* smallest size; == size: never shrink */
    int max_lines;   /* 1 or 2 */
} cs_text_style_t;

/**
 * Room of a label: the widest block allowed for a block of height @height,
 * or a negative value when a block that tall does not fit at all. Must
 * not grow with @height.
 */
typedef double (*cs_room_fn)(void *user, double height);

/** Result of cs_text_fit(). */
typedef struct cs_text_fit {
    cs_fit_outcome_t outcome;
    double size;       /* chosen size */
    int lines;         /* 1 or 2 */
    double width;      /* logical extents of the block */
    double height;
    double line_height;/* height of one line */
    char *shown;       /* text to draw; lines joined by '\n' (free()) */
    double ellipsize;  /* > 0: drawn with Pango ellipsizing at this width */
} cs_text_fit_t;

/**
 * Fits @text (control characters are turned into spaces) into the room
 * described by @room. Measured with Pango using @f. Fails only on OOM or
 * invalid arguments. Free the result's strings with cs_text_fit_clear().
 */
CS_API cs_status_t cs_text_fit(const cs_fonts_t *f, const char *text,
                               const cs_text_style_t *style, cs_room_fn room,
                               void *user, cs_text_fit_t *out,
                               cs_diag_t *diag);
/** Frees the strings of @fit (not @fit itself); NULL allowed. */
CS_API void cs_text_fit_clear(cs_text_fit_t *fit);
/** Logical width and height of @text at @size, taken as it is (one line
 * per newline; no cleaning) into *@width and *@height (either may be
 * NULL). @family NULL: cs_fonts_family(). CS_ERR_ARG for a NULL @f or
 * @text, or a size that is not positive. */
CS_API cs_status_t cs_text_measure(const cs_fonts_t *f, const char *text,
                                   const char *family, int bold, double size,
                                   double *width, double *height,
                                   cs_diag_t *diag);

/** Which label. */
typedef enum cs_label_kind {
    CS_LABEL_KPI = 0,       /* radiating beyond ring 3; index = KPI */
    CS_LABEL_GROUP = 1,     /* in ring 2; index = group */
    CS_LABEL_DIMENSION = 2, /* in ring 1; index = dimension */
    CS_LABEL_NAME = 3,      /* city name in the centre */
    CS_LABEL_TITLE = 4,
    CS_LABEL_LEGEND = 5,    /* index = position in the legend */
    CS_LABEL_SOURCE = 6,
    CS_LABEL_KIND_COUNT
} cs_label_kind_t;

/** "kpi", "group", "dimension", "name", "title", "legend", "source";
 * NULL when out of range. */
CS_API const char *cs_label_kind_name(cs_label_kind_t k);

/** How a label is set. */
typedef enum cs_label_mode {
    CS_LABEL_FLAT = 0,   /* horizontal */
    CS_LABEL_RADIAL = 1, /* along a ray, upright (flipped on the left half) */
    CS_LABEL_ARC = 2,    /* curved along an arc, glyph by glyph */
    CS_LABEL_MODE_COUNT
} cs_label_mode_t;

/** A placed label. Strings and boxes borrowed from its cs_labels_t. */
typedef struct cs_label {
    cs_label_kind_t kind;
    size_t index;
    const char *text;  /* as given (cleaned of control characters) */
    const char *shown; /* as set: lines joined by '\n', before any ellipsis */
    cs_label_mode_t mode;
    int fallback;      /* 1: ring label set radially, its arc was too narrow */
    cs_fit_outcome_t outcome;
    double size;       /* chosen size */
    double pref_size;  /* preferred size */
    int lines;
    size_t n_boxes;    /* logical boxes: 1, or one per glyph for arcs */
    const cs_quad_t *boxes;
} cs_label_t;

/** A list of placed labels. Immutable once made. */
typedef struct cs_labels cs_labels_t;

/** Number of labels (0 for NULL). */
CS_API size_t cs_labels_count(const cs_labels_t *ls);
/** Label @i, or NULL when out of range. Borrowed, valid while @ls lives. */
CS_API const cs_label_t *cs_labels_get(const cs_labels_t *ls, size_t i);
/** Number of labels whose outcome is @o. */
CS_API size_t cs_labels_count_outcome(const cs_labels_t *ls,
                                      cs_fit_outcome_t o);
/** Worst outcome of all labels (CS_FIT_OK when empty). */
CS_API cs_fit_outcome_t cs_labels_worst(const cs_labels_t *ls);
/** Frees @ls; NULL allowed. */
CS_API void cs_labels_free(cs_labels_t *ls);
/**
 * Checks the guarantee: no two labels' boxes overlap by more than @tol,
 * and every box lies inside @canvas. CS_OK when it holds; else
 * CS_ERR_INVALID with a description of the first failure in @diag.
 * CS_ERR_ARG when @ls is NULL.
 */
CS_API cs_status_t cs_labels_check(const cs_labels_t *ls, cs_rect_t canvas,
                                   double tol, cs_diag_t *diag);
/**
 * A stable text dump: one line per label (kind, index, mode, outcome,
 * size, lines, text, shown) and its boxes (arcs: their angular extent per
 * line), numbers as "%.3f". New string to free with free(), NULL on OOM
 * or a NULL @ls.
 */
CS_API char *cs_labels_dump(const cs_labels_t *ls);

/** Fonts and sizes of every kind of label. */
typedef struct cs_label_styles {
    cs_text_style_t kpi, group, dimension, name, title, legend, source;
    double ring_pad; /* free space at the edges of ring text (default 3) */
} cs_label_styles_t;

/** Defaults: KPI 7.5 (min 5, 2 lines), group 7.5 bold (min 6.5, 2 lines),
 * dimension 11 bold (min 7), name 18 bold (min 8, 2 lines), title 15 bold
 * (min 9, 2 lines), legend 8 (min 6), source 7 (min 5, 2 lines). */
CS_API void cs_label_styles_init(cs_label_styles_t *s);

#ifdef __cplusplus
}
#endif
#endif
