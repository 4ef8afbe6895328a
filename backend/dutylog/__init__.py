"""The duty log: what happens on duty, written as it happens (security 2.8). See README.md."""
from backend.domain import SUPERVISORS, Domain, Kind, Record
from sync.window import closed
from backend.dutylog.entries import ENTRY, WRITERS, ChangesIn, CountersignIn, EntryIn, countersign, write_entry
from backend.dutylog.routes import bp

DOMAIN = Domain(
    "dutylog",
    kinds=(Kind(ENTRY, EntryIn(), write_entry, WRITERS),
           Kind("log.countersign", CountersignIn(), countersign, SUPERVISORS, approval=True)),
    records=(Record(ENTRY, readers=WRITERS, number="LOG", amendable=ChangesIn(), reviewed=True, window=closed),),
    blueprints=(bp,),
)
