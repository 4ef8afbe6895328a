"""Reading a site's patrol facts for a day (the board and the report share these)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.identity.models import Site
from backend.patrol import kinds
from backend.patrol.classification import RoundStatus, ScanFact, classify_round
from backend.patrol.models import Checkpoint, Route, Schedule
from backend.patrol.setup import checkpoint_data, route_data, schedule_data
from backend.patrol.timetable import Plan, Window, slots_on
from backend.sync_api.jsonpath import JsonText
from backend.sync_api.models import EntityRow
from backend.sync_api.store import by_ids, entities
from sync.push import REVIEW

PATROL_PREFIXES = ("patrol.", "incident.", "gate.", "handover.")
LOG_ENTRY = "log.entry"  # the duty log's records, read by kind (no import of that domain)


@dataclass
class Day:
    """Everything recorded at a site for one local day, plus its set-up."""

    site: Site
    day: date
    checkpoints: dict[str, dict]
    routes: dict[str, dict]
    schedules: list[dict]
    rounds: list[dict]
    scans: list[dict]
    incidents: list[dict]
    visits: list[dict]
    vehicles: list[dict]
    handovers: list[dict]
    log: list[dict] = field(default_factory=list)  # the day's duty log entries
    reviews: dict[str, dict] = field(default_factory=dict)  # review items of the day's records, by mutation id


def _ms(at: datetime | None) -> int:
    """A stored UTC time (naive on SQLite) as epoch milliseconds; 0 when unknown."""
    return int(at.replace(tzinfo=timezone.utc).timestamp() * 1000) if at else 0


def load_day(s: Session, site_id: str, day: date) -> Day:
    iso = day.isoformat()
    d = Day(
        site=s.get(Site, site_id), day=day,
        checkpoints={c.id: checkpoint_data(c) for c in s.scalars(select(Checkpoint).where(Checkpoint.site_id == site_id))},
        routes={r.id: route_data(r) for r in s.scalars(select(Route).where(Route.site_id == site_id))},
        schedules=[{**schedule_data(x), "made_at": _ms(x.created_at)}
                   for x in s.scalars(select(Schedule).where(Schedule.site_id == site_id))],
        rounds=entities(s, site_id, kinds.ROUND, day=iso),
        # by scan day (indexed): a round's scans fall on its day or, across midnight, the next
        scans=[x for x in entities(s, site_id, kinds.SCAN, day=[iso, (day + timedelta(days=1)).isoformat()])
               if x["round_day"] == iso],
        incidents=entities(s, site_id, kinds.INCIDENT, day=iso),
        visits=entities(s, site_id, kinds.VISIT, day=iso),
        vehicles=entities(s, site_id, kinds.VEHICLE, day=iso),
        handovers=entities(s, site_id, kinds.HANDOVER, day=iso),
        log=entities(s, site_id, LOG_ENTRY, day=iso),
    )
    ids = [x["id"] for x in d.scans + d.incidents + d.visits + d.vehicles + d.handovers + d.log]
    d.reviews = by_ids(s, REVIEW, ids)
    return d


def open_reviews(s: Session, site_id: str) -> list[dict]:
    """Open review items raised by patrol, incident, gate and handover mutations."""
    items = entities(s, site_id, REVIEW, status="open")
    return [i for i in items if i["mutation"]["kind"].startswith(PATROL_PREFIXES)]


def week_scans(s: Session, site_id: str, day: date) -> list[tuple[str, int, int]]:
    """(checkpoint id, local hour, corrected time) of every scan in the 7 days ending on `day`."""
    days = [(day - timedelta(days=n)).isoformat() for n in range(7)]
    field = lambda key: JsonText(EntityRow.data, key)  # noqa: E731
    stmt = select(field("checkpoint_id"), field("hour"), field("corrected_at")).where(
        EntityRow.kind == kinds.SCAN, EntityRow.space == site_id, EntityRow.deleted.is_(False),
        field("day").in_(days))
    return [(cid, int(hour), int(at)) for cid, hour, at in s.execute(stmt)]


def round_views(d: Day, tz: str, now: int) -> list[dict]:
    """Every due or started round of the day, each judged from all scans made for its slot."""
    slots: dict[str, dict] = {}
    walked = {r["slot"] for r in d.rounds}
    for sc in d.schedules:
        if not sc["active"]:
            continue
        for w in slots_on(Plan.of(sc), d.day, tz):
            if w.end <= sc.get("made_at", 0) and w.key(sc["id"]) not in walked:
                continue   # over before its schedule was made: nobody could have walked it
            slots[w.key(sc["id"])] = {"slot": w.key(sc["id"]), "schedule": sc, "route_id": sc["route_id"],
                                      "window": w, "rounds": []}
    for r in d.rounds:
        view = slots.setdefault(r["slot"], {
            "slot": r["slot"], "schedule": None, "route_id": r["route_id"],
            "window": Window(r["slot_start"], r["slot_end"], r["grace_ms"]), "rounds": []})
        view["rounds"].append(r)
    scans_of: dict[str, list[dict]] = {}
    for sc in d.scans:
        scans_of.setdefault(sc["slot"], []).append(sc)
    out = []
    for view in sorted(slots.values(), key=lambda v: (v["window"].start, v["slot"])):
        route = d.routes.get(view["route_id"], {})
        first = view["rounds"][0] if view["rounds"] else None
        order = first["checkpoint_ids"] if first else [
            c for c in route.get("checkpoint_ids", []) if d.checkpoints.get(c, {}).get("active")]
        scans = sorted(scans_of.get(view["slot"], []), key=lambda x: x["corrected_at"])
        status: RoundStatus = classify_round(
            view["window"], order, [ScanFact(x["checkpoint_id"], x["corrected_at"], x["received_at"], x["id"],
                                             x["device_at"]) for x in scans],
            now, ordered=bool(first["ordered"] if first else route.get("ordered")))
        timing = {t.scan_id: t for t in status.scans}
        out.append({**view, "route": route, "order": order, "status": status, "scans": scans, "timing": timing,
                    "guards": sorted({x["user_name"] for x in scans} | {r["started"]["user_name"] for r in view["rounds"]})})
    return out
