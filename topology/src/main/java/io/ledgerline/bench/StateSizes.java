package io.ledgerline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;

/** How much room an application's state takes: on the local disk, and in its changelog logs on the brokers. */
public final class StateSizes {

    private StateSizes() {
    }

    /** Bytes of every file below {@code root} (0 when it does not exist). */
    public static long directoryBytes(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (var paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Bytes of the application's changelog logs over every broker's log directories (each replica counted). */
    public static long changelogLogBytes(Admin admin, String applicationId)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
        long total = 0;
        for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
            for (var dir : dirs.values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    String topic = replica.getKey().topic();
                    if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                        total += replica.getValue().size();
                    }
                }
            }
        }
        return total;
    }
}
