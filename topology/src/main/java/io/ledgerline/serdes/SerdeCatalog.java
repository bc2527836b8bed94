package io.ledgerline.serdes;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;

/**
 * Builds the value serdes of canonical, output and state topics from configuration. The serde class is a
 * setting ({@value #AVRO_SERDE_CLASS}), so Confluent's {@code SpecificAvroSerde} drops in where users have it;
 * the default is Ledgerline's own Confluent-wire-format serde.
 */
public final class SerdeCatalog {

    public static final String AVRO_SERDE_CLASS = "ledgerline.avro.serde.class";
    public static final String DEFAULT_AVRO_SERDE = "io.ledgerline.serde.SpecificAvroSerde";

    private final Map<String, Object> config;
    private final Class<?> serdeClass;

    public SerdeCatalog(Map<String, Object> serdeConfig) {
        this.config = new HashMap<>(serdeConfig);
        this.config.put("specific.avro.reader", true);
        String className = String.valueOf(serdeConfig.getOrDefault(AVRO_SERDE_CLASS, DEFAULT_AVRO_SERDE));
        try {
            this.serdeClass = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(AVRO_SERDE_CLASS, className, "class not found on the classpath");
        }
        if (!Serde.class.isAssignableFrom(serdeClass)) {
            throw new ConfigException(AVRO_SERDE_CLASS, className, "is not a org.apache.kafka.common.serialization.Serde");
        }
    }

    /** A configured value serde for a generated Avro class. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> avro(Class<T> type) {
        try {
            Serde<T> serde = (Serde<T>) serdeClass.getDeclaredConstructor().newInstance();
            serde.configure(config, false);
            return serde;
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(AVRO_SERDE_CLASS, serdeClass.getName(), "cannot be instantiated: " + e);
        }
    }
}
