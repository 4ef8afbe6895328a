"""Monthly statistics of the cases closed in a month (domain-rules.md section 4:
before the 10th, the cases closed last month, by responsible unit with ratios).

Pure: a list of cases in, figures out. Every figure is defined here once, and the
PDF and the CSV print these figures and nothing else:
- `closed`: cases whose (first) close falls in the month, in the site's time zone;
- `by_type`, `by_unit`: counts and their share of `closed` (unit: the responsible
  party named at closing, else its kind: department, person, supplier, ...);
- `on_time` / `overdue`: closed on or before / after the closing deadline;
- `avg_days`: mean of (close time - intake time) in days, one decimal;
- `callback_rate`: closed cases with a callback that reached the person / `closed`;
- `callback_issues`: issues raised in those callbacks (each became a case of its own);
- `valid` / `households` / `valid_rate`: closed complaints found valid, per household
  of the site (setting `case_households`), against `case_valid_target` (default 1 %).
"""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from backend.cases import deadlines

DAY_MS = 86_400_000
VALID_TARGET = 0.01


def ratio(n: int, total: int) -> float | None:
    return round(n / total, 4) if total else None


def unit_of(case: dict) -> str:
    c = case["closed"]
    return c["responsible_name"].strip() or c["responsible"]


def monthly(cases: list[dict], month: str, households: int | None, target: float = VALID_TARGET) -> dict:
    closed = [c for c in cases if c["status"] == "closed" and c["closed_day"][:7] == month]
    return {"month": month} | of_closed(closed, households, target)


def of_closed(closed: list[dict], households: int | None, target: float = VALID_TARGET) -> dict:
    """The figures above of some closed cases (a month's, a quarter's)."""
    n = len(closed)
    on_time = sum(deadlines.closed_on_time(c) for c in closed)
    types, units = Counter(c["type"] for c in closed), Counter(unit_of(c) for c in closed)
    reached = [c for c in closed if any(e["event"] == "callback" and e["reached"] for e in c["history"])]
    issues = sum(len(e["new_cases"]) for c in closed for e in c["history"] if e["event"] == "callback")
    valid = sum(c["type"] == "complaint" and c["closed"]["valid"] for c in closed)
    valid_rate = ratio(valid, households) if households else None
    return {
        "closed": n,
        "by_type": [{"type": t, "count": k, "ratio": ratio(k, n)} for t, k in sorted(types.items(), key=lambda x: (-x[1], x[0]))],
        "by_unit": [{"unit": u, "count": k, "ratio": ratio(k, n)} for u, k in sorted(units.items(), key=lambda x: (-x[1], x[0]))],
        "on_time": on_time, "overdue": n - on_time, "on_time_ratio": ratio(on_time, n),
        "avg_days": round(sum(c["closed"]["at"] - c["accepted_at"] for c in closed) / n / DAY_MS, 1) if n else None,
        "called_back": len(reached), "callback_rate": ratio(len(reached), n), "callback_issues": issues,
        "valid": valid, "households": households, "valid_rate": valid_rate, "valid_target": target,
        "valid_over_target": None if valid_rate is None else valid_rate >= target,
    }


def weeks_of(month: str) -> tuple[date, date]:
    """The Monday before the month's first day and the month's last day."""
    first = date.fromisoformat(month + "-01")
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first - timedelta(days=first.weekday()), last


def per_week(per_day: dict[str, int], month: str) -> list[dict]:
    """Cases received per week (Monday first) over the weeks that touch `month`: the
    chart's bars, from the count of cases received on each day (ISO day -> count)."""
    start, last = weeks_of(month)
    weeks = []
    while start <= last:
        end = start + timedelta(days=6)
        weeks.append({"week": start.isoformat(),
                      "count": sum(n for day, n in per_day.items() if start.isoformat() <= day <= end.isoformat())})
        start += timedelta(days=7)
    return weeks


def previous_month(today: str) -> str:
    first = date.fromisoformat(today).replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")
