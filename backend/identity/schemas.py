from marshmallow import Schema, fields, validate


class LoginIn(Schema):
    username = fields.String(required=True, validate=validate.Length(1, 80))
    password = fields.String(required=True, validate=validate.Length(1, 200), load_only=True)
    new_password = fields.String(load_default=None, validate=validate.Length(8, 200), load_only=True,
                                 metadata={"description": "with a one-time reset code as `password`: the password from now on"})


class SiteOut(Schema):
    id = fields.String()
    name = fields.String()
    name_zh = fields.String()
    tz = fields.String()
    photo_keep_days = fields.Integer()  # how long phones keep photos they have uploaded
    phone_window_days = fields.Integer()  # how long phones keep closed records (PROTOCOL.md P5.6)


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    role = fields.String()
    sites = fields.List(fields.Nested(SiteOut))


class LoginOut(Schema):
    token = fields.String()
    expires_at = fields.String()
    user = fields.Nested(UserOut)
    proof_key = fields.String(metadata={"description": "on a phone only: this user's proof key there, "
                                                       "base64url (PROTOCOL.md P8)"})


class EnrollCodeIn(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))


class EnrollCodeOut(Schema):
    code = fields.String()
    qr = fields.String()
    expires_at = fields.String()
    qr_image = fields.String(metadata={"description": "the QR as a data:image/png;base64 URL"})


class JwkIn(Schema):
    kty = fields.String(required=True, validate=validate.Equal("EC"))
    crv = fields.String(required=True, validate=validate.Equal("P-256"))
    x = fields.String(required=True, validate=validate.Length(40, 50))
    y = fields.String(required=True, validate=validate.Length(40, 50))


class EnrollIn(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 100))
    public_key = fields.Nested(JwkIn, required=True, unknown="exclude")
    label = fields.String(load_default="", validate=validate.Length(max=200))


class RootKeyOut(Schema):
    kid = fields.String()
    jwk = fields.Dict()


class EnrollOut(Schema):
    device_id = fields.String()
    device_token = fields.String()
    site = fields.Nested(SiteOut)
    epoch = fields.String()
    site_root_key = fields.Nested(RootKeyOut)  # the phone trusts the site's key lists signed by it


class DeviceOut(Schema):
    id = fields.String()
    site_id = fields.String()
    label = fields.String()
    enrolled_at = fields.String()
    revoked = fields.Boolean()
    last_seq = fields.Integer()
    last_seen_at = fields.String(allow_none=True)


class DeviceQuery(Schema):
    site_id = fields.String(required=True)
