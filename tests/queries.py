"""What a test needs to pin a page's query count on SQLite and PostgreSQL alike."""

from django.db import connection

# On PostgreSQL a page that reads figures first reads the data version, which keys the figures kept
# between requests (reporting.cache); SQLite keeps nothing, so it makes one query fewer.
DATA_VERSION = 1 if connection.vendor == "postgresql" else 0
