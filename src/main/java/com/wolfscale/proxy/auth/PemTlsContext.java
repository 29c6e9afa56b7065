package com.wolfscale.proxy.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds the proxy's server-side TLS context from PEM files with the JDK alone: a certificate chain
 * ({@code CERTIFICATE} blocks, leaf first) and a private key, either PKCS#8 ({@code PRIVATE KEY}: RSA, EC
 * or EdDSA) or PKCS#1 ({@code RSA PRIVATE KEY}, which OpenSSL writes by default and which is wrapped into
 * PKCS#8 here). Encrypted keys are refused with a message saying how to decrypt them.
 *
 * <p>Stateless.
 */
public final class PemTlsContext {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemTlsContext() {
    }

    /**
     * @throws IOException with the file and the reason when a file is unreadable or holds no usable PEM
     */
    public static SSLContext load(Path certificateFile, Path keyFile) throws IOException {
        try {
            List<Certificate> chain = certificates(certificateFile);
            PrivateKey key = privateKey(keyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("proxy", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build TLS from " + certificateFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>();
        for (Block b : blocks(file)) {
            if (b.type().equals("CERTIFICATE")) {
                chain.add(factory.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        }
        if (chain.isEmpty()) {
            throw new IOException(file + " holds no PEM CERTIFICATE block (proxy.ssl_cert)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block b : blocks(file)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der(), file);
                }
                case "RSA PRIVATE KEY" -> {
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapPkcs1(b.der())));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException(file + " holds an encrypted key; decrypt it with "
                        + "'openssl pkey -in " + file + " -out plain.pem' (proxy.ssl_key)");
                default -> {
                    // skip other blocks (e.g. EC PARAMETERS before an EC key)
                }
            }
        }
        throw new IOException(file + " holds no PEM 'PRIVATE KEY' or 'RSA PRIVATE KEY' block (proxy.ssl_key); "
                + "convert it with 'openssl pkcs8 -topk8 -nocrypt'");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws IOException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // the PKCS#8 header names the algorithm, but KeyFactory wants to be asked for it
            }
        }
        throw new IOException(file + ": the PKCS#8 key is neither RSA, EC nor EdDSA");
    }

    /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 } around a PKCS#1 RSAPrivateKey. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(2).contains(":")) {
                throw new IOException(file + " holds a legacy encrypted PEM block (" + m.group(1) + " with headers); "
                        + "decrypt it with 'openssl pkey'");
            }
            out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).trim())));
        }
        return out;
    }
}
