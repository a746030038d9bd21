import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_classify_file_writes_one_line_per_ticket(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [{"id": "a", "subject": "FTP login refused", "body": "FileZilla says 530 login incorrect since today."},
            {"id": "b", "subject": "SEO", "body": "What would you do to get more visitors from Google? Any tips?"},
            {"id": "c", "subject": "", "body": ""}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    target = tmp_path / "out.jsonl"
    call_command("classify_file", str(source), str(target))
    out = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["id"] for r in out] == ["a", "b", "c"]
    for row in out:
        assert set(row) == {"id", "verdict", "topics", "confidence", "needs_review", "evidence"}
        assert row["verdict"] in {"in_scope", "restricted", "mixed"}
    assert out[2]["needs_review"] is True


def test_triage_eval_prints_every_figure(tmp_path, capsys):
    sample = tmp_path / "gold.jsonl"
    rows = [{"id": f"t{i}", "subject": s, "body": b, "topics": t, "verdict": v} for i, (s, b, t, v) in enumerate([
        ("FTP", "FTP login refused with 530.", ["connectivity"], "in_scope"),
        ("Cert", "Our SSL certificate from GoDaddy expired, how do I renew it?", ["domains_ssl"], "restricted"),
    ] * 5)]
    sample.write_text("\n".join(json.dumps(r) for r in rows))
    call_command("triage_eval", "--file", str(sample), "--rules-only")
    out = capsys.readouterr().out
    for figure in ("verdict_accuracy", "verdict_macro_f1", "false_restriction_rate", "missed_restriction_rate",
                   "topic_micro_f1", "topic_macro_f1", "needs_review_rate"):
        assert figure in out
