# The two commands: `make run` (set up and serve the portal with demo data on SQLite) and
# `make test` (install what the tests need, then lint, checks and the suite on SQLite and on a
# throwaway PostgreSQL cluster). Everything else here serves those two.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON_BOOTSTRAP ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
PYTEST_ARGS ?=
# pytest-xdist: two workers per suite (make test runs both suites at once on two cores).
XDIST_ARGS ?= -n 2
BENCH_ARGS ?=
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install lint checks test-sqlite test-postgres browser-deps server-deps i18n-deps messages bench seed clean

run: install
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

install: $(VENV)/.synced node_modules/.synced

# Browser tests drive Debian's Chromium (browsers cannot be downloaded by Playwright here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# The Spanish catalogue (locale/es) is committed compiled; the tests check that the .mo matches
# the .po with msgfmt, from Debian's gettext (docs/i18n.md).
i18n-deps:
	@if ! command -v msgfmt >/dev/null; then \
	  echo "Installing Debian's gettext for the translation checks"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; \
	fi

# After changing a translatable string: collect the strings into locale/es/LC_MESSAGES/django.po,
# translate the new ones there, then run it again to compile the .mo; commit both files.
messages: $(VENV)/.synced i18n-deps
	$(PY) manage.py makemessages -l es --add-location file --no-obsolete \
	  --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=scripts
	$(PY) manage.py compilemessages -l es --ignore=.venv --ignore=node_modules

# The benchmark and the several-instances tests start Debian's redis-server; the benchmark drives
# Debian's wrk.
server-deps:
	@missing=""; command -v redis-server >/dev/null || missing="redis-server"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Not part of `make test`: pages against a bare Django view, on a throwaway PostgreSQL and Redis
# with 2,000 organizations; writes the table into docs/performance.md (see scripts/bench.py).
bench: install server-deps
	$(PY) scripts/with_postgres.py -- $(PY) scripts/bench.py $(BENCH_ARGS)

# Python packages, exactly as locked in uv.lock (uv itself is pinned in the lock's dev group).
$(VENV)/.synced: pyproject.toml uv.lock
	test -x $(PY) || $(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(VENV)/bin/uv sync --frozen --quiet
	touch $@

# Front-end packages, exactly as locked in package-lock.json.
node_modules/.synced: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

checks: install
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cate_portal.settings.production SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	  ALLOWED_HOSTS=portal.cate.example.org SITE_URL=https://portal.cate.example.org \
	  CACHE_URL=redis://127.0.0.1:6379/1 EMAIL_URL=smtp://127.0.0.1:25 \
	  $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/bandit -q -c pyproject.toml -r cate_portal partners leadership scripts

# Each suite keeps its browser-test failure pages in its own folder (tests/browser/conftest.py),
# since `make test` runs both at once.
test-sqlite: install browser-deps server-deps i18n-deps
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL \
	  $(VENV)/bin/pytest $(XDIST_ARGS) --output test-results/sqlite $(PYTEST_ARGS)

# CI=true makes a missing PostgreSQL a failure; elsewhere the run is skipped with a notice.
test-postgres: install browser-deps server-deps i18n-deps
	@echo "== Test suite on PostgreSQL (throwaway cluster) =="
	@status=0; $(PY) scripts/with_postgres.py -- \
	  $(VENV)/bin/pytest $(XDIST_ARGS) --output test-results/postgres $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 3 ]; then \
	  if [ "$${CI:-}" = "true" ]; then echo "PostgreSQL is required in CI and was not found." >&2; exit 1; fi; \
	  echo "PostgreSQL not found: the PostgreSQL run was SKIPPED."; echo "SKIPPED" > .test-postgres-status; \
	elif [ $$status -ne 0 ]; then exit $$status; \
	else echo "PASSED" > .test-postgres-status; fi

# Lint and checks, the SQLite suite and the PostgreSQL suite run side by side (one suite alone
# keeps two cores only about two-thirds busy). make's --output-sync prints each part's output
# whole when it ends, so the outputs never interleave; a failing part fails `make test` once the
# others have ended. The prerequisites are installed first, once, so nothing installs twice.
test: install browser-deps server-deps i18n-deps
	@rm -f .test-postgres-status
	@$(MAKE) --no-print-directory --jobs=4 --output-sync=target lint checks test-sqlite test-postgres
	@echo "Databases tested: SQLite (passed), PostgreSQL ($$(cat .test-postgres-status))"
	@rm -f .test-postgres-status

seed: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache .ruff_cache
