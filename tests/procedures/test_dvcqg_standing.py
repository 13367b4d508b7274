"""A dossier's stored DVCQG standing (procedures.dvcqg.standing) says what the rule's verdict says at the end
of every day: on time once finished, and late from `late_on` while unfinished. The summary counts
progress_score from the standing alone, so the two must never part."""

import random
from dataclasses import replace
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest

from procedures.dvcqg import (
    DvcqgDossier,
    NationalStatus,
    SupplementRequest,
    dvcqg_verdict,
    standing,
)
from procedures.dvcqg_stored import from_dossier, stored_standing
from tests.factories import local
from tests.procedures.test_dvcqg_rule import DOSSIER
from tests.procedures.test_office_hours import CALENDAR_2026, HOURS


def _standing(dossier: DvcqgDossier, *, finished: bool):
    return standing(dossier, finished=finished, calendar=CALENDAR_2026, hours=HOURS)


def _late_at_end_of(dossier: DvcqgDossier, day) -> bool:
    end = datetime.combine(day, time(23, 59, 59), tzinfo=dossier.received_at.tzinfo)
    return not dvcqg_verdict(dossier, period_end=end, calendar=CALENDAR_2026, hours=HOURS).on_time


def _moment(rng: random.Random, start: datetime, days: int) -> datetime:
    return start + timedelta(days=rng.randrange(days), hours=rng.randrange(24), minutes=rng.randrange(60))


def _drawn(rng: random.Random) -> DvcqgDossier:
    received = local(2026, 9, 1, 7) + timedelta(days=rng.randrange(10), minutes=rng.randrange(600))
    due = received + timedelta(days=rng.randrange(1, 12), minutes=rng.randrange(-300, 300))
    requests, moment = [], received
    for _request in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
        asked = _moment(rng, moment, 8)
        back = _moment(rng, asked, 6) if rng.random() < 0.7 else None
        requests.append(SupplementRequest(asked, back))
        if back is None:
            break
        moment = back
    return DvcqgDossier(NationalStatus.IN_PROGRESS, received, max(due, received), supplements=tuple(requests))


@pytest.mark.parametrize("seed", range(40))
def test_an_unfinished_dossier_is_late_exactly_from_its_late_on_day(seed):
    dossier = _drawn(random.Random(seed))
    late_on = _standing(dossier, finished=False).late_on
    first = dossier.received_at.date()
    for offset in range(45):
        day = first + timedelta(days=offset)
        assert _late_at_end_of(dossier, day) == (late_on is not None and day >= late_on), (day, late_on)


@pytest.mark.parametrize("seed", range(40))
def test_a_finished_dossier_stands_as_the_verdict_once_every_event_has_happened(seed):
    rng = random.Random(seed)
    drawn = _drawn(rng)
    last = max([drawn.received_at, *(r.returned_at or r.requested_at for r in drawn.supplements)])
    dossier = replace(drawn, national_status=NationalStatus.RETURNED, returned_at=_moment(rng, last, 10))
    after = datetime(2027, 12, 31, tzinfo=dossier.received_at.tzinfo)
    verdict = dvcqg_verdict(dossier, period_end=after, calendar=CALENDAR_2026, hours=HOURS)
    assert _standing(dossier, finished=True).on_time == verdict.on_time


def test_an_unfinished_dossier_is_late_from_the_day_of_its_due_time():
    # Due Mon 14/09 at 17:00: a period ending that evening finds it unfinished after its due time.
    assert _standing(DOSSIER, finished=False).late_on == local(2026, 9, 14).date()


def test_a_second_supplement_request_makes_an_unfinished_dossier_late_from_that_day():
    dossier = replace(
        DOSSIER,
        supplements=(
            SupplementRequest(local(2026, 9, 8, 9), local(2026, 9, 9, 9)),
            SupplementRequest(local(2026, 9, 10, 9)),
        ),
    )
    assert _standing(dossier, finished=False).late_on == local(2026, 9, 10).date()


def test_waiting_for_its_only_supplement_asked_for_in_time_an_unfinished_dossier_is_never_late():
    dossier = replace(DOSSIER, supplements=(SupplementRequest(local(2026, 9, 11, 9)),))
    assert _standing(dossier, finished=False).late_on is None


def test_statuses_1_and_3_have_no_standing():
    for status in (NationalStatus.REGISTERED, NationalStatus.NOT_ACCEPTED):
        found = _standing(replace(DOSSIER, national_status=status), finished=False)
        assert (found.on_time, found.late_on) == (None, None)


def test_a_supplement_back_before_office_hours_keeps_the_dossier_on_time_until_that_day():
    # Asked for at its due time, Mon 14/09 17:00, and back Wed 16/09 at 06:00: the due time moves by the
    # office time waited, to Tue 15/09 at 17:00, but on Tuesday evening the dossier was still waiting for
    # its only supplement, on time. Late from Wednesday.
    dossier = replace(
        DOSSIER, supplements=(SupplementRequest(local(2026, 9, 14, 17), local(2026, 9, 16, 6)),)
    )
    assert not _late_at_end_of(dossier, local(2026, 9, 15).date())
    assert _standing(dossier, finished=False).late_on == local(2026, 9, 16).date()


@pytest.mark.parametrize("seed", range(60))
def test_a_stored_dossier_never_paused_stands_as_the_rule_says(seed):
    # stored_standing's short way for a dossier without supplement requests, against the rule's own.
    rng = random.Random(seed)
    received = local(2026, 9, 1, 7) + timedelta(days=rng.randrange(10), minutes=rng.randrange(600))
    finished = _moment(rng, received, 15) if rng.random() < 0.7 else None
    completed = _moment(rng, received, 15) if finished and rng.random() < 0.5 else None
    stored = SimpleNamespace(
        national_status=rng.choice([None, None, NationalStatus.RETURNED, NationalStatus.STOPPED]),
        status=rng.choice(["resolved", "withdrawn", "refused"]) if finished else "in_progress",
        received_at=received,
        due_on=(received + timedelta(days=rng.randrange(1, 12))).date(),
        due_at=received + timedelta(days=rng.randrange(1, 12), hours=3) if rng.random() < 0.3 else None,
        finished_at=finished,
        processing_completed_at=min(completed, finished) if completed else None,
    )
    full = standing(
        from_dossier(stored, (), hours=HOURS),
        finished=finished is not None,
        calendar=CALENDAR_2026,
        hours=HOURS,
    )
    assert stored_standing(stored, [], calendar=CALENDAR_2026, hours=HOURS) == full
