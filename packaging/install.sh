#!/usr/bin/env bash
# packaging/install.sh — install WolfScale from this source checkout.
#
#   System install (default, as root):  /opt/wolfscale/{bin,lib}, user "wolfscale", /etc/wolfscale/wolfscale.toml
#   (written by `wolfscale init` if missing), /var/lib/wolfscale, /etc/systemd/system/wolfscale.service.
#   --no-systemd: no unit and no system user; the config and the data go below the prefix
#   (<prefix>/etc/wolfscale.toml, <prefix>/data), owned by whoever runs this.
#
# Options: --prefix DIR  --config-dir DIR  --data-dir DIR  --no-systemd  --dry-run (print what it would do)
# Safe to run again: it replaces the jar and launchers, and keeps an existing configuration and data.
set -euo pipefail
SRC="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

PREFIX=/opt/wolfscale
CONFIG_DIR=""
DATA_DIR=""
SYSTEMD=1
DRY_RUN=0
SERVICE_USER=wolfscale
UNIT_DIR=/etc/systemd/system

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "install.sh: $*" >&2; exit 1; }

while (( $# > 0 )); do
  case "$1" in
    --prefix) PREFIX="${2:?--prefix needs a directory}"; shift 2 ;;
    --config-dir) CONFIG_DIR="${2:?--config-dir needs a directory}"; shift 2 ;;
    --data-dir) DATA_DIR="${2:?--data-dir needs a directory}"; shift 2 ;;
    --no-systemd) SYSTEMD=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[[ "$PREFIX" == /* ]] || PREFIX="$(pwd)/$PREFIX"
if (( SYSTEMD )); then
  CONFIG_DIR="${CONFIG_DIR:-/etc/wolfscale}"
  DATA_DIR="${DATA_DIR:-/var/lib/wolfscale}"
else
  CONFIG_DIR="${CONFIG_DIR:-$PREFIX/etc}"
  DATA_DIR="${DATA_DIR:-$PREFIX/data}"
fi
CONFIG="$CONFIG_DIR/wolfscale.toml"

# every change goes through run: printed with --dry-run, carried out otherwise
run() {
  if (( DRY_RUN )); then printf '+'; printf ' %q' "$@"; printf '\n'; else "$@"; fi
}

if (( SYSTEMD && ! DRY_RUN )) && [[ "$(id -u)" != 0 ]]; then
  die "a system install (user, /etc, systemd unit) needs root: run it with sudo, or use --no-systemd --prefix DIR"
fi

# 1. the jar: built from this checkout when missing or older than the sources (as bin/wolfscale does)
WS_ROOT="$SRC"
source "$SRC/bin/launcher.sh"
ws_find_java
if (( DRY_RUN )) && [[ ! -f "$SRC/target/wolfscale.jar" ]]; then
  echo "+ (cd $SRC && ./mvnw -q -B -DskipTests package)"
  WS_JAR="$SRC/target/wolfscale.jar"
else
  ws_find_jar
fi

# 2. the program: <prefix>/lib/wolfscale.jar and the launchers, which find the jar in ../lib
run install -d -m 0755 "$PREFIX/bin" "$PREFIX/lib"
run install -m 0644 "$WS_JAR" "$PREFIX/lib/wolfscale.jar"
for f in wolfscale wolfctl; do
  run install -m 0755 "$SRC/bin/$f" "$PREFIX/bin/$f"
done
run install -m 0644 "$SRC/bin/launcher.sh" "$PREFIX/bin/launcher.sh"

# 3. the service user (system install only)
if (( SYSTEMD )) && ! id "$SERVICE_USER" >/dev/null 2>&1; then
  run useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin \
      --comment "WolfScale node" "$SERVICE_USER"
fi

# 4. data directory and configuration (an existing configuration is never touched)
run install -d -m 0750 "$DATA_DIR" "$CONFIG_DIR"
if [[ -f "$CONFIG" ]]; then
  echo "install.sh: keeping the existing $CONFIG"
else
  node_id="$(hostname -s 2>/dev/null | tr -c 'A-Za-z0-9._\n-' '-' || true)"
  run "$PREFIX/bin/wolfscale" init -o "$CONFIG" --node-id "${node_id:-node-1}"
  # the template puts data_dir below /var/lib/wolfscale; keep it below the chosen data directory
  run sed -i "s|^data_dir = \"/var/lib/wolfscale/|data_dir = \"$DATA_DIR/|" "$CONFIG"
fi
if (( SYSTEMD )); then
  run chown -R "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR"
  run chown "root:$SERVICE_USER" "$CONFIG_DIR"
  run chown "$SERVICE_USER:$SERVICE_USER" "$CONFIG"
fi

# 5. the systemd unit, with this install's paths
render_unit() {
  local extra=""
  # ProtectSystem=strict leaves only the StateDirectory (/var/lib/wolfscale) writable: open a data dir elsewhere
  [[ "$DATA_DIR" != /var/lib/wolfscale ]] && extra="ReadWritePaths=$DATA_DIR"
  sed -e "s|/opt/wolfscale/|$PREFIX/|g" -e "s|/etc/wolfscale/wolfscale.toml|$CONFIG|g" \
      -e "s|^StateDirectoryMode=0750\$|&${extra:+\n$extra}|" "$SRC/packaging/wolfscale.service"
}
run install -d -m 0755 "$PREFIX/share"
if (( DRY_RUN )); then
  echo "+ (unit with this install's paths) > $PREFIX/share/wolfscale.service"
else
  render_unit > "$PREFIX/share/wolfscale.service" # for reference, and for systemd-analyze verify
fi
if (( SYSTEMD )); then
  run install -m 0644 "$PREFIX/share/wolfscale.service" "$UNIT_DIR/wolfscale.service"
  if [[ -d /run/systemd/system ]]; then
    run systemctl daemon-reload
  fi
fi

echo "install.sh: installed WolfScale in $PREFIX (config $CONFIG, data $DATA_DIR)$( (( DRY_RUN )) && echo ' [dry run: nothing changed]')"
echo "next: edit $CONFIG ([cluster] peers and secret, [database] account), then check it:"
echo "    $PREFIX/bin/wolfscale validate -c $CONFIG"
if (( SYSTEMD )); then
  echo "and start the node:  systemctl enable --now wolfscale   (logs: journalctl -u wolfscale)"
else
  echo "and start the node:  $PREFIX/bin/wolfscale start -c $CONFIG"
fi
