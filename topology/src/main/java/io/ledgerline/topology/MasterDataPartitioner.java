package io.ledgerline.topology;

import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.MasterDataRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Where master data goes in the account-keyed core. A customer crosswalk is only ever looked up by its own CRM
 * account, so it goes to that account's partition alone, the one the default partitioner gives the account's events
 * (murmur2 of the key's UTF-8 bytes); everything else (legal entities, periods, mappings, rates) is read by every
 * account and goes to every partition. Crosswalks are one record per account: broadcasting them wrote each to every
 * partition and every partition's changelog.
 */
final class MasterDataPartitioner implements StreamPartitioner<String, MasterDataRecord> {

    private final BroadcastPartitioner<String, MasterDataRecord> everywhere = new BroadcastPartitioner<>();

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, MasterDataRecord record, int numPartitions) {
        if (record != null && record.getPayload() instanceof CustomerCrosswalk crosswalk) {
            return Optional.of(Set.of(partitionOf(crosswalk.getCrmAccountId(), numPartitions)));
        }
        return everywhere.partitions(topic, key, record, numPartitions);
    }

    /** The partition Kafka's default partitioner gives a record keyed by {@code accountId} (a String key). */
    static int partitionOf(String accountId, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(accountId.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}
