"""The supervisor's inbox of flags, parked mutations and conflicts (`review.item`)."""
from backend.domain import Domain, Kind, Record, open_while
from backend.review.handlers import REVIEWERS, ResolveIn, resolve
from backend.review.routes import bp
from sync.push import REVIEW

DOMAIN = Domain(
    "review",
    kinds=(Kind("review.resolve", ResolveIn(), resolve, REVIEWERS, approval=True),),
    records=(Record(REVIEW, readers=REVIEWERS, listed=True, timed_by="created_at",
                    window=open_while("status", "open")),),
    blueprints=(bp,),
)
