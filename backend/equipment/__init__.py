"""Equipment: the register of fire and safety equipment, its checks, and the
posts with their equipment lists (security duties 1.3, 1.8; guard duties 2.3,
2.7; domain-rules.md section 1). See README.md."""
from backend.domain import Domain, Kind, Record
from sync.window import closed
from backend.equipment import checks
from backend.equipment.kinds import CHECK, GUARDS, ITEM, POST
from backend.equipment.routes import bp

DOMAIN = Domain(
    "equipment",
    kinds=(
        Kind(CHECK, checks.CheckIn(), checks.check, GUARDS),
    ),
    records=(
        # The register and the posts, published by the server (register.py).
        Record(ITEM, readers=GUARDS),
        # The front desk pulls the posts too: a desk post's list is its handover checklist.
        Record(POST, readers=GUARDS | {"frontdesk"}),
        Record(CHECK, readers=GUARDS, number="EQP", reviewed=True, window=closed),
    ),
    blueprints=(bp,),
    media={"equipment": GUARDS},
)
