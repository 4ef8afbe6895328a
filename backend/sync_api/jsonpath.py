"""A JSON field of an entity's data as text, written so an expression index can serve it.

SQLAlchemy's `data["day"].as_string()` binds the key as a parameter, which no
expression index matches. This construct writes the key as a literal, exactly as
migration 0002 indexes it: `json_extract(data, '$.day')` on SQLite,
`(data ->> 'day')` on PostgreSQL.
"""
from __future__ import annotations

import re

from sqlalchemy import BigInteger, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

_KEY = re.compile(r"^[a-z_]+$")


class JsonText(ColumnElement):
    """`column`'s top-level `key` as text (keys are code, never user input)."""

    type = String()
    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement), ("key", InternalTraversal.dp_string)]

    def __init__(self, column, key: str):
        if not _KEY.match(key):
            raise ValueError(f"not a plain JSON key: {key!r}")
        self.column, self.key = column, key


@compiles(JsonText)
def _sqlite(element: JsonText, compiler, **kw) -> str:
    return f"json_extract({compiler.process(element.column, **kw)}, '$.{element.key}')"


@compiles(JsonText, "postgresql")
def _postgresql(element: JsonText, compiler, **kw) -> str:
    return f"({compiler.process(element.column, **kw)} ->> '{element.key}')"


class JsonInt(JsonText):
    """`column`'s top-level `key` as an integer (times in ms), written as migration
    0018 indexes it: `json_extract(data, '$.key')` on SQLite (already an integer),
    `CAST((data ->> 'key') AS BIGINT)` on PostgreSQL."""

    type = BigInteger()
    inherit_cache = True


@compiles(JsonInt)
def _sqlite_int(element: JsonInt, compiler, **kw) -> str:
    return f"json_extract({compiler.process(element.column, **kw)}, '$.{element.key}')"


@compiles(JsonInt, "postgresql")
def _postgresql_int(element: JsonInt, compiler, **kw) -> str:
    return f"CAST(({compiler.process(element.column, **kw)} ->> '{element.key}') AS BIGINT)"
