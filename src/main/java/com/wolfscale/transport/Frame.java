package com.wolfscale.transport;

/** One decoded frame: its message type and its (decompressed) body. */
record Frame(byte type, byte[] body) {
}
