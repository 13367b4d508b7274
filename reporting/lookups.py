"""`department_id__any=[…]`: one array parameter on PostgreSQL (`= ANY(%s)`) where `__in` writes one
parameter per value. The summary is read for every unit in view and each of its predecessors (about 450
units in a generated province of 485) in each of a handful of tiles; with `__in`, building and planning
those thousands of parameters took longer than reading the rows (11 ms of planning for a 14 ms read).
Elsewhere (SQLite) it is `IN (…)`."""

from django.db.models import Lookup

from reporting.models import DossierCount


class Any(Lookup):
    lookup_name = "any"
    prepare_rhs = False  # a list of integers, not one value of the field

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(item) for item in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


DossierCount._meta.get_field("department_id").register_lookup(Any)
DossierCount._meta.get_field("field_id").register_lookup(Any)
