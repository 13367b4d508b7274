"""What a test needs to pin a page's query count on SQLite and PostgreSQL alike."""

from django.db import connection

# On PostgreSQL a page that reads figures first reads the data version, which keys the figures kept
# between requests (reporting.cache); SQLite keeps nothing, so it makes one query fewer.
DATA_VERSION = 1 if connection.vendor == "postgresql" else 0
# PostgreSQL keeps the organisation (the units and the successions) for the catalogue version, so a page
# that an earlier read of the same version preceded does not read it again.
ORGANISATION_KEPT = 2 * DATA_VERSION
# The national index's sentence in a unit's generated paragraph (reporting.index766_ranking): the units
# ranked, then the index of all of them read at once (the dossier summary, the catalogue's units and the
# procedures' units and facts, the procedures with a dossier of a kind, the dossiers with a petition, the
# calendar, the publications, the procedures' parts, the petitions, the declarations, the settings).
INDEX766_SENTENCE = 14
# Of those, PostgreSQL keeps for the catalogue version what no structure changes: the catalogue's groups
# and each procedure's units and facts.
INDEX766_CATALOGUE_KEPT = 3 * DATA_VERSION

# A step on a dossier through its page (finish, supplement, apology, rating, edit) first reads the session,
# the user, the user's departments, the dossier and its supplement requests; a form refused by its own
# checks stops there. Otherwise the service's savepoint, the dossier again (locked for update) and the data
# lock covering it follow.
DOSSIER_PAGE_READS = 5
DOSSIER_PAGE_STEP = DOSSIER_PAGE_READS + 3
# The same step over the API first reads the token, its use (recorded at most once a minute), the user's
# departments and those below them, and the dossier; then the same savepoint, dossier and data lock.
DOSSIER_API_READS = 5
DOSSIER_API_STEP = DOSSIER_API_READS + 3
# What the rulebook adds to such a step to save the dossier: the units and successions (the organisation
# on the day of receipt), the units carrying out the procedure, the code's uniqueness, the calendar, the
# supplement requests (the DVCQG rule's standing counts them), the dossier and its history written, the
# release. (A change of the receipt time also reads the data lock over the new date.)
DOSSIER_SAVED = 9
# What it adds to refuse the step after those checks: the units, successions and the procedure's units,
# the code's uniqueness, the rollback and release.
DOSSIER_REFUSED = 6
# What a step adds first when it ends a pause for a supplement: the open supplement request, it and its
# history written, and the calendar (the pause's working days).
PAUSE_ENDED = 4
