import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_moderate_file_writes_the_contract(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    rows = [
        {"id": "a", "title": "Shipping zones", "body": "How do I set zones for Austria?"},
        {
            "id": "b",
            "title": "Casino",
            "body": "Best online casino, free spins, 200% bonus: www.spin.vip, contact us on WhatsApp",
        },
        {"id": "c", "title": "Hey", "body": "Shut up, you idiot. Nobody cares, loser."},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    call_command("moderate_file", str(source), str(target))
    out = [json.loads(line) for line in target.read_text().splitlines()]
    assert [(o["id"], o["action"]) for o in out] == [("a", "publish"), ("b", "hold"), ("c", "hold")]
    assert out[0]["labels"] == [] and "spam" in out[1]["labels"] and "abuse" in out[2]["labels"]


def test_forum_eval_reports_precision_and_recall(tmp_path, capsys):
    train, holdout = tmp_path / "train.jsonl", tmp_path / "holdout.jsonl"
    train.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "id": "1",
                    "title": "Zones",
                    "body": "How do I set shipping zones?",
                    "labels": [],
                    "action": "publish",
                },
                {"id": "2", "title": "Cheap", "body": "Cheap hosting $1/month", "labels": ["spam"], "action": "hold"},
            ]
        )
    )
    holdout.write_text(
        json.dumps({"id": "3", "title": "Zones", "body": "Shipping zones?", "labels": [], "action": "publish"})
    )
    call_command("forum_eval", train=str(train), holdout=str(holdout))
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out and "spam" in out
