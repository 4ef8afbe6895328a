"""The front desk's own records: the mail log (front desk 4). See README.md."""
from backend.desk import mail
from backend.desk.kinds import DESK
from backend.desk.routes import bp
from backend.domain import Domain, Kind, Record

DOMAIN = Domain(
    "desk",
    kinds=(
        Kind("mail.receive", mail.ReceiveIn(), mail.receive, DESK),
        Kind("mail.notify", mail.NotifyIn(), mail.notify, DESK),
        Kind("mail.collect", mail.CollectIn(), mail.collect, DESK),
    ),
    records=(Record(mail.MAIL, readers=DESK, number="MAL", amendable=mail.ChangesIn(), reviewed=True),),
    blueprints=(bp,),
    media={"mail": DESK},
)
