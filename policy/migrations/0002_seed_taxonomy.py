"""Seed the taxonomy's topics, the partnered integrations and the default rules.

The content lives in policy/data/seed_rules.json (the same file the pure classifier's tests
use). On a fresh database this loads the current file; an existing installation keeps the rules
its admins edited.
"""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "data" / "seed_rules.json"
NAMES = {
    "functionality": "Functionality and settings",
    "software_issue": "Software issue (possible bug)",
    "connectivity": "Connectivity",
    "license": "Licence",
    "domains_ssl": "Domains and SSL",
    "custom_html_css": "Custom HTML/CSS",
    "custom_javascript": "Custom JavaScript",
    "hosting": "Hosting and PHP installation",
    "integration_usage": "Use of an integration beyond connectivity",
    "third_party_software": "Third-party software",
    "consulting": "Consulting and best practices",
}
QUOTE = {"custom_html_css": "frontend_development", "custom_javascript": "frontend_development",
         "consulting": "consulting", "integration_usage": "consulting"}
BLOG = {"consulting"}


def seed(apps, schema_editor):
    ScopeTopic = apps.get_model("policy", "ScopeTopic")
    ScopeRule = apps.get_model("policy", "ScopeRule")
    PartnerIntegration = apps.get_model("policy", "PartnerIntegration")
    data = json.loads(SEED.read_text(encoding="utf-8"))
    topics = {}
    for item in data["topics"]:
        topics[item["slug"]], _ = ScopeTopic.objects.get_or_create(slug=item["slug"], defaults={
            "name": NAMES.get(item["slug"], item["slug"].replace("_", " ").capitalize()),
            "kind": item["kind"], "clause": item["clause"], "explanation": item["explanation"],
            "offer": item["offer"], "quote_service": QUOTE.get(item["slug"], ""),
            "show_blog_link": item["slug"] in BLOG,
        })
    for item in data["partners"]:
        PartnerIntegration.objects.get_or_create(name=item["name"],
                                                 defaults={"aliases": ", ".join(item.get("aliases", []))})
    if not ScopeRule.objects.exists():
        ScopeRule.objects.bulk_create(
            ScopeRule(topic=topics[r["topic"]], kind=r["kind"], pattern=r["pattern"], language=r.get("language", "any"),
                      weight=float(r.get("weight", 1.0)), enabled=bool(r.get("enabled", True)),
                      note=r.get("note", "")[:300])
            for r in data["rules"]
        )


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_scope")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
