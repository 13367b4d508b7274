"""The notes of changed summary rows that reporting.cache.SummaryReads keeps: which rows a read kept at a
version must read again, what a page that read the versions late adds (nothing), and what a new catalogue
or a full log does (a kept read older than the oldest note is read again whole)."""

from datetime import date

from reporting.cache import SummaryReads, month_number

HEALTH, EDUCATION = (7, 3), (9, 4)
MARCH = month_number(date(2026, 3, 1))


def _reads(limit: int = 100) -> SummaryReads:
    reads = SummaryReads()
    reads.LOG_LIMIT = limit
    reads.advance(None, 10, 1, [])  # the first page: nothing to take in
    return reads


def test_a_read_kept_at_a_version_reads_again_the_rows_written_after_it_only():
    reads = _reads()
    reads.advance(10, 12, 1, [[11, *HEALTH, MARCH], [12, *EDUCATION, MARCH]])
    assert reads._changed_since(10) == {HEALTH, EDUCATION}
    assert reads._changed_since(11) == {EDUCATION}
    assert reads._changed_since(12) == set()


def test_a_read_of_a_period_ending_before_the_month_a_write_changed_reads_nothing_again():
    reads = _reads()
    reads.advance(10, 12, 1, [[11, *HEALTH, MARCH], [12, *EDUCATION, MARCH + 2]])
    assert reads._changed_since(10, until=date(2026, 2, 28)) == set()
    assert reads._changed_since(10, until=date(2026, 3, 1)) == {HEALTH}
    assert reads._changed_since(10, until=date(2026, 12, 31)) == {HEALTH, EDUCATION}


def test_a_page_that_read_the_versions_before_another_adds_nothing():
    reads = _reads()
    reads.advance(10, 12, 1, [[11, *HEALTH, MARCH], [12, *EDUCATION, MARCH]])
    # Read at version 11 by a slower page, and taken in after the page that read 12.
    reads.advance(10, 11, 1, [[11, *HEALTH, MARCH]])
    assert reads.version == 12
    assert reads._changed_since(10) == {HEALTH, EDUCATION}


def test_a_new_catalogue_starts_afresh():
    reads = _reads()
    reads.advance(10, 12, 2, [[11, *HEALTH, MARCH]])
    assert reads.version == 12
    # Nothing kept from before can be brought up to date: the units' paths may have moved rows.
    assert reads._changed_since(10) is None
    assert reads._changed_since(12) == set()


def test_a_full_log_forgets_its_oldest_half_and_the_reads_kept_before_it():
    reads = _reads(limit=4)
    notes = [[version, version, 0, MARCH] for version in range(11, 16)]
    reads.advance(10, 15, 1, notes)
    # Five notes over a limit of four: the two oldest (11, 12) go, so a read kept at 11 is read whole.
    assert reads._changed_since(11) is None
    assert reads._changed_since(12) == {(13, 0), (14, 0), (15, 0)}
