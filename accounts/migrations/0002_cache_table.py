from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Without Redis the cache (rate limits, tokens, locks) lives in the database; make sure its
    # table exists wherever the schema does (createcachetable skips non-database caches).
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
