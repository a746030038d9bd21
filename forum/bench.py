"""Forum figures for docs/benchmarks.md: thread pages of a long thread, full-text search, the
automatic checks' throughput and their precision/recall on the holdout file.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ixxo_forum_bench .venv/bin/python -m forum.bench

Runs in-process (Django test client, DEBUG off) against its own database, which it creates and fills.
"""

import json
import os
import random
import time
from datetime import timedelta

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ixxo_forum_bench")

from bench import common  # noqa: E402

POSTS_IN_THREAD = 10_000
SEARCH_POSTS = 50_000
ROUNDS = 60
WORDS = ["shipping", "zones", "invoice", "coupon", "klarna", "paypal", "stripe", "checkout", "theme", "variant",
         "export", "import", "tax", "vat", "refund", "label", "carrier", "stock", "warehouse", "newsletter",
         "discount", "category", "product", "review", "sitemap"]


def _create_database() -> None:
    import psycopg2

    url = common.database_url()
    base, name = url.rsplit("/", 1)
    conn = psycopg2.connect(base + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def _fill() -> tuple[object, object]:
    from django.utils import timezone

    from accounts.models import Merchant, User
    from core.rendering import render_markdown
    from forum.models import Category, Post, Thread

    merchant, _ = Merchant.objects.get_or_create(licence_key="FORUM-BENCH", defaults={"name": "Bench Store",
                                                                                        "contact_email": "b@x.test"})
    user, _ = User.objects.get_or_create(username="forum-bench", defaults={"merchant": merchant})
    user.date_joined = timezone.now() - timedelta(days=90)
    user.save()
    category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    long_thread = Thread.objects.filter(title="Bench: the long thread").first()
    if long_thread is None:
        long_thread = Thread.objects.create(category=category, title="Bench: the long thread", author=user,
                                            is_visible=True, last_position=POSTS_IN_THREAD)
        html = render_markdown("A reply about **shipping**.")
        Post.objects.bulk_create([Post(thread=long_thread, author=user, position=n, body="A reply about shipping.",
                                       body_html=html) for n in range(1, POSTS_IN_THREAD + 1)], batch_size=2000)
    have = Post.objects.exclude(thread=long_thread).count()
    if have < SEARCH_POSTS:
        threads = [Thread(category=category, title=f"{WORDS[n % len(WORDS)]} question {n}", author=user,
                          is_visible=True, last_position=1) for n in range(SEARCH_POSTS - have)]
        Thread.objects.bulk_create(threads, batch_size=2000)
        posts = []
        rng = random.Random(7)
        vocabulary = WORDS + [f"term{n}" for n in range(5000)]
        for n, thread in enumerate(threads):
            body = " ".join(rng.choice(vocabulary) for _ in range(40)) + f" case{n}"
            posts.append(Post(thread=thread, author=user, position=1, body=body, body_html=f"<p>{body}</p>"))
        Post.objects.bulk_create(posts, batch_size=2000)
    return user, long_thread


def _time(client, url: str) -> list[float]:  # noqa: ANN001
    for _ in range(3):
        client.get(url)
    out = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        out.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return out


def _plan(sql: str, params: tuple) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cur.fetchone()[0][0]
    nodes = []

    def walk(node: dict) -> None:
        label = node["Node Type"] + (f" using {node['Index Name']}" if "Index Name" in node else "")
        nodes.append(label)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return f"{', '.join(dict.fromkeys(nodes))} ({plan['Execution Time']:.2f} ms)"


def main() -> None:
    _create_database()
    common.setup_django()
    from django.core.management import call_command
    from django.test import Client

    from forum import selectors
    from forum.moderation import runtime
    from forum.moderation.batch import decide_many, score
    from forum.moderation.crossval import cross_validate
    from forum.moderation.model import TRAIN_PATH

    call_command("migrate", verbosity=0)
    user, thread = _fill()
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE forum_post; ANALYZE forum_thread")
    client = Client()
    client.force_login(user)
    last = POSTS_IN_THREAD // selectors.PAGE_SIZE
    rows = []
    for label, url in (("thread page 1", f"/forum/t/{thread.pk}/"),
                       (f"thread page {last} (last)", f"/forum/t/{thread.pk}/?page={last}"),
                       (f"search, {SEARCH_POSTS:,} posts, one common word", "/forum/search/?q=klarna"),
                       ("search, two words", "/forum/search/?q=term17+term42"),
                       ("search, one rare word", "/forum/search/?q=case777")):
        summary = common.latency_summary(_time(client, url))
        rows.append([label, f"{summary['p50']:.1f}", f"{summary['p95']:.1f}"])
    page_qs = selectors.posts_visible_to(user).filter(thread=thread, position__gt=(last - 1) * 20,
                                                      position__lte=last * 20).order_by("position")
    search_qs = selectors.search(user=user, query="term17 term42")[:20]
    plans = [["thread page (last)", _plan(*page_qs.query.sql_with_params())],
             ["search", _plan(*search_qs.query.sql_with_params())]]

    holdout = [json.loads(x) for x in TRAIN_PATH.with_name("posts-holdout.jsonl").read_text().splitlines() if x]
    start = time.perf_counter()
    scorer = runtime.scorer()
    trained = time.perf_counter() - start
    start = time.perf_counter()
    decided = decide_many(holdout, scorer=scorer, rules=runtime.safe_watched_rules(),
                          bug_topic=runtime.batch_bug_topic())
    per_post = (time.perf_counter() - start) / len(holdout) * 1000
    quality = [[s.label, f"{s.precision:.3f}", f"{s.recall:.3f}", s.tp, s.fp, s.fn] for s in score(holdout, decided)]
    train = [json.loads(x) for x in TRAIN_PATH.read_text().splitlines() if x]
    _, cv_scores = cross_validate(train, k=5, rules=runtime.safe_watched_rules(), bug_topic=runtime.batch_bug_topic())
    cv = [[s.label, f"{s.precision:.3f}", f"{s.recall:.3f}", s.tp, s.fp, s.fn] for s in cv_scores]

    body = f"""### Forum (`python -m forum.bench`)

Measured {common.machine_line()}. In-process Django test client (DEBUG=0),
{ROUNDS} requests per page after 3 warm-up requests; a thread of {POSTS_IN_THREAD:,} posts and {SEARCH_POSTS:,}
other posts. Thread pages are position ranges (`position > n AND position <= n + 20`), so the last page
costs what the first does; search is PostgreSQL full text ('simple' configuration) over GIN expression indexes.

{common.table(["page", "p50 ms", "p95 ms"], rows)}

{common.table(["query", "plan (EXPLAIN ANALYZE)"], plans)}

**Automatic checks** (`manage.py forum_eval`): model trained on forum/data/posts-train.jsonl in {trained:.1f} s at
first use; {per_post:.1f} ms per post including the policy classifier. Measured on the {len(holdout)} posts of
forum/data/posts-holdout.jsonl (never used for training; six languages, hard negatives):

{common.table(["label", "precision", "recall", "tp", "fp", "fn"], quality)}

5-fold cross-validation on the {len(train)} posts of forum/data/posts-train.jsonl (`manage.py forum_eval --cv 5`;
the cues and the stack weights were written and fitted on this file, so it flatters them):

{common.table(["label", "precision", "recall", "tp", "fp", "fn"], cv)}
"""
    common.write_section("forum", body, parent=None)


if __name__ == "__main__":
    main()
