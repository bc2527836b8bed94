#!/usr/bin/env bash
# Prints deploy/prometheus/ledgerline-rules.yaml (a Prometheus rules file: groups: ...) as a PrometheusRule for the
# Prometheus Operator, without copying it into the manifests:
#   kubectl apply -n ledgerline -f <(deploy/k8s/render-prometheus-rules.sh)
set -euo pipefail
rules="$(dirname "$0")/../prometheus/ledgerline-rules.yaml"
[ -f "$rules" ] || { echo "no $rules" >&2; exit 1; }
cat <<HEAD
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: ledgerline-pipeline-rules
  labels:
    app.kubernetes.io/part-of: ledgerline
spec:
HEAD
grep -v '^#' "$rules" | sed 's/^/  /'
