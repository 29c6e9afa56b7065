package com.wolfscale.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wire bytes captured from a real MariaDB 10.11 ({@code src/test/resources/mysql/golden-mariadb-10.11.txt}). */
public final class Golden {

    private static final Map<String, byte[]> BYTES = load();

    private Golden() {
    }

    public static byte[] bytes(String name) {
        byte[] b = BYTES.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no golden bytes named " + name + "; have " + BYTES.keySet());
        }
        return b.clone();
    }

    /** The binlog event whose name starts with {@code event_<index>_}. */
    public static byte[] event(int index) {
        String prefix = "event_" + index + "_";
        return BYTES.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no golden event " + index)).getValue().clone();
    }

    private static Map<String, byte[]> load() {
        try (InputStream in = Golden.class.getResourceAsStream("/mysql/golden-mariadb-10.11.txt")) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                out.put(parts[0], HexFormat.of().parseHex(parts[1]));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
