package com.wolfscale.mysql.binlog.rows;

import java.util.Arrays;

/**
 * Where one row image (its NULL bitmap and values) lies in an event's bytes.
 *
 * @param offset index of the image's first byte in the event bytes
 * @param length bytes of the image
 */
public record RowImage(int offset, int length) {

    public byte[] copyFrom(byte[] event) {
        return Arrays.copyOfRange(event, offset, offset + length);
    }
}
