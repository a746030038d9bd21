from django.db import migrations


def seed(apps, schema_editor):
    from routing.seed import seed_defaults

    seed_defaults(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("routing", "0001_initial"), ("tickets", "0002_seed_queues")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
