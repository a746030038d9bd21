"""The sentence annotations: sentences of training tickets, as text.py splits them, that the sentence-level
kind model learns from."""

import json
from functools import cache

import numpy as np

from policy.evaluate import IN_SCOPE, RESTRICTED
from policy.model import (
    DATA_DIR,
    SENTENCE_LABELS_PATH,
    Example,
    kind_targets,
    load_examples,
    load_sentence_labels,
    train,
    training_files,
)
from policy.rules import load_seed, read_ticket
from policy.text import clean


@cache
def labels() -> dict[str, dict[str, str]]:
    return load_sentence_labels()


def test_the_labels_are_sentences_of_training_tickets_never_of_the_holdout():
    training = {e.id: e for e in load_examples(*training_files())}
    holdout = {e.id for e in load_examples(DATA_DIR / "tickets-holdout.jsonl")}
    rows = [json.loads(line) for line in SENTENCE_LABELS_PATH.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) > 500
    for row in rows:
        assert row["id"] in training and row["id"] not in holdout
        ticket = training[row["id"]]
        assert row["sentence"] in [s.text for s in clean(ticket.body).sentences if not s.is_log]
        assert row["label"] in {"in_scope", "restricted", "none"}
        if row["topic"] is not None:
            assert row["topic"] in ticket.topics
            assert row["topic"] in (IN_SCOPE if row["label"] == "in_scope" else RESTRICTED)
    mixed = [e for e in training.values() if e.verdict == "mixed"]
    annotated = [e for e in mixed if any(v == "restricted" for v in labels().get(e.id, {}).values())]
    assert len(annotated) > len(mixed) * 0.8


def _mixed_ticket() -> tuple[Example, dict[str, str]]:
    for e in load_examples(*training_files()):
        notes = labels().get(e.id, {})
        if e.verdict == "mixed" and {"in_scope", "restricted"} <= set(notes.values()):
            return e, notes
    raise AssertionError("no annotated mixed ticket")


def test_annotations_give_the_sentences_of_a_mixed_ticket_their_kind():
    ruleset = load_seed()
    e, notes = _mixed_ticket()
    document = read_ticket(ruleset, e.subject, e.body)
    y = np.array([[t in e.topics for t in ruleset.slugs]], dtype=int)
    restricted = np.array([t.kind == "restricted" for t in ruleset.topics])
    assert kind_targets([document], y, restricted, [None]) == [[None] * len(document.units)]
    (targets,) = kind_targets([document], y, restricted, [notes])
    by_text = {u.text: t for u, t in zip(document.units, targets, strict=True)}
    for sentence, label in notes.items():
        expected = {"restricted": 1, "in_scope": 0}.get(label)
        assert (by_text[sentence] and by_text[sentence][0]) == expected or (expected is None and not by_text[sentence])


def test_training_reads_the_labels_of_its_own_tickets_only():
    examples = load_examples(DATA_DIR / "tickets-dev.jsonl")[:120]
    ids = {e.id for e in examples}
    assert any(labels().get(i) for i in ids)
    plain = train(examples, seed=1, sentence_labels={})
    annotated = train(examples, seed=1)
    assert ":sl" in annotated.version and ":sl" not in plain.version
    assert not np.allclose(plain.coef[:, -1], annotated.coef[:, -1])
    elsewhere = {k: v for k, v in labels().items() if k not in ids}  # another fold's tickets: not read
    assert np.array_equal(train(examples, seed=1, sentence_labels=elsewhere).coef, plain.coef)
