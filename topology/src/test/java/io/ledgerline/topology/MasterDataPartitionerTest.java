package io.ledgerline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.FxRate;
import io.ledgerline.canonical.MasterDataRecord;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class MasterDataPartitionerTest {

    private final MasterDataPartitioner partitioner = new MasterDataPartitioner();

    @Test
    void aCrosswalkGoesOnlyWhereItsAccountsEventsGo() {
        for (String account : new String[] {"001C1AC32E5DD5537B", "0013B0187CB3DBBF0E", "001A", "001Z9"}) {
            for (int partitions : new int[] {1, 4, 12}) {
                MasterDataRecord record = MasterDataRecord.newBuilder().setKey("customer_crosswalk:" + account).setDeleted(false)
                        .setPayload(CustomerCrosswalk.newBuilder().setCrmAccountId(account).setBillingCustomerId("cus_1")
                                .setErpCustomerId("C-1").setLegalEntity("LE-US").build())
                        .build();
                // the account's canonical events are keyed by the account id and placed by the producer's default partitioner
                int eventsPartition = BuiltInPartitioner.partitionForKey(account.getBytes(StandardCharsets.UTF_8), partitions);
                assertThat(partitioner.partitions("q2c.canonical.masterdata", record.getKey(), record, partitions))
                        .as("%s over %d partitions", account, partitions).contains(Set.of(eventsPartition));
            }
        }
    }

    @Test
    void referenceDataGoesToEveryPartition() {
        MasterDataRecord rate = MasterDataRecord.newBuilder().setKey("fx_rate:EUR:USD:2026-02-01").setDeleted(false)
                .setPayload(FxRate.newBuilder().setFromCurrency("EUR").setToCurrency("USD").setDate("2026-02-01").setRate("1.08").build())
                .build();
        assertThat(partitioner.partitions("q2c.canonical.masterdata", rate.getKey(), rate, 4)).contains(Set.of(0, 1, 2, 3));
    }
}
