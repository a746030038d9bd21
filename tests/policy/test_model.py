import time
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from policy.model import (
    DATA_DIR,
    MODEL_PATH,
    Example,
    ScopeModel,
    dump_model,
    load_examples,
    load_model,
    rule_matrix,
    train,
    training_files,
)
from policy.rules import Document, load_seed, read_ticket


@cache
def small_set() -> tuple[Example, ...]:
    """A quick training set: the first 150 dev tickets."""
    return tuple(load_examples(DATA_DIR / "tickets-dev.jsonl")[:150])


@cache
def small_model() -> ScopeModel:
    return train(small_set(), seed=1)


def test_training_is_deterministic():
    again = train(small_set(), seed=1)
    assert dump_model(again) == dump_model(small_model())


def test_a_model_round_trips_through_bytes():
    model = small_model()
    loaded = load_model(dump_model(model))
    assert loaded.version == model.version and loaded.topics == model.topics
    doc = read_ticket(load_seed(), "DHL", "The DHL test connection fails with a timeout.")
    a, b = loaded.proba(doc), model.proba(doc)
    assert np.allclose(a.topics, b.topics) and a.restricted == b.restricted and a.in_scope == b.in_scope


def test_loading_refuses_other_data():
    import pickle

    with pytest.raises(ValueError):
        load_model(pickle.dumps({"format": "something-else"}))
    with pytest.raises(ValueError):
        load_model(b"not a model at all")


def test_the_shipped_model_loads_fast_and_is_small():
    data = MODEL_PATH.read_bytes()
    assert len(data) < 20_000_000
    start = time.perf_counter()
    model = load_model(data)
    assert time.perf_counter() - start < 2.0
    assert model.topics == load_seed().slugs
    assert model.version.startswith("ixxo-scope-model/1")


def test_the_shipped_model_learned_from_dev_and_extra_only():
    names = {p.name for p in training_files()}
    assert "tickets-holdout.jsonl" not in names and "tickets-dev.jsonl" in names
    n_examples = sum(len(load_examples(p)) for p in training_files())
    assert f":n{n_examples}:" in load_model(MODEL_PATH.read_bytes()).version


def test_each_sentence_gets_its_own_scores():
    model = load_model(MODEL_PATH.read_bytes())
    body = "Where do I set tax rates for Ireland?\nOur SSL certificate from GoDaddy expired, how do I renew it?"
    doc = read_ticket(load_seed(), "", body)
    scores = model.proba(doc)
    assert scores.units is not None and scores.units.shape == (len(doc.units), len(model.topics))
    ssl = model.topics.index("domains_ssl")
    assert scores.units[:, ssl].argmax() == 1 and scores.topics[ssl] > 0.5
    assert scores.in_scope > 0.5 and scores.restricted > 0.5


def test_the_logits_are_those_of_plain_sublinear_tf_idf_vectors():
    """The one-pass numpy scoring (runs of sorted columns) against the textbook computation, unit by unit."""
    model = small_model()
    units = [["where", "do", "i", "set", "tax", "tax", "rates"], [], ["ssl", "certificate", "expired", "ssl"]]
    whole, each = model.logits(units)
    flat, sizes = model._columns(units)

    def plain(columns: list[int]) -> np.ndarray:
        if not columns:
            return model.intercept
        counts = {c: columns.count(c) for c in columns}
        cols = np.array(sorted(counts))
        w = (1.0 + np.log([counts[c] for c in cols])) * model.idf[cols]
        return (w / np.linalg.norm(w)) @ model.coef[cols] + model.intercept

    bounds = np.cumsum([0, *sizes])
    for i in range(len(units)):
        assert np.allclose(each[i], plain(flat[bounds[i]:bounds[i + 1]]))
    assert np.allclose(whole, plain(flat))
    assert model.coef.dtype == np.float64 and load_model(dump_model(model)).coef.dtype == np.float64


def test_all_parts_scored_in_one_pass_are_scored_as_tickets_of_their_own():
    """The batched part gates against ``_gates`` run on each part alone, on the shipped model."""
    model = load_model(MODEL_PATH.read_bytes())
    n = len(model.topics)
    body = ("Mailchimp is connected and syncing.\nTwo questions:\n1) How do I create a segment of big spenders?\n"
            "2) Where do I set the tax rate for Austria?\nAlso, our Sendcloud plugin 2.3 stopped printing labels.")
    document = read_ticket(load_seed(), "Mailchimp, taxes and labels", body)
    parts = [(1, 2, 3), (1, 2, 4), (5,)]
    whole, parts_scores = model.proba_parts(document, parts)
    flat, sizes = model._columns([u.signals.words for u in document.units])
    each = model._each(np.array(flat, dtype=np.int64), sizes)
    rule = rule_matrix(document, model.topics)
    bounds = np.cumsum([0, *sizes])
    for rows, got in zip(parts, parts_scores, strict=True):
        part = Document(document.language, tuple(document.units[j] for j in rows))
        part_whole = model._whole(np.concatenate([np.array(flat[bounds[j]:bounds[j + 1]], dtype=np.int64)
                                                  for j in rows]))
        probs, in_scope, restricted = model._gates(part, part_whole[:n], each[list(rows), :n],
                                                   each[list(rows), n], rule[list(rows)])
        assert np.allclose(got.topics, probs) and got.in_scope == pytest.approx(in_scope)
        assert got.restricted == pytest.approx(restricted) and np.array_equal(got.kinds, each[list(rows), n])
    assert len({round(s.restricted, 6) for s in parts_scores}) == 3  # three different parts, three readings


def test_an_empty_ticket_scores_without_error():
    doc = read_ticket(load_seed(), "", "")
    scores = small_model().proba(doc)
    assert scores.topics.shape == (11,) and scores.units is not None and scores.units.shape == (0, 11)
    assert 0.0 <= scores.in_scope <= 1.0 and 0.0 <= scores.restricted <= 1.0


def test_examples_load_from_json_lines(tmp_path: Path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "a", "subject": "s", "body": "b", "topics": ["license"], "verdict": "in_scope"}\n\n')
    assert load_examples(path) == [Example("a", "s", "b", ("license",), "in_scope")]


# --- the mixed head -----------------------------------------------------------------------

def test_the_mixed_head_is_read_only_when_something_restricted_is_asked():
    model = load_model(MODEL_PATH.read_bytes())
    assert model.mixed_head is not None and ":mh:" in model.version
    seed = load_seed()
    plain = model.proba(read_ticket(seed, "Coupon", "How do I create a coupon that only works for one category?"))
    assert plain.restricted < 0.3 and plain.mixed is None
    both = model.proba(read_ticket(seed, "Two questions", "Where can I change the text of the order confirmation "
                                   "email? And separately, how do I build an automation in Mailchimp that sends "
                                   "a discount after 30 days?"))
    alone = model.proba(read_ticket(seed, "Certificate", "Our SSL certificate from GoDaddy expired, how do I renew "
                                    "it? The hoster's support does not answer."))
    assert both.mixed is not None and alone.mixed is not None
    assert both.mixed > 0.5 > alone.mixed


def test_the_most_in_scope_sentence_is_read_on_its_own():
    model = load_model(MODEL_PATH.read_bytes())
    seed = load_seed()
    doc = read_ticket(seed, "", "Our SSL certificate expired, how do I renew it at the hoster?\n"
                      "Where do I set tax rates for Ireland?")
    whole, each = model.logits([u.signals.words for u in doc.units])
    best = model.sentence_in_scope(doc, each)
    alone = model.proba(read_ticket(seed, "", "Where do I set tax rates for Ireland?"))
    assert best == pytest.approx(alone.in_scope, abs=1e-9)


def test_a_model_saved_before_the_mixed_head_still_loads_without_it():
    import pickle

    payload = pickle.loads(dump_model(small_model()))
    del payload["mixed_head"]
    old = load_model(pickle.dumps(payload))
    assert old.mixed_head is None
    doc = read_ticket(load_seed(), "", "Our SSL certificate from GoDaddy expired, how do I renew it?")
    assert old.proba(doc).mixed is None
