# Source this file: pg_throwaway_start starts a disposable PostgreSQL cluster (trust auth, fsync off,
# loopback only) and exports PG_URL; pg_throwaway_stop stops it and removes its files.
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
# Below Linux's ephemeral range (32768-60999): a port inside it can be taken, for a moment, by the local end of some
# loopback connection (CI once failed to start PostgreSQL on 55432 right after the SQLite run). A busy port is retried
# on the next ones.
PG_PORT="${PG_PORT:-25432}"

pg_throwaway_start() {
  PG_DIR="$(mktemp -d /tmp/sendbox-pg.XXXXXX)"
  local as=()
  if [ "$(id -u)" = "0" ]; then chown postgres "$PG_DIR"; as=(su postgres -s /bin/sh -c); else as=(sh -c); fi
  "${as[@]}" "$PGBIN/initdb -D $PG_DIR/data -A trust -U postgres --no-sync -E UTF8 >/dev/null"
  local tries=0
  rm -f "$PG_DIR/log"
  until "${as[@]}" "$PGBIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300' start >/dev/null"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 10 ] || ! grep -q 'Address already in use' "$PG_DIR/log"; then
      cat "$PG_DIR/log" >&2
      return 1
    fi
    echo "port $PG_PORT is busy; trying $((PG_PORT + 1))" >&2
    PG_PORT=$((PG_PORT + 1))
    rm -f "$PG_DIR/log"
  done
  export PG_DIR
  export PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "PostgreSQL running at $PG_URL"
}

pg_throwaway_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local as=()
  if [ "$(id -u)" = "0" ]; then as=(su postgres -s /bin/sh -c); else as=(sh -c); fi
  "${as[@]}" "$PGBIN/pg_ctl -D $PG_DIR/data -m fast stop >/dev/null" || true
  rm -rf "$PG_DIR"
}
