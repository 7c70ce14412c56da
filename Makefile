# Seu electrònica: a newcomer needs only `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
OIDC_DEMO_PORT ?= 9400
STAMP := $(VENV)/.installed

.PHONY: run worker test bench lint format messages compilemessages seal clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seal_create_dev
	$(BIN)/python manage.py seed_demo
	@# The demo's "Identify with VÀLid": a local test OpenID provider (development
	@# only), stopped with the server. Set OIDC_ISSUER to use a real one instead.
	@if [ -z "$$OIDC_ISSUER" ]; then \
		$(BIN)/python manage.py demo_oidc_provider --port $(OIDC_DEMO_PORT) & \
		trap "kill $$! 2>/dev/null" EXIT INT TERM; \
		OIDC_ISSUER=http://127.0.0.1:$(OIDC_DEMO_PORT) OIDC_CLIENT_ID=seu-demo \
		OIDC_CLIENT_SECRET=demo-secret $(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	else \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	fi

# Background tasks and the periodic jobs (seu/schedule.py): a Celery worker
# with the beat scheduler embedded, on the broker in CELERY_BROKER_URL or
# REDIS_URL (the local Redis if neither is set). Run the web with the same
# variable so it queues its tasks here: REDIS_URL=redis://127.0.0.1:6379/0 make run
worker: $(STAMP)
	mkdir -p var
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$${REDIS_URL:-redis://127.0.0.1:6379/0}}" \
		$(BIN)/celery -A seu worker --beat --loglevel=INFO

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

# ruff, then the layers of the code (import-linter; contracts in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract the English source strings into the Catalan and Spanish catalogues
# (needs GNU gettext). The compiled .mo files are committed, so running the
# seu never needs gettext.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --no-location --no-obsolete -l ca -l es --ignore=.venv --ignore=var --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

compilemessages: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
