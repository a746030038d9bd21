"""The status table itself (pure data); applying it is tested in test_services.py."""

import pytest

from tickets.models import Ticket
from tickets.transitions import MERCHANT_TARGETS, TRANSITIONS, can_transition

S = Ticket.Status


def test_every_status_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(S.values)


def test_every_target_in_the_table_is_a_known_status():
    assert all(targets <= set(S.values) for targets in TRANSITIONS.values())


def test_no_status_lists_itself_as_a_target():
    assert all(status not in targets for status, targets in TRANSITIONS.items())


@pytest.mark.parametrize("status", S.values)
def test_staying_in_the_same_status_is_always_allowed(status):
    assert can_transition(status, status)


@pytest.mark.parametrize("status", S.values)
def test_every_status_can_reach_closed_or_come_back_from_it(status):
    assert can_transition(status, S.CLOSED) or status == S.CLOSED
    assert can_transition(S.CLOSED, S.OPEN)


@pytest.mark.parametrize("target", [S.NEW, S.PENDING, S.ON_HOLD, S.RESOLVED])
def test_a_closed_ticket_can_only_be_reopened(target):
    assert not can_transition(S.CLOSED, target)


@pytest.mark.parametrize("status", [S.OPEN, S.PENDING, S.ON_HOLD, S.RESOLVED, S.CLOSED])
def test_no_ticket_goes_back_to_new(status):
    assert not can_transition(status, S.NEW)


def test_a_resolved_ticket_is_either_reopened_or_closed():
    assert {target for target in S.values if target != S.RESOLVED and can_transition(S.RESOLVED, target)} == {
        S.OPEN,
        S.CLOSED,
    }


def test_an_unknown_status_can_go_nowhere():
    assert not can_transition("archived", S.OPEN)


def test_merchants_may_only_close_or_reopen():
    assert {S.CLOSED, S.OPEN} == MERCHANT_TARGETS
