"""The DVCQG rule for "on time" (spec/index766.md), every case worked out by hand.

The period is September 2026. Unless a test says otherwise the dossier was received Mon 07/09/2026 at 09:00
with 5 working days: day 1 Tue 08/09 … day 5 Mon 14/09 (Sat 12 and Sun 13 off), so it is due Mon 14/09 at
17:00. Office hours 07:30-11:30 and 13:30-17:00 (a day of 7 h 30).
"""

from dataclasses import replace
from datetime import datetime

import pytest

from procedures.dvcqg import (
    NOT_COUNTED_STATUSES,
    PORTAL_CHANNELS,
    PORTAL_STATUSES,
    DvcqgDossier,
    EndKind,
    NationalStatus,
    SupplementRequest,
    dvcqg_verdict,
)
from procedures.models import Dossier
from tests.factories import local
from tests.procedures.test_office_hours import CALENDAR_2026, HOURS

PERIOD_END = datetime(2026, 9, 30, 23, 59, 59, tzinfo=local(2026, 9, 30).tzinfo)
DOSSIER = DvcqgDossier(
    national_status=NationalStatus.RETURNED,
    received_at=local(2026, 9, 7, 9),
    due_at=local(2026, 9, 14, 17),
)


def verdict(dossier: DvcqgDossier, period_end: datetime = PERIOD_END):
    return dvcqg_verdict(dossier, period_end=period_end, calendar=CALENDAR_2026, hours=HOURS)


def test_processing_complete_before_the_return_is_the_end():
    # Processed Mon 14/09 16:00, handed over Tue 15/09 09:00: the end is 16:00 ≤ 17:00 the same day, on time
    # (Biểu 06a, counting the return on 15/09, says late).
    dossier = replace(
        DOSSIER, processing_complete_at=local(2026, 9, 14, 16), returned_at=local(2026, 9, 15, 9)
    )
    result = verdict(dossier)
    assert (result.ended_at, result.end_kind, result.due_at) == (
        local(2026, 9, 14, 16),
        EndKind.PROCESSING_COMPLETE,
        local(2026, 9, 14, 17),
    )
    assert result.on_time is True
    assert result.reason == (
        "Đúng hạn: kết thúc xử lý lúc 16:00 14/09/2026 (đã xử lý xong), hạn 17:00 14/09/2026."
    )


def test_returned_without_a_processing_complete_time_ends_at_the_return():
    # Returned Tue 15/09 08:00, after the due time, 17:00 on 14/09: late.
    result = verdict(replace(DOSSIER, returned_at=local(2026, 9, 15, 8)))
    assert (result.ended_at, result.end_kind, result.on_time) == (
        local(2026, 9, 15, 8),
        EndKind.RETURNED,
        False,
    )


def test_a_dossier_refused_by_the_due_date_is_on_time():
    # Refused Mon 14/09 at 17:00 sharp: end = due, and end ≤ due is on time.
    result = verdict(
        replace(DOSSIER, national_status=NationalStatus.STOPPED, refused_at=local(2026, 9, 14, 17))
    )
    assert (result.end_kind, result.on_time) == (EndKind.REFUSED, True)


def test_a_dossier_withdrawn_after_the_due_date_is_late():
    # Withdrawn Tue 15/09 07:45, after the due 17:00 on 14/09: counted, and late.
    dossier = replace(
        DOSSIER, national_status=NationalStatus.WITHDRAWN, withdrawn_at=local(2026, 9, 15, 7, 45)
    )
    result = verdict(dossier)
    assert (result.counted, result.end_kind, result.on_time) == (True, EndKind.WITHDRAWN, False)
    assert result.reason == (
        "Quá hạn: kết thúc xử lý lúc 07:45 15/09/2026 (rút hồ sơ), hạn 17:00 14/09/2026."
    )


def test_a_stopped_dossier_ends_when_it_was_stopped():
    # Stopped Fri 11/09 10:00, before the due 14/09 17:00.
    result = verdict(
        replace(DOSSIER, national_status=NationalStatus.STOPPED, stopped_at=local(2026, 9, 11, 10))
    )
    assert (result.ended_at, result.end_kind, result.on_time) == (
        local(2026, 9, 11, 10),
        EndKind.STOPPED,
        True,
    )


def test_a_dossier_waiting_for_its_only_supplement_ends_at_the_request():
    # Asked for a supplement Fri 11/09 10:00, nothing back by 30/09: the end is 11/09 10:00 ≤ 14/09 17:00.
    # The wait after the request is not counted, so the due time does not move.
    dossier = replace(
        DOSSIER,
        national_status=NationalStatus.SUPPLEMENT_REQUESTED,
        supplements=(SupplementRequest(local(2026, 9, 11, 10)),),
    )
    result = verdict(dossier)
    assert (result.ended_at, result.end_kind, result.due_at, result.on_time) == (
        local(2026, 9, 11, 10),
        EndKind.SUPPLEMENT_PENDING,
        local(2026, 9, 14, 17),
        True,
    )


def test_a_supplement_asked_for_after_the_due_time_and_still_awaited_is_late():
    # Asked Tue 15/09 10:00, after the due 14/09 17:00, nothing back: the end is the request, late.
    dossier = replace(DOSSIER, supplements=(SupplementRequest(local(2026, 9, 15, 10)),))
    assert verdict(dossier).on_time is False


def test_a_supplement_that_comes_back_after_the_period_is_still_awaited_at_its_end():
    # Asked Fri 11/09 10:00, back Thu 01/10 and processed that day: as 30/09 sees it, still waiting, so the
    # end is the request.
    dossier = replace(
        DOSSIER,
        supplements=(SupplementRequest(local(2026, 9, 11, 10), local(2026, 10, 1, 8)),),
        processing_complete_at=local(2026, 10, 1, 15),
    )
    result = verdict(dossier)
    assert (result.ended_at, result.end_kind, result.on_time) == (
        local(2026, 9, 11, 10),
        EndKind.SUPPLEMENT_PENDING,
        True,
    )


def test_two_supplement_requests_make_a_dossier_late_however_early_it_ends():
    # Asked Tue 08/09 10:00, back Wed 09/09 10:00; asked again Thu 10/09 10:00, back 15:00; processed
    # Thu 10/09 16:00, days before the due time: still late, for the second request.
    dossier = replace(
        DOSSIER,
        supplements=(
            SupplementRequest(local(2026, 9, 8, 10), local(2026, 9, 9, 10)),
            SupplementRequest(local(2026, 9, 10, 10), local(2026, 9, 10, 15)),
        ),
        processing_complete_at=local(2026, 9, 10, 16),
    )
    result = verdict(dossier)
    assert result.on_time is False
    assert result.reason.startswith("Yêu cầu bổ sung 2 lần: quá hạn theo quy tắc DVCQG")


def test_a_pause_for_a_supplement_moves_the_due_time_by_its_office_time():
    # Asked Thu 10/09 15:00, back Fri 11/09 10:00: 2 h on Thursday (to 17:00) and 2 h 30 on Friday (from
    # 07:30), 4 h 30 of office time. The due time 14/09 17:00 moves 4 h 30 on: Tue 15/09 07:30 + 4 h = 11:30,
    # then 30 min from 13:30 → 14:00.
    pause = SupplementRequest(local(2026, 9, 10, 15), local(2026, 9, 11, 10))
    on_time = verdict(
        replace(DOSSIER, supplements=(pause,), processing_complete_at=local(2026, 9, 15, 13, 45))
    )
    assert (on_time.due_at, on_time.on_time) == (local(2026, 9, 15, 14), True)
    assert on_time.reason == (
        "Đúng hạn: kết thúc xử lý lúc 13:45 15/09/2026 (đã xử lý xong), hạn 14:00 15/09/2026."
        " Hạn đã lùi 4 giờ 30 phút chờ bổ sung hồ sơ."
    )
    # Processed at 14:30 the same day: after the moved due time, late.
    late = verdict(replace(DOSSIER, supplements=(pause,), processing_complete_at=local(2026, 9, 15, 14, 30)))
    assert late.on_time is False


def test_a_pause_over_national_day_counts_only_its_working_hours():
    # Received Wed 26/08/2026 09:00 with 5 days: Thu 27, Fri 28, then 29/08 to 02/09 are off, Thu 03,
    # Fri 04, Mon 07/09: due Mon 07/09 17:00. Asked Fri 28/08 16:00, back Thu 03/09 08:30: 1 h on Friday,
    # nothing over the holidays, 1 h on Thursday, 2 h. The due moves to Tue 08/09 07:30 + 2 h = 09:30.
    dossier = replace(
        DOSSIER,
        received_at=local(2026, 8, 26, 9),
        due_at=local(2026, 9, 7, 17),
        supplements=(SupplementRequest(local(2026, 8, 28, 16), local(2026, 9, 3, 8, 30)),),
        processing_complete_at=local(2026, 9, 8, 9, 30),
    )
    result = verdict(dossier)
    assert (result.due_at, result.on_time) == (local(2026, 9, 8, 9, 30), True)


def test_an_unfinished_dossier_ends_at_the_period_end():
    # Received Mon 21/09 09:00 with 5 days: Tue 22 … Fri 25, Mon 28/09, due 28/09 17:00. Not finished by
    # 30/09 23:59:59: that is its end, after the due time, late.
    late = replace(DOSSIER, received_at=local(2026, 9, 21, 9), due_at=local(2026, 9, 28, 17))
    result = verdict(late)
    assert (result.ended_at, result.end_kind, result.on_time) == (PERIOD_END, EndKind.PERIOD_END, False)
    assert result.reason == (
        "Quá hạn: kết thúc xử lý lúc 23:59 30/09/2026 (chưa kết thúc, tính đến cuối kỳ), hạn 17:00 28/09/2026."
    )


def test_an_unfinished_dossier_still_within_its_time_is_on_time_at_the_period_end():
    # Received Mon 28/09 09:00 with 5 days: due Mon 05/10 17:00, after the period's end.
    within = replace(DOSSIER, received_at=local(2026, 9, 28, 9), due_at=local(2026, 10, 5, 17))
    assert verdict(within).on_time is True


def test_an_ending_after_the_period_has_not_happened_for_it():
    # Processed Thu 01/10, after the period: September sees the dossier unfinished at its end, 30/09 23:59:59,
    # which is after the due 14/09 17:00.
    result = verdict(replace(DOSSIER, processing_complete_at=local(2026, 10, 1, 9)))
    assert (result.ended_at, result.end_kind, result.on_time) == (PERIOD_END, EndKind.PERIOD_END, False)


@pytest.mark.parametrize("status", [NationalStatus.REGISTERED, NationalStatus.NOT_ACCEPTED])
def test_statuses_1_and_3_are_not_counted(status):
    result = verdict(replace(DOSSIER, national_status=status, returned_at=local(2026, 9, 8, 9)))
    assert (result.counted, result.on_time, result.ended_at) == (False, None, None)
    assert result.reason == f"Hồ sơ ở trạng thái “{status.label}” không được tính."


def test_national_statuses_2_and_4_to_10_map_to_portal_statuses_and_1_and_3_to_none():
    assert set(PORTAL_STATUSES) == set(NationalStatus) - NOT_COUNTED_STATUSES
    assert PORTAL_STATUSES[NationalStatus.SUPPLEMENT_REQUESTED] == Dossier.Status.AWAITING_SUPPLEMENT
    assert PORTAL_STATUSES[NationalStatus.STOPPED] == Dossier.Status.REFUSED
    assert PORTAL_STATUSES[NationalStatus.PROCESSED] == Dossier.Status.RESOLVED
    assert NationalStatus(10).label == "Đã trả kết quả"


def test_national_channels_map_to_the_dossiers_channels():
    assert PORTAL_CHANNELS == {
        1: Dossier.Channel.DIRECT,
        2: Dossier.Channel.ONLINE,
        3: Dossier.Channel.POSTAL,
    }
