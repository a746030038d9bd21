import json

from django.core.management.base import BaseCommand, CommandError

from policy.services import run_classifier


class Command(BaseCommand):
    help = "Classify a JSON-lines file of {id, subject, body} with the rules and model in force."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("input")
        parser.add_argument("output")

    def handle(self, *args, input: str, output: str, **options) -> None:  # noqa: A002, ANN002, ANN003
        try:
            source = open(input, encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"Cannot read {input}: {exc}") from exc
        count = 0
        with source, open(output, "w", encoding="utf-8") as sink:
            for number, line in enumerate(source, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CommandError(f"{input}:{number}: not JSON ({exc})") from exc
                verdict = run_classifier(str(row.get("subject") or ""), str(row.get("body") or ""))
                sink.write(json.dumps({
                    "id": row.get("id"), "verdict": verdict.verdict, "topics": list(verdict.topics),
                    "confidence": verdict.confidence, "needs_review": verdict.needs_review,
                    "evidence": [{"topic": e.topic, "sentence": e.sentence, "clause": e.clause}
                                 for e in verdict.evidence],
                }, ensure_ascii=False) + "\n")
                count += 1
        self.stdout.write(f"Classified {count} tickets into {output}")
