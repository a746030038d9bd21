"""Bring the seed rules added since 0002 (keyword-free paraphrases in six languages) to existing installations.

A rule is added only when no rule with the same topic, pattern and language exists, so what admins
edited stays as it is; on a fresh database 0002 has loaded the whole current file and this adds nothing.
The shipped model was trained with these rules in force.
"""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "data" / "seed_rules.json"


def add_missing(apps, schema_editor):
    ScopeTopic = apps.get_model("policy", "ScopeTopic")
    ScopeRule = apps.get_model("policy", "ScopeRule")
    if not ScopeRule.objects.exists():
        return
    topics = {t.slug: t for t in ScopeTopic.objects.all()}
    have = set(ScopeRule.objects.values_list("topic__slug", "pattern", "language"))
    data = json.loads(SEED.read_text(encoding="utf-8"))
    ScopeRule.objects.bulk_create(
        ScopeRule(topic=topics[r["topic"]], kind=r["kind"], pattern=r["pattern"], language=r.get("language", "any"),
                  weight=float(r.get("weight", 1.0)), enabled=bool(r.get("enabled", True)),
                  note=r.get("note", "")[:300])
        for r in data["rules"]
        if r["topic"] in topics and (r["topic"], r["pattern"], r.get("language", "any")) not in have
    )


class Migration(migrations.Migration):
    dependencies = [("policy", "0002_seed_taxonomy")]
    operations = [migrations.RunPython(add_missing, migrations.RunPython.noop)]
