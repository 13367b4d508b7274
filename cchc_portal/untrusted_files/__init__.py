"""Files from users, read without letting them take the process down.

The fast readers trust what they read: python-calamine sizes a sheet by its last cell, so one cell at
XFD1048576 makes it allocate 512 GiB, and the process aborts (SIGABRT) where no Python code can catch
it; a few megabytes of deflated XML inflate to gigabytes. So a file is measured with the standard
library, streaming, never a whole part in memory: first what the zip's directory declares and the last
cell each sheet declares (inspect_xlsx), then every part as it really inflates and every cell reference
of the sheets, however it is written (measure_xlsx). A file past a limit is refused with a message
saying what is wrong. The parse itself runs in a child process whose memory and CPU time are capped
(capped_child), so that whatever the measures did not foresee fails that one reading, never the worker.
read_json does the same for JSON files.

What a layout expects (which sheets, how many rows and columns) is the caller's: procedures/workbook.py.

The package's modules, one concern each: refusal (the exception they all raise), zip_parts (the zip's
directory and members), sheet_cells (the cells of a sheet), child_process (the capped child),
xlsx_reading and json_files (what runs in it, and how its answer crosses back). Callers import from the
package itself."""

from cchc_portal.untrusted_files.child_process import capped_child
from cchc_portal.untrusted_files.json_files import read_json
from cchc_portal.untrusted_files.refusal import FileRefused, Source, damaged_xlsx
from cchc_portal.untrusted_files.sheet_cells import SheetExtent, inspect_xlsx, measure_xlsx
from cchc_portal.untrusted_files.xlsx_reading import child_source, xlsx_batches, xlsx_rows

__all__ = [
    "FileRefused",
    "SheetExtent",
    "Source",
    "capped_child",
    "child_source",
    "damaged_xlsx",
    "inspect_xlsx",
    "measure_xlsx",
    "read_json",
    "xlsx_batches",
    "xlsx_rows",
]
