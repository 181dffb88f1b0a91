"""Helpers to make test material (invented PDFs with ruled tables); not used when reading reports."""
