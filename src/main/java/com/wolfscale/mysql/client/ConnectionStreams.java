package com.wolfscale.mysql.client;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The two byte streams of one connection, as owned by the caller (a socket's, or a TLS engine's after an
 * upgrade). The codec reads and writes them but never opens or closes them.
 *
 * @param input  bytes from the server
 * @param output bytes to the server; flushed by the codec after each packet group it sends
 */
public record ConnectionStreams(InputStream input, OutputStream output) {
}
