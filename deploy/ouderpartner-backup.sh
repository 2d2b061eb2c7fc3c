#!/bin/sh
# Nightly backup of Ouderpartner: the PostgreSQL database (pg_dump, custom format) and the uploaded
# files (MEDIA_ROOT), with checksums; backups older than BACKUP_KEEP_DAYS are removed. See docs/backup.md.
#
# Reads DATABASE_URL and MEDIA_ROOT (the application's environment file) and:
#   BACKUP_DIR        where the backups go (default /var/backups/ouderpartner)
#   BACKUP_KEEP_DAYS  how many days of nightly backups to keep (default 14)
set -eu
umask 077

: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/ouderpartner}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
target="$BACKUP_DIR/$stamp"
partial="$target.partial"

if [ -e "$target" ] || [ -e "$partial" ]; then
    echo "$target exists already" >&2
    exit 1
fi
mkdir -p "$partial"
trap 'rm -rf "$partial"' EXIT

# The database: one consistent snapshot (pg_dump runs in one transaction), compressed.
pg_dump --format=custom --no-owner --file="$partial/db.dump" "$DATABASE_URL"
# Check that the dump can be read back (lists its table of contents).
pg_restore --list "$partial/db.dump" >/dev/null

# The uploaded files: logos, answer pictures, recordings.
tar -C "$(dirname "$MEDIA_ROOT")" -czf "$partial/media.tar.gz" "$(basename "$MEDIA_ROOT")"

(cd "$partial" && sha256sum db.dump media.tar.gz >SHA256SUMS)
mv "$partial" "$target"
trap - EXIT

# Retention: nightly backups older than BACKUP_KEEP_DAYS days go.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '20*' -mtime +"$BACKUP_KEEP_DAYS" \
    -exec rm -rf {} +
echo "backup written to $target"
