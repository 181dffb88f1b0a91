"""Helpers to make and measure test material (invented PDFs with ruled tables, hostile PDFs, read-vs-reference measures); not used when reading reports."""
