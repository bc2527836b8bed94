package io.ledgerline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.names.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's connector configs (from connectors-config, on the classpath) write exactly the topology's raw topics. */
class EmbeddedConnectorsTest {

    @TempDir
    Path dir;

    @Test
    void oneConnectorPerRawTopicWithItsFileResolvedAgainstTheInput() {
        Path input = BundledExports.extractTo(dir);
        var connectors = ConnectWorker.connectorsFor(input);
        assertThat(connectors).extracting(c -> c.get("topic"))
                .containsExactlyInAnyOrder(Topics.RAW_ERP_MASTERDATA, Topics.RAW_CRM_CDC, Topics.RAW_BILLING_EVENTS);
        for (Map<String, String> connector : connectors) {
            assertThat(Path.of(connector.get("file"))).startsWith(input.toAbsolutePath()).exists();
        }
        assertThat(Topics.rawInputs()).contains(Topics.RAW_ERP_POSTING_RESULTS); // its connector waits for a file
    }

    @Test
    void theWorkersProducersTakeRecordsUpToTheLimitOfThePipeline() throws IOException {
        Properties worker = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConnectWorker.RESOURCES + "worker.properties")) {
            worker.load(in);
        }
        assertThat(worker.getProperty("producer.max.request.size")).isEqualTo(Integer.toString(Topics.MAX_RECORD_BYTES));
    }
}
