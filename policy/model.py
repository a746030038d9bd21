"""The learned part of the scope classifier.

A linear model per topic over TF-IDF features of words, word pairs and character
n-grams (robust to typos and to the five other languages), scored on the whole ticket and
on each sentence; then a small combiner per topic that weighs those scores against the
rules' evidence. The combiner is fitted on out-of-fold scores, so it learns how far the
text model can be trusted on tickets it has not seen.

The sentence-level kind model (is one sentence a restricted or an in-scope request) also learns from
``data/sentence-labels.jsonl``: sentences of training tickets, mixed ones above all, annotated by hand,
since a mixed ticket's labels cannot say which of its sentences asks what.

Partner names reach this model only as one placeholder token (see ``rules.mask_partners``):
whether a service is partnered is the partner list's decision, never the model's memory.

Run ``python -m policy.model`` to rebuild the shipped ``data/scope_model.bin``.
"""

from __future__ import annotations

import json
import math
import pickle
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.special import expit

from policy.rules import Document, RuleSet, load_seed, read_ticket

__all__ = ["FORMAT", "MODEL_PATH", "Example", "ScopeModel", "Scores", "combiner_features", "dump_model", "folds",
           "gate_features", "kind_targets", "load_examples", "load_model", "load_sentence_labels", "logit",
           "train", "training_files"]

FORMAT = "ixxo-scope-model/1"
MODEL_PATH = Path(__file__).resolve().parent / "data" / "scope_model.bin"
DATA_DIR = Path(__file__).resolve().parent / "data"
_CHAR_NGRAMS = (4,)
_MIN_DF = 2
_KIND_C = 2.0  # the sentence-level kind model: sentences are short, so more regularised
# The weight of an annotated sentence, against 1 for a sentence whose kind is only its ticket's verdict.
ANNOTATED_WEIGHT = 1.0
# A sentence annotated "none" (context, greeting, a bare "can you help?") is learnt as neither kind, with this
# weight: half of it restricted, half in scope, which pulls its score to the middle. 0 leaves it out.
NONE_WEIGHT = 1.0
SENTENCE_LABELS_PATH = Path(__file__).resolve().parent / "data" / "sentence-labels.jsonl"
_GATE_C = 0.3  # the two gates; fitted on ~100 out-of-fold features
_CACHE_LIMIT = 50_000
# The mixed head is read only for tickets whose restricted gate is at least this open (it decides
# between restricted and mixed), and over at most this many sentences (the work stays bounded).
MIXED_HEAD_FROM = 0.3
MAX_SENTENCES_READ = 24


@dataclass(frozen=True)
class Example:
    id: str
    subject: str
    body: str
    topics: tuple[str, ...]
    verdict: str = ""


def load_examples(*paths: Path | str) -> list[Example]:
    """Labelled tickets from JSON lines files (id, subject, body, topics, verdict)."""
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    out.append(Example(row["id"], row.get("subject", ""), row.get("body", ""),
                                       tuple(row.get("topics", ())), row.get("verdict", "")))
    return out


def load_sentence_labels(path: Path | str | None = None) -> dict[str, dict[str, str]]:
    """Annotated sentences of training tickets, by ticket id: {sentence text: "in_scope" | "restricted" |
    "none"}. Which sentence of a mixed ticket is the restricted request is what the ticket's labels
    cannot say; an absent file gives none."""
    path = Path(path) if path is not None else SENTENCE_LABELS_PATH
    out: dict[str, dict[str, str]] = {}
    if not path.exists():
        return out
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.setdefault(row["id"], {})[row["sentence"]] = row["label"]
    return out


# --- features ------------------------------------------------------------------------

def _word_features(word: str) -> list[str]:
    feats = ["w|" + word]
    if len(word) > 2 and not word.isdigit():
        padded = f" {word} "
        for n in _CHAR_NGRAMS:
            feats.extend("c|" + padded[i:i + n] for i in range(len(padded) - n + 1))
    return feats


def _unit_features(words: Sequence[str]) -> list[str]:
    feats = [f for w in words for f in _word_features(w)]
    feats.extend(f"b|{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return feats


def _unit_words(document: Document) -> list[tuple[str, ...]]:
    return [u.signals.words for u in document.units]


@dataclass(frozen=True)
class Scores:
    """What the model says about one ticket."""

    topics: np.ndarray  # (topics,) probability that each topic is asked for
    in_scope: float  # probability that the ticket holds at least one in-scope request
    restricted: float  # ... at least one restricted request
    units: np.ndarray | None  # (units, topics) text-model probability of each sentence
    kinds: np.ndarray | None = None  # (units,) sentence-level logit that the sentence asks something restricted
    # Of a ticket that asks something restricted: the probability that it also asks something in scope
    # (mixed), from the ticket's in-scope gate and its most in-scope sentence read on its own.
    mixed: float | None = None


@dataclass
class ScopeModel:
    """Per-topic weights over a fixed vocabulary, the combiner with the rules, and two
    gates that decide from all topics together whether the ticket holds an in-scope and
    a restricted request: the verdict rests on them, the topics say which."""

    version: str
    topics: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # (features, topics)
    intercept: np.ndarray  # (topics,)
    combiner: np.ndarray  # (topics, combiner features + 1)
    restricted: np.ndarray  # (topics,) bool: the topic's kind, as trained
    gates: np.ndarray  # (2, gate features + 1): in-scope gate, restricted gate
    gate_scale: np.ndarray  # (2, gate features): mean and spread of the training features
    mixed_head: np.ndarray | None = None  # (3,): weights of the two gate logits and the bias (see Scores.mixed)
    _cache: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Stored as float32 (half the file); worked on as float64: numpy's casting between the two on
        # every small product costs more than the products (measured: a fifth of the model's time).
        self.idf, self.coef, self.intercept = (np.asarray(a, dtype=np.float64)
                                               for a in (self.idf, self.coef, self.intercept))

    def _columns(self, units: Sequence[Sequence[str]]) -> tuple[list[int], list[int]]:
        """Vocabulary columns of every unit's features (repeats kept, as counts), flat,
        and how many belong to each unit. A word's columns are computed once and cached."""
        vocab, cache = self.vocabulary, self._cache
        flat: list[int] = []
        sizes: list[int] = []
        for unit in units:
            words = _normalise(unit)
            before = len(flat)
            for w in words:
                cols = cache.get(w)
                if cols is None:
                    cols = [vocab[f] for f in _word_features(w) if f in vocab]
                    if len(cache) < _CACHE_LIMIT:
                        cache[w] = cols
                flat.extend(cols)
            flat.extend(c for c in map(vocab.get, [f"b|{a} {b}" for a, b in zip(words, words[1:], strict=False)])
                        if c is not None)
            sizes.append(len(flat) - before)
        return flat, sizes

    def logits(self, units: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Logits of the whole ticket (topics,) and of each unit (units, topics).

        Every unit is its own TF-IDF vector (sublinear counts, l2 norm); all units are
        scored in one numpy pass, which keeps a long e-mail within a millisecond or two.
        """
        flat, sizes = self._columns(units)
        columns = np.array(flat, dtype=np.int64)
        return self._whole(columns), self._each(columns, sizes)

    def _each(self, columns: np.ndarray, sizes: list[int]) -> np.ndarray:
        each = np.repeat(self.intercept[None, :], len(sizes), axis=0)
        if not len(columns):
            return each
        width = len(self.idf)
        keys = columns + np.repeat(np.arange(len(sizes)), sizes) * width
        keys.sort()
        starts, counts = _runs(keys)
        keys = keys[starts]
        unit_of = keys // width
        col_of = keys - unit_of * width
        weights = (1.0 + np.log(counts)) * self.idf[col_of]
        first, _ = _runs(unit_of)
        norms = np.sqrt(np.add.reduceat(weights * weights, first))
        each[unit_of[first]] += np.add.reduceat(self.coef[col_of] * weights[:, None], first) / norms[:, None]
        return each

    def _whole(self, flat: np.ndarray) -> np.ndarray:
        """The logits of a text made of these columns: the units' counts added up per column."""
        if not len(flat):
            return self.intercept.copy()
        flat = np.sort(flat)
        starts, counts = _runs(flat)
        cols = flat[starts]
        w = (1.0 + np.log(counts)) * self.idf[cols]
        return (w @ self.coef[cols]) / math.sqrt(float(w @ w)) + self.intercept

    def proba(self, document: Document) -> Scores:
        whole, each = self.logits(_unit_words(document))
        return self._scores(document, whole, each)

    def proba_parts(self, document: Document, parts: Sequence[Sequence[int]]) -> tuple[Scores, list[Scores]]:
        """The whole ticket's scores, and each part's (indices of the document's units) read as a ticket
        of its own. The sentences' columns and logits are computed once for the ticket and all its parts:
        only each part's whole-text logits and gates are its own work. A part is not read by the mixed
        head: what counts is which kind of request each part asks (measured: the same figures without
        it, at less work)."""
        flat, sizes = self._columns(_unit_words(document))
        columns = np.array(flat, dtype=np.int64)
        each = self._each(columns, sizes)
        rule = rule_matrix(document, self.topics)
        bounds = np.cumsum([0, *sizes])
        wholes = np.array([self._whole(np.concatenate([columns[bounds[j]:bounds[j + 1]] for j in rows]))
                           for rows in parts])
        return self._scores(document, self._whole(columns), each, rule), self._part_scores(
            document, parts, wholes, each, rule)

    def _part_scores(self, document: Document, parts: Sequence[Sequence[int]], wholes: np.ndarray,
                     each: np.ndarray, rule: np.ndarray) -> list[Scores]:
        """What ``_gates`` gives for each part read as a ticket of its own, for all parts in one numpy pass:
        the per-part maxima, minima and sums of ``combiner_features`` and ``gate_features`` are reductions
        over each part's rows of the ticket's sentences (``reduceat`` over the parts' rows laid end to end).
        A part is not read by the mixed head, and its sentences' own probabilities (which only the
        evidence of the whole ticket uses) are not computed."""
        n, r = len(self.topics), self.restricted
        rows = np.fromiter((j for part in parts for j in part), dtype=np.intp)
        starts = np.cumsum([0, *(len(part) for part in parts[:-1])])
        part_rule, part_each = rule[rows], each[rows, :n]
        best = np.maximum.reduceat(part_rule, starts, axis=0)
        top_r = _MAX(part_rule[:, r], axis=1, initial=0.0)
        top_i = _MAX(part_rule[:, ~r], axis=1, initial=0.0)
        rival = np.where(r[None, :], top_i[:, None], top_r[:, None])
        flags = np.array([[bool(document.units[j].signals.partners), bool(document.units[j].signals.named_services)]
                          for j in rows])
        flags = np.logical_or.reduceat(flags, starts, axis=0)
        feats = np.empty((len(parts), n, 8))  # combiner_features of each part, filled in place
        feats[:, :, 0] = wholes[:, :n]
        feats[:, :, 1] = np.maximum.reduceat(part_each, starts, axis=0)
        feats[:, :, 2] = _clip(best, -4, 6)
        feats[:, :, 3] = _clip(np.minimum.reduceat(part_rule, starts, axis=0), -4, 0)
        feats[:, :, 4] = _clip(np.add.reduceat(np.maximum(part_rule, 0), starts, axis=0) - np.maximum(best, 0), 0, 4)
        feats[:, :, 5] = _clip(np.maximum.reduceat(part_rule - rival, starts, axis=0), -4, 6)
        feats[:, :, 6], feats[:, :, 7] = flags[:, :1], flags[:, 1:]
        probs = _sigmoid(np.add.reduce(feats * self.combiner[:, :-1], axis=2) + self.combiner[:, -1])
        columns = [feats.reshape(len(parts), -1), _MAX(probs[:, ~r], axis=1, keepdims=True),
                   _MAX(probs[:, r], axis=1, keepdims=True), np.sort(probs, axis=1)[:, -2:-1]]
        kinds = each[rows, n] if each.shape[1] > n else None
        if kinds is not None:  # gate_features' kind columns: max, min, and "one of each kind"
            k = _clip(kinds, -6, 6)
            both = np.logical_or.reduceat(k > 1.0, starts) & np.logical_or.reduceat(k < -1.0, starts)
            columns += [np.maximum.reduceat(k, starts)[:, None], np.minimum.reduceat(k, starts)[:, None],
                        both[:, None].astype(float)]
        x = (np.concatenate(columns, axis=1) - self.gate_scale[0]) / self.gate_scale[1]
        gates = _sigmoid(x @ self.gates[:, :-1].T + self.gates[:, -1])
        ends = [*starts[1:], len(rows)]
        return [Scores(probs[i], float(gates[i, 0]), float(gates[i, 1]), None,
                       None if kinds is None else kinds[starts[i]:ends[i]])
                for i in range(len(parts))]

    def _scores(self, document: Document, whole: np.ndarray, each: np.ndarray, rule: np.ndarray | None = None
                ) -> Scores:
        n = len(self.topics)
        kind = each[:, n] if each.shape[1] > n else None  # the sentence-level kind column, if trained
        rule = rule_matrix(document, self.topics) if rule is None else rule
        probs, in_scope, restricted = self._gates(document, whole[:n], each[:, :n], kind, rule)
        mixed = None
        if self.mixed_head is not None and restricted >= MIXED_HEAD_FROM:
            best = self.sentence_in_scope(document, each, rule)
            mixed = float(_sigmoid(self.mixed_head @ [logit(in_scope), logit(best), 1.0]))
        return Scores(probs, in_scope, restricted, _sigmoid(each[:, :n]), kind, mixed)

    def _gates(self, document: Document, whole: np.ndarray, each: np.ndarray, kind: np.ndarray | None,
               rule: np.ndarray | None = None) -> tuple[np.ndarray, float, float]:
        feats = combiner_features(document, self.topics, whole, each, self.restricted, rule)
        probs = _sigmoid(np.add.reduce(feats * self.combiner[:, :-1], axis=1) + self.combiner[:, -1])
        x = (gate_features(feats, probs, self.restricted, kind) - self.gate_scale[0]) / self.gate_scale[1]
        in_scope, restricted = _sigmoid(self.gates[:, :-1] @ x + self.gates[:, -1])
        return probs, float(in_scope), float(restricted)

    def sentence_in_scope(self, document: Document, each: np.ndarray, rule: np.ndarray | None = None) -> float:
        """The highest in-scope gate of one of the merchant's own prose sentences read as a ticket of
        its own. A sentence's own text logits are its row of ``each``, so nothing is scored twice, and
        what ``combiner_features`` and ``gate_features`` do for a one-sentence ticket is done here for
        all sentences at once."""
        rows = _prose_rows(document)[:MAX_SENTENCES_READ]
        if not rows:
            return 0.0
        n, r = len(self.topics), self.restricted
        units = [document.units[j] for j in rows]
        logit = each[rows, :n]
        rule = (rule_matrix(document, self.topics) if rule is None else rule)[rows]
        top_r = _MAX(rule[:, r], axis=1, initial=0.0)
        top_i = _MAX(rule[:, ~r], axis=1, initial=0.0)
        margin = _clip(rule - np.where(r[None, :], top_i[:, None], top_r[:, None]), -4, 6)
        flags = np.array([[float(bool(u.signals.partners)), float(bool(u.signals.named_services))] for u in units])
        feats = np.empty((len(rows), n, 8))  # combiner_features of each sentence, filled in place
        feats[:, :, 0] = feats[:, :, 1] = logit
        feats[:, :, 2], feats[:, :, 3], feats[:, :, 4] = _clip(rule, -4, 6), _clip(rule, -4, 0), 0.0
        feats[:, :, 5], feats[:, :, 6], feats[:, :, 7] = margin, flags[:, :1], flags[:, 1:]
        probs = _sigmoid(np.add.reduce(feats * self.combiner[:, :-1], axis=2) + self.combiner[:, -1])
        parts = [feats.reshape(len(rows), -1), _MAX(probs[:, ~r], axis=1, keepdims=True),
                 _MAX(probs[:, r], axis=1, keepdims=True), np.sort(probs, axis=1)[:, -2:-1]]
        if each.shape[1] > n:  # gate_features' kind columns: max, min, and "one of each kind" (never, alone)
            k = _clip(each[rows, n:n + 1], -6, 6)
            parts += [k, k, np.zeros_like(k)]
        x = (np.concatenate(parts, axis=1) - self.gate_scale[0]) / self.gate_scale[1]
        return float(_sigmoid(x @ self.gates[0, :-1] + self.gates[0, -1]).max())


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal values of a sorted, non-empty array starts, and how long it is: what
    np.unique's return_index and return_counts give, without its wrapper's cost on small arrays."""
    edge = np.empty(len(keys), dtype=bool)
    edge[0] = True
    np.not_equal(keys[1:], keys[:-1], out=edge[1:])
    starts = np.flatnonzero(edge)
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:]
    ends[-1] = len(keys)
    return starts, ends - starts


def _prose_rows(document: Document) -> list[int]:
    return [j for j, u in enumerate(document.units) if u.is_prose]


def logit(p: float) -> float:
    """The log-odds of a probability, kept finite at 0 and 1."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _normalise(words: Sequence[str]) -> list[str]:
    return ["0000" if w.isdigit() and len(w) > 3 else w for w in words]


# The ufuncs' own reductions: ndarray.max and .min go through a Python wrapper that costs more than
# the work on these small arrays. With initial=0.0, the maximum of values clipped at zero.
_MAX, _MIN = np.maximum.reduce, np.minimum.reduce


def _clip(x: np.ndarray, low: float | None, high: float | None) -> np.ndarray:
    """np.clip without its Python-level wrapper, which costs more than the work on these small arrays."""
    if low is not None:
        x = np.maximum(x, low)
    return np.minimum(x, high) if high is not None else x


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return expit(z)


def rule_matrix(document: Document, topics: Sequence[str]) -> np.ndarray:
    """The rules' score of every unit (rows) for every topic (columns)."""
    return np.array([[u.signals.scores.get(t, 0.0) for t in topics] for u in document.units] or [[0.0] * len(topics)])


def combiner_features(document: Document, topics: Sequence[str], whole: np.ndarray,
                      each: np.ndarray, restricted: np.ndarray, rule: np.ndarray | None = None) -> np.ndarray:
    """Per topic: text logit of the ticket and of its best sentence; best and worst rule
    score of a sentence; further rule support; the best margin of a sentence over the
    other kind's rules (a how-to sentence about a restricted matter is no in-scope
    question); whether partners or other named services are mentioned."""
    n = len(topics)
    rule = rule_matrix(document, topics) if rule is None or not len(rule) else rule
    best, worst = _MAX(rule, axis=0), _MIN(rule, axis=0)
    support = _clip(_clip(rule, 0, None).sum(axis=0) - _clip(best, 0, None), 0, 4)
    top_restricted = _MAX(rule[:, restricted], axis=1, initial=0.0)
    top_in_scope = _MAX(rule[:, ~restricted], axis=1, initial=0.0)
    rival = np.where(restricted[None, :], top_in_scope[:, None], top_restricted[:, None])
    margin = _clip(_MAX(rule - rival, axis=0), -4, 6)
    partner = float(any(u.signals.partners for u in document.units))
    named = float(any(u.signals.named_services for u in document.units))
    out = np.empty((n, 8))  # (topics, features)
    out[:, 0], out[:, 1] = whole, _MAX(each, axis=0) if len(each) else whole
    out[:, 2], out[:, 3], out[:, 4], out[:, 5] = _clip(best, -4, 6), _clip(worst, -4, 0), support, margin
    out[:, 6], out[:, 7] = partner, named
    return out


def gate_features(feats: np.ndarray, probs: np.ndarray, restricted: np.ndarray,
                  kind: np.ndarray | None = None) -> np.ndarray:
    """Everything the combiner saw, plus the best topic of each kind and the runner-up; with a
    sentence-level kind model, also its most restricted and its most in-scope sentence (a mixed
    ticket has one of each, a restricted one rarely an in-scope question beside the context)."""
    base = [feats.ravel(), [_MAX(probs[~restricted]), _MAX(probs[restricted]), np.sort(probs)[-2]]]
    if kind is not None:
        k = _clip(kind, -6, 6) if len(kind) else np.zeros(1)
        base.append([_MAX(k), _MIN(k), float(bool((k > 1.0).any() and (k < -1.0).any()))])
    return np.concatenate(base)


# --- training ------------------------------------------------------------------------

def _design(docs: Sequence[Sequence[Sequence[str]]], vocabulary: dict[str, int] | None = None
            ) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Raw counts of every document's features; the vocabulary keeps features seen twice."""
    bags = [[f for unit in doc for f in _unit_features(_normalise(unit))] for doc in docs]
    if vocabulary is None:
        df: dict[str, int] = {}
        for bag in bags:
            for f in set(bag):
                df[f] = df.get(f, 0) + 1
        vocabulary = {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= _MIN_DF))}
    rows, cols = [], []
    for r, bag in enumerate(bags):
        for f in bag:
            c = vocabulary.get(f)
            if c is not None:
                rows.append(r)
                cols.append(c)
    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(vocabulary)))
    counts.sum_duplicates()
    return counts, vocabulary


def _logistic_regression(c: float, *, balanced: bool = False):
    """scikit-learn is imported only to train: a process that only classifies starts without it (measured:
    importing it costs about a second)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", class_weight="balanced" if balanced else None,
                              max_iter=1000, random_state=0)


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    x = counts.copy()
    x.data = 1.0 + np.log(x.data)
    x = x.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ x


def _fit_text(docs: Sequence[Sequence[Sequence[str]]], labels: np.ndarray, c: float,
              kinds: Sequence[Sequence[tuple[float, float] | None]] | None = None
              ) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]:
    """One linear model per topic over whole tickets; with ``kinds`` given (see ``kind_targets``), one
    more column: a sentence-level model of the kind (restricted or in scope) of a single sentence."""
    counts, vocabulary = _design(docs)
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    idf = np.log((1 + len(docs)) / (1 + df)) + 1.0
    x = _tfidf(counts, idf)
    columns = labels.shape[1] + (kinds is not None)
    coef = np.zeros((len(vocabulary), columns), dtype=np.float32)
    intercept = np.zeros(columns)
    for j in range(labels.shape[1]):
        y = labels[:, j]
        if y.min() == y.max():  # a topic absent from these examples: never predict it
            intercept[j] = -8.0
            continue
        lr = _logistic_regression(c, balanced=True)
        lr.fit(x, y)
        coef[:, j] = lr.coef_[0]
        intercept[j] = lr.intercept_[0]
    if kinds is not None:
        coef[:, -1], intercept[-1] = _fit_kind(docs, kinds, vocabulary, idf)
    return vocabulary, idf.astype(np.float32), coef, intercept


def kind_targets(documents: Sequence[Document], labels: np.ndarray, restricted: np.ndarray,
                 annotated: Sequence[dict[str, str] | None]) -> list[list[tuple[float, float] | None]]:
    """Per ticket and unit, what the sentence-level kind model learns: (1 restricted / 0 in scope / 0.5 neither,
    weight), or None to leave the unit out. An annotated sentence gives its own label; the other
    units of a ticket that is all restricted or all in scope take the ticket's kind; those of a mixed
    ticket are left out, since which of them is which is not known."""
    has_r, has_i = labels[:, restricted].any(axis=1), labels[:, ~restricted].any(axis=1)
    out = []
    for document, r, i, notes in zip(documents, has_r, has_i, annotated, strict=True):
        notes = notes or {}
        row: list[tuple[float, float] | None] = []
        for unit in document.units:
            note = notes.get(unit.text) if unit.source == "body" else None
            if note is not None:
                if note == "none":
                    row.append((0.5, NONE_WEIGHT) if NONE_WEIGHT > 0 else None)
                else:
                    row.append((float(note == "restricted"), ANNOTATED_WEIGHT))
            else:
                row.append((float(r), 1.0) if r != i else None)
        out.append(row)
    return out


def _fit_kind(docs: Sequence[Sequence[Sequence[str]]], kinds: Sequence[Sequence[tuple[float, float] | None]],
              vocabulary: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, float]:
    """The sentence-level kind model over the units ``kind_targets`` labelled."""
    units, y, w = [], [], []
    for doc, targets in zip(docs, kinds, strict=True):
        for unit, target in zip(doc, targets, strict=True):
            if unit and target is not None:
                y_w = target[1]
                halves = ((0, y_w / 2), (1, y_w / 2)) if target[0] == 0.5 else ((int(target[0]), y_w),)
                for label, weight in halves:
                    units.append([unit])
                    y.append(label)
                    w.append(weight)
    if len(set(y)) < 2:
        return np.zeros(len(vocabulary), dtype=np.float32), 0.0
    x = _tfidf(_design(units, vocabulary)[0], idf)
    lr = _logistic_regression(_KIND_C, balanced=True)
    lr.fit(x, np.array(y), sample_weight=np.array(w))
    return lr.coef_[0].astype(np.float32), float(lr.intercept_[0])


def _text_only(topics: tuple[str, ...], vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray,
               intercept: np.ndarray) -> ScopeModel:
    """A model that only gives text logits: what the out-of-fold rounds need."""
    n = len(topics)
    return ScopeModel("text-only", topics, vocabulary, idf, coef, intercept, np.zeros((n, 0)), np.zeros(n, bool),
                      np.zeros((2, 0)), np.zeros((2, 0)))


def folds(n: int, k: int, seed: int) -> list[np.ndarray]:
    """k disjoint index sets covering range(n), shuffled by the seed."""
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def train(examples: Sequence[Example], seed: int = 0, ruleset: RuleSet | None = None, *,
          c: float = 8.0, inner_folds: int = 5, sentence_labels: dict[str, dict[str, str]] | None = None
          ) -> ScopeModel:
    """Fit the text model on all examples; the combiner and the gates on out-of-fold text
    scores, so they learn how far the text model holds on tickets it has not seen.

    ``sentence_labels`` (default: the shipped annotations, ``load_sentence_labels``) are read only for
    the given examples' ids, so a cross-validation fold never learns from a held-out ticket's sentences.

    Deterministic for a given seed: the folds come from numpy's seeded generator and every
    solver gets a fixed random_state.
    """
    ruleset = ruleset or load_seed()
    topics = ruleset.slugs
    documents = [read_ticket(ruleset, e.subject, e.body) for e in examples]
    docs = [_unit_words(d) for d in documents]
    labels = np.array([[t in e.topics for t in topics] for e in examples], dtype=int)
    oof_whole = np.zeros((len(examples), len(topics)))
    oof_each: list[np.ndarray] = [np.zeros((0, len(topics)))] * len(examples)
    oof_kind: list[np.ndarray] = [np.zeros(0)] * len(examples)
    restricted = np.array([t.kind == "restricted" for t in ruleset.topics])
    notes = load_sentence_labels() if sentence_labels is None else sentence_labels
    kinds = kind_targets(documents, labels, restricted, [notes.get(e.id) for e in examples])
    n = len(topics)
    for fold in folds(len(examples), inner_folds, seed):
        train_idx = np.setdiff1d(np.arange(len(examples)), fold)
        part = _text_only(topics, *_fit_text([docs[i] for i in train_idx], labels[train_idx], c,
                                             [kinds[i] for i in train_idx]))
        for i in fold:
            whole, each = part.logits(docs[i])
            oof_whole[i], oof_each[i], oof_kind[i] = whole[:n], each[:, :n], each[:, n]
    feats = np.array([combiner_features(d, topics, oof_whole[i], oof_each[i], restricted)
                      for i, d in enumerate(documents)])
    combiner = _fit_combiner(feats, labels)
    probs = _sigmoid(np.einsum("ntk,tk->nt", feats, combiner[:, :-1]) + combiner[:, -1])
    gates, gate_scale = _fit_gates(feats, probs, labels, restricted, oof_kind)
    mixed_head = _fit_mixed_head(topics, documents, feats, labels, restricted, oof_whole, oof_each, oof_kind,
                                 folds(len(examples), inner_folds, seed + 1))
    vocabulary, idf, coef, intercept = _fit_text(docs, labels, c, kinds)
    head = ":mh" if mixed_head is not None else ""
    annotated = sum(1 for e in examples if notes.get(e.id))
    sl = f":sl{annotated}" if annotated else ""
    version = f"{FORMAT}:lr-c{c:g}{head}{sl}:n{len(examples)}:s{seed}:{ruleset.version}"
    return ScopeModel(version, topics, vocabulary, idf, coef, intercept, combiner, restricted, gates, gate_scale,
                      mixed_head)


def _mixed_head_data(judge: ScopeModel, documents: Sequence[Document], whole: np.ndarray,
                     each: Sequence[np.ndarray], kinds: Sequence[np.ndarray], labels: np.ndarray
                     ) -> tuple[list[list[float]], list[int]]:
    """Among tickets that ask something restricted, learn from out-of-fold scores whether they also ask
    something in scope: the ticket's in-scope gate and its most in-scope sentence read on its own."""
    restricted = judge.restricted
    x, y = [], []
    for i, document in enumerate(documents):
        if not labels[i, restricted].any():
            continue
        with_kind = np.column_stack([each[i], kinds[i]]) if len(kinds[i]) == len(each[i]) else each[i]
        _, in_scope, _ = judge._gates(document, whole[i], each[i], kinds[i] if len(kinds[i]) else None)
        x.append([logit(in_scope), logit(judge.sentence_in_scope(document, with_kind))])
        y.append(int(labels[i, ~restricted].any()))
    return x, y


def _fit_mixed_head(topics: tuple[str, ...], documents: Sequence[Document], feats: np.ndarray, labels: np.ndarray,
                    restricted: np.ndarray, whole: np.ndarray, each: Sequence[np.ndarray],
                    kinds: Sequence[np.ndarray], parts: Sequence[np.ndarray]) -> np.ndarray | None:
    """The mixed head learns from gates that never saw the ticket: combiner and gates are cross-fitted
    over ``parts``, so their confidence on a ticket is what it will be on a new one."""
    n = len(topics)
    x: list[list[float]] = []
    y: list[int] = []
    for part in parts:
        rest = np.setdiff1d(np.arange(len(documents)), part)
        combiner = _fit_combiner(feats[rest], labels[rest])
        probs = _sigmoid(np.einsum("ntk,tk->nt", feats[rest], combiner[:, :-1]) + combiner[:, -1])
        gates, scale = _fit_gates(feats[rest], probs, labels[rest], restricted, [kinds[i] for i in rest])
        judge = ScopeModel("judge", topics, {}, np.zeros(0), np.zeros((0, n)), np.zeros(n), combiner, restricted,
                           gates, scale)
        px, py = _mixed_head_data(judge, [documents[i] for i in part], whole[part], [each[i] for i in part],
                                  [kinds[i] for i in part], labels[part])
        x += px
        y += py
    if len(set(y)) < 2:
        return None
    lr = _logistic_regression(1.0)
    lr.fit(np.array(x), np.array(y))
    return np.array([*lr.coef_[0], lr.intercept_[0]])


def _fit_combiner(feats: np.ndarray, labels: np.ndarray) -> np.ndarray:
    weights = np.zeros((labels.shape[1], feats.shape[2] + 1))
    for j in range(labels.shape[1]):
        y = labels[:, j]
        if y.min() == y.max():
            weights[j, -1] = -8.0
            continue
        lr = _logistic_regression(1.0)
        lr.fit(feats[:, j, :], y)
        weights[j, :-1] = lr.coef_[0]
        weights[j, -1] = lr.intercept_[0]
    return weights


def _fit_gates(feats: np.ndarray, probs: np.ndarray, labels: np.ndarray, restricted: np.ndarray,
               kinds: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([gate_features(f, p, restricted, k) for f, p, k in zip(feats, probs, kinds, strict=True)])
    scale = np.array([x.mean(axis=0), x.std(axis=0) + 1e-6])
    x = (x - scale[0]) / scale[1]
    gates = np.zeros((2, x.shape[1] + 1))
    for g, y in enumerate((labels[:, ~restricted].max(axis=1), labels[:, restricted].max(axis=1))):
        if y.min() == y.max():
            gates[g, -1] = 8.0 if y[0] else -8.0
            continue
        lr = _logistic_regression(_GATE_C)
        lr.fit(x, y)
        gates[g, :-1] = lr.coef_[0]
        gates[g, -1] = lr.intercept_[0]
    return gates, scale


# --- storage -------------------------------------------------------------------------

_STORED = ("version", "topics", "vocabulary", "idf", "coef", "intercept", "combiner", "restricted", "gates",
           "gate_scale", "mixed_head")
_OPTIONAL = ("mixed_head",)  # absent from models trained before it
_SINGLE_PRECISION = ("idf", "coef")  # as trained (see ScopeModel.__post_init__)


def dump_model(model: ScopeModel) -> bytes:
    """Plain data only (dicts, tuples, numpy arrays), so the file outlives refactors."""
    payload = {"format": FORMAT, **{name: getattr(model, name) for name in _STORED}}
    payload.update({name: payload[name].astype(np.float32) for name in _SINGLE_PRECISION})
    return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)


def load_model(data: bytes) -> ScopeModel:
    """Load bytes written by dump_model; refuses anything of another format."""
    try:
        payload = pickle.loads(data)  # the shipped file or one our admins trained: trusted input
    except (pickle.UnpicklingError, EOFError, TypeError, ValueError, AttributeError, ImportError) as exc:
        raise ValueError(f"not a {FORMAT} model: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} model")
    return ScopeModel(**{name: payload[name] for name in _STORED if name in payload or name not in _OPTIONAL})


def training_files() -> list[Path]:
    """The labelled files the shipped model learns from: dev and extra, never the holdout."""
    return [p for p in (DATA_DIR / "tickets-dev.jsonl", DATA_DIR / "tickets-extra.jsonl") if p.exists()]


def main(argv: Iterable[str] = ()) -> int:
    files = training_files()
    examples = load_examples(*files)
    model = train(examples, seed=0)
    MODEL_PATH.write_bytes(dump_model(model))
    print(f"trained on {len(examples)} tickets from {', '.join(p.name for p in files)}")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB), version {model.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
