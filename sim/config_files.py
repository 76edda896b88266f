"""User-editable config files are data, never code: a strict, bounded YAML reader.

Scenario files (``scenarios/``) and the options of the groups ``model``, ``vision``, ``output`` and
``sweep`` (``conf/<group>/<option>.yaml``) are read with ``read_data`` before Hydra sees them. It
refuses, with one line naming the file and line, what would make a file run code, reach outside
its group or mean something other than it says:

- Hydra's instantiation keys (``_target_``, ``_partial_``, ``_args_``, any ``_name_`` key), a
  ``hydra`` key (its callbacks run code), ``# @package`` directives (they move a file's keys, e.g.
  into ``hydra``), interpolations (``${...}``, e.g. ``${oc.env:HOME}``), and defaults-list entries
  other than option names of the same group (``schema``, ``_self_``);
- YAML tags (``!!python/...``, ``!!binary``, any ``!tag``) and duplicate keys (the last would win);
- files over ``MAX_BYTES``, nested deeper than ``MAX_DEPTH``, expanding to more than ``MAX_NODES``
  nodes through aliases (a "billion laughs" of a few hundred bytes), or not UTF-8.

The checks run on PyYAML's node graph (safe loader), so each refusal knows its line, and aliased
nodes are visited once.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

#: Bounds on a config file: size [byte], nesting depth, and nodes after alias expansion.
MAX_BYTES = 1_000_000
MAX_DEPTH = 50
MAX_NODES = 100_000
PACKAGE_DIRECTIVE = re.compile(r"^\s*#\s*@package\b", re.MULTILINE)
OPTION_NAME = re.compile(r"^[\w.-]+$")


class DataFileError(ValueError):
    """A config file that is not plain data; the message names the file and line."""


class _DataLoader(yaml.SafeLoader):
    """The safe loader with a nesting bound and no tags (every node's tag is the one YAML infers)."""

    def __init__(self, stream, path: Path):
        super().__init__(stream)
        self.path, self.depth = path, 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if getattr(event, "tag", None) is not None:
            raise DataFileError(f"{_where(self.path, event.start_mark)}: YAML tag {event.tag!r} is not allowed; a "
                                f"config file is data (plain mappings, lists, numbers and text)")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise DataFileError(f"{_where(self.path, event.start_mark)}: nested deeper than {MAX_DEPTH} levels; "
                                f"allowed: at most {MAX_DEPTH}")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _where(path: Path, mark) -> str:
    return f"{path}, line {mark.line + 1}" if mark is not None else str(path)


def read_data(path: Path, *, defaults: bool = False) -> object:
    """The data of the YAML file at ``path``, checked (see the module docstring); raises
    ``DataFileError`` in one line. ``defaults``: the file may have a defaults list of option names
    (a ``conf/`` group option)."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataFileError(f"{path}: {size} bytes is too large; allowed: a config file of at most {MAX_BYTES} bytes")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path}: byte {error.start} is not UTF-8; allowed: a UTF-8 text file") from None
    directive = PACKAGE_DIRECTIVE.search(text)
    if directive:
        line = text.count("\n", 0, directive.start()) + 1
        raise DataFileError(f"{path}, line {line}: a '# @package' directive is not allowed; a config file's keys "
                            f"stay in its own group")
    loader = _DataLoader(text, path)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check(node, path, defaults)
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DataFileError(f"{_where(path, mark)}: YAML syntax error: {problem}") from None
    finally:
        loader.dispose()


def _check(root: yaml.Node, path: Path, defaults: bool) -> None:
    """Walk the node graph once per node (aliases shared), counting nodes as expanded."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, key_path: str) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        total = 1
        if isinstance(node, yaml.ScalarNode):
            if "${" in node.value:
                raise DataFileError(f"{_where(path, node.start_mark)}: {key_path or 'value'}={node.value!r} is not "
                                    f"allowed; interpolations (${{...}}) are not evaluated in config files")
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item, f"{key_path}.{i}") for i, item in enumerate(node.value))
        else:
            seen = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                where = _where(path, key.start_mark)
                if name is None:
                    raise DataFileError(f"{where}: a key must be plain text")
                full = f"{key_path}.{name}" if key_path else name
                if name in seen:
                    raise DataFileError(f"{where}: duplicate key {full!r}; allowed: each key once")
                seen.add(name)
                if name.startswith("_") and name.endswith("_") and len(name) > 1:
                    raise DataFileError(f"{where}: key {full!r} is not allowed; a config file is data, never code "
                                        f"(no _target_, _partial_, _args_ or other _special_ keys)")
                if name == "hydra":
                    raise DataFileError(f"{where}: key {full!r} is not allowed; Hydra's own settings belong on the "
                                        f"command line or in conf/config.yaml, not in a config group")
                if name == "defaults" and not key_path:
                    _check_defaults(value, where, defaults)
                total += size(key, full) + size(value, full)
        if total > MAX_NODES:
            raise DataFileError(f"{_where(path, node.start_mark)}: expands to more than {MAX_NODES} nodes through "
                                f"aliases; allowed: at most {MAX_NODES}")
        sizes[id(node)] = total
        return total

    size(root, "")


def _check_defaults(node: yaml.Node, where: str, allowed: bool) -> None:
    entries = node.value if isinstance(node, yaml.SequenceNode) else None
    plain = entries is not None and all(isinstance(entry, yaml.ScalarNode) and OPTION_NAME.match(entry.value)
                                        for entry in entries)
    if not (allowed and plain):
        raise DataFileError(f"{where}: this defaults list is not allowed; allowed: "
                            + ("option names of the same group (e.g. [schema, _self_])" if allowed
                               else "none (a scenario file is plain data)"))
