"""PostgreSQL bulk writes through COPY: a staging table, then one set-based upsert.

Django's bulk_create spends most of its time compiling SQL for big batches; COPY moves the rows
in PostgreSQL's own format and one INSERT ... SELECT ... ON CONFLICT applies them.
"""

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Field, ForeignKey, Lookup


def copy_upsert(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    conflict: Sequence[str],
    update: Sequence[str] = (),
    update_where: str = "",
    returning: Sequence[str] = (),
) -> list[tuple]:
    """Upsert `rows` into `table` in one statement; returns the `returning` columns of the
    rows inserted or updated (rows the `update_where` condition left alone are not returned).
    Must run inside a transaction (the staging table empties itself on commit).
    """
    stage = f"stage_{table}"
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS "  # noqa: S608
            f"SELECT {cols} FROM {table} WITH NO DATA"
        )
        # Empty already unless an earlier upsert in this transaction used it.
        cursor.execute(f"DELETE FROM {stage}")  # noqa: S608
        types = _column_types(cursor, stage, cols)
        with cursor.cursor.copy(f"COPY {stage} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        action = "NOTHING"
        if update:
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in update)
            action = f"UPDATE SET {sets}" + (f" WHERE {update_where}" if update_where else "")
        sql = (
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} "  # noqa: S608
            f"ON CONFLICT ({', '.join(conflict)}) DO {action}"
        )
        if returning:
            sql += f" RETURNING {', '.join(returning)}"
        cursor.execute(sql)
        return cursor.fetchall() if returning else []


_types: dict[tuple[str, str], list[int]] = {}


def _column_types(cursor, table: str, cols: str) -> list[int]:
    """The type oids of `cols` in `table`, for a binary COPY (asked once per process)."""
    if (table, cols) not in _types:
        cursor.execute(f"SELECT {cols} FROM {table} LIMIT 0")  # noqa: S608
        _types[(table, cols)] = [column.type_code for column in cursor.description]
    return _types[(table, cols)]


def copy_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Plain COPY into a table (no conflicts expected)."""
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def fetch_by_keys(
    table: str,
    key: tuple[str, str],
    keys: Sequence[tuple[str, str]],
    columns: Sequence[str],
    *,
    join: str = "",
    lock: bool = False,
) -> list[tuple]:
    """`columns` (of the row as ``t``, and of any `join`) of the rows of `table` whose unique
    pair of text columns `key` is one of `keys` (PostgreSQL), optionally locked FOR UPDATE
    until commit.

    The pairs travel as two array parameters, unnested side by side; a LATERAL probe per pair
    keeps the plan an index lookup per key whatever the table's statistics say (a plain join
    against a table not yet analysed after a bulk load can turn into a scan of all of it).
    """
    first, second = key
    sql = (
        f"SELECT {', '.join(columns)} "  # noqa: S608
        "FROM unnest(%s::text[], %s::text[]) AS k(a, b) CROSS JOIN LATERAL "
        f"(SELECT * FROM {table} WHERE {first} = k.a AND {second} = k.b LIMIT 1"
        f"{' FOR UPDATE' if lock else ''}) t {join}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [text_array(a for a, _ in keys), text_array(b for _, b in keys)])
        return cursor.fetchall()


def text_array(values: Iterable[str]) -> str:
    """A PostgreSQL text[] literal (every element quoted and escaped): for a parameter cast
    with ``::text[]``, several times cheaper to send than a list the driver adapts item by item.
    """
    quoted = (v.replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return "{" + ",".join(f'"{v}"' for v in quoted) + "}"


class AnyOf(Lookup):
    """``field__any=[...]``: membership in a long list as one array parameter on PostgreSQL
    (``= ANY(%s)``), so a batch of 1,000 ids is one parameter, not 1,000; ``IN`` elsewhere."""

    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler, conn):
        lhs, lhs_params = self.process_lhs(compiler, conn)
        values = [self.lhs.output_field.get_db_prep_value(v, conn, prepared=True) for v in self.rhs]
        if not values:
            return "1 = 0", list(lhs_params)
        if conn.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        marks = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({marks})", [*lhs_params, *values]


Field.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)
