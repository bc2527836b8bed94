package io.ledgerline.testsupport;

import io.ledgerline.tls.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A throw-away certificate authority made at test time with the JDK's {@code keytool}: a CA, a server certificate for
 * 127.0.0.1 and localhost (the broker's TLS listeners, the schema registry, the HTTP API) and a client certificate
 * (mutual TLS), each in a PKCS12 store, plus a trust store holding the CA. Passwords are random per instance, so a test
 * can grep logs for them.
 */
public final class TestPki {

    /** One PKCS12 store and its password. */
    public record Store(Path path, String password) {

        /** The settings that name this store as a key store under {@code prefix} (e.g. {@code ssl.}). */
        public Map<String, String> asKeystore(String prefix) {
            return Map.of(prefix + "keystore.location", path.toString(), prefix + "keystore.password", password,
                    prefix + "key.password", password, prefix + "keystore.type", "PKCS12");
        }

        /** The settings that name this store as a trust store under {@code prefix}. */
        public Map<String, String> asTruststore(String prefix) {
            return Map.of(prefix + "truststore.location", path.toString(), prefix + "truststore.password", password,
                    prefix + "truststore.type", "PKCS12");
        }
    }

    private final Path dir;
    private final Store server;
    private final Store client;
    private final Store truststore;

    private TestPki(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        Store ca = new Store(dir.resolve("ca.p12"), secret());
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=ledgerline-test-ca", "-ext", "bc:c", "-storetype", "PKCS12",
                "-keystore", ca.path().toString(), "-storepass", ca.password(), "-keypass", ca.password());
        Path caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.path().toString(), "-storepass", ca.password(),
                "-file", caPem.toString());
        truststore = new Store(dir.resolve("truststore.p12"), secret());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.path().toString(), "-storepass", truststore.password());
        server = signed("server", ca, caPem);
        client = signed("client", ca, caPem);
    }

    /** Makes the CA and the stores in {@code dir} (a few seconds: one keytool process per step). */
    public static TestPki create(Path dir) {
        try {
            return new TestPki(dir);
        } catch (IOException e) {
            throw new IllegalStateException("keytool failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Store server() {
        return server;
    }

    public Store client() {
        return client;
    }

    public Store truststore() {
        return truststore;
    }

    /** A TLS context with the server certificate, trusting the CA: for the test's own servers. */
    public SSLContext serverContext() {
        Map<String, Object> ssl = new java.util.HashMap<>(server.asKeystore("ssl."));
        ssl.putAll(truststore.asTruststore("ssl."));
        return TlsSettings.under(ssl, "").sslContext();
    }

    /** A TLS context trusting the CA only: for the test's own clients. */
    public SSLContext trustingContext() {
        return TlsSettings.under(Map.<String, Object>copyOf(truststore.asTruststore("ssl.")), "").sslContext();
    }

    private Store signed(String name, Store ca, Path caPem) throws IOException, InterruptedException {
        Store store = new Store(dir.resolve(name + ".p12"), secret());
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=ledgerline-test-" + name, "-storetype", "PKCS12",
                "-keystore", store.path().toString(), "-storepass", store.password(), "-keypass", store.password());
        Path csr = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store.path().toString(), "-storepass", store.password(),
                "-file", csr.toString());
        Path pem = dir.resolve(name + ".pem");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.path().toString(), "-storepass", ca.password(),
                "-infile", csr.toString(), "-outfile", pem.toString(), "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "KU=digitalSignature,keyEncipherment",
                "-ext", "EKU=serverAuth,clientAuth");
        // the chain: the CA first, then the signed reply replaces the self-signed certificate
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", store.path().toString(), "-storepass", store.password());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", pem.toString(),
                "-keystore", store.path().toString(), "-storepass", store.password());
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "pw-" + HexFormat.of().formatHex(bytes);
    }
}
