"""Text as people type it: without diacritics and in any case. "Nguyễn Văn Thử", "nguyen van thu" and
"NGUYEN VAN THU" fold to the same text, and so do "Đ" and "d".

A searched model keeps the folded text of its searched fields in a column of its own (FoldedTextField),
filled in Python on every write, and a search compares it with the folded words typed (contains_folded).
The same function folds both sides on every database, so SQLite and PostgreSQL find the same records; a
PostgreSQL `unaccent` index would be a second folding rule (its own dictionary) beside this one."""

import re
import unicodedata
from collections.abc import Iterable

from django.db import models
from django.db.models import Lookup, Q
from django.db.models.query_utils import DeferredAttribute

# The Latin letters with marks (Vietnamese uses those of Latin-1, Extended-A and B, and Extended Additional),
# each with its bare letter; đ and Đ have no decomposition of their own.
_LATIN_WITH_MARKS = [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]


def _folding_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "d"}
    for point in _LATIN_WITH_MARKS:
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(point)) if not unicodedata.combining(c))
        if bare != chr(point) and bare.isascii():
            table[point] = bare.lower()
    # Marks typed apart from their letter (text pasted in decomposed form).
    table.update((point, None) for point in range(0x0300, 0x0370))
    return table


_TABLE = _folding_table()


def fold(text: str) -> str:
    """Lower case, without diacritics, spaces collapsed. A translation table rather than a Unicode
    normalisation per call: 3.6 µs for a company's name, 1.5 µs for an imported dossier's empty applicant.
    The table changes no ASCII character, so plain ASCII skips it: "Nguyen Van Thu" folds in 0.27 µs,
    1.0 µs through the table."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(text.translate(_TABLE).lower().split())


def contains_folded(field: str, typed: str) -> Q:
    """The one search condition on names: the folded column `field` contains the folded text typed."""
    return Q(**{f"{field}__contains": fold(typed)})


class StartsWith(Lookup):
    """A column that begins with a text, in the same case on every database: PostgreSQL's LIKE 'x%' (read
    off the column's pattern index, which Django gives every indexed text column), SQLite's GLOB 'x*'
    (its LIKE ignores case, which PostgreSQL's does not)."""

    lookup_name = "starts_with_exactly"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "sqlite":
            pattern = re.sub(r"([*?\[])", r"[\1]", self.rhs) + "*"
            return f"{lhs} GLOB %s", [*lhs_params, pattern]
        return f"{lhs} LIKE %s", [*lhs_params, connection.ops.prep_for_like_query(self.rhs) + "%"]


class _FoldedAttribute(DeferredAttribute):
    """Read from an instance, the folded text of its sources as they are now, whatever was loaded: every
    path that writes instances (save, bulk_create, bulk_update, COPY of their attributes) stores it fresh."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        return self.field.folded(instance)

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value


class FoldedTextField(models.TextField):
    """The folded text of the model's fields named in `of`, joined by spaces: what searches compare."""

    descriptor_class = _FoldedAttribute

    def __init__(self, *args, of: tuple[str, ...] = (), **kwargs) -> None:
        self.of = tuple(of)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, value) == value:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def folded(self, instance: models.Model) -> str:
        return self.fold_parts(getattr(instance, name) for name in self.of)

    @staticmethod
    def fold_parts(parts: Iterable[object]) -> str:
        """The folded text of the values of `of`, in its order (the import keeps new dossiers as columns)."""
        return fold(" ".join(str(part) for part in parts if part))
