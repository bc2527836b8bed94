package io.ledgerline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicByteThenBigEndianId() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireFormat.writeHeader(out, 0x0A0B0C0D);
        assertThat(out.toByteArray()).containsExactly(0, 0x0A, 0x0B, 0x0C, 0x0D);
    }

    @Test
    void readsBackTheIdIncludingHighBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireFormat.writeHeader(out, 0x7FFFFFFE);
        out.write(42);
        assertThat(WireFormat.readSchemaId(out.toByteArray())).isEqualTo(0x7FFFFFFE);
    }

    @Test
    void rejectsWrongMagicByte() {
        assertThatThrownBy(() -> WireFormat.readSchemaId(new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0x01");
    }

    @Test
    void rejectsInputShorterThanTheHeader() {
        assertThatThrownBy(() -> WireFormat.readSchemaId(new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes");
    }
}
