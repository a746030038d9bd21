import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from forum.moderation import runtime
from forum.moderation.batch import decide_many


class Command(BaseCommand):
    help = "Run the forum's automatic checks on INPUT.jsonl ({id, title, body}); write {id, labels, action}."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input")
        parser.add_argument("output")

    def handle(self, *args: object, input: str, output: str, **options: object) -> None:
        with open(input, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        decided = decide_many(
            rows,
            scorer=runtime.scorer(),
            rules=runtime.safe_watched_rules(),
            bug_topic=runtime.batch_bug_topic(),
        )
        with open(output, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in decided)
        held = sum(row["action"] == "hold" for row in decided)
        sys.stderr.write(f"{len(decided)} posts: {held} held, {len(decided) - held} published\n")
