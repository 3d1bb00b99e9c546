# Two entry points for people: `make demo` and `make test`. Both set themselves up.
.PHONY: demo test lint typecheck pytest bootstrap dist clean

VENV := .venv
BIN := $(VENV)/bin

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	$(BIN)/moonbase demo $(ARGS)

lint: bootstrap
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: bootstrap
	$(BIN)/mypy

pytest: bootstrap
	@bash scripts/run_pytest.sh $(ARGS)

# The three PyInstaller bundles and the .deb in dist/ (packaging/build.py; each program from a
# venv with only its extra, under build/venvs/). Only what changed is rebuilt. `make test`
# builds them too, once, in its session fixture (tests/packaging/conftest.py).
dist: bootstrap
	$(BIN)/python packaging/build.py all $(ARGS)

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build dist *.egg-info
