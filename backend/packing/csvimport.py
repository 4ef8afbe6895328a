"""Orders from a CSV file: every bad row reported by its line number, and either
every order is taken or none (the handler raises, so nothing is half-imported).

Columns (first line): order,customer_id,channel,code,name,name_zh,category,unit_price,quantity
Rows with the same `order` value are the lines of one order.
"""
from __future__ import annotations

import csv
import io
from typing import Callable

from backend.packing.rules import cents

COLUMNS = ("order", "customer_id", "channel", "code", "name", "name_zh", "category", "unit_price", "quantity")
MAX_QUANTITY = 10_000
MAX_PRICE = 100_000_000  # cents: a million per unit is a typing error, not a sale


def parse(text: str, customer_known: Callable[[str], bool]) -> tuple[list[dict], list[dict]]:
    """(orders, errors); errors are `{line, field, message}`, line 1 being the header."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(c.strip() for c in rows[0]) != COLUMNS:
        return [], [{"line": 1, "field": "", "message": "the first line must be: " + ",".join(COLUMNS)}]
    orders: dict[str, dict] = {}
    errors: list[dict] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(COLUMNS):
            errors.append({"line": n, "field": "", "message": f"{len(row)} columns, expected {len(COLUMNS)}"})
            continue
        r = dict(zip(COLUMNS, (c.strip() for c in row)))
        line, bad = _line(r)
        errors += [{"line": n, "field": f, "message": m} for f, m in bad]
        if not r["order"]:
            errors.append({"line": n, "field": "order", "message": "missing"})
            continue
        order = orders.setdefault(r["order"], {"ref": r["order"], "customer_id": r["customer_id"],
                                               "channel": r["channel"], "lines": [], "first_line": n})
        if order["first_line"] == n:
            if not customer_known(r["customer_id"]):
                errors.append({"line": n, "field": "customer_id", "message": "no such customer at this site"})
            if r["channel"] not in ("counter", "remote"):
                errors.append({"line": n, "field": "channel", "message": "counter or remote"})
        elif (r["customer_id"], r["channel"]) != (order["customer_id"], order["channel"]):
            errors.append({"line": n, "field": "customer_id",
                           "message": f"order {r['order']} has another customer or channel on line {order['first_line']}"})
        if line and any(x["code"] == line["code"] for x in order["lines"]):
            errors.append({"line": n, "field": "code", "message": f"{line['code']} is listed twice in order {r['order']}"})
        elif line:
            order["lines"].append(line)
    if not orders and not errors:
        errors.append({"line": 2, "field": "", "message": "no orders in the file"})
    return ([{k: v for k, v in o.items() if k != "first_line"} for o in orders.values()] if not errors else []), errors


def _line(r: dict) -> tuple[dict | None, list[tuple[str, str]]]:
    bad = []
    for f in ("code", "name", "category"):
        if not r[f]:
            bad.append((f, "missing"))
    if len(r["code"]) > 60:
        bad.append(("code", "at most 60 characters"))
    try:
        price = cents(r["unit_price"])
        if price > MAX_PRICE:
            bad.append(("unit_price", "too large"))
    except ValueError as exc:
        price, _ = None, bad.append(("unit_price", str(exc)))
    try:
        quantity = int(r["quantity"])
        if not 1 <= quantity <= MAX_QUANTITY:
            bad.append(("quantity", f"between 1 and {MAX_QUANTITY}"))
    except ValueError:
        bad.append(("quantity", "a whole number"))
    if bad:
        return None, bad
    return {"code": r["code"], "name": r["name"], "name_zh": r["name_zh"], "category": r["category"],
            "unit_price": price, "quantity": quantity}, []
