#!/usr/bin/env bash
# Installs Vigil without containers: each service's packaged quarkus-app in /opt/vigil/<service>,
# the units of this directory in /etc/systemd/system, example environment files and the config
# file in /etc/vigil (existing ones are never overwritten), and the system user vigil.
# README "Install with systemd".
#
#   ./mvnw -DskipTests package && sudo deploy/systemd/install.sh
#
# Options:
#   --from DIR     the repository whose <module>/target/quarkus-app to install (default: this one)
#   --destdir DIR  install under DIR instead of / (also DESTDIR=DIR); no user is created and no
#                  root is needed: for packaging and for deploy's SystemdUnitsTest
#   --dry-run      print what would be done, change nothing
#
# A service is one unit vigil-<name>.service here, for module <name>-service, with
# env/<name>-service.env; adding one means adding those two files.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
from="$(cd "$here/../.." && pwd)"
destdir="${DESTDIR:-}"
dry_run=false

while [ $# -gt 0 ]; do
    case "$1" in
        --from) from="${2:?--from needs a directory}"; shift 2 ;;
        --destdir) destdir="${2:?--destdir needs a directory}"; shift 2 ;;
        --dry-run) dry_run=true; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ -z "$destdir" ] && ! $dry_run && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root (sudo), or with --destdir DIR / --dry-run" >&2
    exit 1
fi

run() {
    if $dry_run; then echo "+ $*"; else "$@"; fi
}

# Installs src as dest unless dest exists (configuration and secrets belong to the user).
install_once() {
    local mode="$1" group="$2" src="$3" dest="$4"
    if [ -e "$dest" ]; then
        echo "kept     $dest (exists)"
        return
    fi
    run install -m "$mode" "$src" "$dest"
    if [ -z "$destdir" ]; then run chgrp "$group" "$dest"; fi
    echo "created  $dest"
}

opt="$destdir/opt/vigil"
etc="$destdir/etc/vigil"
units="$destdir/etc/systemd/system"

services=()
for unit in "$here"/vigil-*.service; do
    name="$(basename "$unit" .service)"
    services+=("${name#vigil-}-service")
done

# Refuse before touching anything when a service is not built.
missing=()
for service in "${services[@]}"; do
    [ -f "$from/$service/target/quarkus-app/quarkus-run.jar" ] || missing+=("$from/$service/target/quarkus-app/quarkus-run.jar")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install.sh: not built (run ./mvnw -DskipTests package first):" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi

if [ -z "$destdir" ]; then
    if id vigil >/dev/null 2>&1; then
        echo "kept     user vigil (exists)"
    else
        run useradd --system --user-group --home-dir /nonexistent --no-create-home \
            --shell /usr/sbin/nologin --comment "Vigil monitoring" vigil
        echo "created  user vigil"
    fi
fi

run install -d -m 0755 "$opt" "$units"
run install -d -m 0750 "$etc"
if [ -z "$destdir" ]; then run chgrp vigil "$etc"; fi

for service in "${services[@]}"; do
    # Replaced as a whole: a rebuilt quarkus-app must not keep the previous build's jars. Owned by
    # root, readable by vigil: the services cannot change their own code.
    run rm -rf "$opt/$service.new"
    run cp -R "$from/$service/target/quarkus-app" "$opt/$service.new"
    run chmod -R u=rwX,go=rX "$opt/$service.new"
    run rm -rf "$opt/$service"
    run mv "$opt/$service.new" "$opt/$service"
    echo "copied   $opt/$service"
    install_once 0640 vigil "$here/env/$service.env" "$etc/$service.env"
done
install_once 0640 vigil "$here/env/vigil.env" "$etc/vigil.env"

# The config file: compose's (the ./vigil up default) with this host's addresses for compose's names.
if [ -e "$etc/vigil.yaml" ]; then
    echo "kept     $etc/vigil.yaml (exists)"
elif $dry_run; then
    echo "+ write $etc/vigil.yaml from deploy/compose/vigil.yaml"
else
    {
        echo "# Vigil configuration for the systemd install (/etc/vigil/vigil.yaml), written by"
        echo "# deploy/systemd/install.sh from deploy/compose/vigil.yaml; edit it, then systemctl restart vigil.target."
        sed -e '1,2d' \
            -e 's#http://alert-service:8080#http://127.0.0.1:8080#' \
            -e 's#postgres:5432#127.0.0.1:5432#' \
            -e 's#over the compose network, which the#on this host, which the#' \
            -e 's#compose file lets checks reach (HEALTH_ALLOW_PRIVATE_TARGETS, VIGIL_ALLOW_PRIVATE_TARGETS in .env)#units let checks reach (HEALTH_ALLOW_PRIVATE_TARGETS in /etc/vigil/health-service.env)#' \
            -e 's#docker compose logs notifier-service#journalctl -u vigil-notifier#' \
            -e 's#the secret stays in .env (passed to the notifier)#the secret goes in /etc/vigil/notifier-service.env#' \
            -e "s#the container's host name: VIGIL_COLLECTOR_HOST in .env#this machine's host name#" \
            "$here/../compose/vigil.yaml"
    } > "$etc/vigil.yaml.new"
    chmod 0640 "$etc/vigil.yaml.new"
    if [ -z "$destdir" ]; then chgrp vigil "$etc/vigil.yaml.new"; fi
    mv "$etc/vigil.yaml.new" "$etc/vigil.yaml"
    echo "created  $etc/vigil.yaml"
fi

# Units are the package's, replaced on each install; local changes belong in drop-ins.
for unit in "$here"/vigil-*.service "$here"/vigil.target; do
    run install -m 0644 "$unit" "$units/$(basename "$unit")"
done
echo "copied   units to $units"

cat <<NEXT

Next:
  1. Edit $etc/vigil.env (Kafka, PostgreSQL, Keycloak) and the passwords in $etc/*-service.env
     (the roles of deploy/postgres/10-vigil-roles.sh); /usr/bin/java must be a JDK 17 or later.
  2. systemctl daemon-reload && systemctl enable --now vigil.target
  3. systemctl status 'vigil-*'   journalctl -u vigil-alert -f
NEXT
