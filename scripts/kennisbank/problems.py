"""A problem found while loading or validating: where it is and what to do about it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import ROOT
from .untrusted import printable

Finding = tuple[int, str]  # what a check function yields: (line, message), made a Problem by its caller


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    level: str = "fout"  # "fout" stops the build; "melding" is advice only

    def __post_init__(self):
        # a file name or an echoed value with a newline or an escape sequence must not be able
        # to forge a line of output (or a GitHub annotation): shown escaped, as \n or \x1b
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        prefix = "" if self.level == "fout" else "melding: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"

    def annotation(self) -> str:
        """The problem as a GitHub Actions annotation, with the workflow-command escapes on top
        (a ',' or ':' in a file name cannot add a property)."""
        kind = "error" if self.level == "fout" else "notice"
        data = self.message.replace("%", "%25")
        path = self.path.replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
        return f"::{kind} file={path},line={self.line}::{data}"


def display_path(path: Path | str) -> str:
    """Path relative to the repository when possible, so messages are short and clickable."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def errors(problems) -> list[Problem]:
    return [p for p in problems if p.level == "fout"]


def summary(problems) -> str:
    n_err = len(errors(problems))
    n_note = len(problems) - n_err
    parts = [f"{n_err} {'fout' if n_err == 1 else 'fouten'}"]
    if n_note:
        parts.append(f"{n_note} {'melding' if n_note == 1 else 'meldingen'}")
    return ", ".join(parts)
