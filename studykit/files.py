"""Reading the user's text files (decks, quiz files, seeds, keymaps) so that no file can hang,
exhaust or confuse studykit, and every problem names the file and line.

- Only regular files are read: a FIFO named `deck.yaml` would block `open()` forever, a link
  to `/dev/zero` would be read until memory runs out. The file is opened without blocking
  and checked with `fstat` before a byte is read, and reading stops at a size limit.
- Text must be UTF-8; a stray byte is reported with its line.
- YAML is read with the safe loader and then held to what a deck or quiz file needs:
  timestamps stay text (the date parser gives the clear message for `1918-02-30` and year
  0, where PyYAML's constructor raises a bare ValueError); numbers YAML reads in a way the
  author did not mean (`id: 0123` is octal 83) are refused; aliases may not refer to
  themselves and may not expand past a bound (a "billion laughs" file is refused in
  milliseconds, not after a minute and a MemoryError); control characters in any text are
  refused with the field that holds them (escape sequences in a deck would reach the
  terminal and every export).
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studykit.core.text import describe_character, first_control_character, visible

if TYPE_CHECKING:
    import yaml  # type: ignore[import-untyped]

TEXT_FILE_LIMIT = 32 * 1024 * 1024  # bytes; the bundled decks and seeds are well under 1 MiB each
YAML_NODE_LIMIT = 500_000  # nodes after alias expansion; the bundled decks have ~20,000 in all
YAML_DEPTH_LIMIT = 64


@dataclass(frozen=True)
class FileProblem:
    """A problem located in a file: printed as `path:line: field: message`."""

    path: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        where = f" {self.where}:" if self.where else ""
        return visible(f"{self.path}{line}:{where} {self.message}", one_line=True)


class FileReadError(Exception):
    """A file that cannot be read as text; `problem` names it."""

    def __init__(self, problem: FileProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def shown_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it.

    Not resolved through links (a link loop makes `resolve()` raise on Python 3.11)."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def read_text_file(path: Path, *, shown_as: str | None = None, limit: int = TEXT_FILE_LIMIT) -> str:
    """The UTF-8 text of a regular file; anything else raises FileReadError at once."""
    name = shown_as or shown_path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise FileReadError(FileProblem(name, None, "", f"cannot read: {_reason(error)}")) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(
                FileProblem(name, None, "", f"cannot read: not a regular file ({_file_kind(info.st_mode)})"),
            )
        if info.st_size > limit:
            raise FileReadError(
                FileProblem(name, None, "", f"cannot read: {info.st_size:,} bytes, more than the {limit:,} allowed"),
            )
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileReadError(FileProblem(name, None, "", f"cannot read: more than the {limit:,} bytes allowed"))
    except OSError as error:
        raise FileReadError(FileProblem(name, None, "", f"cannot read: {_reason(error)}")) from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileReadError(FileProblem(
            name, line, "", f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8",
        )) from None


def check_regular_file(path: Path, *, shown_as: str | None = None) -> None:
    """FileReadError unless `path` is (a link to) a regular file: for a file read by a library
    that would block on a pipe or read a device without end (an Anki package)."""
    name = shown_as or shown_path(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise FileReadError(FileProblem(name, None, "", f"cannot read: {_reason(error)}")) from None
    if not stat.S_ISREG(info.st_mode):
        kind = _file_kind(info.st_mode)
        raise FileReadError(FileProblem(name, None, "", f"cannot read: not a regular file ({kind})"))


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a plain file")


# --- YAML -------------------------------------------------------------------------------

@functools.cache
def _pyyaml() -> Any:
    """PyYAML, imported with the first YAML file read: a keymap, read at the start of every
    review, is TOML and needs none of it (tests/test_import_hygiene.py checks it)."""
    import yaml

    return yaml


@functools.cache
def _safe_loader() -> Any:
    """PyYAML's safe loader, libyaml's when present (10x faster): a file never makes Python objects."""
    yaml = _pyyaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _loader() -> Any:
    """The loader used: the safe loader keeping timestamps as the text written (the date parser
    checks them)."""
    base = _safe_loader()

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", base.construct_yaml_str)
    return Loader


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class YamlDocument:
    """What a YAML file held, with the line of every mapping key and list item."""

    data: Any
    lines: dict[str, int]


class YamlError(Exception):
    """Every problem found in one YAML file."""

    def __init__(self, problems: list[FileProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_yaml(text: str, name: str) -> YamlDocument:
    """Parse, check the node tree, then construct; raises YamlError naming file, line and field."""
    raw = _RAW_CONTROL.search(text)
    if raw is not None:  # the YAML reader would refuse the file without saying where: say it here
        raise YamlError([_raw_control_problem(text, raw.start(), name)])
    yaml = _pyyaml()
    loader = _loader()(text)
    try:
        try:
            root = loader.get_single_node()
        except (yaml.YAMLError, RecursionError) as error:
            raise YamlError([_malformed(name, error)]) from None
        lines: dict[str, int] = {}
        problems: list[FileProblem] = []
        if root is not None:
            _Walk(name, lines, problems).node(root, "", 0)
        if problems:
            raise YamlError(problems)
        try:
            data = loader.construct_document(root) if root is not None else None
        except (yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError) as error:
            raise YamlError([_malformed(name, error)]) from None
    finally:
        loader.dispose()
    return YamlDocument(data, lines)


def _malformed(name: str, error: Exception) -> FileProblem:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return FileProblem(name, mark.line + 1 if mark else None, "", f"malformed YAML: {problem}")


# In the raw file a carriage return is a line break (a file saved on Windows); everywhere else
# the control characters are as in core.text.
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _raw_control_problem(text: str, index: int, name: str) -> FileProblem:
    """Name the line, and the field as well when the file parses with the character blanked."""
    line = text.count("\n", 0, index) + 1
    message = f"contains the control character {describe_character(text[index])}; remove it"
    where = ""
    yaml = _pyyaml()
    loader = _loader()(_RAW_CONTROL.sub(" ", text))
    try:
        root = loader.get_single_node()
        lines: dict[str, int] = {}
        if root is not None:
            _Walk(name, lines, []).node(root, "", 0)
        before = [(at, len(path), path) for path, at in lines.items() if path and at <= line]
        where = max(before)[2] if before else ""
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    return FileProblem(name, line, where, message)


class _Walk:
    """One pass over the composed nodes, before anything is constructed: lines, duplicate keys,
    alias cycles and bombs, numbers YAML misreads, control characters."""

    def __init__(self, name: str, lines: dict[str, int], problems: list[FileProblem]) -> None:
        self.name = name
        self.lines = lines
        self.problems = problems
        self.visited = 0
        self.open: set[int] = set()  # the nodes on the path from the root: an alias back to one is a cycle
        self.stopped = False

    def fail(self, node: yaml.Node, where: str, message: str) -> None:
        self.problems.append(FileProblem(self.name, node.start_mark.line + 1, where, message))

    def node(self, node: yaml.Node, path: str, depth: int) -> None:
        if self.stopped:
            return
        self.visited += 1
        if id(node) in self.open:
            self.fail(node, path, "an alias refers to the node that contains it (a recursive alias); remove it")
            self.stopped = True
            return
        if self.visited > YAML_NODE_LIMIT or depth > YAML_DEPTH_LIMIT:
            what = (
                f"more than {YAML_NODE_LIMIT:,} values" if depth <= YAML_DEPTH_LIMIT
                else f"nested more than {YAML_DEPTH_LIMIT} levels"
            )
            self.fail(
                node, path, f"the file expands to {what} (aliases repeated inside aliases?); write it out plainly",
            )
            self.stopped = True
            return
        self.lines.setdefault(path, node.start_mark.line + 1)
        yaml = _pyyaml()
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, path)
            return
        self.open.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                child = f"{path}.{key}" if path else key
                if isinstance(key_node, yaml.ScalarNode):
                    self.scalar(key_node, child)
                if key in seen:
                    self.fail(key_node, child, "duplicate key")
                seen.add(key)
                self.lines[child] = key_node.start_mark.line + 1
                self.node(value_node, child, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = f"{path}[{i}]"
                self.lines[child] = item.start_mark.line + 1
                self.node(item, child, depth + 1)
        self.open.discard(id(node))

    def scalar(self, node: yaml.ScalarNode, path: str) -> None:
        value = str(node.value)
        char = first_control_character(value)
        if char is not None:
            self.fail(node, path, f"contains the control character {describe_character(char)}; remove it")
        elif not node.style and node.tag == _INT_TAG and not _PLAIN_INT.match(value.replace("_", "")):
            self.fail(node, path, f"{value} is read by YAML as the number {_yaml_int(value)}; "
                                  f"quote it ({value!r}) if it is text, or write the number plainly")
        elif not node.style and node.tag == _FLOAT_TAG and ":" in value:
            self.fail(node, path, f"{value} is read by YAML as a base-60 number; quote it ({value!r})")


def _yaml_int(text: str) -> str:
    yaml, base = _pyyaml(), _safe_loader()
    try:
        return str(base.construct_yaml_int(base(""), yaml.ScalarNode(_INT_TAG, text)))
    except (ValueError, yaml.YAMLError):
        return "a different number"
