"""Dates and numbers per language (`FORMAT_MODULE_PATH`), pinned here rather than left to
Django's locale defaults: English is written day first, as in the Nordic countries. Money is
formatted by `invoices.money.format_money` on top of these numbers; see docs/languages.md."""
