"""Seed a few canned replies: one explanation per restricted scope topic (its text from the
taxonomy, its clause and offer as placeholders) and the everyday ones. Existing replies are kept."""

from django.db import migrations

GENERIC = [
    ("Waiting for your reply",
     "Hello {requester_name},\n\nwe are waiting for your reply on {ticket_reference} so that we can go on. "
     "Could you send us the details we asked for?\n\nKind regards,\n{agent_name}"),
    ("Resolved",
     "Hello {requester_name},\n\nwe believe your request {ticket_reference} is resolved, so we are closing it "
     "as resolved. If anything is still not working, just reply to this message and the ticket opens "
     "again.\n\nKind regards,\n{agent_name}"),
    ("We are looking into it",
     "Hello {requester_name},\n\nthank you for your message. We are looking into it for {merchant_name} and "
     "will get back to you on {ticket_reference} as soon as we know more.\n\nKind regards,\n{agent_name}"),
    ("Please send more details",
     "Hello {requester_name},\n\nto help you we need a few more details: the IXXO version, the steps that lead "
     "to the problem, and a screenshot or the exact error message.\n\nKind regards,\n{agent_name}"),
]
EXPLANATION = ("Hello {{requester_name}},\n\n{explanation}\n\nOur support policy says: “{{policy_clause}}”\n\n"
               "What we can offer instead: {{offer}}\n\nKind regards,\n{{agent_name}}")


def _plain(text: str) -> str:
    """Topic texts go into a template with placeholders: braces in them would read as placeholders."""
    return text.replace("{", "(").replace("}", ")").strip()


def seed(apps, schema_editor):
    CannedReply = apps.get_model("desk", "CannedReply")
    ScopeTopic = apps.get_model("policy", "ScopeTopic")
    for title, body in GENERIC:
        CannedReply.objects.get_or_create(title=title, queue=None, topic=None, defaults={"body": body})
    for topic in ScopeTopic.objects.filter(kind="restricted", is_active=True):
        CannedReply.objects.get_or_create(
            title=f"Outside scope: {topic.name}", topic=topic, queue=None,
            defaults={"body": EXPLANATION.format(explanation=_plain(topic.explanation))})


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_initial"), ("policy", "0002_seed_taxonomy")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
