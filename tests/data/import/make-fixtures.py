#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Regenerates verification-report.xlsx for tests/test-import.c.

The fixture is committed; the tests never run this script. It needs
python3-openpyxl (Debian 12):

    /usr/bin/python3 tests/data/import/make-fixtures.py

The workbook holds the table of verification-report.csv the way a city's
own Excel sheet holds it: per cent values as fractions in cells with a
percent number format (0.97 shown as 97.00 %), numbers with a thousands
format, units as text after the number where the report prints them, a
title row "Dimension: ..." above each dimension's rows, the category
merged down its rows, a line break in a cell, YES/NO as text and NR /
Not Reported / N/A / - as text.
"""
import os

import openpyxl
from openpyxl.styles import Alignment

HERE = os.path.dirname(os.path.abspath(__file__))

# (category or None: merged from above, KPI, value, number format)
ECONOMY = [
    ("ICT INFRASTRUCTURE", "Household Internet Access", 0.97, "0.00%"),
    (None, "Fixed Broadband Subscriptions", 0.0, "0.00%"),
    (None, "Wireless Broadband Subscriptions", 95424, "#,##0"),
    (None, "Wireless Broadband Coverage: 3G and 4G", 0.99, "0.00%"),
    (None, "Availability of Wi-Fi in Public Areas", 78, "0"),
    ("ELECTRICITY SUPPLY", "Electricity System Outage Time", "66.86\nMinutes", None),
    ("PUBLIC SECTOR", "e-Government", "246 Services", None),
    (None, "Open Data Sets % Availability", "NR", None),
    (None, "Open Data Sets Published", 1250, "#,##0"),
    ("EMPLOYMENT", "Tourism Sector Employment", "Not Reported", None),
    (None, "ICT Sector Employment", "-", None),
    ("URBAN PLANNING", "Urban Development and Spatial Planning: Compact", "YES", None),
    (None, "Urban Development and Spatial Planning: Connected", "YES", None),
    (None, "Urban Development and Spatial Planning: Integrated", "NO", None),
    (None, "Urban Development and Spatial Planning: Inclusive", "YES", None),
    (None, "Urban Development and Spatial Planning: Resilient", "YES", None),
    ("INNOVATION", "R&D Expenditure", "1.51 % GDP", None),
]
ENVIRONMENT = [
    ("WATER AND SANITATION", "Drinking Water Quality", 1.0, "0.00%"),
    (None, "Water Consumption", "86.26 \u2113 / day", None),
    (None, "Freshwater Consumption", "NR", None),
    (None, "Wastewater Treatment: Primary", 1.0, "0.00%"),
    (None, "Wastewater Treatment: Secondary", 0.985, "0.00%"),
    (None, "Wastewater Treatment: Tertiary", "N/A", None),
    ("WASTE", "Solid Waste Treatment: Landfill", 0.021, "0.00%"),
    (None, "Solid Waste Treatment: Recycled", 0.41, "0.00%"),
]
SOCIETY = [
    ("EDUCATION", "Student ICT Access", 1.0, "0.00%"),
    (None, "Higher Education Degrees", 31200, "#,##0.00"),
]


def main():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPI results"
    ws.append(["U4SSC Verification Report \u2013 Testby, KPI results"])
    r = 2
    for title, rows in (("Dimension: Economy", ECONOMY),
                        ("Dimension: Environment", ENVIRONMENT),
                        ("Dimension: Society and Culture", SOCIETY)):
        ws.cell(r, 1, title)
        r += 1
        if title.endswith("Economy"):
            for c, h in enumerate(["CATEGORY", "KPI / Data Point", "Results",
                                   "Benchmark"], 1):
                ws.cell(r, c, h)
            r += 1
        start = None
        for cat, kpi, val, fmt in rows:
            if cat:
                start = r
                ws.cell(r, 1, cat)
            elif start is not None and r > start:
                ws.merge_cells(start_row=start, start_column=1, end_row=r,
                               end_column=1)
            ws.cell(r, 2, kpi)
            cell = ws.cell(r, 3, val)
            if fmt:
                cell.number_format = fmt
            if isinstance(val, str) and "\n" in val:
                cell.alignment = Alignment(wrap_text=True)
            ws.cell(r, 4, "N/A")
            r += 1
    wb.save(os.path.join(HERE, "verification-report.xlsx"))


if __name__ == "__main__":
    main()
