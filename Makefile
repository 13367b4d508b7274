# Every target installs what it needs into .venv first, so a fresh clone only needs Python and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: install run test lint bench demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The task worker (db_worker) runs imports and exports in the background beside the server, and stops with it.
# A worker that stops on its own (killed, out of memory, crashed) is started again a second later; under
# the same id, it first fails the job it was running, which can then be run again.
run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo --if-empty
	@echo "Tài khoản demo (mật khẩu demo-cchc): admin, leader, inspector, staff_stttt, staff_sxd"
	( trap 'kill $$worker 2>/dev/null; exit' TERM; \
	  while :; do \
	    DEBUG=1 $(BIN)/python manage.py db_worker --interval 1 --worker-id "make-run-$$(uname -n)" & worker=$$!; \
	    wait $$worker; \
	    echo "Tiến trình chạy nền đã dừng; khởi động lại sau 1 giây."; sleep 1; \
	  done ) & loop=$$!; \
	trap 'kill $$loop 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

# Tests run with production settings (DEBUG off) except for HTTPS, which the test server does not speak;
# the key below only signs test sessions.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0

# Through python -m: each workbook is read in a child process that starts by re-running the main module,
# which for the pytest script means importing pytest again for every read (0.1-0.25 s each).
test: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Measures against DATABASE_URL (PostgreSQL, filled by manage.py generate_province) with production settings.
BENCH_ENV := SECRET_KEY=$${SECRET_KEY:-bench-only-not-secret} DEBUG=0

bench: $(STAMP)
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)
