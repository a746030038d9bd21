# The whole set-up on a fresh machine: `make run` serves the product, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install run test lint bench worker clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# SQLite and in-process tasks unless DATABASE_URL / REDIS_URL are set; with REDIS_URL a Celery
# worker and beat run beside the web server and stop with it.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker and beat (REDIS_URL is set)"; \
		$(BIN)/celery -A ixxo_support worker --beat --loglevel=INFO --concurrency=2 & \
		trap "kill $$! 2>/dev/null" EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	else \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	fi

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

worker: install
	$(BIN)/celery -A ixxo_support worker --loglevel=INFO

clean:
	rm -rf $(VENV) var .pytest_cache
