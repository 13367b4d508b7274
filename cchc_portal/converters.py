from cchc_portal.codes import normalise_code


class CodeConverter:
    """A record's code in a URL: anything but a slash or a control character, so that a NUL byte (which
    PostgreSQL refuses in a query) is a plain 404 before any lookup. The code is normalised as it was
    when stored, so that one typed with decomposed letters finds its record."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return normalise_code(value)

    def to_url(self, value: str) -> str:
        return value
