#!/bin/bash
# Creates the topics of topics.txt on the compose broker (run by the kafka-init service), idempotently.
set -euo pipefail
BOOTSTRAP=${BOOTSTRAP:-kafka:9092}
KT=/opt/kafka/bin/kafka-topics.sh
grep -v '^#' /compose/topics.txt | while read -r name partitions compact; do
  [ -n "$name" ] || continue
  config="--config retention.ms=-1 --config message.timestamp.after.max.ms=9223372036854775807 --config max.message.bytes=8388608"
  [ "$compact" = compact ] && config="$config --config cleanup.policy=compact"
  $KT --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" --partitions "$partitions" \
      --replication-factor 1 $config
done
echo "topics ready"
