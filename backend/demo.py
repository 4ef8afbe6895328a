"""A demo site that lives: a week at Harbour View and the Kwun Tong warehouse.

`gatehouse demo` (demo mode only) seeds it after the demo users (cli.py
`seed_demo`). Everything goes through the paths a real site uses, so the records
are real records (numbers, review items, the board, the PDFs):

- set-up through the REST API a supervisor's screen calls (checkpoints with their
  label codes, a route, a day schedule and a night one across midnight);
- a week of work as one enrolled phone records it: signed mutations in its
  outbox, each user's proof key from their sign-in on that phone, pushed through
  the sync core (`sync.push`) with the time each batch reached the server. A
  round pushed inside its window is on time; one pushed the next morning is
  "synced late"; scans after the window are late; a slot with no round is missed.
  The same week holds equipment checks (one failed: its incident), goods-release
  permits (one used at the gate, one waiting for the owner), and at the warehouse
  the seal registry, a sealed and dispatched order with a return slip, and an
  order half counted in an open box (yesterday).

Deterministic: the same records, statuses and texts every time, placed on the
days before today in the site's time zone (mutation ids are new each time).
Idempotent: nothing is seeded when Harbour View has checkpoints already.
`gatehouse demo --reset` empties the database and seeds it again.
"""
from __future__ import annotations

import hashlib
import io
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask

import sync
from backend.equipment.kinds import CHECKLISTS
from backend.packing import labels
from sync.device import Device, public_jwk
from sync.push import parse_batch
from sync.signature import b64url_decode

SEAL_PREFIX = "KT-"
MINUTE = 60_000
DAYS = 7

CHECKPOINTS = [  # name, name_zh, location, checks
    ("Lobby fire hose", "大堂消防喉", "Block A lobby", "hose reel, extinguisher"),
    ("Car park gate", "停車場閘口", "B1 car park", "barrier, CCTV"),
    ("Roof door", "天台門", "Block A roof", "door locked, alarm on"),
    ("Pump room", "水泵房", "G/F back lane", "no leaks, door locked"),
    ("Clubhouse pool", "會所泳池", "Clubhouse", "gate locked, lights off after 23:00"),
]
# (slot time, how the round went) for each day, the oldest day first. on_time: pushed
# inside the window; synced_late: done in the window, pushed the next morning; late:
# scans after the window; missed: no round; typed: one label too worn, its code typed.
PLAN = [
    {"09:00": "on_time", "15:00": "on_time", "23:30": "on_time"},
    {"09:00": "on_time", "15:00": "late", "23:30": "synced_late"},
    {"09:00": "typed", "15:00": "on_time", "23:30": "missed"},
    {"09:00": "on_time", "15:00": "on_time", "23:30": "on_time"},
    {"09:00": "late", "15:00": "on_time", "23:30": "synced_late"},
    {"09:00": "on_time", "15:00": "missed", "23:30": "on_time"},
    {"09:00": "on_time", "15:00": "on_time", "23:30": "on_time"},
]
VISITORS = [  # name, id type, last 4, unit, purpose
    ("Mr Lam", "hkid", "123A", "12B", "plumbing repair"),
    ("Ms Chow", "passport", "8841", "3A", "visiting family"),
    ("Mr Tsang", "hkid", "556B", "7C", "air-conditioner service"),
    ("Ms Ng", "driving_licence", "0932", "15D", "viewing flat for sale"),
]
VEHICLES = [("AB1234", "12B", "delivery"), ("KT8832", "3A", "removal van"), ("HV2019", "7C", "contractor")]
LOG_LINES = [
    ("patrol", "Lift 2 out of service; notice posted in the lobby", "Block A"),
    ("facility", "Corridor light on 9/F flickering; reported to the management office", "Block B 9/F"),
    ("general", "Fire drill notice posted on every floor", "Blocks A and B"),
    ("complaint", "Resident of 5C reports noise from 6C after 23:00", "Block A 5/F"),
]


@dataclass
class Phone:
    """One enrolled phone on which several people sign in, as at a guard post."""
    app: Flask
    site: str
    supervisor_token: str
    device: Device = field(init=False)
    token: str = field(init=False)
    users: dict = field(default_factory=dict)   # username -> (id, bearer token, proof key)

    def __post_init__(self):
        client = self.app.test_client()
        r = client.post("/api/devices/enroll-codes", json={"site_id": self.site},
                        headers=_bearer(self.supervisor_token))
        _ok(r, 201)
        self.device = Device(space=self.site)
        r = client.post("/api/devices/enroll", json={"code": r.get_json()["code"], "label": "Demo post phone",
                                                     "public_key": public_jwk(self.device.key)})
        _ok(r, 201)
        self.device.id, self.token = r.get_json()["device_id"], r.get_json()["device_token"]

    def sign_in(self, username: str) -> int:
        data = _login(self.app.test_client(), username, self.token)
        self.users[username] = (data["user"]["id"], data["token"], b64url_decode(data["proof_key"]))
        return data["user"]["id"]

    def headers(self, username: str) -> dict:
        return {**_bearer(self.users[username][1]), "X-Device-Token": self.token}

    def write(self, username: str, kind: str, payload: dict, at: int) -> dict:
        user_id, _, proof = self.users[username]
        return self.device.record(kind, user_id, payload, occurred_at=at, proof_key=proof)

    def push(self, username: str, arrival: int) -> list[dict]:
        """Push the whole outbox as it reaches the server at `arrival` (the phone's clock right)."""
        from backend.db import database, session
        from backend.identity.models import User
        from backend.sync_api.store import SqlStore, user_record
        results = []
        self.device.clock_offset_ms = arrival - int(time.time() * 1000)
        while self.device.outbox:
            batch = self.device.batch(200)
            with self.app.test_request_context():
                user = user_record(session().get(User, self.users[username][0]), session())
                session().close()
                answer = sync.push(SqlStore(database()), self.app.extensions["gatehouse_registry"],
                                   device_id=self.device.id, user=user, client_time=batch["client_time"],
                                   mutations=parse_batch(batch["mutations"]), signature=batch["signature"],
                                   now=arrival).as_dict()
            bad = [r for r in answer["results"] if r["status"] not in ("applied", "flagged", "duplicate")]
            if bad:
                raise RuntimeError(f"demo push refused: {bad}")
            results += answer["results"]
            self.device.acknowledge(answer["last_seq"])
        return results


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _ok(response, status: int = 200):
    if response.status_code != status:
        raise RuntimeError(f"demo seed: {response.status_code} {response.get_json()}")
    return response.get_json()


def _login(client, username: str, device_token: str | None = None) -> dict:
    from backend.cli import DEMO_PASSWORD
    headers = {"X-Device-Token": device_token} if device_token else {}
    return _ok(client.post("/api/auth/login", json={"username": username, "password": DEMO_PASSWORD},
                           headers=headers))


def picture(label: str, colour: tuple[int, int, int]) -> bytes:
    """A small deterministic photo: a coloured card with a caption."""
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (320, 240), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 20, 300, 220), outline=(255, 255, 255), width=4)
    draw.text((36, 110), label, fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _upload(phone: Phone, username: str, data: bytes) -> str:
    r = phone.app.test_client().post(f"/api/media?site_id={phone.site}", data=data, headers=phone.headers(username))
    if r.status_code not in (200, 201):
        raise RuntimeError(f"demo photo: {r.status_code} {r.get_json()}")
    return hashlib.sha256(data).hexdigest()


def is_seeded(app: Flask) -> bool:
    from sqlalchemy import func, select
    from backend.db import database
    from backend.sync_api.models import EntityRow as Entity
    with app.app_context(), database().write() as s:
        return bool(s.scalar(select(func.count()).select_from(Entity)
                             .where(Entity.space == "hv", Entity.kind == "patrol.checkpoint")))


def seed_estate(app: Flask, now_ms: int | None = None) -> dict:
    """Seed the living demo (idempotent); returns what was made, by kind."""
    if is_seeded(app):
        return {}
    request_log = logging.getLogger("gatehouse.request")
    level = request_log.level
    request_log.setLevel(logging.WARNING)   # the seed's own requests are not news
    try:
        return _seed(app, now_ms)
    finally:
        request_log.setLevel(level)


def _seed(app: Flask, now_ms: int | None) -> dict:
    now = now_ms or int(time.time() * 1000)
    client = app.test_client()
    sup_token = _login(client, "super1")["token"]
    sup = _bearer(sup_token)
    tz = ZoneInfo(app.config["GATEHOUSE_TZ"])
    today = datetime.fromtimestamp(now / 1000, tz).date()

    def at(day: date, hhmm: str, plus_minutes: int = 0) -> int:
        h, m = map(int, hhmm.split(":"))
        return int(datetime(day.year, day.month, day.day, h, m, tzinfo=tz).timestamp() * 1000) + plus_minutes * MINUTE

    # Set-up: what a supervisor's set-up screens post.
    cps = [_ok(client.post("/api/patrol/checkpoints", headers=sup, json={
        "site_id": "hv", "name": n, "name_zh": zh, "location": loc, "checks": checks}), 201)
        for n, zh, loc, checks in CHECKPOINTS]
    route = _ok(client.post("/api/patrol/routes", headers=sup, json={
        "site_id": "hv", "name": "Full round", "name_zh": "全面巡邏",
        "checkpoint_ids": [c["id"] for c in cps]}), 201)
    schedules = {
        "day": _ok(client.post("/api/patrol/schedules", headers=sup, json={
            "site_id": "hv", "route_id": route["id"], "name": "Day rounds", "times": ["09:00", "15:00"],
            "window_minutes": 60, "grace_minutes": 15}), 201),
        "night": _ok(client.post("/api/patrol/schedules", headers=sup, json={
            "site_id": "hv", "route_id": route["id"], "name": "Night round", "times": ["23:30"],
            "window_minutes": 60, "grace_minutes": 15}), 201),
    }
    made = {"checkpoints": len(cps), "routes": 1, "schedules": 2}
    items = {}
    for key, kind, name, name_zh, place, floor, days in EQUIPMENT:
        where = {"checkpoint_id": cps[place]["id"]} if isinstance(place, int) else {"location": place}
        items[key] = _ok(client.post("/api/equipment/items", headers=sup, json={
            "site_id": "hv", "type": kind, "name": name, "name_zh": name_zh, "floor": floor, **where,
            "expires_on": str(today + timedelta(days=days)) if days is not None else None}), 201)
    for name, name_zh, kit, desk in POSTS:
        _ok(client.post("/api/equipment/posts", headers=sup, json={
            "site_id": "hv", "name": name, "name_zh": name_zh, "desk": desk,
            "items": [{"name": n, "name_zh": zh} for n, zh in kit]}), 201)
    made.update({"equipment": len(items), "posts": len(POSTS)})

    phone = Phone(app, "hv", sup_token)
    for username in ("guard1", "guard2", "desk1", "super1"):
        phone.sign_in(username)
    leak = _upload(phone, "guard1", picture("Hose reel leaking", (160, 40, 40)))
    stranger = _upload(phone, "guard2", picture("Person at car park gate", (40, 60, 140)))
    parcel = _upload(phone, "desk1", picture("Parcel for 12B", (120, 90, 40)))
    card = _upload(phone, "desk1", picture("Chan Siu Keung", (60, 110, 90)))
    signatures = {u: _upload(phone, u, picture(f"signed {u}", (20, 20, 20))) for u in ("guard1", "guard2")}

    events: list[tuple[int, int, object]] = []   # (when, order, write): written in time order
    arrivals: set[int] = set()                      # when the phone reached the server

    def event(when: int, fn) -> None:
        if when <= now - 10 * MINUTE:
            events.append((when, len(events), fn))

    def write(username: str, kind: str, payload: dict):
        return lambda when, ids: phone.write(username, kind, payload(ids) if callable(payload) else payload, when)

    counts = {"rounds": 0, "missed": 0}

    def round_(day: date, slot: str, how: str, guard: str) -> None:
        if how == "missed":
            counts["missed"] += 1
            return
        start = at(day, slot)
        if start > now - 30 * MINUTE:
            return   # not yet: the board shows it upcoming
        counts["rounds"] += 1
        key = f"{day}-{slot}"
        sched = schedules["night" if slot == "23:30" else "day"]
        late = how == "late"

        def begin(when, ids):
            ids[key] = phone.write(guard, "patrol.round_start", {
                "route_id": route["id"], "schedule_id": sched["id"], "slot_start": start}, when)["id"]
        event(start + (70 if late else 2) * MINUTE, begin)
        for i, cp in enumerate(cps):
            scan = {"code": cp["qr"], "condition": "intact", "note": ""}
            if how == "typed" and i == 2:
                scan.update(code=cp["code"], source="typed", note="Label too worn to scan")
            if day == today - timedelta(days=5) and i == 0 and slot == "09:00":
                scan.update(condition="damaged", note="Hose reel leaking", photos=[leak])
            event(start + ((72 if late else 4) + 9 * i) * MINUTE,
                  write(guard, "patrol.scan", lambda ids, scan=scan: {**scan, "round_id": ids[key]}))
        if how != "synced_late":   # synced late: it waits for the next push, after its window
            arrivals.add(start + ((72 + 9 * len(cps) + 2) if late else 50) * MINUTE)

    for back in range(DAYS, -1, -1):
        day = today - timedelta(days=back)
        plan = PLAN[DAYS - back] if back else {"09:00": "on_time", "15:00": "on_time"}
        guard = "guard1" if back % 2 else "guard2"
        other = "guard2" if guard == "guard1" else "guard1"
        k = f"{day}-ho"
        # The day shift takes over at 08:00: the night guard hands over.
        event(at(day, "08:00"), lambda when, ids, k=k, other=other, back=back: ids.__setitem__(k, phone.write(
            other, "handover.write", {
                "text": f"Night quiet. {LOG_LINES[back % len(LOG_LINES)][1]}.", "signature": signatures[other],
                "pin_confirmed": True,
                "open_items": [{"text": "Lift 2 still out of service"}] if back > 3 else []}, when)["id"]))
        if back == 4:   # refused: the open items were not all written down; rewritten, then accepted
            event(at(day, "08:05"), write(guard, "handover.refuse", lambda ids, k=k: {
                "handover_id": ids[k], "reason": "The broken barrier at B1 is not in the open items"}))
            event(at(day, "08:10"), lambda when, ids, k=k, other=other: ids.__setitem__(k, phone.write(
                other, "handover.write", {
                    "text": "Night quiet. B1 barrier arm broken at 03:40, coned off.",
                    "signature": signatures[other], "pin_confirmed": True,
                    "open_items": [{"text": "B1 barrier arm broken, contractor called"}]}, when)["id"]))
        event(at(day, "08:12"), write(guard, "handover.accept", lambda ids, k=k, guard=guard: {
            "handover_id": ids[k], "signature": signatures[guard], "pin_confirmed": True}))
        arrivals.update({at(day, "08:20"), at(day, "20:10")})
        for slot, how in plan.items():
            round_(day, slot, how, other if slot == "23:30" else guard)
        # The gate: a visitor in and out, a vehicle, a log line.
        name, id_type, last4, unit, purpose = VISITORS[back % len(VISITORS)]
        kv, kc = f"{day}-visit", f"{day}-car"
        event(at(day, "10:20"), lambda when, ids, kv=kv, guard=guard, v=(name, id_type, last4, unit, purpose):
              ids.__setitem__(kv, phone.write(guard, "gate.visitor_in", dict(zip(
                  ("name", "id_type", "id_last4", "unit", "purpose"), v)), when)["id"]))
        if back > 1:
            event(at(day, "11:45"), write(guard, "gate.visitor_out", lambda ids, kv=kv: {"visit_id": ids[kv]}))
        plate, vunit, vpurpose = VEHICLES[back % len(VEHICLES)]
        event(at(day, "13:05"), lambda when, ids, kc=kc, guard=guard, v=(plate, vunit, vpurpose):
              ids.__setitem__(kc, phone.write(guard, "gate.vehicle_in", dict(zip(("plate", "unit", "purpose"), v)),
                                              when)["id"]))
        if back > 1:
            event(at(day, "13:50"), write(guard, "gate.vehicle_out", lambda ids, kc=kc: {"vehicle_id": ids[kc]}))
        category, text, place = LOG_LINES[back % len(LOG_LINES)]
        event(at(day, "16:30"), write(guard, "log.entry", {"category": category, "text": text, "location": place}))
        if back == 3:
            event(at(day, "21:15"), write(guard, "gate.visitor_refused", {
                "reason": "no_identification", "name": "Unknown man", "unit": "9A",
                "purpose": "says he is a friend", "note": "Would not show any identification; left at once"}))
        if back == 5:
            event(at(day, "09:20"), write(guard, "incident.report", {
                "category": "damage", "description": "Hose reel at Block A lobby leaking onto the floor",
                "severity": "medium", "checkpoint_id": cps[0]["id"], "place": "Block A lobby",
                "photos": [leak], "report_now": False}))
        if back == 2:
            event(at(day, "15:40"), write(guard, "incident.report", {
                "category": "suspicious_person",
                "description": "Man trying car doors at the car park gate; left when asked",
                "severity": "high", "checkpoint_id": cps[1]["id"], "place": "B1 car park",
                "photos": [stranger], "report_now": True}))
        if back == 2:
            event(at(day, "10:05"), write("desk1", "pass.issue", {
                "name": "Chan Siu Keung", "company": "Wing Fat Renovation", "phone": "+852 9123 4567",
                "photo": card, "unit": "12B", "purpose": "renovation", "valid_from": str(day),
                "valid_until": str(day + timedelta(days=14)), "hours_from": "09:00", "hours_until": "18:00",
                "gates": ["main"]}))
            event(at(day, "17:10"), write("desk1", "case.open", {
                "person": "resident", "unit": "5C", "type": "complaint", "channel": "phone",
                "matter": "Noise from the flat above after 23:00 for three nights", "place": "Block A 5/F",
                "photos": []}))
        for key, back_on, hhmm, failed, note in CHECKS:
            if back == back_on:
                item = items[key]
                answers = {a: a not in failed for a in CHECKLISTS[item["type"]]}
                event(at(day, hhmm), write(guard, "equipment.check", {
                    "equipment_id": item["id"], "code": item["qr"], "answers": answers, "note": note, "photos": []}))
        if back == 3:   # goods release: the owner agrees by phone, the guard lets the goods out
            kp = f"{day}-permit"
            event(at(day, "10:30"), lambda when, ids, kp=kp: ids.__setitem__(kp, phone.write("desk1", "permit.request", {
                "goods": [{"item": "old kitchen cabinet", "count": 2}, {"item": "air conditioner", "count": 1}],
                "unit": "12B", "holder_name": "Chan Siu Keung", "photos": [],
                "note": "Renovation: old fittings out"}, when)["id"]))
            event(at(day, "10:40"), write("desk1", "permit.consent", lambda ids, kp=kp: {
                "permit_id": ids[kp], "method": "phone", "owner_name": "Mr Lam",
                "phone_on_file": "+852 2345 6789", "answer": "yes"}))
            arrivals.add(at(day, "10:45"))
            event(at(day, "14:20"), lambda when, ids, kp=kp, guard=guard: phone.write(guard, "permit.scan", {
                "token": _ok(client.get(f"/api/permits/{ids[kp]}/token", headers=phone.headers("desk1")))["token"],
                "gate": "main", "shown": "valid", "ticked": [0, 1], "photos": []}, when))
        if back == 1:   # another, still waiting for the owner's answer
            event(at(day, "16:10"), write("desk1", "permit.request", {
                "goods": [{"item": "sofa", "count": 1}, {"item": "boxes of books", "count": 6}],
                "unit": "7C", "holder_name": "Tsang Wai Kit", "photos": [], "note": "Moving out"}))
        if back <= 2:
            event(at(day, "11:00"), write("desk1", "mail.receive", {
                "type": "parcel", "carrier": "SF Express", "tracking": f"SF10{back}4471", "unit": "12B",
                "addressee": "Mr Lam", "photos": [parcel], "note": ""}))
        # The evening shift takes over at 20:00.
        kh = f"{day}-ho2"
        event(at(day, "20:00"), lambda when, ids, kh=kh, guard=guard: ids.__setitem__(kh, phone.write(
            guard, "handover.write", {"text": "Day shift done; all visitors out.", "signature": signatures[guard],
                                      "pin_confirmed": True}, when)["id"]))
        event(at(day, "20:05"), write(other, "handover.accept", lambda ids, kh=kh, other=other: {
            "handover_id": ids[kh], "signature": signatures[other], "pin_confirmed": True}))

    # Written in time order (the outbox's order), pushed as the phone found a network.
    ids: dict[str, str] = {}
    events.sort(key=lambda e: (e[0], e[1]))
    pending = iter(sorted(a for a in arrivals if a <= now))
    arrival = next(pending, None)
    for when, _, fn in events:
        while arrival is not None and arrival < when:
            phone.push("super1", arrival)
            arrival = next(pending, None)
        fn(when, ids)
    phone.push("super1", now)
    made["mutations"] = phone.device.next_seq - 1
    made["orders"] = _warehouse(app, sup_token, lambda back, hhmm: at(today - timedelta(days=back), hhmm))
    counts.update({"days": DAYS})
    made.update(counts)
    return made


EQUIPMENT = [  # key, type, name, name_zh, place (a checkpoint's index or a location), floor, expires in days
    ("lobby", "extinguisher", "Lobby extinguisher", "大堂滅火筒", "Block A lobby", "G", 240),
    ("carpark", "extinguisher", "Car park extinguisher", "停車場滅火筒", "B1 car park", "B1", 12),
    ("hose", "hose_reel", "Lobby hose reel", "大堂消防喉轆", 0, "G", 90),
    ("roof", "emergency_light", "Roof stair emergency light", "天台樓梯緊急照明燈", "Block A roof", "R", 150),
    ("kit", "first_aid", "Guard room first-aid box", "保安室急救箱", "Guard room", "G", None),
]
POSTS = [  # name, name_zh, equipment list, the front desk's post
    ("Main gate", "大閘", [("Radio", "對講機"), ("Torch", "電筒"), ("Gate keys", "大閘鎖匙"), ("Logbook", "記錄簿")],
     False),
    ("Front desk", "前台", [("Visitor book", "訪客登記簿"), ("Contractor pass cards", "承辦商通行證"),
                           ("Parcel room key", "郵件室鎖匙")], True),
]
CHECKS = [  # equipment key, day (days back), time, failed answers, note
    ("lobby", 6, "09:30", (), ""),
    ("carpark", 4, "09:40", (), "Due for service this month"),
    ("kit", 3, "09:35", (), ""),
    ("roof", 1, "23:50", ("battery_ok",), "Light dies after 10 seconds on the test button"),
]
CUSTOMERS = [  # name, phone, address, type, return ratio, how it is sent
    ("Wing On Trading", "+852 2345 6789", "12 Hoi Yuen Road, Kwun Tong", "wholesale", None, "SF Express"),
    ("Fresh Mart Tsuen Wan", "+852 2411 2233", "88 Sha Tsui Road, Tsuen Wan", "franchise", 0.05, "self_collect"),
]
ORDERS = [  # customer index, channel, ref, lines (code, name, name_zh, category, unit price in cents, quantity)
    (0, "remote", "PO-7731", [("TEA-250", "Jasmine tea 250 g", "茉莉花茶 250克", "tea", 4800, 24),
                              ("CUP-6", "Tea cups, set of 6", "茶杯六件裝", "tableware", 12000, 4)]),
    (1, "counter", "", [("RICE-5", "Thai rice 5 kg", "泰國米 5公斤", "rice", 9800, 10),
                        ("OIL-1", "Peanut oil 1 L", "花生油 1公升", "oil", 5600, 12)]),
    (0, "remote", "PO-7740", [("TEA-250", "Jasmine tea 250 g", "茉莉花茶 250克", "tea", 4800, 12)]),
]


def _warehouse(app: Flask, sup_token: str, at) -> int:
    """Kwun Tong: two customers on file and three orders taken two days ago, from the packers'
    phone; seals received and issued; one order counted, signed, sealed, dispatched and partly
    sent back (a return slip); another half counted yesterday, its box still open.
    `at(days back, "HH:MM")`: the site's clock."""
    when = at(2, "09:00")
    phone = Phone(app, "wh", sup_token)
    packer = phone.sign_in("packer1")
    phone.sign_in("super1")
    customers = []
    for i, (name, tel, address, kind, ratio, shipping) in enumerate(CUSTOMERS):
        customers.append(phone.write("packer1", "customer.register", {
            "name": name, "phone": tel, "address": address, "type": kind, "return_ratio": ratio,
            "shipping": shipping}, when + i * MINUTE)["id"])
    orders = []
    for i, (who, channel, ref, lines) in enumerate(ORDERS):
        orders.append(phone.write("packer1", "order.create", {
            "customer_id": customers[who], "channel": channel, "ref": ref,
            "lines": [dict(zip(("code", "name", "name_zh", "category", "unit_price", "quantity"), line))
                      for line in lines]}, when + (10 + i) * MINUTE)["id"])
    phone.push("packer1", when + 30 * MINUTE)

    def write(username: str, kind: str, payload: dict, minutes: int, start: int = when) -> dict:
        return phone.write(username, kind, payload, start + minutes * MINUTE)

    # The seal registry: a bag of 50 numbered seals received, the first 20 handed to the packer.
    write("packer1", "packing.seal_receive", {"prefix": SEAL_PREFIX, "first": "000101", "last": "000150"}, 35)
    write("super1", "packing.seal_issue", {"prefix": SEAL_PREFIX, "first": "000101", "last": "000120",
                                           "to_user_id": packer}, 36)
    # PO-7740: paid, counted, signed by two (customer absent), sealed, dispatched.
    sent, half = orders[2], orders[0]
    for order_id in (sent, half):
        write("packer1", "order.payment", {"order_id": order_id, "state": "paid", "note": "Bank transfer received"}, 40)
    box = write("packer1", "packing.box_open", {"order_id": sent}, 60)["id"]
    code, _, _, _, price, quantity = ORDERS[2][3][0]
    for n in range(quantity):
        write("packer1", "packing.tick", {"order_id": sent, "box_id": box, "code": code, "unit_price": price,
                                          "quality": "good", "note": ""}, 61 + n)
    write("packer1", "packing.sign", {"order_id": sent, "name_checked": True}, 80)
    write("super1", "packing.sign", {"order_id": sent, "name_checked": True}, 82)
    seal = f"{SEAL_PREFIX}000101"
    sealed_at = when + 85 * MINUTE
    label = labels.sign({"id": box, "order_id": sent, "contents": {code: quantity}}, "wh", sealed_at // 1000, seal,
                        phone.device.id, phone.device.key)
    write("packer1", "packing.seal", {"box_id": box, "seal_number": seal, "label": label}, 85)
    write("packer1", "packing.dispatch", {"order_id": sent, "carrier": "SF Express", "waybill": "SF2077341880",
                                          "expected_days": 1, "photos": []}, 120)
    phone.push("packer1", when + 130 * MINUTE)
    # Yesterday the customer rang: two of the wrong tea; exchanged under a return slip.
    write("packer1", "return.slip", {
        "order_id": sent, "lines": [{"code": code, "quantity": 2}], "reason": "wrong_goods",
        "handling": "exchange", "basis": "Sent jasmine tea; the customer ordered oolong for these two"},
        0, at(1, "10:15"))
    # Then PO-7731 half counted into its first box, still open.
    box = write("packer1", "packing.box_open", {"order_id": half}, 0, at(1, "16:00"))["id"]
    code, _, _, _, price, quantity = ORDERS[0][3][0]
    for n in range(quantity // 2):
        write("packer1", "packing.tick", {"order_id": half, "box_id": box, "code": code, "unit_price": price,
                                          "quality": "good", "note": ""}, 1 + n, at(1, "16:00"))
    phone.push("packer1", at(1, "17:00"))
    return len(ORDERS)


def reset_database(app: Flask) -> None:
    """Drop every table (the demo database only: demo mode) and migrate it again."""
    from sqlalchemy import MetaData
    from backend.db import database
    from backend.migrate import upgrade
    engine = database().engine
    meta = MetaData()
    meta.reflect(engine)
    meta.drop_all(engine)
    engine.dispose()
    upgrade(app.config["DATABASE_URL"])
