class CodeConverter:
    """A record's code in a URL: anything but a slash or a control character, so that a NUL byte (which
    PostgreSQL refuses in a query) is a plain 404 before any lookup."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
