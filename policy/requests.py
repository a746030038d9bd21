"""Where a ticket asks more than one thing: its request parts.

Merchants mark a second request themselves: "Also, ...", "And how do I ...", "Außerdem ...", "2) ...",
a bulleted list. Read whole, a ticket's in-scope question is drowned by a restricted one beside it (or
the other way round), which is how mixed tickets were missed; read part by part, each part looks like
the one-question tickets the model learnt from. ``classify`` reads each part as a ticket of its own,
calls the ticket mixed when the parts disagree, and of one kind when a mixed reading of the whole is
not borne out by any part (see ``classify._by_parts``).

A list item that asks something ("2) How do I ...?") is read together with the sentence that introduces
the list ("Mailchimp is connected and syncing. Now:"): the items share that context. Items that only
list details of one question ("- the links in our e-mails", "- the canonical URLs") stay with it.
Pure: units in, groups of units out.
"""

from __future__ import annotations

import re

from policy.rules import Document, Unit

__all__ = ["MAX_PARTS", "request_parts"]

MAX_PARTS = 4  # a long list is read as at most this many parts (the rest join the last): bounded work
MAX_INTRO = 3  # sentences of context read with each list item

_LIST_ITEM = re.compile(r"^\W{0,2}(?:\(?\d{1,2}[.):]\s|\(?[a-h]\)\s|[-*•–]\s)")
# A sentence that opens with one of these starts another request, in the six languages tickets come in.
_NEXT_REQUEST = re.compile(
    r"^\W{0,3}(?:(?:\d{1,2}|[a-h])[.)]\s+)?"
    r"(?:also|and|plus|second(?:ly)?|separately|another|besides|additionally|p\.?s\.?|one more"
    r"|on another note|other question|unrelated|(?:problem|question|issue|thing) (?:two|2)\b"
    r"|(?:a )?(?:separate|different) (?:question|issue|thing|topic)|by the way|btw|moreover|furthermore"
    r"|the second|(?:my )?(?:second|next|last) question|finally|lastly|last but not least|oh,? and"
    r"|schließlich|zuletzt|zum schluss|enfin|pour finir|por último|finalmente|infine|per finire|tot slot|ten slotte"
    r"|und|außerdem|ausserdem|zudem|zweitens|noch eine|eine weitere|dann noch|übrigens|des weiteren|desweiteren"
    r"|weiterhin|zweite frage|noch etwas|andere frage"
    r"|et|aussi|de plus|par ailleurs|autre question|ensuite|deuxièmement|la deuxième|la seconde"
    r"|deuxième question|autre chose|d'autre part|à part ça"
    r"|y|además|también|otra pregunta|por otro lado|aparte|por cierto|otra cosa|la segunda|segunda pregunta"
    r"|en segundo lugar|asimismo"
    r"|e|inoltre|anche|un'altra|altra domanda|a parte|altra cosa|la seconda|seconda domanda|in secondo luogo"
    r"|tra l'altro"
    r"|en|daarnaast|ook|verder|nog een|tweede|los daarvan|andere vraag|ten tweede|trouwens|bovendien)\b",
    re.IGNORECASE)


def request_parts(document: Document) -> list[tuple[int, ...]]:
    """The merchant's prose sentences grouped into requests, as indices of the document's units; one
    group when nothing marks a second request (the subject and pasted logs belong to the whole ticket,
    not to a part)."""
    position = {id(u): i for i, u in enumerate(document.units)}
    units = [u for u in document.units if u.is_prose]
    items = _request_items(units)
    parts: list[list[Unit]] = []
    current: list[Unit] = []
    intro: list[Unit] | None = None
    for k, unit in enumerate(units):
        is_item = k in items
        if current and (is_item or _NEXT_REQUEST.match(unit.text)):
            if is_item and intro is None:
                # What comes before the first item and asks nothing is only the list's context, unless
                # it is an earlier item of the list itself ("1) cannot connect ... 2) How do I ...?").
                asks = any("?" in u.text for u in current)
                earlier_item = bool(_LIST_ITEM.match(current[0].text))
                intro = [] if earlier_item else current[-1:] if asks else current[-MAX_INTRO:]
                if asks or earlier_item:
                    parts.append(current)
            else:
                parts.append(current)
            current = list(intro) if is_item else []
        current.append(unit)
    if current:
        parts.append(current)
    if len(parts) > MAX_PARTS:
        tail = parts[MAX_PARTS - 1:]
        parts[MAX_PARTS - 1:] = [tail[0] + [u for part in tail[1:] for u in part if u not in (intro or ())]]
    return [tuple(position[id(u)] for u in part) for part in parts]


def _request_items(units: list[Unit]) -> set[int]:
    """The list items that open a request: one that asks ("2) How do I ...?"), and, in a list of two or
    more requests, one whose item runs on over further sentences ("1. We sell wine by the case. Where do I
    set ...?" / "2. I wrote a small script ... Can I hook that too?"). A list of one-line details whose
    last item is followed by the question keeps its items together."""
    starts = [k for k, u in enumerate(units) if _LIST_ITEM.match(u.text)]
    asking = {k for k in starts if "?" in units[k].text}
    ends = starts[1:] + [len(units)] if starts else []
    running = {k for k, end in zip(starts, ends, strict=True)
               if end - k >= 2 or any("?" in u.text for u in units[k:end])}
    return asking | running if len(running) >= 2 else asking
