"""`make bench`: how fast the portal answers on a province-sized PostgreSQL database.

Pages and API calls are timed by sampledata.bench_pages, through Django's test client; the export and
the import by sampledata.bench_transfers, each in a process of its own. The reference is one plain SQL GROUP BY over the dossier table, timed on the
same machine in the same run."""

import os
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from departments.models import Department
from procedures.models import Dossier
from procedures.organisation import CURRENT
from reporting.cache import snapshot
from reporting.index766 import index766
from reporting.index766_ranking import ranked_units
from reporting.results import Period
from sampledata.bench_pages import (
    Timing,
    bench_units,
    bench_user,
    freshness,
    page,
    reference_ms,
    time_after_writes,
    time_requests,
    vacuum,
)
from sampledata.bench_transfers import write_transfers


def run(*, requests: int, write: Callable[[str], None]) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    dossiers = Dossier.objects.count()
    today = timezone.localdate()
    top, commune = bench_units()
    user = bench_user()
    client = Client()
    client.force_login(user)
    targets = _page_targets(top, commune, today)
    # Each write goes to the unit whose page is measured (the overview's and the API's to the agency).
    written = [commune if index == 1 else top for index in range(len(targets))]
    write(f"Cơ sở dữ liệu: PostgreSQL {connection.pg_version // 10000}, {dossiers:,} hồ sơ, "
          f"{Department.objects.count()} đơn vị; {os.cpu_count()} nhân CPU; người xem: {user.username}; "
          f"kỳ: năm {today.year} đến {today:%d/%m/%Y}.")  # fmt: skip
    vacuum()
    reference = reference_ms()
    fetches = [page(client, name, url) for name, url, _target in targets]
    # The national index of every ranked unit for the year, as reporting.index766 computes it for the
    # ranking page (issue 15's measure), beside the page that shows it.
    units = ranked_units(Period(date(today.year, 1, 1), today), CURRENT)
    fetches.append(lambda: _index_of(units, today))
    targets.append((f"Chỉ số 766 của {len(units)} đơn vị, năm (tính)", "", 60))
    written.append(top)
    timings = [
        time_requests(name, fetch, requests)
        for fetch, (name, _url, _target) in zip(fetches, targets, strict=True)
    ]
    timings = [
        time_after_writes(fetch, unit, timing, requests)
        for fetch, timing, unit in zip(fetches, timings, written, strict=True)
    ]
    fresh = freshness(client, top, targets[4][1])
    _write_pages(write, timings, [target for _name, _url, target in targets], reference)
    write_transfers(write)
    write("")
    write(f"Số liệu tức thời (hồ sơ vừa lưu được đếm ở lần tải kế tiếp): {'có' if fresh else 'KHÔNG'}")
    write(
        f"{requests} lần gọi mỗi phép đo, sau 5 lần khởi động; thời gian qua Django test client. "
        "“Sau ghi”: mỗi lần gọi ngay sau khi tiếp nhận và lưu một hồ sơ (chỉ tính lại phần số liệu hồ sơ đó làm thay đổi)."
    )


def _page_targets(top: Department, commune: Department, today: date) -> list[tuple[str, str, int | None]]:
    """Each page or API call measured: its name, its address and its p95 target in ms (None: no target)."""
    period = f"from={date(today.year, 1, 1).isoformat()}&to={today.isoformat()}"
    api = reverse("api:indicators")
    current, historical = "structure=current", "structure=historical"
    top_page = reverse("dashboards:department", kwargs={"code": top.code})
    # Both structures (spec/organisation.md): the current one, where a merged unit adds its predecessors'
    # records, on the overview, a merged commune's page and the API for every unit; the historical one on
    # a merged agency's page and API.
    return [
        ("Tổng quan toàn tỉnh (/)", f"{reverse('home')}?{current}", 60),
        (
            f"Trang xã {commune.code} (hiện tại)",
            f"{reverse('dashboards:department', kwargs={'code': commune.code})}?{current}",
            50,
        ),
        (f"Trang đơn vị {top.code} (hiện tại)", f"{top_page}?{current}", 50),
        (f"Trang đơn vị {top.code} (tại thời điểm)", f"{top_page}?{historical}", 50),
        (
            f"API chỉ số, đơn vị {top.code} (hiện tại)",
            f"{api}?department={top.code}&{period}&{current}",
            None,
        ),
        (
            f"API chỉ số, {top.code} (tại thời điểm)",
            f"{api}?department={top.code}&{period}&{historical}",
            None,
        ),
        ("API chỉ số, mọi đơn vị (hiện tại)", f"{api}?{period}&{current}", 50),
        # The national index of every unit for the year, ranked (issue 15: ≤ 60 ms p95).
        (
            "Chỉ số 766, xếp hạng mọi đơn vị (năm)",
            f"{reverse('dashboards:index766')}?kind=year&year={today.year}&{current}",
            60,
        ),
    ]


def _index_of(units: list[Department], today: date) -> None:
    with snapshot():
        index766(units, Period(date(today.year, 1, 1), today))


def _write_pages(
    write: Callable[[str], None], timings: list[Timing], targets: list[int | None], reference: float
) -> None:
    """One line per page: its times, its queries and whether its p95 meets its target, which is never
    looser than a quarter of the plain GROUP BY; and right after a write, whether its p95 meets the
    page's own target (the first load after a write computes what changed: no page can be served in a
    quarter of a full GROUP BY then, the page's target is what leaders see)."""
    write("")
    write(
        f"{'Phép đo':<38} {'trung vị':>10} {'p95':>10} {'truy vấn':>9} {'mục tiêu p95':>14}  {'đạt?':<6}"
        f"{'sau ghi: trung vị':>18} {'p95':>10} {'mục tiêu':>10}  {'đạt?':<5}"
    )
    write("-" * 150)
    for timing, target in zip(timings, targets, strict=True):
        limit = min(target, reference / 4) if target else None
        verdict = "" if limit is None else ("có" if timing.p95_ms <= limit else "KHÔNG")
        goal = f"≤ {limit:.1f} ms" if limit else "—"
        after = "" if target is None else ("có" if timing.after_write_p95_ms <= target else "KHÔNG")
        after_goal = f"≤ {target} ms" if target else "—"
        write(
            f"{timing.name:<38} {timing.median_ms:>7.1f} ms {timing.p95_ms:>7.1f} ms {timing.queries:>9} "
            f"{goal:>14}  {verdict:<6}{timing.after_write_median_ms:>15.1f} ms {timing.after_write_p95_ms:>7.1f} ms"
            f" {after_goal:>10}  {after:<5}"
        )
    write(f"{'Tham chiếu: SQL GROUP BY đơn vị':<38} {reference:>7.1f} ms {'':>10} {1:>9}")
