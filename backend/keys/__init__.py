"""Per-site signing keys and the tokens they sign (below the domains). See README.md."""
from backend.domain import EVERYONE, Domain, Record
from backend.keys.commands import rotate_cmd
from backend.keys.routes import bp
from backend.keys.service import DEVICE, KEYS

DOMAIN = Domain(
    "keys",
    records=(Record(KEYS, readers=EVERYONE), Record(DEVICE, readers=EVERYONE)),
    blueprints=(bp,),
    commands=(rotate_cmd,),
)
