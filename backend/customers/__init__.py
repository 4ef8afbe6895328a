"""Customer files: visible to packers, the front desk and supervisors only; the
service side (profile, records, wanted items) to the desk and supervisors only.
Other domains link to a customer by id. See README.md."""
from backend.customers import customers, profile
from backend.customers.routes import bp
from backend.domain import Domain, Kind, Record

DOMAIN = Domain(
    "customers",
    kinds=(Kind("customer.register", customers.CustomerIn(), customers.register, customers.READERS),
           Kind("customer.profile", profile.ProfileIn(), profile.set_profile, profile.PROFILE_READERS),
           Kind("customer.record", profile.RecordIn(), profile.add_record, profile.PROFILE_READERS),
           Kind("customer.notified", profile.NotifiedIn(), profile.notified, profile.PROFILE_READERS)),
    records=(Record(customers.CUSTOMER, readers=customers.READERS, amendable=customers.CustomerChangesIn(),
                    retention_days=7 * 365),
             Record(profile.PROFILE, readers=profile.PROFILE_READERS, retention_days=7 * 365),),
    blueprints=(bp,),
)
