#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Regenerates the spreadsheet fixtures of tests/test-sheet.c.

The fixtures are committed; the tests never run this script. It needs
python3-openpyxl, python3-xlsxwriter and libreoffice-calc-nogui (Debian 12):

    /usr/bin/python3 tests/data/sheets/make-fixtures.py

Content: a U4SSC verification-report style table for Ålesund (values from
samples/alesund.csv, i.e. the publication "Smart Sustainable Cities
Profiles", KPI evaluation results, Economy dimension), with what real
sheets have: a merged title row above the header, a blank row, a category
merged down several rows, a cell with a line break, percent-formatted
fractions, a number with a thousands format, Norwegian text (æøå), "N/A"
and "Not Reported" text, a boolean, a date, and a second sheet.

Writers, each storing things its own way:
  report-openpyxl.xlsx   openpyxl (inline strings; absolute part names)
  report-xlsxwriter.xlsx XlsxWriter (shared strings, one in rich-text runs)
  report-lo.xlsx         LibreOffice Calc, from report-openpyxl.xlsx
  report-lo.ods          LibreOffice Calc (repeated rows/columns, text:s)
  report-lo.xls          LibreOffice Calc, "MS Excel 97"
  verification-report-*  tests/data/import/verification-report.csv (a
                         verification report's table as published) as a
                         city officer's spreadsheet: typed by openpyxl
                         (a "97.00 %" result is 0.97 in a 0.00% cell,
                         "1 250" is 1250 in #,##0, other results stay text),
                         then saved by LibreOffice as .xlsx, .ods, .xls,
                         Windows-1252 ';' CSV and UTF-16 text
  tiny-lo.xls            LibreOffice Calc, "MS Excel 97": a workbook stream
                         under 4096 bytes (kept in the compound file's mini
                         stream), a 0% cell and a merged region
  report-cp1252.csv      LibreOffice CSV export: Windows-1252, ';'
  report-utf16.txt       LibreOffice text export: UTF-16, TAB ("Unicode text")
"""
import csv
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment

HERE = os.path.dirname(os.path.abspath(__file__))

TITLE = "Ålesund – KPI evaluation results (U4SSC), Dimension: Economy"
HEADER = ["CATEGORY", "KPI / Data Point", "Results", "Benchmark"]
# (category or None when merged from above, KPI, value, number format)
ROWS = [
    ("ICT Infrastructure", "Household Internet Access", 0.96, "0.00%"),
    (None, "Wireless Broadband Coverage: 3G", 0.92, "0.00%"),
    (None, "Wireless Broadband Coverage: 4G", 0.92, "0%"),
    ("Water and\nSanitation", "Basic Water Supply", 1.0, "0.00%"),
    ("Electricity Supply", "Electricity System Outage Time", 67, "0.00"),
    (None, "Access to Electricity", 0.97, "0.00%"),
    ("Transport", "Public Transport Network", 755.4, "#,##0.00"),
    ("Employment", "Unemployment Rate", 0.022, "0.0%"),
    ("Offentlig sektor", "Tjenester på nett – Bærum/Ålesund", "Ja", None),
    ("Innovation", "Patents", "Not Reported", None),
    ("ICT Infrastructure", "Smart Water Meters", True, None),
]
SECOND = "Miljø og samfunn"
SECOND_ROWS = [
    ["code", "value", "collected"],
    ["SC:EH:ED:1C", 100, datetime.date(2023, 5, 1)],
    ["EN:EN:AQ:1C", 5.2, datetime.date(2023, 5, 2)],
]


def openpyxl_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Økonomi"
    ws.cell(1, 1, TITLE)
    ws.merge_cells("A1:D1")
    for c, h in enumerate(HEADER, 1):
        ws.cell(3, c, h)
    for r, (cat, kpi, val, fmt) in enumerate(ROWS, 4):
        if cat is not None:
            ws.cell(r, 1, cat)
            if "\n" in cat:
                ws.cell(r, 1).alignment = Alignment(wrap_text=True)
        ws.cell(r, 2, kpi)
        ws.cell(r, 3, val)
        if fmt:
            ws.cell(r, 3).number_format = fmt
        ws.cell(r, 4, "N/A")
    ws.merge_cells("A4:A6")  # ICT Infrastructure covers three rows
    ws.merge_cells("A8:A9")
    ws2 = wb.create_sheet(SECOND)
    for r, row in enumerate(SECOND_ROWS, 1):
        for c, v in enumerate(row, 1):
            ws2.cell(r, c, v)
            if isinstance(v, datetime.date):
                ws2.cell(r, c).number_format = "yyyy-mm-dd"
    hidden = wb.create_sheet("Skjult")
    hidden.sheet_state = "hidden"
    hidden.cell(1, 1, "hidden sheet")
    wb.save(path)


def xlsxwriter_book(path):
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Økonomi")
    fmts = {}

    def fmt(code):
        if code not in fmts:
            fmts[code] = wb.add_format({"num_format": code})
        return fmts[code]

    wrap = wb.add_format({"text_wrap": True})
    bold = wb.add_format({"bold": True})
    ws.merge_range("A1:D1", TITLE)
    ws.write_row(2, 0, HEADER)
    for r, (cat, kpi, val, code) in enumerate(ROWS, 3):
        if cat is not None:
            ws.write(r, 0, cat, wrap if "\n" in cat else None)
        if kpi == "Household Internet Access":
            ws.write_rich_string(r, 1, "Household ", bold, "Internet",
                                 " Access")
        else:
            ws.write(r, 1, kpi)
        if isinstance(val, bool):
            ws.write_boolean(r, 2, val)
        elif code:
            ws.write_number(r, 2, val, fmt(code))
        else:
            ws.write(r, 2, val)
        ws.write(r, 3, "N/A")
    ws.merge_range("A4:A6", ROWS[0][0])
    ws.merge_range("A8:A9", ROWS[4][0])
    ws2 = wb.add_worksheet(SECOND)
    datef = fmt("yyyy-mm-dd")
    for r, row in enumerate(SECOND_ROWS):
        for c, v in enumerate(row):
            if isinstance(v, datetime.date):
                ws2.write_datetime(r, c, datetime.datetime(v.year, v.month,
                                                           v.day), datef)
            else:
                ws2.write(r, c, v)
    wb.close()


def tiny_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ark1"
    ws["A1"] = "KPI"
    ws["B1"] = 0.5
    ws["B1"].number_format = "0%"
    ws["A2"] = "x"
    ws.merge_cells("A2:B2")
    wb.save(path)


PERCENT = re.compile(r"^(-?[0-9]+(?:\.[0-9]+)?) ?%$")
GROUPED = re.compile(r"^-?[0-9]{1,3}(?: [0-9]{3})+(\.[0-9]+)?$|^-?[0-9]+$")


def typed(text):
    """A published result as a spreadsheet user would have typed it:
    (value, number format) or (text, None)."""
    m = PERCENT.match(text)
    if m:
        decimals = len(m.group(1).partition(".")[2])
        return (float(m.group(1)) / 100.0,
                "0" + ("." + "0" * decimals if decimals else "") + "%")
    m = GROUPED.match(text)
    if m:
        decimals = len(text.partition(".")[2])
        return (float(text.replace(" ", "")),
                "#,##0" + ("." + "0" * decimals if decimals else ""))
    return (text, None)


def report_book(csv_path, path):
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPI results"
    header = next(i for i, r in enumerate(rows) if r and r[0] == "CATEGORY")
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            if text == "":
                continue
            value, fmt = (typed(text) if c == 3 and r > header + 1
                          else (text, None))
            cell = ws.cell(r, c, value)
            if fmt:
                cell.number_format = fmt
            if "\n" in text:
                cell.alignment = Alignment(wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1,
                   end_column=len(rows[header]))
    wb.save(path)


def soffice(src, target, outdir, name):
    with tempfile.TemporaryDirectory() as profile, \
            tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "-env:UserInstallation=file://" + profile,
                        "--headless", "--convert-to", target, "--outdir",
                        out, src], check=True, stdout=subprocess.DEVNULL)
        produced = [f for f in os.listdir(out)]
        if len(produced) != 1:
            sys.exit("soffice produced %r" % produced)
        shutil.move(os.path.join(out, produced[0]),
                    os.path.join(outdir, name))


def main():
    os.makedirs(HERE, exist_ok=True)
    src = os.path.join(HERE, "report-openpyxl.xlsx")
    openpyxl_book(src)
    xlsxwriter_book(os.path.join(HERE, "report-xlsxwriter.xlsx"))
    soffice(src, "xlsx:Calc MS Excel 2007 XML", HERE, "report-lo.xlsx")
    soffice(src, "ods", HERE, "report-lo.ods")
    soffice(src, "xls:MS Excel 97", HERE, "report-lo.xls")
    vr = os.path.join(HERE, "verification-report-openpyxl.xlsx")
    report_book(os.path.join(HERE, "..", "import", "verification-report.csv"),
                vr)
    soffice(vr, "xlsx:Calc MS Excel 2007 XML", HERE,
            "verification-report-lo.xlsx")
    soffice(vr, "ods", HERE, "verification-report-lo.ods")
    soffice(vr, "xls:MS Excel 97", HERE, "verification-report-lo.xls")
    soffice(vr, 'csv:Text - txt - csv (StarCalc):59,34,1,1', HERE,
            "verification-report-cp1252.csv")
    soffice(vr, 'csv:Text - txt - csv (StarCalc):9,34,65535,1', HERE,
            "verification-report-utf16.txt")
    with tempfile.TemporaryDirectory() as tmp:
        tiny = os.path.join(tmp, "tiny.xlsx")
        tiny_book(tiny)
        soffice(tiny, "xls:MS Excel 97", HERE, "tiny-lo.xls")
    # CSV filter options: delimiter, quote, character set (1: Windows-1252,
    # 65535: UTF-16), first line; the first sheet is exported.
    soffice(src, 'csv:Text - txt - csv (StarCalc):59,34,1,1', HERE,
            "report-cp1252.csv")
    soffice(src, 'csv:Text - txt - csv (StarCalc):9,34,65535,1', HERE,
            "report-utf16.txt")


if __name__ == "__main__":
    main()
