package com.wolfscale.transport;

/**
 * One decoded frame: its message type, its (decompressed, decrypted) body, and whether more fragments of
 * the same message follow.
 */
record Frame(byte type, byte[] body, boolean more) {
}
