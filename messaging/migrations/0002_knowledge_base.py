from django.db import migrations


def load(apps, schema_editor):
    from messaging.knowledge import seed_knowledge_base

    seed_knowledge_base(apps.get_model("messaging", "KnowledgeEntry"), apps.get_model("messaging", "ReplyTemplate"))


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
