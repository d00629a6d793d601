# The two commands a newcomer needs:
#   make serve   the site on the bundled fixtures at http://127.0.0.1:8080
#   make test    every test: host, browser components, end to end (what CI runs)
# and while working, `make test-quick SPECS=article`: host tests and one page's e2e specs.
# Each first installs what is missing (scripts/setup.sh), at pinned versions.

export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test test-quick screenshots build data serve-api bench bench-server

serve:
	scripts/setup.sh build
	trunk serve

test:
	scripts/test.sh

# While working: host tests, then only the e2e specs named (SPECS="article school"), or those of
# what changed since main; dist/ rebuilt only when its inputs changed (scripts/test.sh --quick).
test-quick:
	scripts/test.sh --quick $(SPECS)

# The screenshots of every page at 360 and 1280 px in docs/screenshots (the README's): host
# tests, a release build when its inputs changed, then e2e/tests/screenshots.spec.ts.
screenshots:
	E2E_SCREENSHOTS=1 scripts/test.sh --quick screenshots

# The release site in dist/, as deployed, with its home, directory, school, 分数线, 位次查询 and article pages rendered ahead of time
# from the data config.json names (scripts/prerender.mjs; docs/deploy.md). `make build DATA=my-source` puts
# the data set built from a source folder (docs/data.md) in dist/data/ instead of the bundled demo, before
# the pages are rendered from it; any problem in the source stops the build with nothing written.
build:
	scripts/setup.sh test
	scripts/build-release.sh
	$(if $(DATA),cargo run --release --locked -p portal-data -- build "$(DATA)" --out dist/data)
	node scripts/prerender.mjs

# The bundled demo data (public/data) rebuilt after changing tools/fixturegen, the way an operator's
# data is: the generator's set written as a source folder, then built (docs/data.md, portal-data demo).
# tools/portal-data/tests/demo.rs fails while the committed files differ from what this writes.
data:
	cargo run -q -p portal-data -- demo target/demo-source --force
	cargo run -q -p portal-data -- build target/demo-source --out public/data

# The site against the reference API server (http mode) at http://127.0.0.1:8080.
serve-api:
	scripts/serve-api.sh

# The benchmark: sizes, time to text against a static floor, navigation, scale (in the browser
# and admission queries on the server), portal-data's check, build and load of the synthetic
# source (bench/data.mjs, which builds the synthetic set the later steps read), Lighthouse.
# Writes bench/results.md.
bench:
	scripts/setup.sh test
	scripts/build-release.sh
	node scripts/prerender.mjs
	cargo build --release --locked -p portal-data -p portal-server
	node bench/data.mjs --postgres
	node bench/server/admissions.mjs
	cargo bench -p fixturegen --bench volunteer
	node bench/navigation.mjs
	node bench/lighthouse.mjs
	node bench/run.mjs --lighthouse

# Load figures for the API server (wrk on the read endpoints, a 5-minute mixed soak).
# Writes bench/server.md.
bench-server:
	scripts/bench-server.sh
