package io.ledgerline.lag;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;

/** The LAG column of Kafka's own {@code kafka-consumer-groups --describe}, run in this JVM. */
final class ConsumerGroupsDescribe {

    record Key(String group, TopicPartition partition) {
    }

    private ConsumerGroupsDescribe() {
    }

    static Map<Key, Long> lags(String bootstrapServers, List<String> groups) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrapServers, "--describe"));
        groups.forEach(g -> args.addAll(List.of("--group", g)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("kafka-consumer-groups exited " + status + ": " + message);
        });
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ConsumerGroupCommand.main(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
            Exit.resetExitProcedure();
        }
        // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
        Map<Key, Long> lags = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 6 && groups.contains(columns[0]) && columns[2].matches("\\d+")
                    && columns[5].matches("\\d+")) {
                lags.put(new Key(columns[0], new TopicPartition(columns[1], Integer.parseInt(columns[2]))),
                        Long.parseLong(columns[5]));
            }
        }
        return lags;
    }
}
