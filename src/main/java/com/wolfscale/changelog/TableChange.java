package com.wolfscale.changelog;

/** Rows one transaction changed in one table, for status, audit and metrics. */
public record TableChange(String schema, String table, long inserted, long updated, long deleted) {

    public long rows() {
        return inserted + updated + deleted;
    }

    public String qualifiedName() {
        return "`" + schema.replace("`", "``") + "`.`" + table.replace("`", "``") + "`";
    }
}
