"""The rules of a succession and of a dossier's unit on the province over time (procedures.organisation),
each as the Vietnamese message a form, the API and the imports give."""

from collections.abc import Mapping
from datetime import date, timedelta

from django.utils.translation import gettext as _

from procedures.organisation import CarriedProcedure, Link, Organisation


def succession_problems(
    organisation: Organisation,
    link: Link,
    *,
    replacing: Link | None = None,
    field_names: Mapping[int, str] | None = None,
) -> dict[str, str]:
    """What is wrong with adding `link` (or putting it in place of `replacing`), as field → message."""
    problems: dict[str, str] = {}
    predecessor = organisation.units[link.predecessor_id]
    successor = organisation.units[link.successor_id]
    if link.predecessor_id == link.successor_id:
        return {"successor": _("Đơn vị kế thừa phải khác đơn vị cũ.")}
    siblings = [other for other in organisation.successions_of(link.predecessor_id) if other != replacing]
    if _reaches(organisation, link.successor_id, link.predecessor_id, skip=replacing):
        problems["successor"] = _(
            "Kế thừa tạo thành vòng: %(successor)s đã (trực tiếp hoặc gián tiếp) kế thừa %(predecessor)s."
        ) % {"successor": successor.name, "predecessor": predecessor.name}
    if predecessor.valid_to and link.effective_on != predecessor.valid_to + timedelta(days=1):
        problems["effective_on"] = _(
            "Ngày hiệu lực phải là ngày sau ngày kết thúc của %(unit)s (%(day)s)."
        ) % {"unit": predecessor.name, "day": f"{predecessor.valid_to + timedelta(days=1):%d/%m/%Y}"}
    elif not successor.exists_on(link.effective_on):
        problems["effective_on"] = _("%(unit)s không hoạt động vào ngày hiệu lực %(day)s.") % {
            "unit": successor.name,
            "day": f"{link.effective_on:%d/%m/%Y}",
        }
    if any(other.successor_id == link.successor_id for other in siblings):
        problems["successor"] = _("%(predecessor)s đã có kế thừa sang %(successor)s.") % {
            "predecessor": predecessor.name,
            "successor": successor.name,
        }
    twice = sorted(link.fields & frozenset().union(*(other.fields for other in siblings)))
    if twice:
        names = ", ".join((field_names or {}).get(field_id, str(field_id)) for field_id in twice)
        problems["fields"] = _("Lĩnh vực %(fields)s đã giao cho một đơn vị kế thừa khác của %(unit)s.") % {
            "fields": names,
            "unit": predecessor.name,
        }
    if not link.fields and any(not other.fields for other in siblings):
        problems["fields"] = _(
            "%(unit)s đã có một đơn vị kế thừa nhận mọi lĩnh vực còn lại: hãy ghi rõ lĩnh vực cho kế thừa này."
        ) % {"unit": predecessor.name}
    return problems


def _reaches(organisation: Organisation, start: int, goal: int, *, skip: Link | None) -> bool:
    seen, queue = set(), [start]
    while queue:
        unit_id = queue.pop()
        if unit_id == goal:
            return True
        if unit_id in seen:
            continue
        seen.add(unit_id)
        queue.extend(link.successor_id for link in organisation.successions_of(unit_id) if link != skip)
    return False


def unit_problem(
    organisation: Organisation, unit_id: int, procedure: CarriedProcedure, received_on: date
) -> str | None:
    """A dossier is filed under a unit in being on its day of receipt, which carries out its procedure on
    that day (itself or as part of a unit that does)."""
    unit = organisation.units[unit_id]
    if unit.valid_from and received_on < unit.valid_from:
        return _("%(unit)s chỉ hoạt động từ ngày %(day)s.") % {
            "unit": unit.name,
            "day": f"{unit.valid_from:%d/%m/%Y}",
        }
    if unit.valid_to and received_on > unit.valid_to:
        successor = organisation.effective_unit(unit_id, procedure.field_id, received_on)
        ended = _("%(unit)s đã kết thúc hoạt động từ ngày %(day)s") % {
            "unit": unit.name,
            "day": f"{unit.valid_to + timedelta(days=1):%d/%m/%Y}",
        }
        if successor is None:
            return ended + "."
        return ended + _(": hãy ghi hồ sơ cho đơn vị kế thừa %(successor)s.") % {
            "successor": organisation.units[successor].name
        }
    if not organisation.carries(procedure, unit_id, received_on):
        return _("%(unit)s không thực hiện thủ tục này vào ngày tiếp nhận %(day)s.") % {
            "unit": unit.name,
            "day": f"{received_on:%d/%m/%Y}",
        }
    return None


def stranded_problem(unit_name: str, count: int, day: date, *, late: bool) -> str:
    """A unit may not end (begin) while `count` of its dossiers were received from `day`, the day after
    its last (before `day`, its first): the workbook and the succession service say so in these words."""
    words = {"unit": unit_name, "count": count, "day": f"{day:%d/%m/%Y}"}
    if late:
        return (
            _(
                "%(unit)s còn %(count)s hồ sơ tiếp nhận từ ngày %(day)s trở đi: hãy ghi các hồ sơ đó cho đơn vị "
                "kế thừa trước."
            )
            % words
        )
    return (
        _(
            "%(unit)s còn %(count)s hồ sơ tiếp nhận trước ngày bắt đầu %(day)s: hãy ghi các hồ sơ đó cho đơn vị "
            "khác trước."
        )
        % words
    )


def receiving_problem(organisation: Organisation, unit_id: int, received_on: date) -> str | None:
    unit = organisation.units[unit_id]
    if unit.exists_on(received_on):
        return None
    return _("Đơn vị tiếp nhận %(unit)s không hoạt động vào ngày tiếp nhận %(day)s.") % {
        "unit": unit.name,
        "day": f"{received_on:%d/%m/%Y}",
    }
