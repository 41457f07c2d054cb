# `make` alone lists the targets from their `##` comments.
SHELL := /bin/bash
NODE_MODULES := node_modules/.package-lock.json
# The built CLI (`make build`); `make ... HOSEPIPE="node cli/bin.js"` runs the sources through tsx instead.
HOSEPIPE := node dist/cli/bin.js
BUILT := dist/.built
SOURCES := $(shell find api compose cli stack emulator-shims lambda agent provision scenarios web -type f \( -name '*.ts' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.py' -o -name '*.css' -o -name '*.html' \))
# embedded (processes on this machine) or compose (containers, Docker Compose): make up MODE=compose
MODE ?= embedded
# Where `make e2e` runs the scenarios: embedded (a stack of its own each), terraform (a root's pipeline, ARGS="--terraform DIR") or aws (the pipeline deployed in your account)
TARGET ?= embedded

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(NODE_MODULES) ## install npm dependencies (npm ci)

setup: ## install the system packages `make up`, `make test` and `make bench` need, where missing (scripts/setup.sh)
	@sh scripts/setup.sh up test bench

build: $(BUILT) ## compile the CLI, endpoint, agent and Lambda runtime into dist/, with the transform's zip and the pipeline view's page (when sources changed)

$(BUILT): $(NODE_MODULES) $(SOURCES) tsconfig.json tsconfig.build.json scripts/build.ts
	@npm run build --silent

up: setup-up $(if $(filter compose,$(MODE)),setup-compose) build ## start the pipeline in the background (endpoint :4566, nginx :8080, agent); MODE=compose as containers
	$(HOSEPIPE) up -d --mode $(MODE)

down: build ## stop everything `make up` started (MODE=compose ARGS=--volumes also drops the data)
	$(HOSEPIPE) down --mode $(MODE) $(ARGS)

compose-images: setup-compose ## make the base images MODE=compose uses offline (debootstrap; kept once made)
	bash compose/engine.sh
	bash compose/images.sh

status: build ## show each stage and its counts
	$(HOSEPIPE) status

top: build ## watch each stage's counts, rates, lag, buffers and errors in the terminal (the web view: http://127.0.0.1:4566/_hosepipe/)
	$(HOSEPIPE) top

screenshots: setup-test $(NODE_MODULES) ## run the browser test and copy its screenshots to docs/images/
	HOSEPIPE_UPDATE_SCREENSHOTS=1 npx ava test/web/

flush: build ## ship what nginx logged and deliver every Firehose buffer to S3 now
	$(HOSEPIPE) flush

plan: build ## show what deploy would change on the running local endpoint (exit 2 = changes)
	$(HOSEPIPE) plan

plan-aws: build ## show what deploy-aws would change in your AWS account (exit 2 = changes)
	$(HOSEPIPE) plan --target aws $(ARGS)

deploy-aws: build ## create or update the pipeline in your AWS account (asks first; ARGS=--yes to skip)
	$(HOSEPIPE) deploy --target aws $(ARGS)

destroy-aws: build ## remove the pipeline from your AWS account (ARGS=--empty-bucket to delete the data too)
	$(HOSEPIPE) destroy --target aws $(ARGS)

tf-local: build ## run terraform in terraform/examples/local against the running stack (ARGS="plan")
	$(HOSEPIPE) tf-local $(ARGS)

typecheck: $(NODE_MODULES) ## type-check every folder (tsc --noEmit; web/ with the DOM's types)
	npx tsc --noEmit
	npx tsc --noEmit -p web

test: setup-test $(NODE_MODULES) compose-ready ## run unit, integration and e2e tests (what CI runs)
	npx tsc --noEmit
	npx tsc --noEmit -p web
	sh scripts/test-tmp.sh npx ava

unit: setup-test $(NODE_MODULES) compose-ready ## run the tests without the e2e scenarios
	sh scripts/test-tmp.sh npx ava $$(ls -d test/*/ | grep -v '^test/e2e/')

e2e: setup-up $(if $(filter compose,$(MODE)),setup-compose) $(NODE_MODULES) $(if $(filter-out embedded,$(TARGET)),build) ## run the scenarios (scenarios/*.scenario.yaml), each on its own stack; UPDATE=1 records snapshots; MODE=compose on containers; TARGET=aws against your deployed pipeline (ARGS=--deploy: one each), TARGET=terraform ARGS="--terraform DIR" against a root's
	$(if $(filter-out embedded,$(TARGET)),$(HOSEPIPE) e2e --target $(TARGET) $(ARGS),$(if $(UPDATE),HOSEPIPE_UPDATE_SNAPSHOTS=1 )HOSEPIPE_SCENARIO_MODE=$(MODE) sh scripts/test-tmp.sh npx ava test/e2e/scenarios.test.ts)

audit: build ## ship and flush, then check every access-log line against the bucket (exit 1 if any is missing)
	$(HOSEPIPE) audit

load: build ## send 1000 generated requests (normal, scanner probes, garbage) to nginx and report delivery per pattern
	$(HOSEPIPE) load

bench: setup-bench build ## run the benchmarks under bench/, each beside its baseline
	@for b in bench/*.bench.ts; do echo "== $$b"; node --import tsx $$b || exit 1; done

# The compose tests' Docker engine and offline base images (made once, about 45 s; then a check of a second):
# where this machine cannot run them (not root, no Docker), the tests run without them and the compose
# tests are listed as skipped with the reason.
compose-ready:
	@bash compose/engine.sh && bash compose/images.sh || echo "hosepipe: no Docker engine or base images here: the compose tests will be skipped (the reason is above)" >&2

# The set-up step for one goal: checks in milliseconds, installs only what is missing.
setup-%:
	@sh scripts/setup.sh $*

clean: ## remove dist/ and the local state folder .hosepipe/
	rm -rf dist .hosepipe

.PHONY: help install setup build up down status top screenshots flush plan plan-aws deploy-aws destroy-aws tf-local typecheck test unit e2e audit load bench clean compose-images compose-ready
