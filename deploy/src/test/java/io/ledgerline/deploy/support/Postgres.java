package io.ledgerline.deploy.support;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL the connector tests write to: {@code 127.0.0.1:5432}, database {@code test}, user {@code postgres}
 * (trust authentication), unless {@code LEDGERLINE_TEST_PG_URL}, {@code _USER} and {@code _PASSWORD} say otherwise.
 * {@code .ci/run} starts it; a test aborts (is skipped) with a message when none is reachable.
 */
public final class Postgres {

    public final String url;
    public final String user;
    public final String password;

    private Postgres(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static Postgres fromEnvironment() {
        return new Postgres(env("LEDGERLINE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                env("LEDGERLINE_TEST_PG_USER", "postgres"), env("LEDGERLINE_TEST_PG_PASSWORD", ""));
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    /** Skips the calling test, saying why, when the database cannot be reached. */
    public Postgres assumeReachable() {
        try (Connection c = connect()) {
            return this;
        } catch (SQLException e) {
            abort("No PostgreSQL reachable at " + url + " as " + user + " (" + e.getMessage() + "): start it "
                    + "(`pg_ctlcluster 15 main start`, as .ci/run does) or set LEDGERLINE_TEST_PG_URL");
            throw new AssertionError("unreachable");
        }
    }

    /**
     * Makes sure the server runs with {@code wal_level=logical}, which Debezium's PostgreSQL source needs: when it does
     * not, sets it (ALTER SYSTEM) and restarts the server with {@code pg_ctlcluster 15 main restart}, as .ci/postgres
     * does; skips the calling test with a message when that is not possible here.
     */
    public Postgres ensureLogicalWal() throws Exception {
        if ("logical".equals(walLevel())) {
            return this;
        }
        execute("ALTER SYSTEM SET wal_level = logical");
        Process restart;
        try {
            restart = new ProcessBuilder("pg_ctlcluster", "15", "main", "restart").inheritIO().start();
        } catch (IOException e) {
            abort("PostgreSQL at " + url + " runs with wal_level=" + walLevel() + " and pg_ctlcluster is not here to "
                    + "restart it with wal_level=logical (set it and restart the server, see .ci/postgres)");
            throw new AssertionError("unreachable");
        }
        if (!restart.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || restart.exitValue() != 0) {
            abort("pg_ctlcluster 15 main restart failed; restart PostgreSQL with wal_level=logical (see .ci/postgres)");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> "logical".equals(walLevel()));
        return this;
    }

    public String walLevel() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW wal_level")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    /** Host and port of {@link #url} ({@code jdbc:postgresql://HOST:PORT/DB}). */
    public String host() {
        return hostPort()[0];
    }

    public int port() {
        String[] hp = hostPort();
        return hp.length > 1 ? Integer.parseInt(hp[1]) : 5432;
    }

    public String database() {
        String rest = url.substring("jdbc:postgresql://".length());
        String db = rest.substring(rest.indexOf('/') + 1);
        int q = db.indexOf('?');
        return q < 0 ? db : db.substring(0, q);
    }

    private String[] hostPort() {
        String rest = url.substring("jdbc:postgresql://".length());
        return rest.substring(0, rest.indexOf('/')).split(":");
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs a SQL script file (statements separated by ';' at line ends; no dollar-quoted bodies). */
    public void runScript(Path file) throws SQLException {
        String script;
        try {
            script = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder plain = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                plain.append(line).append('\n');
            }
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : plain.toString().split(";\\s*\n")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }
}
