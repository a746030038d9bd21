from django.db import migrations

QUEUES = [
    ("General support", "general", "How-to questions about the IXXO software, its settings and default themes."),
    ("Technical / software issues", "technical", "Possible bugs: errors, wrong results, broken default themes."),
    ("Connectivity & integrations", "connectivity", "FTP, e-mail, API and partnered-service connections."),
    ("Licensing", "licensing", "Licence keys, transfers, additional stores."),
    ("Scope review", "scope-review", "Tickets whose scope verdict is uncertain or disputed by the merchant."),
    ("Professional services", "professional-services", "Quote requests for paid development and consulting."),
]


def seed(apps, schema_editor):
    Queue = apps.get_model("tickets", "Queue")
    for name, slug, description in QUEUES:
        Queue.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
