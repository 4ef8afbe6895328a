"""The rulebook's record rules for every record kind (below the domains):
numbers, stamps, corrections, review signatures, retention. See README.md."""
from backend.domain import SUPERVISORS, Domain, Record
from backend.records.commands import ledger_verify_cmd, purge_cmd
from backend.records.kinds import KINDS
from backend.records.routes import bp
from sync.records import DAY

DOMAIN = Domain(
    "records",
    kinds=KINDS,
    records=(Record(DAY, readers=SUPERVISORS, window=lambda day: None if day.get("awaiting") else 0),),
    blueprints=(bp,),
    commands=(purge_cmd, ledger_verify_cmd),
)
