"""The supervisor's board for a site and day: rounds, incidents, flags, duty, gate, week grid."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy.orm import Session

from backend.patrol import kinds
from backend.patrol.facts import Day, load_day, open_reviews, round_views, week_scans
from backend.patrol.timetable import local_day
from backend.records.awaiting import open_days
from backend.sync_api.store import entities

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
ACTIVE_MS = 8 * 3600 * 1000  # someone who recorded something in the last 8 hours is about


DAY_MS = 24 * 3600 * 1000


def build_board(s: Session, site_id: str, day: date, tz: str, now: int) -> dict:
    d = load_day(s, site_id, day)
    views = round_views(d, tz, now)
    return {
        "site": d.site.as_dict(), "day": day.isoformat(), "server_time": now,
        "rounds": {"counts": dict(Counter(v["status"].status for v in views)), "timeline": [_round(v) for v in views],
                   "earlier": earlier_rounds(s, site_id, day, tz, now)},
        "incidents": open_incidents(s, site_id),
        "flags": [_flag(i) for i in sorted(open_reviews(s, site_id), key=lambda i: -i["created_at"])],
        "findings": [_finding(x) for x in d.scans if x["condition"] == "damaged"],
        "on_duty": on_duty(s, d, now),
        "gate": gate_summary(s, d),
        "handovers": [_handover(h) for h in sorted(d.handovers, key=lambda h: h["outgoing"]["corrected_at"])],
        "grid": week_grid(s, d),
        "lapses": week_lapses(s, d, tz, now),
        "on_site": on_site_now(s, d, now),
        # Days whose records still await a review signature; overdue after the next morning.
        "awaiting_review": open_days(s, d.site, now),
    }


def earlier_rounds(s: Session, site_id: str, day: date, tz: str, now: int) -> list[dict]:
    """On today's board, the day before's slots that ended in the last 24 hours: just
    after midnight the night's rounds are what a supervisor looks for. Not counted in
    the day's counts (they are the day before's, in its report)."""
    if day != local_day(now, tz):
        return []
    before = round_views(load_day(s, site_id, day - timedelta(days=1)), tz, now)
    return [_round(v) | {"day": (day - timedelta(days=1)).isoformat()} for v in before
            if v["window"].end >= now - DAY_MS]


def _round(v: dict) -> dict:
    st = v["status"]
    return {"slot": v["slot"], "schedule_id": v["schedule"]["id"] if v["schedule"] else None,
            "schedule_name": v["schedule"]["name"] if v["schedule"] else None,
            "route_id": v["route_id"], "route_name": v["route"].get("name", ""),
            "start": v["window"].start, "end": v["window"].end, "grace_ms": v["window"].grace,
            "status": st.status, "total": len(v["order"]), "done": len(st.done), "late": len(st.late),
            "missing": st.missing, "synced_late": len(st.synced_late), "out_of_order": st.out_of_order,
            "round_ids": [r["id"] for r in v["rounds"]], "guards": v["guards"]}


def open_incidents(s: Session, site_id: str) -> list[dict]:
    """Open incidents of any day; "report to supervisor now" first, then by severity, newest first."""
    rows = entities(s, site_id, kinds.INCIDENT, status="open")
    rows.sort(key=lambda i: (not i["report_now"], SEVERITY_RANK[i["severity"]], -i["corrected_at"]))
    return [{k: i[k] for k in ("id", "number", "category", "severity", "description", "place", "report_now",
                               "photos", "user_name", "corrected_at", "received_at", "version")}
            | {"notes": len(i["notes"])} for i in rows]


def _flag(item: dict) -> dict:
    return {"id": item["id"], "type": item["type"], "reasons": item["reasons"], "mutation": item["mutation"],
            "target": item["target"], "created_at": item["created_at"]}


def _finding(scan: dict) -> dict:
    return {"scan_id": scan["id"], "checkpoint_id": scan["checkpoint_id"], "checkpoint_name": scan["checkpoint_name"],
            "note": scan["note"], "photos": scan["photos"], "user_name": scan["user_name"],
            "corrected_at": scan["corrected_at"]}


def _handover(h: dict) -> dict:
    return {"id": h["id"], "status": h["status"], "outgoing": h["outgoing"]["user_name"],
            "written_at": h["outgoing"]["corrected_at"],
            "incoming": h["incoming"]["user_name"] if h["incoming"] else None,
            "refusals": [{"by": r["user_name"], "reason": r["reason"], "at": r["corrected_at"]} for r in h["refusals"]],
            "reviewed_by": h["review"]["user_name"] if h["review"] else None,
            "open_items": len(h["open_items"])}


def on_duty(s: Session, d: Day, now: int) -> list[dict]:
    """Who holds the post: the last handover decides; an unaccepted one keeps the outgoing guard on."""
    people: dict[int, dict] = {}
    earlier = entities(s, d.site.id, kinds.HANDOVER, day=(d.day - timedelta(days=1)).isoformat())
    handovers = sorted(earlier + d.handovers, key=lambda h: h["outgoing"]["corrected_at"])
    if handovers:
        last = handovers[-1]
        if last["incoming"]:
            holder, since, basis = last["incoming"], last["incoming"]["corrected_at"], "handover_accepted"
        else:
            holder, since = last["outgoing"], last["outgoing"]["corrected_at"]
            basis = "handover_refused" if last["status"] == "refused" else "handover_pending"
        people[holder["user_id"]] = {"user_id": holder["user_id"], "name": holder["user_name"],
                                     "since": since, "basis": basis}
    for fact in d.scans + d.visits + d.vehicles:
        at = fact.get("corrected_at") or fact["time_in"]["corrected_at"]
        uid = fact.get("user_id") or fact["time_in"]["user_id"]
        if now - at <= ACTIVE_MS and uid not in people:
            name = fact.get("user_name") or fact["time_in"]["user_name"]
            people[uid] = {"user_id": uid, "name": name, "since": at, "basis": "recent_activity"}
    return sorted(people.values(), key=lambda p: p["since"])


def gate_summary(s: Session, d: Day) -> dict:
    visits, vehicles = d.visits, d.vehicles
    inside = (entities(s, d.site.id, kinds.VISIT, status="inside")
              + entities(s, d.site.id, kinds.VEHICLE, status="inside"))
    return {
        "visitors_in": sum(v["status"] != "refused" for v in visits),
        "visitors_out": sum(v["time_out"] is not None for v in visits),
        "refused": sum(v["status"] == "refused" for v in visits),
        "vehicles_in": len(vehicles), "vehicles_out": sum(v["time_out"] is not None for v in vehicles),
        "inside_now": [{"id": x["id"], "kind": "vehicle" if "plate" in x else "visitor",
                        "name": x.get("plate") or x["name"], "unit": x["unit"],
                        "since": x["time_in"]["corrected_at"]} for x in inside],
    }


def week_grid(s: Session, d: Day) -> dict:
    """Scans per checkpoint and hour of day over the 7 days ending on `d.day`: neglected ones first."""
    counts: dict[str, list[int]] = {cid: [0] * 24 for cid, c in d.checkpoints.items() if c["active"]}
    last: dict[str, int] = {}
    for checkpoint_id, hour, at in week_scans(s, d.site.id, d.day):
        counts.setdefault(checkpoint_id, [0] * 24)[hour] += 1
        last[checkpoint_id] = max(last.get(checkpoint_id, 0), at)
    rows = [{"checkpoint_id": cid, "name": d.checkpoints.get(cid, {}).get("name", cid),
             "name_zh": d.checkpoints.get(cid, {}).get("name_zh", ""), "hours": hours, "total": sum(hours),
             "empty_hours": hours.count(0), "last_scanned_at": last.get(cid)} for cid, hours in counts.items()]
    rows.sort(key=lambda r: (r["total"], r["name"]))
    return {"from": (d.day - timedelta(days=6)).isoformat(), "to": d.day.isoformat(), "rows": rows}



JUDGED = ("complete", "late", "incomplete", "missed")  # rounds whose window and grace have passed


def week_lapses(s: Session, d: Day, tz: str, now: int) -> dict:
    """Late and missed rounds over the 7 days ending on `d.day`, by guard and by checkpoint.

    By checkpoint: how often it was scanned only after its window (late) and how often a
    judged round left it unscanned (missed). By guard: the rounds they took part in that
    ended late or incomplete, and the checkpoints those rounds missed; rounds nobody
    started count under `unattended`."""
    guards: dict[str, dict] = {}
    checkpoints: dict[str, dict] = {}
    unattended = 0
    for n in range(7):
        day = d if n == 0 else load_day(s, d.site.id, d.day - timedelta(days=n))
        for v in round_views(day, tz, now):
            st = v["status"]
            if st.status not in JUDGED:   # round_views leaves out slots from before their schedule
                continue
            for cid in st.late:
                _cp(checkpoints, d, cid)["late"] += 1
            for cid in st.missing:
                _cp(checkpoints, d, cid)["missed"] += 1
            if not v["guards"]:
                unattended += st.status == "missed"
                continue
            for name in v["guards"]:
                g = guards.setdefault(name, {"name": name, "rounds": 0, "late": 0, "incomplete": 0, "missed_checkpoints": 0})
                g["rounds"] += 1
                g["late"] += st.status == "late"
                g["incomplete"] += st.status in ("incomplete", "missed")
                g["missed_checkpoints"] += len(st.missing)
    worst = lambda r: (-(r.get("late", 0) + r.get("incomplete", 0) + r.get("missed", 0) + r.get("missed_checkpoints", 0)), r["name"])  # noqa: E731
    return {"from": (d.day - timedelta(days=6)).isoformat(), "to": d.day.isoformat(), "unattended_rounds": unattended,
            "by_guard": sorted(guards.values(), key=worst),
            "by_checkpoint": sorted((c for c in checkpoints.values() if c["late"] or c["missed"]), key=worst)}


def _cp(rows: dict, d: Day, cid: str) -> dict:
    c = d.checkpoints.get(cid, {})
    return rows.setdefault(cid, {"checkpoint_id": cid, "name": c.get("name", cid), "name_zh": c.get("name_zh", ""),
                                 "late": 0, "missed": 0})


def on_site_now(s: Session, d: Day, now: int) -> dict:
    """Who is on site now: staff who recorded anything in the last 8 hours (scans, rounds,
    duty log, incidents, gate, handovers), with what and when they last did, and how
    many visitors and vehicles are inside."""
    staff: dict[int, dict] = {}

    def seen(uid, name, at, what):
        if uid is None or at is None or now - at > ACTIVE_MS:
            return
        if uid not in staff or staff[uid]["last_at"] < at:
            staff[uid] = {"user_id": uid, "name": name, "last_at": at, "last": what}
    for x in d.scans:
        seen(x.get("user_id"), x.get("user_name"), x.get("corrected_at"), "scan")
    for x in d.log:
        seen(x.get("user_id"), x.get("user_name"), x.get("corrected_at"), "log")
    for x in d.incidents:
        seen(x.get("user_id"), x.get("user_name"), x.get("corrected_at"), "incident")
    for x in d.visits + d.vehicles:
        seen(x["time_in"]["user_id"], x["time_in"]["user_name"], x["time_in"]["corrected_at"], "gate")
    for h in d.handovers:
        for part in (h["outgoing"], h["incoming"]):
            if part:
                seen(part["user_id"], part["user_name"], part["corrected_at"], "handover")
    visitors = entities(s, d.site.id, kinds.VISIT, status="inside")
    vehicles = entities(s, d.site.id, kinds.VEHICLE, status="inside")
    return {"staff": sorted(staff.values(), key=lambda p: -p["last_at"]), "visitors": len(visitors),
            "vehicles": len(vehicles)}
