package com.wolfscale.config;

import java.util.Optional;

/**
 * {@code [binlog]}: the replica identity WolfScale uses when it reads a binlog, and where binlog mode
 * starts on an external source.
 *
 * @param serverId      server_id WolfScale registers with; must differ from every server's own
 * @param startFile     binlog file to start from the first time (with startPosition)
 * @param startPosition byte offset in startFile
 */
public record BinlogSection(long serverId, Optional<String> startFile, Optional<Long> startPosition) {

    static BinlogSection read(SectionReader r) {
        long serverId = r.integer("server_id", 1001, 1, 4_294_967_295L);
        Optional<String> file = r.optionalText("start_file");
        Optional<Long> position = r.has("start_position")
                ? Optional.of(r.integer("start_position", 4, 4, Long.MAX_VALUE)) : Optional.empty();
        if (file.isPresent() || position.isPresent()) {
            r.warning(file.isPresent() ? "start_file" : "start_position", "only [replication] mode = \"binlog\" "
                    + "would use it, and that mode is not built: it has no effect; remove it");
        }
        if (file.isPresent() != position.isPresent()) {
            r.error(file.isPresent() ? "start_position" : "start_file",
                    "start_file and start_position must be given together");
        }
        return new BinlogSection(serverId, file, position);
    }
}
