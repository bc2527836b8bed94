package io.ledgerline.runtime;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * Makes the test kit's broker listen on one address. {@link KafkaClusterTestKit} binds every listener's socket before
 * the nodes start (so the controller quorum's address is known up front), on the wildcard address whatever the
 * {@code listeners} setting says, and the nodes then take those sockets as they are: the broker and the controller of
 * {@code process} and {@code demo} would be reachable from the network. This rebinds each pre-bound socket, between
 * {@code build()} and {@code startup()}, to the same port on the given address. The test kit offers no setting for
 * this, hence the reflection; a test ({@code EmbeddedKafkaClusterIT}) checks the sockets.
 */
final class LoopbackSockets {

    /** Kafka's default {@code socket.listen.backlog.size}. */
    private static final int LISTEN_BACKLOG = 50;

    private LoopbackSockets() {
    }

    @SuppressWarnings("unchecked")
    static void rebind(KafkaClusterTestKit testKit, String host) {
        try {
            Object manager = field(KafkaClusterTestKit.class, "socketFactoryManager").get(testKit);
            Map<Integer, Map<String, ServerSocketChannel>> sockets =
                    (Map<Integer, Map<String, ServerSocketChannel>>) field(manager.getClass(), "sockets").get(manager);
            synchronized (manager) {
                for (Map<String, ServerSocketChannel> byListener : sockets.values()) {
                    for (Map.Entry<String, ServerSocketChannel> entry : byListener.entrySet()) {
                        entry.setValue(rebound(entry.getValue(), host, entry.getKey()));
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KafkaException("Cannot make the embedded broker listen on " + host + " only: " + e, e);
        }
    }

    private static ServerSocketChannel rebound(ServerSocketChannel wildcard, String host, String listener) {
        int port = wildcard.socket().getLocalPort();
        try {
            wildcard.close();
            // as Kafka's own server socket factory opens it (non-blocking, the default backlog), on the one address
            ServerSocketChannel channel = ServerSocketChannel.open();
            channel.configureBlocking(false);
            channel.socket().setReuseAddress(true);
            channel.bind(new InetSocketAddress(host, port), LISTEN_BACKLOG);
            return channel;
        } catch (IOException e) {
            throw new KafkaException("Cannot rebind listener " + listener + " to " + host + ":" + port, e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
