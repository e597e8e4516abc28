"""Leave a fifth of each page of the invoice table free (PostgreSQL).

Most upstream changes touch only amounts and statuses that no index covers (interest
accrued, a fee, the collection status): with room on the page, PostgreSQL writes such an
update as a heap-only tuple, with no new index entries. Rows written before this migration
get the room when they are next rewritten.
"""

from django.db import migrations


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE invoices_invoice SET (fillfactor = 80)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE invoices_invoice RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("invoices", "0004_fewer_invoice_indexes")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
