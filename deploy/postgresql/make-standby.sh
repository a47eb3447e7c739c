#!/usr/bin/env bash
# Makes this machine a hot standby of the primary, as the topology test does (pg_basebackup -R). Run as postgres on the
# standby, with its cluster stopped and empty. Once, on the primary:
#   CREATE ROLE sociaalplein_repl LOGIN REPLICATION PASSWORD '…';
# and the pg_hba lines of pg_hba-replication.conf. The password comes from ~postgres/.pgpass, never the command line.
set -euo pipefail
primary=${1:?usage: make-standby.sh PRIMARY_HOST [DATA_DIR]}
data=${2:-/var/lib/postgresql/15/main}
# -R writes standby.signal and primary_conninfo; -X stream fetches the WAL written during the copy; application_name is
# the name synchronous_standby_names and pg_stat_replication show.
pg_basebackup --host "$primary" --username sociaalplein_repl --pgdata "$data" -R -X stream --checkpoint=fast \
  --progress --dbname "application_name=$(hostname -s)"
echo "Standby made in $data; start it (systemctl start postgresql@15-main) and check pg_stat_replication on $primary."
