"""What each role may do, as Django permission strings: the one table every check reads."""

from accounts.models import Role

VIEW = {
    "departments.view_department",
    "procedures.view_procedure",
    "procedures.view_dossier",
    "procedures.view_field",
    "procedures.view_petition",
    "procedures.view_publicationdecision",
    "reporting.view_declaration",
    "reporting.view_periodicreport",
}
ENTER_DATA = {
    "procedures.add_procedure",
    "procedures.change_procedure",
    "procedures.add_dossier",
    "procedures.change_dossier",
    "procedures.add_petition",
    "procedures.change_petition",
}
DECLARE = {
    "reporting.add_declaration",
    "reporting.change_declaration",
    "reporting.add_periodicreport",
    "reporting.change_periodicreport",
}
REPORT_PROGRESS = {"inspections.add_progressreport"}
# Publication decisions are the province's, not a unit's: those who oversee the province keep them.
PUBLISH = {"procedures.add_publicationdecision", "procedures.change_publicationdecision"}
INSPECT = {
    "inspections.add_inspectionplan",
    "inspections.add_inspection",
    "inspections.change_inspection",
}
LOCK = {"departments.add_datalock"}
AUDIT = {"accounts.view_audit_trail"}
# The yearly PAR scorecard: a unit scores itself; the council (inspectors and leaders) appraises; the
# year's criteria are the administrators'.
SELF_ASSESS = {"scorecards.change_score"}
APPRAISE = {"scorecards.appraise_assessment"}
KEEP_CRITERIA = {"scorecards.add_criteriaset", "scorecards.change_criteriaset"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.STAFF: frozenset(VIEW | ENTER_DATA | DECLARE | REPORT_PROGRESS | SELF_ASSESS),
    Role.INSPECTOR: frozenset(VIEW | INSPECT | PUBLISH | LOCK | AUDIT | APPRAISE),
    Role.LEADER: frozenset(VIEW | LOCK | APPRAISE),
    # Administrators are also superusers in practice; listing their permissions keeps the role
    # meaningful for an administrator account that is not.
    Role.ADMINISTRATOR: frozenset(
        VIEW
        | ENTER_DATA
        | DECLARE
        | REPORT_PROGRESS
        | INSPECT
        | PUBLISH
        | LOCK
        | AUDIT
        | SELF_ASSESS
        | APPRAISE
        | KEEP_CRITERIA
        | {"departments.unlock_datalock", "departments.add_department", "departments.change_department"}
    ),
}
