"""The `moderator` group, full-text GIN indexes (PostgreSQL only) and the starting categories."""

from django.db import migrations

INDEXES = (
    ("forum_post_body_fts", "forum_post", "body"),
    ("forum_thread_title_fts", "forum_thread", "title"),
)
CATEGORIES = (
    ("Announcements", "announcements", "News from IXXO about the product and the forum.", 0),
    ("Running your store", "running-your-store", "Payments, shipping, taxes, marketing: how you do it.", 10),
    ("Themes and design", "themes-and-design", "Themes, layouts, product pages.", 20),
    ("Integrations", "integrations", "Payment providers, marketplaces, accounting and other integrations.", 30),
    ("Off-topic", "off-topic", "Everything else about online business, within the guidelines.", 40),
)


def forwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="moderator")
    Category = apps.get_model("forum", "Category")
    for name, slug, description, position in CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description,
                                                            "position": position})
    if schema_editor.connection.vendor == "postgresql":
        for name, table, column in INDEXES:
            # The expression matches what SearchVector(column, config="simple") compiles to.
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin "
                                  f"(to_tsvector('simple'::regconfig, COALESCE({column}, '')))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _, _ in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, backwards)]
