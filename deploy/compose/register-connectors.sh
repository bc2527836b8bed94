#!/bin/sh
# Registers the production connector configs that can run locally (Debezium's JDBC sinks and PostgreSQL source) with
# the compose Connect worker, unchanged: the worker resolves their ${env:...} and ${file:...} from its environment and
# /etc/ledgerline/secrets. Salesforce and Stripe need their accounts and plugins (README "Deploying").
set -eu
CONNECT=${CONNECT:-http://connect:8083}
until curl -fsS "$CONNECT/connectors" >/dev/null; do sleep 2; done
for name in erp-gl-interface-header-sink erp-gl-interface-line-sink erp-masterdata-source; do
  # POST /connectors takes {"name": ..., "config": {...}}, the files' shape; 409 means it is registered already
  code=$(curl -sS -o /tmp/reply -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      --data @"/connectors/$name.json" "$CONNECT/connectors")
  case "$code" in
    201|409) echo "$name: $code" ;;
    *) echo "$name: HTTP $code: $(cat /tmp/reply)" >&2; exit 1 ;;
  esac
done
