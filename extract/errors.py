"""Error types shared by every layer; each layer raises its own subclass.

Messages are coded (``[E101] ...``) and say what was expected, what was found
and what to do, so the CLI and the app can show them as one line.
"""
from __future__ import annotations


class PolicyKGError(Exception):
    """Base of every error the project raises on purpose."""

    code = "E000"

    def __init__(self, message: str, code: str | None = None):
        if code:
            self.code = code
        super().__init__(message)

    def __str__(self) -> str:  # one line, with its code
        msg = super().__str__().replace("\n", " ")
        return f"[{self.code}] {msg}"


class ExtractError(PolicyKGError):
    """A file cannot be read or holds no text we can use."""

    code = "E100"
