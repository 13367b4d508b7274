"""An entry made as a date alone (an imported date cell, a return typed without its hour) is stored at
00:00 on the province's clock and shown as its day; any other moment keeps its time."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template

from tests.factories import local

pytestmark = pytest.mark.django_db(False)


def shown(value) -> str:
    return Template("{% load moments %}{{ value|moment|default:'—' }}").render(Context({"value": value}))


def test_a_moment_at_midnight_in_the_province_is_shown_as_its_day():
    assert shown(local(2026, 11, 2, 0, 0)) == "02/11/2026"


def test_a_moment_with_a_time_keeps_it_day_first():
    assert shown(local(2026, 11, 2, 9, 5)) == "02/11/2026 09:05"


def test_midnight_elsewhere_is_read_on_the_provinces_clock():
    # 17:00 UTC is midnight in Vietnam (UTC+7) the next day.
    assert shown(datetime(2026, 11, 1, 17, 0, tzinfo=UTC)) == "02/11/2026"
    assert shown(datetime(2026, 11, 2, 0, 0, tzinfo=UTC)) == "02/11/2026 07:00"


def test_a_moment_a_second_after_midnight_keeps_its_time():
    assert shown(local(2026, 11, 2, 0, 0).replace(second=1)) == "02/11/2026 00:00"


def test_no_moment_is_shown_as_a_dash():
    assert shown(None) == "—"
