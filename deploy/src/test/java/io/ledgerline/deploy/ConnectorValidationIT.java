package io.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.deploy.support.ConnectorFiles;
import io.ledgerline.deploy.support.Postgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.Test;

/**
 * Every production connector whose plugin is on the classpath (Debezium's JDBC sink and PostgreSQL source) passes the
 * plugin's own {@link Connector#validate}, with its config providers' placeholders resolved to this machine's
 * PostgreSQL, as a Connect worker would resolve them (Debezium's PostgreSQL source connects to validate).
 */
class ConnectorValidationIT {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    @Test
    void productionConnectorsPassTheirPluginsValidation() throws Exception {
        Postgres pg = Postgres.fromEnvironment().assumeReachable();
        Map<String, String> env = Map.of("ERP_JDBC_URL", pg.url, "ERP_DB_USER", pg.user, "ERP_DB_HOST", pg.host(),
                "ERP_DB_PORT", Integer.toString(pg.port()), "ERP_DB_NAME", pg.database());
        List<String> validated = new ArrayList<>();
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            Map<String, String> config = ConnectorFiles.read(file);
            String className = config.get("connector.class");
            if (ConnectorCatalogTest.NOT_ON_MAVEN_CENTRAL.contains(className)) {
                continue;
            }
            Map<String, String> resolved = new LinkedHashMap<>();
            config.forEach((k, v) -> resolved.put(k, resolve(v, env, pg.password)));
            Connector connector = (Connector) Class.forName(className).getDeclaredConstructor().newInstance();
            Config result = connector.validate(resolved);
            List<String> errors = new ArrayList<>();
            for (ConfigValue value : result.configValues()) {
                value.errorMessages().forEach(m -> errors.add(value.name() + ": " + m));
            }
            assertThat(errors).as(file + " validated by " + className).isEmpty();
            validated.add(config.get("name"));
        }
        assertThat(validated).contains("erp-gl-interface-header-sink", "erp-gl-interface-line-sink",
                "erp-masterdata-source", "erp-posting-results-source");
    }

    private static String resolve(String value, Map<String, String> env, String password) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1).equals("env") ? env.getOrDefault(m.group(2), "unset")
                    : m.group(2).endsWith(":password") ? password : "from-file";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
