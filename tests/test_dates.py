"""The portal's years judge a date-time by its day in the province (UTC+7), where the lead will put the
validator on the dossiers' date-times: the edges are the province's midnights, and a moment no time zone
arithmetic can hold is refused like any other, never an OverflowError."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from cchc_portal.dates import validate_in_range

MOMENT_OUT_OF_RANGE = "Thời điểm phải trong khoảng từ năm 2000 đến năm 2100."


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1999, 12, 31, 16, 59, tzinfo=UTC),  # 23:59 on 31/12/1999 in the province
        datetime(2100, 12, 31, 17, 0, tzinfo=UTC),  # 00:00 on 01/01/2101 in the province
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 0, tzinfo=UTC),  # past the last moment Python can move to UTC+7
    ],
)
def test_a_moment_outside_the_portals_years_in_the_province_is_refused(moment):
    with pytest.raises(ValidationError) as error:
        validate_in_range(moment)
    assert error.value.messages == [MOMENT_OUT_OF_RANGE]


@pytest.mark.parametrize(
    "value",
    [
        datetime(1999, 12, 31, 17, 0, tzinfo=UTC),  # 00:00 on 01/01/2000 in the province
        datetime(2100, 12, 31, 16, 59, tzinfo=UTC),  # 23:59 on 31/12/2100 in the province
        date(2000, 1, 1),
        date(2100, 12, 31),
        None,
    ],
)
def test_the_first_and_last_moments_and_days_of_the_portals_years_pass(value):
    validate_in_range(value)


def test_a_day_outside_the_portals_years_is_refused_with_the_days_message():
    with pytest.raises(ValidationError) as error:
        validate_in_range(date(2101, 1, 1))
    assert error.value.messages == ["Ngày phải trong khoảng từ năm 2000 đến năm 2100."]
