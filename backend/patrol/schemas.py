"""Request and response shapes of the patrol set-up API."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.changelog.schemas import reason_field

HHMM = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="a time is HH:MM (24-hour)")


class ReasonIn(Schema):
    reason = reason_field(True)


class SiteQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))


class CheckpointIn(Schema):
    reason = reason_field(False)
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = fields.String(load_default="", validate=validate.Length(max=200))
    location = fields.String(load_default="", validate=validate.Length(max=300))
    checks = fields.String(load_default="", validate=validate.Length(max=2000))
    lat = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-90, 90))
    lng = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-180, 180))


class CheckpointPatch(Schema):
    reason = reason_field(True)
    name = fields.String(validate=validate.Length(1, 200))
    name_zh = fields.String(validate=validate.Length(max=200))
    location = fields.String(validate=validate.Length(max=300))
    checks = fields.String(validate=validate.Length(max=2000))
    lat = fields.Float(allow_none=True, validate=validate.Range(-90, 90))
    lng = fields.Float(allow_none=True, validate=validate.Range(-180, 180))
    active = fields.Boolean()


class CheckpointOut(Schema):
    id = fields.String()
    site_id = fields.String()
    name = fields.String()
    name_zh = fields.String()
    location = fields.String()
    checks = fields.String()
    lat = fields.Float(allow_none=True)
    lng = fields.Float(allow_none=True)
    code = fields.String(metadata={"description": "supervisors and admins only"})
    qr = fields.String(metadata={"description": "supervisors and admins only"})
    code_hash = fields.String(metadata={"description": "hex SHA-256 of '<id>:<code>': checks a scan offline"})
    active = fields.Boolean()


class RouteIn(Schema):
    reason = reason_field(False)
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = fields.String(load_default="", validate=validate.Length(max=200))
    ordered = fields.Boolean(load_default=False)
    checkpoint_ids = fields.List(fields.String(), required=True, validate=validate.Length(1, 200))


class RoutePatch(Schema):
    reason = reason_field(True)
    name = fields.String(validate=validate.Length(1, 200))
    name_zh = fields.String(validate=validate.Length(max=200))
    ordered = fields.Boolean()
    checkpoint_ids = fields.List(fields.String(), validate=validate.Length(1, 200))
    active = fields.Boolean()


class RouteOut(Schema):
    id = fields.String()
    site_id = fields.String()
    name = fields.String()
    name_zh = fields.String()
    ordered = fields.Boolean()
    checkpoint_ids = fields.List(fields.String())
    active = fields.Boolean()


class _ScheduleTiming(Schema):
    timing_required = True  # a patch may leave the timing as it is

    @validates_schema
    def _one_way(self, data, partial=False, **_):
        times, every = data.get("times"), data.get("every_hours")
        if self.timing_required and not partial and not times and not every:
            raise ValidationError("give start times or every_hours", "times")
        if times and every:
            raise ValidationError("give start times or every_hours, not both", "times")


class ScheduleIn(_ScheduleTiming):
    reason = reason_field(False)
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    route_id = fields.String(required=True)
    name = fields.String(required=True, validate=validate.Length(1, 200))
    times = fields.List(fields.String(validate=HHMM), load_default=list, validate=validate.Length(max=48))
    every_hours = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1, 24))
    first_at = fields.String(load_default="00:00", validate=HHMM)
    window_minutes = fields.Integer(required=True, validate=validate.Range(5, 24 * 60))
    grace_minutes = fields.Integer(load_default=15, validate=validate.Range(0, 12 * 60))
    random_order = fields.Boolean(load_default=False)


class SchedulePatch(_ScheduleTiming):
    timing_required = False
    reason = reason_field(True)
    route_id = fields.String()
    name = fields.String(validate=validate.Length(1, 200))
    times = fields.List(fields.String(validate=HHMM), validate=validate.Length(max=48))
    every_hours = fields.Integer(allow_none=True, validate=validate.Range(1, 24))
    first_at = fields.String(validate=HHMM)
    window_minutes = fields.Integer(validate=validate.Range(5, 24 * 60))
    grace_minutes = fields.Integer(validate=validate.Range(0, 12 * 60))
    random_order = fields.Boolean()
    active = fields.Boolean()


class ScheduleOut(Schema):
    id = fields.String()
    site_id = fields.String()
    route_id = fields.String()
    name = fields.String()
    times = fields.List(fields.String())
    every_hours = fields.Integer(allow_none=True)
    first_at = fields.String()
    window_minutes = fields.Integer()
    grace_minutes = fields.Integer()
    random_order = fields.Boolean()
    active = fields.Boolean()


class LabelQuery(SiteQuery):
    ids = fields.List(fields.String(), load_default=None)  # default: every active checkpoint


class DayQuery(SiteQuery):
    day = fields.Date(load_default=None)  # default: today, in the site's time zone


class ReportQuery(DayQuery):
    lang = fields.String(load_default="en", validate=validate.OneOf(["en", "zh-Hant"]))
    format = fields.String(load_default="pdf", validate=validate.OneOf(["pdf", "csv"]))


class LangQuery(Schema):
    lang = fields.String(load_default="en", validate=validate.OneOf(["en", "zh-Hant"]))


class PreviewIn(_ScheduleTiming):
    """A schedule's timing, saved or not: the slots it makes on `day` (default: tomorrow at the site)."""
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    times = fields.List(fields.String(validate=HHMM), load_default=list, validate=validate.Length(max=48))
    every_hours = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1, 24))
    first_at = fields.String(load_default="00:00", validate=HHMM)
    window_minutes = fields.Integer(required=True, validate=validate.Range(5, 24 * 60))
    grace_minutes = fields.Integer(load_default=15, validate=validate.Range(0, 12 * 60))
    day = fields.Date(load_default=None, validate=validate.Range(date(2000, 1, 1), date(2100, 1, 1)))


class SlotOut(Schema):
    start = fields.Integer(metadata={"description": "ms since the epoch"})
    end = fields.Integer()
    missed_after = fields.Integer(metadata={"description": "end + grace: missed from then on"})
    starts_at = fields.String(metadata={"description": "HH:MM, site time"})
    ends_at = fields.String(metadata={"description": "HH:MM, site time"})
    crosses_midnight = fields.Boolean(metadata={"description": "the window ends on the next day"})


class PreviewOut(Schema):
    day = fields.String()
    tz = fields.String()
    slots = fields.List(fields.Nested(SlotOut))
