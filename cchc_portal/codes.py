"""The one rule for the codes records are known by (dossier, procedure, unit): how a typed code is
normalised, and which codes are refused, with one message per kind of fault on every path (pages, API,
Excel import, admin).

A code is an identifier people copy between systems and type into URLs, so two codes that look the same
must be the same code. Unicode offers many ways to break that: the same letter composed or decomposed
(NFC/NFD), characters that show nothing (zero-width space, byte-order mark, direction marks), fullwidth
letters from an Asian input method, ligatures and superscripts. Normalising to NFC removes the first; the
others are refused rather than silently removed, since the person typing should see what was wrong.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.functional import Promise
from django.utils.translation import gettext as _

# Invisible characters Unicode classes as letters or marks rather than as format characters: Hangul
# fillers, Mongolian free variation selectors, variation selectors, the combining grapheme joiner and
# the Braille blank; each renders as nothing (or a blank) in a code.
OTHER_INVISIBLE = frozenset(
    {
        "\u034f",
        "\u115f",
        "\u1160",
        "\u17b4",
        "\u17b5",
        "\u2800",
        "\u3164",
        "\uffa0",
        *map(chr, range(0x180B, 0x1810)),
        *map(chr, range(0xFE00, 0xFE10)),
        *map(chr, range(0xE0100, 0xE01F0)),
    }
)
# Control, format (ZWSP, ZWJ, BOM, LRM/RLM, bidi overrides), surrogate, private-use and unassigned
# characters, and the line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
HALF_AND_FULLWIDTH_FORMS = range(0xFF00, 0xFFF0)
# "." and ".." are path steps in a URL: a browser would open the page above, never the record.
DOT_SEGMENTS = frozenset({".", ".."})
# A backslash is a path separator to browsers as much as a slash.
SEPARATORS = frozenset({"/", "\\"})


# Printable ASCII but the space, "/" and "\\": none of it is invisible, white space or a compatibility
# form, so a code made only of these needs no look at each character's Unicode properties. Nearly every
# real code is, and an import judges one per row: 50,000 dossier codes take 0.1 s this way, 0.9 s without.
PLAIN = re.compile(r"[!-.0-\[\]-~]+")


def normalise_code(value: str) -> str:
    """A typed or imported code as it is stored and looked up: without surrounding white space, NFC."""
    return unicodedata.normalize("NFC", value.strip())


def code_fault(code: str, *, label: str | Promise) -> str | None:
    """Why `code` (already normalised) breaks the rule common to every kind of code, or None.

    The message names the field (`label`, e.g. "Mã hồ sơ") and the offending character by its code point,
    since an invisible character cannot be shown."""
    if PLAIN.fullmatch(code) and code not in DOT_SEGMENTS:
        return None
    for char in code:
        if unicodedata.category(char) in INVISIBLE_CATEGORIES or char in OTHER_INVISIBLE:
            return _("%(label)s không được chứa ký tự ẩn hoặc ký tự điều khiển (%(char)s).") % {
                "label": label,
                "char": _code_point(char),
            }
    for char in code:
        if char.isspace() or unicodedata.category(char) == "Zs":
            return _("%(label)s không được chứa khoảng trắng.") % {"label": label}
    for char in code:
        if ord(char) in HALF_AND_FULLWIDTH_FORMS or unicodedata.normalize("NFKC", char) != char:
            return _(
                "%(label)s không được chứa ký tự độ rộng toàn phần (full-width) hay ký tự tương thích "
                "như chữ ghép, chỉ số trên, số trong vòng tròn (“%(text)s”, %(char)s); hãy gõ lại "
                "bằng bàn phím ở chế độ thường."
            ) % {"label": label, "text": char, "char": _code_point(char)}
    if SEPARATORS.intersection(code):
        return _("%(label)s không được chứa dấu “/” hoặc “\\” vì mã là một phần địa chỉ trang.") % {
            "label": label
        }
    if code in DOT_SEGMENTS:
        return _("%(label)s không được chỉ là “.” hoặc “..”.") % {"label": label}
    return None


@deconstructible
class CodeRule:
    """The rule for one kind of code: the common rule, then the kind's own alphabet and shape.

    Used as a model field validator (so the admin and model forms apply it) and called directly by the
    pages, the API and the import. As a validator it judges the value it is given; callers normalise
    first (the models do in clean_fields), so that a decomposed letter is judged as its composed twin."""

    def __init__(self, *, label: str | Promise, pattern: str, message: str | Promise) -> None:
        self.label = label
        self.pattern = pattern
        self.message = message

    def __call__(self, value: str) -> None:
        problem = self.problem(value)
        if problem is not None:
            raise ValidationError(problem, code="invalid_code")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeRule) and (self.label, self.pattern, self.message) == (
            other.label,
            other.pattern,
            other.message,
        )

    def problem(self, code: str) -> str | None:
        """The message for `code` (already normalised) if it breaks the rule, else None."""
        fault = code_fault(code, label=self.label)
        if fault is not None:
            return fault
        # fullmatch, since "$" would let a trailing newline through.
        if not re.fullmatch(self.pattern, code):
            return str(self.message)
        return None


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


class CodeFormField(forms.CharField):
    """A code typed into a page, normalised before its validators (the kind's CodeRule) judge it."""

    def to_python(self, value: object) -> str:
        return normalise_code(super().to_python(value))


class CodeChoiceField(forms.ModelChoiceField):
    """A record chosen by its code in a query string (?department=STTTT), normalised as stored."""

    def to_python(self, value: object) -> object:
        return super().to_python(normalise_code(value) if isinstance(value, str) else value)
