package io.ledgerline.serde;

import static io.ledgerline.serde.TestSchemas.ORDER;
import static io.ledgerline.serde.TestSchemas.PAYMENT_REQUIRED_CURRENCY;
import static io.ledgerline.serde.TestSchemas.PAYMENT_V1;
import static io.ledgerline.serde.TestSchemas.PAYMENT_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void idsAreGlobalAndVersionsPerSubjectBothFromOne() {
        int v1 = registry.register("payments-value", PAYMENT_V1);
        int order = registry.register("orders-value", ORDER);
        int v2 = registry.register("payments-value", PAYMENT_V2);

        assertThat(List.of(v1, order, v2)).containsExactly(1, 2, 3);
        assertThat(registry.versions("payments-value")).containsExactly(1, 2);
        assertThat(registry.getLatest("payments-value"))
                .isEqualTo(new SchemaVersion("payments-value", 2, 3, PAYMENT_V2));
        assertThat(registry.getById(1)).isEqualTo(PAYMENT_V1);
        assertThat(registry.subjects()).containsExactly("orders-value", "payments-value");
    }

    @Test
    void sameSchemaInSameSubjectKeepsIdAndVersion() {
        int first = registry.register("payments-value", PAYMENT_V1);
        registry.register("payments-value", PAYMENT_V2);
        int again = registry.register("payments-value", new Schema.Parser().parse(PAYMENT_V1.toString()));

        assertThat(again).isEqualTo(first);
        assertThat(registry.versions("payments-value")).containsExactly(1, 2);
    }

    @Test
    void sameSchemaInAnotherSubjectGetsSameIdAndItsOwnVersion() {
        registry.register("orders-value", ORDER);
        int id = registry.register("payments-value", PAYMENT_V1);
        int elsewhere = registry.register("refunds-value", PAYMENT_V1);

        assertThat(elsewhere).isEqualTo(id);
        assertThat(registry.getLatest("refunds-value").version()).isEqualTo(1);
    }

    @Test
    void backwardIsTheDefaultAndNamesTheIncompatibility() {
        registry.register("payments-value", PAYMENT_V1);

        assertThatThrownBy(() -> registry.register("payments-value", PAYMENT_REQUIRED_CURRENCY))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                })
                .hasMessageContaining("BACKWARD")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("currency");
        assertThat(registry.versions("payments-value")).containsExactly(1);
    }

    @Test
    void compatibilityNoneAcceptsAnything() {
        registry.setCompatibility(CompatibilityLevel.NONE);
        registry.register("payments-value", PAYMENT_V1);

        registry.register("payments-value", PAYMENT_REQUIRED_CURRENCY);

        assertThat(registry.versions("payments-value")).containsExactly(1, 2);
    }

    @Test
    void unknownIdsAndSubjectsUseConfluentErrorCodes() {
        assertThatThrownBy(() -> registry.getById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> registry.getLatest("nope"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> registry.versions("nope")).isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void concurrentRegistrationsOfOneSchemaYieldOneId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tasks.add(() -> registry.register("payments-value", new Schema.Parser().parse(PAYMENT_V1.toString())));
            }
            List<Integer> ids = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                ids.add(f.get());
            }
            assertThat(ids).containsOnly(1);
            assertThat(registry.versions("payments-value")).containsExactly(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void namedInstancesAreSharedPerScopeUntilDropped() {
        InMemorySchemaRegistry a = InMemorySchemaRegistry.named("registry-test-scope");
        try {
            assertThat(InMemorySchemaRegistry.named("registry-test-scope")).isSameAs(a);
            assertThat(InMemorySchemaRegistry.named("registry-test-other")).isNotSameAs(a);
            InMemorySchemaRegistry.drop("registry-test-scope");
            assertThat(InMemorySchemaRegistry.named("registry-test-scope")).isNotSameAs(a);
        } finally {
            InMemorySchemaRegistry.drop("registry-test-scope");
            InMemorySchemaRegistry.drop("registry-test-other");
        }
    }
}
