#!/usr/bin/env bash
# Makes the PostgreSQL fixture with gemcap at 8e1950e: job "archive" completed, job "feed" killed with SIGKILL mid-run,
# then pg_dump of the database.
set -euo pipefail
J=/tmp/fx8e/gemcap-8e1950e.jar
R=/tmp/gemcap-8e1950e-pg-fixture
PHOTOS=/work/wt-upserts/src/test/resources/upgrade/release-0.1.0/photos
rm -rf "$R"; mkdir -p "$R/archive" "$R/feed" "$R/out" "$R/home"
for d in a b; do
  mkdir -p "$R/archive/$d" "$R/feed/$d"
  for f in "$PHOTOS/$d"/*.png; do
    n=$(basename "$f" .png | tr -dc 0-9); n=$((10#$n))
    if [ "$n" -lt 30 ]; then cp "$f" "$R/archive/$d/"; else cp "$f" "$R/feed/$d/"; fi
  done
done
java -cp "/tmp/fx8e:$(cat /tmp/fx8e/cp.txt)" Pg 15432 > /tmp/fx8e/pg.log 2>&1 &
PG=$!
java -jar "$J" emulator --port 18089 --latency PT0.4S > /tmp/fx8e/emulator.log 2>&1 &
EMU=$!
trap 'kill $EMU $PG' EXIT
until grep -q READY /tmp/fx8e/pg.log; do sleep 0.5; done
URL=$(grep READY /tmp/fx8e/pg.log | cut -d' ' -f2)
export GEMINI_API_KEY=emulator-key
gemcap() {
  exec java -Dgemcap.home="$R/home" -Dspring.config.additional-location="optional:file:/tmp/fx8e/config-8e1950e/" \
    -Dspring.datasource.url="$URL" -Dspring.datasource.username=postgres \
    -Dgemcap.job.chunk-size=5 -Dlogging.level.io.gemcap=WARN -jar "$J" "$@"
}
sleep 2
(gemcap run --input "$R/archive" --output "$R/out/archive.csv" --endpoint http://localhost:18089 > /tmp/fx8e/pg-run-archive.log 2>&1)
echo "archive exit $?"
gemcap run --input "$R/feed" --output "$R/out/feed.csv" --endpoint http://localhost:18089 --concurrency 1 > /tmp/fx8e/pg-run-feed.log 2>&1 &
FEED=$!
while [ "$(cat "$R/out/feed.csv.partial" 2>/dev/null | wc -l)" -lt 16 ]; do sleep 0.05; done
kill -9 $FEED
wait $FEED || true
sleep 2; if ps -p $FEED > /dev/null; then echo STILL RUNNING; fi
echo "feed killed; partial lines: $(wc -l < "$R/out/feed.csv.partial")"
pg_dump --inserts --no-owner --no-privileges -h localhost -p 15432 -U postgres gemcap > /tmp/fx8e/pg-jobs.sql
echo "dumped $(wc -l < /tmp/fx8e/pg-jobs.sql) lines"
