package io.ledgerline.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCompatibilityCheckTest {

    private static final String MONEY = """
            {"type": "record", "name": "Money", "namespace": "io.ledgerline.test", "fields": [
              {"name": "amountMinor", "type": "long"},
              {"name": "currency", "type": "string"}
            ]}""";

    private static final String INVOICE_V1 = """
            {"type": "record", "name": "Invoice", "namespace": "io.ledgerline.test", "fields": [
              {"name": "invoiceId", "type": "string"},
              {"name": "total", "type": "io.ledgerline.test.Money"},
              {"name": "lines", "type": "int"}
            ]}""";

    @TempDir
    Path root;
    private Path current;
    private Path released;

    @BeforeEach
    void releaseV1() throws IOException {
        current = root.resolve("avro");
        released = root.resolve("released");
        // "a_" sorts before "common": proves common/ is parsed first regardless of file order.
        write(released.resolve("v1/common/money.avsc"), MONEY);
        write(released.resolve("v1/a_invoice.avsc"), INVOICE_V1);
        write(current.resolve("common/money.avsc"), MONEY);
    }

    @Test
    void unchangedSchemasPass() throws IOException {
        write(current.resolve("a_invoice.avsc"), INVOICE_V1);

        assertThat(SchemaCompatibilityCheck.check(current, released.resolve("v1"))).isEmpty();
    }

    @Test
    void addedOptionalFieldWithDefaultPasses() throws IOException {
        write(current.resolve("a_invoice.avsc"), INVOICE_V1.replace("""
                  {"name": "lines", "type": "int"}""", """
                  {"name": "lines", "type": "int"},
                  {"name": "note", "type": ["null", "string"], "default": null}"""));

        assertThat(SchemaCompatibilityCheck.check(current, released.resolve("v1"))).isEmpty();
    }

    @Test
    void removedRequiredFieldFailsForward() throws IOException {
        write(current.resolve("a_invoice.avsc"), INVOICE_V1.replace("""
                  {"name": "total", "type": "io.ledgerline.test.Money"},""", ""));

        List<String> problems = SchemaCompatibilityCheck.check(current, released.resolve("v1"));

        assertThat(problems).singleElement().asString()
                .contains("io.ledgerline.test.Invoice")
                .contains("FORWARD")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("total");
    }

    @Test
    void changedTypeFailsBothWays() throws IOException {
        write(current.resolve("a_invoice.avsc"), INVOICE_V1.replace("""
                {"name": "lines", "type": "int"}""", """
                {"name": "lines", "type": "string"}"""));

        List<String> problems = SchemaCompatibilityCheck.check(current, released.resolve("v1"));

        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("BACKWARD").contains("TYPE_MISMATCH"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("FORWARD").contains("TYPE_MISMATCH"));
        assertThat(problems).allSatisfy(p -> assertThat(p).contains("io.ledgerline.test.Invoice"));
    }

    @Test
    void changeInASharedTypeIsReportedForItAndItsUsers() throws IOException {
        write(current.resolve("common/money.avsc"), MONEY.replace("\"long\"", "\"string\""));
        write(current.resolve("a_invoice.avsc"), INVOICE_V1);

        List<String> problems = SchemaCompatibilityCheck.check(current, released.resolve("v1"));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("io.ledgerline.test.Money"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("io.ledgerline.test.Invoice"));
    }

    @Test
    void removedSchemaIsReported() {
        assertThat(SchemaCompatibilityCheck.check(current, released.resolve("v1")))
                .singleElement().asString()
                .contains("io.ledgerline.test.Invoice")
                .contains("removed or renamed");
    }

    @Test
    void checksEveryReleasedSnapshot() throws IOException {
        String invoiceV2 = INVOICE_V1.replace("""
                  {"name": "lines", "type": "int"}""", """
                  {"name": "lines", "type": "int"},
                  {"name": "note", "type": ["null", "string"], "default": null}""");
        write(released.resolve("v2/common/money.avsc"), MONEY);
        write(released.resolve("v2/a_invoice.avsc"), invoiceV2);
        write(current.resolve("a_invoice.avsc"), invoiceV2.replace("\"int\"", "\"string\""));

        List<String> problems = SchemaCompatibilityCheck.checkAllReleases(current, released);

        assertThat(problems).hasSize(4);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("v1"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("v2"));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
