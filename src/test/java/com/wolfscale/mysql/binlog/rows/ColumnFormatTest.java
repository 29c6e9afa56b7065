package com.wolfscale.mysql.binlog.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.ProtocolException;
import org.junit.jupiter.api.Test;

class ColumnFormatTest {

    private static int length(int type, int meta, int... bytes) {
        byte[] b = new byte[bytes.length + 2000];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return ColumnFormat.valueLength(type, meta, b, 0, b.length);
    }

    @Test
    void decimalSizesFollowTheNineDigitsPerFourBytesPacking() {
        assertThat(ColumnFormat.decimalBinarySize(65, 30)).isEqualTo(30);
        assertThat(ColumnFormat.decimalBinarySize(10, 2)).isEqualTo(5);
        assertThat(ColumnFormat.decimalBinarySize(5, 0)).isEqualTo(3);
        assertThat(ColumnFormat.decimalBinarySize(20, 10)).isEqualTo(10);
        assertThat(ColumnFormat.decimalBinarySize(1, 1)).isEqualTo(1);
        assertThatThrownBy(() -> ColumnFormat.decimalBinarySize(3, 5)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void fixedAndFractionalTemporalSizes() {
        assertThat(length(ColumnType.DATETIME2, 6)).isEqualTo(8);
        assertThat(length(ColumnType.DATETIME2, 0)).isEqualTo(5);
        assertThat(length(ColumnType.TIMESTAMP2, 3)).isEqualTo(6);
        assertThat(length(ColumnType.TIME2, 1)).isEqualTo(4);
        assertThat(length(ColumnType.DATE, 0)).isEqualTo(3);
        assertThat(length(ColumnType.YEAR, 0)).isEqualTo(1);
        assertThat(length(ColumnType.DATETIME, 0)).isEqualTo(8);
        assertThat(length(ColumnType.TIMESTAMP, 0)).isEqualTo(4);
        assertThat(length(ColumnType.NULL, 0)).isZero();
    }

    @Test
    void strings() {
        assertThat(length(ColumnType.VARCHAR, 80, 3)).isEqualTo(4);
        assertThat(length(ColumnType.VARCHAR, 1200, 0x2C, 0x01)).isEqualTo(2 + 300);
        int longChar = 0xCE << 8 | 0xFC; // CHAR(255) utf8mb4: 1020 bytes, length bits 8-9 folded into the type
        assertThat(ColumnFormat.realType(ColumnType.STRING, longChar)).isEqualTo(ColumnType.STRING);
        assertThat(ColumnFormat.stringMaxLength(longChar)).isEqualTo(1020);
        assertThat(length(ColumnType.STRING, longChar, 5, 0)).isEqualTo(2 + 5);
        assertThat(length(ColumnType.STRING, 0xFE << 8 | 40, 7)).isEqualTo(1 + 7);
        assertThat(ColumnFormat.realType(ColumnType.STRING, 0xF7 << 8 | 2)).isEqualTo(ColumnType.ENUM);
        assertThat(length(ColumnType.STRING, 0xF7 << 8 | 2)).isEqualTo(2);
        assertThat(ColumnFormat.realType(ColumnType.STRING, 0xF8 << 8 | 3)).isEqualTo(ColumnType.SET);
        assertThat(length(ColumnType.STRING, 0xF8 << 8 | 3)).isEqualTo(3);
        assertThat(length(ColumnType.BLOB, 4, 3, 0, 0, 0)).isEqualTo(7);
        assertThat(length(ColumnType.GEOMETRY, 4, 25, 0, 0, 0)).isEqualTo(29);
        assertThat(length(ColumnType.BLOB, 1, 200)).isEqualTo(201);
    }

    @Test
    void bitsAndFloats() {
        assertThat(length(ColumnType.BIT, 1 << 8 | 5)).as("BIT(13)").isEqualTo(2);
        assertThat(length(ColumnType.BIT, 8 << 8)).as("BIT(64)").isEqualTo(8);
        assertThat(length(ColumnType.BIT, 1)).as("BIT(1)").isEqualTo(1);
        assertThat(length(ColumnType.FLOAT, 4)).isEqualTo(4);
        assertThat(length(ColumnType.DOUBLE, 8)).isEqualTo(8);
    }

    @Test
    void overrunsAndUnknownTypesAreProtocolErrors() {
        byte[] b = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertThatThrownBy(() -> ColumnFormat.valueLength(ColumnType.BLOB, 4, b, 0, 4))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("overruns");
        assertThatThrownBy(() -> ColumnFormat.valueLength(ColumnType.VARCHAR, 300, b, 3, 4))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("length prefix");
        assertThatThrownBy(() -> ColumnFormat.valueLength(ColumnType.BLOB, 7, b, 0, 4))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("1-4");
        assertThatThrownBy(() -> ColumnFormat.valueLength(ColumnType.DECIMAL, 0, b, 0, 4))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unsupported column type DECIMAL");
    }
}
