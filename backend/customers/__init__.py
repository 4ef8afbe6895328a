"""Customer files: visible to packers, the front desk and supervisors only.
Other domains link to a customer by id. See README.md."""
from backend.customers import customers
from backend.customers.routes import bp
from backend.domain import Domain, Kind, Record

DOMAIN = Domain(
    "customers",
    kinds=(Kind("customer.register", customers.CustomerIn(), customers.register, customers.READERS),),
    records=(Record(customers.CUSTOMER, readers=customers.READERS, amendable=customers.CustomerChangesIn(),
                    retention_days=7 * 365),),
    blueprints=(bp,),
)
