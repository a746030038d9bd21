"""Bring the seed rules added since 0003 to existing installations: well-known products IXXO does not
integrate with, as merchants name them (plugins, paid themes, apps, ERPs, carriers, payment and marketing
services), and a partner's own plugin or module counting as the partnered integration. As in 0003, a
rule is added only when no rule with the same topic, pattern and language exists. The shipped model was
trained with these rules in force."""

from importlib import import_module

from django.db import migrations

add_missing = import_module("policy.migrations.0003_seed_paraphrase_rules").add_missing


class Migration(migrations.Migration):
    dependencies = [("policy", "0003_seed_paraphrase_rules")]
    operations = [migrations.RunPython(add_missing, migrations.RunPython.noop)]
