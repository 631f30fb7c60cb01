/* SPDX-License-Identifier: MIT */
/*
 * The importer: tables as published (verification report, factsheet,
 * Norwegian sheet) give the same city and scores as the canonical file;
 * codes, names, data points, units, band words, warnings, the template,
 * the canonical writer, and every error with its position.
 */
#include "cs-test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include <citysnap/citysnap.h>

#include "csv-private.h"
#include "value-private.h"

static cs_framework_t *fw;

static int
setup(void **state)
{
    (void)state;
    fw = cs_test_framework();
    return fw ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    cs_framework_free(fw);
    return 0;
}

static cs_import_t *
import_text(const char *name, const char *text, cs_status_t want,
            cs_diag_t *d)
{
    cs_import_t *imp = NULL;
    cs_status_t st = cs_import_buffer(fw, name, text, strlen(text), NULL,
                                      &imp, d);
    if (st != want)
        cs_test_diag_dump(d);
    assert_int_equal(st, want);
    return imp;
}

/* Imports @text and expects an error at @line:@col containing @needle. */
static void
assert_bad(const char *text, unsigned line, unsigned col, const char *needle)
{
    cs_diag_t *d = cs_diag_new();
    cs_import_t *imp = NULL;
    cs_status_t st = cs_import_buffer(fw, "t.csv", text, strlen(text), NULL,
                                      &imp, d);
    if (st == CS_OK || !cs_test_diag_has(d, line, col, needle)) {
        fprintf(stderr, "# want %u:%u '%s' for:\n%s", line, col, needle,
                text);
        cs_test_diag_dump(d);
    }
    assert_int_not_equal(st, CS_OK);
    assert_null(imp);
    assert_true(cs_test_diag_has(d, line, col, needle));
    cs_diag_free(d);
}

static double
value_of(const cs_city_t *c, const char *code)
{
    long k = cs_framework_find(fw, code);
    assert_true(k >= 0);
    return cs_city_get_entry(c, (size_t)k)->value;
}

static cs_import_t *
import_fixture(const char *rel)
{
    char *p = cs_test_src(rel);
    cs_diag_t *d = cs_diag_new();
    cs_import_t *imp = NULL;
    cs_status_t st = cs_import_file(fw, p, NULL, &imp, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    g_free(p);
    return imp;
}

/* Same value (or both no data) for every wedge, same scores. */
static void
assert_same_city(const cs_city_t *a, const cs_city_t *b)
{
    char *tp = cs_test_root("samples/targets.csv");
    cs_targets_t *t = NULL;
    assert_int_equal(cs_targets_load(fw, tp, &t, NULL), CS_OK);
    g_free(tp);
    cs_bands_t *bands = cs_bands_new_default();
    cs_scores_t *sa = NULL, *sb = NULL;
    assert_int_equal(cs_scores_compute(fw, bands, t, a, &sa, NULL), CS_OK);
    assert_int_equal(cs_scores_compute(fw, bands, t, b, &sb, NULL), CS_OK);
    for (size_t k = 0; k < cs_framework_kpi_count(fw); k++) {
        double va = cs_city_get_entry(a, k)->value, vb = cs_city_get_entry(b, k)->value;
        if (!(va == vb || (isnan(va) && isnan(vb))))
            fprintf(stderr, "# %s: %g != %g\n", cs_framework_get_kpi(fw, k)->code,
                    va, vb);
        assert_true(va == vb || (isnan(va) && isnan(vb)));
        assert_int_equal(cs_scores_get_kpi(sa, k)->band, cs_scores_get_kpi(sb, k)->band);
    }
    assert_int_equal(cs_scores_get_overall(sa)->points,
                     cs_scores_get_overall(sb)->points);
    assert_int_equal(cs_scores_get_overall(sa)->scored,
                     cs_scores_get_overall(sb)->scored);
    cs_scores_free(sa);
    cs_scores_free(sb);
    cs_bands_free(bands);
    cs_targets_free(t);
}

static void
test_published_tables(void **state)
{
    (void)state;
    cs_import_t *canon = import_fixture("data/import/canonical.csv");
    assert_true(cs_import_is_canonical(canon));
    const char *fixtures[] = {"data/import/verification-report.csv",
                              "data/import/verification-report.xlsx",
                              "data/import/factsheet.csv",
                              "data/import/norsk.csv",
                              /* the report table as typed into a
                               * spreadsheet, from three writers */
                              "data/sheets/verification-report-openpyxl.xlsx",
                              "data/sheets/verification-report-lo.xlsx",
                              "data/sheets/verification-report-lo.ods",
                              "data/sheets/verification-report-lo.xls"};
    for (size_t i = 0; i < G_N_ELEMENTS(fixtures); i++) {
        cs_import_t *imp = import_fixture(fixtures[i]);
        assert_false(cs_import_is_canonical(imp));
        assert_same_city(cs_import_city(canon), cs_import_city(imp));
        assert_int_equal(cs_city_data_row_count(cs_import_city(imp)), 19);
        cs_import_free(imp);
    }
    /* the report's details */
    cs_import_t *rep = import_fixture("data/import/verification-report.csv");
    const cs_city_t *c = cs_import_city(rep);
    assert_true(value_of(c, "EC:ICT:ICT:3C") == 95424);
    assert_true(value_of(c, "EC:I:ES:2C") == 66.86); /* "66.86\nMinutes" */
    assert_true(value_of(c, "EC:ICT:ICT:4C/3G") == 99);
    assert_true(value_of(c, "EC:ICT:ICT:4C/4G") == 99);
    assert_true(value_of(c, "EC:I:UP:2A") == 0.8); /* 4 of 5 YES */
    assert_true(isnan(value_of(c, "EC:ICT:PS:1A/percent"))); /* NR */
    assert_true(isnan(value_of(c, "EC:P:EM:3A")));          /* Not Reported */
    assert_true(isnan(value_of(c, "EC:P:EM:4A")));          /* - */
    /* the mapping report */
    assert_true(cs_import_match_count(rep, CS_MATCH_LABEL) > 0);
    assert_true(cs_import_match_count(rep, CS_MATCH_ALIAS) > 0);
    char *report = NULL;
    assert_int_equal(cs_import_report(rep, &report, NULL), CS_OK);
    assert_non_null(strstr(report, "'Wireless Broadband Coverage: 3G and 4G'"
                                   " -> EC:ICT:ICT:4C/3G, EC:ICT:ICT:4C/4G"));
    assert_non_null(strstr(report, "verification-report.csv:4:20: "
                                   "'Household Internet Access'"));
    assert_non_null(strstr(report, "share of YES"));
    free(report);
    /* the canonical writer, read back, gives the same city */
    size_t len = 0;
    char *csv = NULL;
    assert_int_equal(cs_import_city_csv(rep, &csv, &len, NULL), CS_OK);
    assert_non_null(strstr(csv, "EC:ICT:ICT:1C,Household Internet Access,97,"
                                ",,,\""));
    assert_non_null(strstr(csv, "verification-report.csv, line 4: "
                                "'Household Internet Access'\"\n"));
    cs_diag_t *d = cs_diag_new();
    cs_import_t *back = import_text("back.csv", csv, CS_OK, d);
    assert_true(cs_import_is_canonical(back));
    assert_same_city(cs_import_city(rep), cs_import_city(back));
    free(csv);
    cs_import_free(back);
    cs_import_free(rep);
    cs_import_free(canon);
    cs_diag_free(d);
}

/* The readers' fixtures (one report table written by LibreOffice,
 * openpyxl and XlsxWriter, and as Windows-1252 and UTF-16 text): the rows
 * that are not KPIs are named in the sheet's own coordinates. */
static void
test_sheet_positions(void **state)
{
    (void)state;
    static const struct {
        const char *file, *pos;
    } cases[] = {
        {"data/sheets/report-lo.xlsx", "\xc3\x98konomi!B12"},
        {"data/sheets/report-openpyxl.xlsx", "\xc3\x98konomi!B12"},
        {"data/sheets/report-xlsxwriter.xlsx", "\xc3\x98konomi!B12"},
        {"data/sheets/report-lo.ods", "\xc3\x98konomi!B12"},
        {"data/sheets/report-lo.xls", "\xc3\x98konomi!B12"},
        {"data/sheets/report-cp1252.csv", NULL},
        {"data/sheets/report-utf16.txt", NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *p = cs_test_src(cases[i].file);
        cs_diag_t *d = cs_diag_new();
        cs_import_t *imp = NULL;
        assert_int_equal(cs_import_file(fw, p, NULL, &imp, d),
                         CS_ERR_INVALID);
        char *want = cases[i].pos
                         ? g_strdup_printf("%s:%s", p, cases[i].pos)
                         : g_strdup(p);
        int hit = 0;
        for (size_t j = 0; j < cs_diag_entry_count(d); j++) {
            const cs_diag_entry_t *e = cs_diag_get(d, j);
            if (!strcmp(e->file, want) &&
                strstr(e->message, "'Tjenester p\xc3\xa5 nett") &&
                (cases[i].pos || (e->line == 13 && e->column == 20)))
                hit = 1;
        }
        if (!hit) {
            fprintf(stderr, "# %s: want %s\n", cases[i].file, want);
            cs_test_diag_dump(d);
        }
        assert_true(hit);
        g_free(want);
        cs_diag_free(d);
        g_free(p);
    }
}

static void
test_codes(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_import_t *imp = import_text(
        "c.csv",
        "code,value\n"
        "EC: I: ES: 1C,2\n"
        "ec:ict:ict:4c/3g,90\n"
        "EC:ICT:ICT:4C 4G,91\n"
        "SC: EH: ED:1C,100\n"
        "EN:EN:AQ:1C,NR\n", /* a base code alone, not reported */
        CS_OK, d);
    const cs_city_t *c = cs_import_city(imp);
    assert_true(value_of(c, "EC:I:ES:1C") == 2);
    assert_true(value_of(c, "EC:ICT:ICT:4C/3G") == 90);
    assert_true(value_of(c, "EC:ICT:ICT:4C/4G") == 91);
    assert_true(value_of(c, "SC:EH:ED:1C") == 100);
    /* a targets file reads codes the same way */
    const char *tt = "code,target\nec: i: es: 1c,1\nEC:ICT:ICT:4C 3G,100\n";
    cs_targets_t *t = NULL;
    assert_int_equal(cs_targets_load_buffer(fw, "t.csv", tt, strlen(tt), &t,
                                            d),
                     CS_OK);
    assert_true(cs_targets_get(t, (size_t)cs_framework_find(fw, "EC:I:ES:1C"))
                == 1);
    assert_true(cs_targets_get(
                    t, (size_t)cs_framework_find(fw, "EC:ICT:ICT:4C/3G")) ==
                100);
    cs_targets_free(t);
    const char *tb = "code,target\nEC:ICT:ICT:4C,100\n";
    assert_int_equal(cs_targets_load_buffer(fw, "t.csv", tb, strlen(tb), &t,
                                            d),
                     CS_ERR_INVALID);
    assert_true(cs_test_diag_has(d, 2, 1, "it has data points"));
    char *report = NULL;
    assert_int_equal(cs_import_report(imp, &report, NULL), CS_OK);
    assert_non_null(strstr(report, "its data points are PM2.5, PM10, NO2, "
                                   "SO2, O3"));
    free(report);
    cs_import_free(imp);
    cs_diag_free(d);
}

static void
test_names(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    /* header below a title; singular/plural, Wi-Fi, ligatures, units in
     * parentheses, ITU names, KS data points, Norwegian names */
    cs_import_t *imp = import_text(
        "n.csv",
        "Smart city profile\n"
        "KPI,Value\n"
        "Wireless Broadband Subscription,1\n"
        "Availability of WIFI in Public Areas,2\n"
        "Tra\xef\xbf\xbd" "c Monitoring,3\n"
        "Solid Waste Treatment: Land ll,4\n"
        "Gini Coe\xef\xac\x83" "cient,0.3\n"
        "Physicians (per 100 000 inhabitants),5\n"
        "Transportation Mode Share: Private vehicles,6\n"
        "Air Pollution: PM2.5,7\n"
        "Smarte vannm\xc3\xa5lere,8\n"
        "e- Government,9\n"
        "Houshold Internet Acess,10\n",
        CS_OK, d);
    const cs_city_t *c = cs_import_city(imp);
    assert_true(value_of(c, "EC:ICT:ICT:3C") == 1);
    assert_true(value_of(c, "EC:ICT:ICT:5A") == 2);
    assert_true(value_of(c, "EC:ICT:T:2C") == 3);
    assert_true(value_of(c, "EN:EN:WA:1C/landfill") == 4);
    assert_true(value_of(c, "SC:SH:SI:2C") == 0.3);
    assert_true(value_of(c, "SC:EH:H:3C") == 5);
    assert_true(value_of(c, "EC:I:T:4A/private-vehicles") == 6);
    assert_true(value_of(c, "EN:EN:AQ:1C/PM2.5") == 7);
    assert_true(value_of(c, "EC:ICT:WS:1C") == 8);
    assert_true(value_of(c, "EC:ICT:PS:2A") == 9);
    /* the near miss is placed, reported as fuzzy and warned about */
    assert_true(value_of(c, "EC:ICT:ICT:1C") == 10);
    assert_int_equal(cs_import_match_count(imp, CS_MATCH_FUZZY), 1);
    assert_true(cs_test_diag_has(cs_import_warnings(imp), 13, 1,
                                 "read as the nearest, 'Household Internet "
                                 "Access'"));
    cs_import_free(imp);
    cs_diag_free(d);
}

static void
test_values(void **state)
{
    (void)state;
    cs_value_t v;
    const char *why;
    assert_int_equal(cs_value_parse("95\xc2\xa0" "424", 0, &v, &why), 0);
    assert_true(v.number == 95424);
    assert_int_equal(cs_value_parse("1\xe2\x80\xaf" "234\xe2\x80\xaf" "567,5",
                                    1, &v, &why),
                     0);
    assert_true(v.number == 1234567.5);
    assert_int_equal(cs_value_parse("\xe2\x88\x92" "3 %", 0, &v, &why), 0);
    assert_true(v.number == -3);
    assert_string_equal(v.unit, "%");
    assert_int_equal(cs_value_parse("No Benchmark Available", 0, &v, &why),
                     0);
    assert_int_equal(v.kind, CS_VALUE_NODATA);
    assert_int_equal(cs_value_parse(" Nei ", 0, &v, &why), 0);
    assert_int_equal(v.kind, CS_VALUE_NO);
    /* groups are threes: "1 5" is a number and a unit "5" */
    assert_int_equal(cs_value_parse("1 5", 0, &v, &why), 0);
    assert_string_equal(v.unit, "5");
    /* units */
    assert_int_equal(cs_unit_agrees("per cent", "Percentage", NULL), 1);
    assert_int_equal(cs_unit_agrees("\xe2\x84\x93 / day",
                                    "litres per day per capita", NULL),
                     1);
    assert_int_equal(cs_unit_agrees("/ 100 000 inhabitants",
                                    "Degrees / 100,000 inhabitants", NULL),
                     1);
    assert_int_equal(cs_unit_agrees("Services", "Number", NULL), 1);
    assert_int_equal(cs_unit_agrees("% GDP", "% of GDP", NULL), 1);
    assert_int_equal(cs_unit_agrees("\xc2\xb5g/m\xc2\xb3", "ug/m3", NULL), 1);
    assert_int_equal(cs_unit_agrees("Minutes", "%", NULL), 0);
    assert_int_equal(cs_unit_agrees("%", "per 100 000 inhabitants", NULL), 0);
    char *word = NULL;
    assert_int_equal(cs_unit_agrees("furlongs", "km", &word), -1);
    assert_string_equal(word, "furlongs");
    g_free(word);
    /* a sheet whose values carry units and a unit column */
    cs_diag_t *d = cs_diag_new();
    cs_import_t *imp = import_text(
        "u.csv",
        "code;value;unit\n"
        "EC:I:ES:2C;66,86 Minutes;minutter\n"
        "EC:ICT:ICT:3C;95 424;per 100 000 innbyggere\n"
        "EC:I:UP:2A;Ja;\n",
        CS_OK, d);
    assert_true(value_of(cs_import_city(imp), "EC:I:ES:2C") == 66.86);
    assert_true(value_of(cs_import_city(imp), "EC:I:UP:2A") == 1);
    cs_import_free(imp);
    cs_diag_free(d);
}

static void
test_bands(void **state)
{
    (void)state;
    cs_band_t b;
    /* every legend label, English (data/bands.csv) and Norwegian
     * (data/labels-nb.csv), is read as its band */
    cs_bands_t *def = cs_bands_new_default();
    /* (fewdata is for rings: a KPI never has it) */
    for (int i = 0; i < CS_BAND_FEWDATA; i++) {
        const char *label = cs_bands_label(def, (cs_band_t)i);
        if (cs_band_parse(label, &b) != 0 || b != (cs_band_t)i)
            fprintf(stderr, "# '%s'\n", label);
        assert_int_equal(cs_band_parse(label, &b), 0);
        assert_int_equal(b, i);
    }
    cs_bands_free(def);
    char *p = cs_test_root("data/labels-nb.csv");
    cs_translation_t *tr = NULL;
    assert_int_equal(cs_translation_load(p, "nb", &tr, NULL), CS_OK);
    const char *nb[CS_BAND_COUNT] = {NULL};
    cs_translation_band_labels(tr, nb);
    for (int i = 0; i < CS_BAND_FEWDATA; i++) {
        assert_non_null(nb[i]);
        if (cs_band_parse(nb[i], &b) != 0 || b != (cs_band_t)i)
            fprintf(stderr, "# '%s'\n", nb[i]);
        assert_int_equal(cs_band_parse(nb[i], &b), 0);
        assert_int_equal(b, i);
    }
    cs_translation_free(tr);
    g_free(p);
    assert_int_equal(cs_band_parse("66 - 95 %", &b), 0);
    assert_int_equal(b, CS_BAND_66TO95);
    assert_int_equal(cs_band_parse("Less than 33 %", &b), 0);
    assert_int_equal(b, CS_BAND_BELOW33);
    assert_int_equal(cs_band_parse("below33", &b), 0);
    assert_int_equal(cs_band_parse("N/A", &b), 1);
    assert_int_equal(cs_band_parse("green", &b), -1);
    assert_int_equal(cs_band_parse("fewdata", &b), -1);
}

static void
test_errors(void **state)
{
    (void)state;
    /* a name that matches nothing: its position, the nearest names */
    assert_bad("Dimension: Economy\nKPI,Results\nHousehold Internet,5\n", 3,
               1,
               "KPI: 'Household Internet' matches no KPI of the wheel; did "
               "you mean 'Household Internet Access' (EC:ICT:ICT:1C)");
    assert_bad("code,value\nEC:ICT:ICT:9C,5\n", 2, 1,
               "did you mean 'EC:ICT:ICT:1C'");
    /* a KPI with data points, named alone with a value */
    assert_bad("KPI,Result\nWireless Broadband Coverage,99\n", 2, 1,
               "is a KPI with 2 data points (3G, 4G): give one row per data "
               "point");
    assert_bad("code,value\nEN:EN:AQ:1C,Partial \xe2\x80\x93 SO2, O3 not "
               "reported\n",
               2, 13, "bad number");
    /* units that contradict the wedge's */
    assert_bad("KPI,Result\nHousehold Internet Access,66.86 Minutes\n", 2, 27,
               "value: the unit 'Minutes' contradicts the unit of "
               "EC:ICT:ICT:1C 'Household Internet Access' ('Percentage')");
    assert_bad("KPI,Result\nCultural Infrastructure (%),12\n", 2, 29,
               "contradicts the unit of SC:EH:C:2A");
    assert_bad("code,value,unit\nEC:I:ES:2C,5,%\n", 2, 12,
               "the unit '%' contradicts");
    assert_bad("code,value\nEC:I:ES:2C,5 parsecs\n", 2, 12,
               "value: bad number '5 parsecs': 'parsecs' is not a unit");
    /* yes/no for a number */
    assert_bad("code,value\nEC:I:ES:2C,YES\n", 2, 12,
               "'YES' is a yes/no answer, but EC:I:ES:2C");
    /* twice, and a sub-point twice */
    assert_bad("KPI;Resultat\nSmart Water Meters;5\nSmarte vannm\xc3\xa5lere;6\n",
               3, 1, "EC:ICT:WS:1C 'Smart Water Meters' is given twice "
                     "(first on line 2)");
    assert_bad("KPI,Result\nUrban Development and Spatial Planning: Compact,"
               "YES\nUrban Development and Spatial Planning: Compact,NO\n",
               3, 1, "is given twice (first on line 2)");
    /* numbers */
    assert_bad("code,value\nEC:I:ES:2C,1e-400\n", 2, 12, "too small");
    assert_bad("code;value\nEC:I:ES:2C;1.234\n", 2, 12, "ambiguous");
    /* bands */
    assert_bad("code,value,band\nEC:I:ES:2C,5,greenish\n", 2, 14,
               "band: unknown band key 'greenish'");
    /* no header at all */
    assert_bad("a,b\n1,2\n", 1, 1, "missing required column 'code'");
    /* header on line 3 without a value column */
    assert_bad("x\ny\nKPI,Comment\nz,1\n", 3, 1,
               "missing required column 'value'");
}

static void
test_ambiguous(void **state)
{
    (void)state;
    /* the same name in two dimensions: a Dimension or Category column
     * decides, without one the row is an error naming both */
    const char *fwtext = "code,dimension,group,label,unit,direction\n"
                         "A:1,Economy,Waste,Recycling,%,higher\n"
                         "B:1,Environment,Waste,Recycling,%,higher\n"
                         "B:2,Environment,Water,Water Use,,lower\n";
    cs_framework_t *f2 = NULL;
    assert_int_equal(cs_framework_load_buffer("fw.csv", fwtext,
                                              strlen(fwtext), &f2, NULL),
                     CS_OK);
    const char *t1 = "Dimension,KPI,Result\nEnvironment,Recycling,5\n";
    cs_import_t *imp = NULL;
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_import_buffer(f2, "a.csv", t1, strlen(t1), NULL, &imp,
                                      d),
                     CS_OK);
    assert_true(cs_city_get_entry(cs_import_city(imp), 1)->value == 5);
    assert_true(isnan(cs_city_get_entry(cs_import_city(imp), 0)->value));
    cs_import_free(imp);
    /* a title row sets the dimension */
    const char *t2 = "Dimension: Economy\nKPI,Result\nRecycling,6\n";
    assert_int_equal(cs_import_buffer(f2, "b.csv", t2, strlen(t2), NULL, &imp,
                                      d),
                     CS_OK);
    assert_true(cs_city_get_entry(cs_import_city(imp), 0)->value == 6);
    cs_import_free(imp);
    const char *t3 = "KPI,Result\nRecycling,7\n";
    assert_int_equal(cs_import_buffer(f2, "c.csv", t3, strlen(t3), NULL, &imp,
                                      d),
                     CS_ERR_INVALID);
    assert_true(cs_test_diag_has(d, 2, 1,
                                 "'Recycling' matches 2 KPIs: 'Recycling' "
                                 "(A:1, Economy / Waste), 'Recycling' (B:1, "
                                 "Environment / Waste)"));
    cs_diag_free(d);
    cs_framework_free(f2);
}

static void
test_warnings(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_import_t *imp = import_text("w.csv",
                                   "code,value\nEC:ICT:ICT:1C,0.97\n"
                                   "EC:ICT:ICT:2C,0.5\nEC:ICT:WS:1C,0.2\n",
                                   CS_OK, d);
    cs_diag_t *w = cs_diag_new();
    size_t n = 0;
    assert_int_equal(cs_city_warnings(fw, NULL, cs_import_city(imp), NULL,
                                      "w.csv", &n, w),
                     CS_OK);
    assert_int_equal(n, 3);
    assert_true(cs_test_diag_has(w, 0, 0, "none has a target"));
    assert_true(cs_test_diag_has(w, 0, 0, "all 3 values of % KPIs are at "
                                          "most 1"));
    assert_true(cs_test_diag_has(w, 0, 0, "no city name"));
    cs_import_free(imp);
    cs_diag_clear(w);
    imp = import_text("w.csv", "code,value,target\nEC:ICT:ICT:1C,120,100\n",
                      CS_OK, d);
    assert_int_equal(cs_city_warnings(fw, NULL, cs_import_city(imp), "X",
                                      "w.csv", &n, w),
                     CS_OK);
    assert_int_equal(n, 1);
    assert_true(cs_test_diag_has(w, 2, 0, "EC:ICT:ICT:1C 'Household Internet "
                                          "Access' is 120 %, more than 100 %"));
    cs_import_free(imp);
    cs_diag_free(w);
    cs_diag_free(d);
}

static void
test_template(void **state)
{
    (void)state;
    char *tr_path = cs_test_root("data/labels-nb.csv");
    cs_translation_t *tr = NULL;
    cs_framework_t *nbfw = NULL;
    assert_int_equal(cs_translation_load(tr_path, "nb", &tr, NULL), CS_OK);
    assert_int_equal(cs_translation_framework(tr, fw, &nbfw, NULL, NULL),
                     CS_OK);
    for (int lang = 0; lang < 2; lang++) {
        char *data = NULL;
        size_t len = 0;
        assert_int_equal(cs_template_build(fw, lang ? nbfw : NULL,
                                           lang ? "nb" : "en",
                                           CS_TEMPLATE_CSV, &data, &len,
                                           NULL),
                         CS_OK);
        assert_true(g_str_has_prefix(
            data, lang ? "kode,dimensjon,gruppe,navn,enhet,retning,verdi,"
                         "m\xc3\xa5l,b\xc3\xa5nd\n"
                       : "code,dimension,group,name,unit,direction,value,"
                         "target,band\n"));
        /* 108 wedges in wheel order, read back unchanged */
        char **lines = g_strsplit(data, "\n", -1);
        assert_int_equal(g_strv_length(lines), 110);
        assert_true(g_str_has_prefix(lines[1], "EC:ICT:ICT:1C,"));
        g_strfreev(lines);
        cs_diag_t *d = cs_diag_new();
        cs_import_t *imp = import_text("template.csv", data, CS_OK, d);
        assert_int_equal(cs_import_row_count(imp), 108);
        assert_int_equal(cs_import_match_count(imp, CS_MATCH_CODE), 108);
        assert_int_equal(cs_city_data_row_count(cs_import_city(imp)), 0);
        cs_import_free(imp);
        /* filled in: a value on the first wedge */
        char *filled = g_strdup(data);
        char *first = strchr(filled, '\n') + 1;
        char *eol = strchr(first, '\n');
        char *row = g_strndup(first, (gsize)(eol - first));
        row[strlen(row) - 3] = '\0'; /* the three empty columns */
        char *with = g_strdup_printf("%.*s%s,97,100,\n%s",
                                     (int)(first - filled), filled, row,
                                     eol + 1);
        imp = import_text("filled.csv", with, CS_OK, d);
        assert_true(value_of(cs_import_city(imp), "EC:ICT:ICT:1C") == 97);
        assert_true(cs_city_get_entry(cs_import_city(imp), 0)->target == 100);
        cs_import_free(imp);
        g_free(with);
        g_free(row);
        g_free(filled);
        cs_diag_free(d);
        free(data);
    }
    cs_framework_free(nbfw);
    cs_translation_free(tr);
    g_free(tr_path);
}

static void
test_template_xlsx(void **state)
{
    (void)state;
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    assert_int_equal(cs_template_build(fw, NULL, "en", CS_TEMPLATE_XLSX, &a,
                                       &la, NULL),
                     CS_OK);
    assert_int_equal(cs_template_build(fw, NULL, "en", CS_TEMPLATE_XLSX, &b,
                                       &lb, NULL),
                     CS_OK);
    assert_true(la > 1000 && la == lb && !memcmp(a, b, la)); /* same bytes */
    assert_true(!memcmp(a, "PK\x03\x04", 4));
    /* read back by the workbook reader: every wedge, by code */
    cs_diag_t *d = cs_diag_new();
    cs_import_t *imp = NULL;
    cs_status_t st = cs_import_buffer(fw, "template.xlsx", a, la, NULL, &imp,
                                      d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    assert_int_equal(cs_import_match_count(imp, CS_MATCH_CODE), 108);
    assert_int_equal(cs_city_data_row_count(cs_import_city(imp)), 0);
    const cs_import_row_t *r0 = cs_import_get_row(imp, 0);
    assert_string_equal(r0->position, "template.xlsx:KPIs!A2");
    cs_import_free(imp);
    cs_diag_free(d);
    free(a);
    free(b);
}

/* The commands: import writes the canonical file and the report, never
 * over its input; template; check, render and batch read the workbook. */
static void
test_cli(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("import-cli");
    char *xlsx = cs_test_src("data/import/verification-report.xlsx");
    char *canon = cs_test_src("data/import/canonical.csv");
    char *targets = cs_test_root("samples/targets.csv");
    char *outp = g_build_filename(dir, "city.csv", NULL);
    char *out = NULL, *err = NULL;
    int rc = cs_test_run_cli(&out, &err, "import", xlsx, "-o", outp, NULL);
    if (rc)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "mapping: 27 rows placed: 0 by code, 16 by "
                                "label, 11 by alias, 0 fuzzy; 19 of 108 "
                                "wedges with data"));
    assert_non_null(strstr(out, "verification-report.xlsx:'KPI results'!B4: "
                                "'Household Internet Access' -> "
                                "EC:ICT:ICT:1C [label]"));
    assert_non_null(strstr(err, "warning: 19 KPIs have data but none has a "
                                "target"));
    g_free(out);
    g_free(err);
    /* the written file checks like the hand-made canonical one */
    char *a = NULL, *b = NULL;
    assert_int_equal(cs_test_run_cli(&a, NULL, "check", outp, "--targets",
                                     targets, NULL),
                     0);
    assert_int_equal(cs_test_run_cli(&b, NULL, "check", canon, "--targets",
                                     targets, NULL),
                     0);
    assert_string_equal(strchr(a, '\n'), strchr(b, '\n'));
    g_free(a);
    g_free(b);
    /* --strict: the warning is an error, nothing written */
    char *strict = g_build_filename(dir, "strict.csv", NULL);
    assert_int_equal(cs_test_run_cli(NULL, &err, "import", xlsx, "-o", strict,
                                     "--strict", NULL),
                     1);
    assert_false(g_file_test(strict, G_FILE_TEST_EXISTS));
    g_free(err);
    /* never over the input */
    char *copy = g_build_filename(dir, "copy.csv", NULL);
    char *ct = cs_test_read(canon, &(size_t){0});
    cs_test_write(copy, ct, strlen(ct));
    assert_int_equal(cs_test_run_cli(NULL, &err, "import", copy, "-o", copy,
                                     NULL),
                     2);
    assert_non_null(strstr(err, "would replace the input"));
    char *after = cs_test_read(copy, &(size_t){0});
    assert_string_equal(after, ct);
    g_free(after);
    g_free(err);
    /* check shows the same report; render draws the workbook */
    assert_int_equal(cs_test_run_cli(&out, NULL, "check", xlsx, NULL), 0);
    assert_non_null(strstr(out, "mapping: 27 rows placed"));
    g_free(out);
    char *svg = g_build_filename(dir, "w.svg", NULL);
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", xlsx, "-o", svg,
                                     "--name", "Testby", NULL),
                     0);
    assert_true(g_file_test(svg, G_FILE_TEST_EXISTS));
    g_free(err);
    /* batch: a manifest whose city is the workbook */
    char *man = g_build_filename(dir, "cities.csv", NULL);
    char *mtext = g_strdup_printf("id,name,file,targets\ntestby,Testby,%s,%s\n",
                                  xlsx, targets);
    cs_test_write(man, mtext, strlen(mtext));
    char *bdir = g_build_filename(dir, "out", NULL);
    rc = cs_test_run_cli(NULL, &err, "batch", man, "-o", bdir, "--formats",
                         "svg", "--quiet", NULL);
    if (rc)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    g_free(err);
    /* template: CSV on stdout, .xlsx by extension, --lang nb */
    assert_int_equal(cs_test_run_cli(&out, NULL, "template", NULL), 0);
    assert_true(g_str_has_prefix(out, "code,dimension,group,name,unit,"
                                      "direction,value,target,band\n"));
    g_free(out);
    char *tx = g_build_filename(dir, "t.xlsx", NULL);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "template", "-o", tx,
                                     "--lang", "nb", NULL),
                     0);
    assert_int_equal(cs_test_run_cli(&out, NULL, "check", tx, NULL), 0);
    assert_non_null(strstr(out, "0 of 108 KPIs with data"));
    g_free(out);
    assert_int_equal(cs_test_run_cli(NULL, &err, "template", "-o", "t.pdf",
                                     NULL),
                     2);
    g_free(err);
    cs_test_rmtree(dir);
    g_free(tx);
    g_free(bdir);
    g_free(mtext);
    g_free(man);
    g_free(svg);
    g_free(ct);
    g_free(copy);
    g_free(strict);
    g_free(outp);
    g_free(targets);
    g_free(canon);
    g_free(xlsx);
    g_free(dir);
}

static void
test_aliases_table(void **state)
{
    (void)state;
    /* every alias names its source; every ITU name in the reference is a
     * label or an alias */
    char *p = cs_test_root("data/kpi-aliases.csv");
    cs_aliases_t *a = NULL;
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_aliases_load(p, &a, d), CS_OK);
    cs_aliases_free(a);
    g_free(p);
    assert_non_null(cs_aliases_builtin());
    const char *bad = "code,kind,text,lang,source\nEC:I:ES:1C,name,X,en,\n";
    assert_int_equal(cs_aliases_load_buffer("a.csv", bad, strlen(bad), &a, d),
                     CS_ERR_INVALID);
    assert_true(cs_test_diag_has(d, 2, 22, "source: empty source"));
    char *ref = cs_test_src("reference/u4ssc-kpis.csv");
    cs_csv_t *csv = NULL;
    assert_int_equal(cs_csv_read_file(ref, &csv, d), CS_OK);
    long col = cs_csv_column(csv, "name");
    size_t n = 0;
    for (size_t i = 0; i < cs_csv_row_count(csv); i++) {
        const char *name = cs_csv_cell(cs_csv_row(csv, i), col)->text;
        char *row = g_strdup_printf("KPI,Result\n\"%s\",NR\n", name);
        cs_import_t *imp = NULL;
        cs_status_t st = cs_import_buffer(fw, "r.csv", row, strlen(row), NULL,
                                          &imp, d);
        if (st != CS_OK)
            fprintf(stderr, "# reference name '%s' not found\n", name);
        assert_int_equal(st, CS_OK);
        assert_int_equal(cs_import_row_count(imp), 1);
        assert_int_not_equal(cs_import_get_row(imp, 0)->match, CS_MATCH_FUZZY);
        cs_import_free(imp);
        g_free(row);
        n++;
    }
    cs_csv_free(csv);
    assert_int_equal(n, 91);
    g_free(ref);
    cs_diag_free(d);
}

static void
test_args(void **state)
{
    (void)state;
    cs_import_t *imp = (cs_import_t *)1;
    assert_int_equal(cs_import_buffer(NULL, "x", "a", 1, NULL, &imp, NULL),
                     CS_ERR_ARG);
    assert_int_equal(cs_import_buffer(fw, "x", NULL, 1, NULL, &imp, NULL),
                     CS_ERR_ARG);
    assert_int_equal(cs_import_file(fw, NULL, NULL, &imp, NULL), CS_ERR_ARG);
    assert_int_equal(cs_import_file(fw, "/nonexistent.csv", NULL, &imp, NULL),
                     CS_ERR_IO);
    assert_null(imp);
    assert_null(cs_import_city(NULL));
    assert_int_equal(cs_import_row_count(NULL), 0);
    char *s = (char *)1;
    assert_int_equal(cs_import_report(NULL, &s, NULL), CS_ERR_ARG);
    assert_null(s);
    assert_int_equal(cs_import_write(NULL, "x", NULL), CS_ERR_ARG);
    cs_import_free(NULL);
    /* the output never replaces the input */
    char *dir = cs_test_tmpdir("import");
    char *in = g_build_filename(dir, "in.csv", NULL);
    cs_test_write(in, "code,value\nEC:I:ES:1C,2\n", 24);
    assert_int_equal(cs_import_file(fw, in, NULL, &imp, NULL), CS_OK);
    assert_int_equal(cs_import_write(imp, in, NULL), CS_ERR_ARG);
    char *outp = g_build_filename(dir, "out.csv", NULL);
    assert_int_equal(cs_import_write(imp, outp, NULL), CS_OK);
    cs_import_free(imp);
    cs_test_rmtree(dir);
    g_free(outp);
    g_free(in);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_tables),
        cmocka_unit_test(test_sheet_positions),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_ambiguous),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_template),
        cmocka_unit_test(test_template_xlsx),
        cmocka_unit_test(test_cli),
        cmocka_unit_test(test_aliases_table),
        cmocka_unit_test(test_args),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
