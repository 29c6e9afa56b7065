package com.wolfscale.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * The option file of one sandboxed server: what WolfScale needs from a node's MariaDB (ROW binlog with
 * full images and metadata, GTIDs, a unique server_id, semi-sync available, durable commits) and a small
 * memory footprint so several servers fit on a 2-core test machine.
 */
final class MyCnf {

    private MyCnf() {
    }

    static String render(Path dir, int port, long serverId, boolean runAsRoot, List<String> extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("# written by WolfScale's MariaDB sandbox; rewritten on every start\n");
        sb.append("[client]\nhost=127.0.0.1\nport=").append(port).append("\nsocket=").append(dir.resolve("mariadbd.sock"))
                .append("\nuser=root\n\n[mariadbd]\n");
        if (runAsRoot) {
            sb.append("user=root\n");
        }
        line(sb, "datadir", dir.resolve("data"));
        line(sb, "tmpdir", dir.resolve("tmp"));
        line(sb, "socket", dir.resolve("mariadbd.sock"));
        line(sb, "pid-file", dir.resolve("mariadbd.pid"));
        line(sb, "log-error", dir.resolve("error.log"));
        line(sb, "port", port);
        line(sb, "server_id", serverId);
        line(sb, "log_bin", dir.resolve("data").resolve("binlog"));
        line(sb, "log_bin_index", dir.resolve("data").resolve("binlog.index"));
        for (String s : List.of(
                "bind-address=127.0.0.1",
                "skip-name-resolve",
                "binlog_format=ROW",
                "binlog_row_image=FULL",
                "binlog_row_metadata=FULL",
                "gtid_domain_id=0",
                "gtid_strict_mode=ON",
                "sync_binlog=1",
                "innodb_flush_log_at_trx_commit=1",
                "max_allowed_packet=256M",
                "innodb_buffer_pool_size=64M",
                "innodb_log_file_size=16M",
                "innodb_log_buffer_size=4M",
                "aria_pagecache_buffer_size=8M",
                "key_buffer_size=4M",
                "performance_schema=OFF",
                "max_connections=500",
                "table_open_cache=400",
                "table_definition_cache=400",
                "open_files_limit=4096",
                "thread_cache_size=16",
                "character_set_server=utf8mb4",
                "collation_server=utf8mb4_general_ci",
                "loose-feedback=OFF")) {
            sb.append(s).append('\n');
        }
        for (String s : extra) {
            sb.append(s).append('\n');
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(key).append('=').append(value).append('\n');
    }
}
