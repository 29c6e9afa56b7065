package com.wolfscale.proxy.route;

import java.util.Set;

/**
 * The allow-list behind local reads: built-in functions that neither write nor depend on the connection's
 * history, and keywords that may stand before a parenthesis without being a function call. Anything else
 * followed by {@code (} — a stored function, a UDF, {@code LAST_INSERT_ID()}, {@code GET_LOCK()},
 * {@code NEXTVAL()}, {@code LOAD_FILE()} — sends the statement to the leader (MaxScale's approach:
 * everything not known to be a read is a write).
 */
final class ReadOnlyFunctions {

    private ReadOnlyFunctions() {
    }

    /** Depend on the previous statement of the same connection: run where it ran. */
    static final Set<String> PREVIOUS_STATEMENT = Set.of("FOUND_ROWS", "ROW_COUNT");

    static final Set<String> KEYWORDS_BEFORE_PARENTHESIS = Set.of(
            "SELECT", "FROM", "JOIN", "IN", "EXISTS", "AS", "ON", "AND", "OR", "NOT", "WHERE", "BY", "HAVING",
            "WHEN", "THEN", "ELSE", "CASE", "USING", "UNION", "INTERSECT", "EXCEPT", "ALL", "ANY", "SOME",
            "DISTINCT", "IS", "LIKE", "BETWEEN", "XOR", "DIV", "INTERVAL", "OVER", "ROW", "LIMIT", "OFFSET",
            "LATERAL", "KEY", "INDEX", "FORCE", "USE", "IGNORE", "PARTITION", "WINDOW", "ESCAPE", "REGEXP",
            "RLIKE", "ORDER", "GROUP", "STRAIGHT_JOIN", "SEPARATOR", "MOD", "RETURNING", "COLUMNS", "PATH",
            "NESTED", "ORDINALITY", "NULL", "TRUE", "FALSE", "DEFAULT", "OF", "FOR", "SYSTEM_TIME",
            "VALUE", "WITHIN", "END", "ASC", "DESC", "COLLATE", "BINARY");

    static final Set<String> FUNCTIONS = Set.of(
            // aggregates and window functions
            "COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT", "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV",
            "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "JSON_ARRAYAGG", "JSON_OBJECTAGG",
            "ROW_NUMBER", "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE", "LAG", "LEAD",
            "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE", "MEDIAN", "PERCENTILE_CONT", "PERCENTILE_DISC",
            // control flow and comparison
            "IF", "IFNULL", "NULLIF", "COALESCE", "NVL", "NVL2", "ISNULL", "GREATEST", "LEAST", "INTERVAL",
            "DECODE_ORACLE", "STRCMP", "FIELD", "ELT", "FIND_IN_SET", "MAKE_SET", "EXPORT_SET",
            // strings
            "CONCAT", "CONCAT_WS", "SUBSTRING", "SUBSTR", "MID", "LEFT", "RIGHT", "LENGTH", "LENGTHB",
            "CHAR_LENGTH", "CHARACTER_LENGTH", "OCTET_LENGTH", "BIT_LENGTH", "LOWER", "UPPER", "LCASE", "UCASE",
            "TRIM", "LTRIM", "RTRIM", "REPLACE", "REVERSE", "REPEAT", "SPACE", "LPAD", "RPAD", "INSTR", "LOCATE",
            "POSITION", "ASCII", "ORD", "CHAR", "HEX", "UNHEX", "BIN", "OCT", "CONV", "FORMAT", "INSERT",
            "QUOTE", "SOUNDEX", "SUBSTRING_INDEX", "REGEXP_REPLACE", "REGEXP_INSTR", "REGEXP_SUBSTR",
            "CONVERT", "CAST", "CHARSET", "COLLATION", "COERCIBILITY", "WEIGHT_STRING", "TO_BASE64",
            "FROM_BASE64", "NATURAL_SORT_KEY", "SFORMAT", "CHR", "MATCH", "AGAINST", "COMPRESS", "UNCOMPRESS",
            "UNCOMPRESSED_LENGTH",
            // numbers
            "ABS", "CEIL", "CEILING", "FLOOR", "ROUND", "TRUNCATE", "SIGN", "SQRT", "POW", "POWER", "EXP", "LN",
            "LOG", "LOG2", "LOG10", "PI", "RAND", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "ATAN2", "COT",
            "DEGREES", "RADIANS", "CRC32", "CRC32C", "MD5", "SHA", "SHA1", "SHA2", "BIT_COUNT",
            // date and time
            "NOW", "CURDATE", "CURTIME", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME",
            "LOCALTIMESTAMP", "SYSDATE", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "UNIX_TIMESTAMP",
            "FROM_UNIXTIME", "DATE", "TIME", "TIMESTAMP", "YEAR", "MONTH", "DAY", "DAYOFMONTH", "DAYOFWEEK",
            "DAYOFYEAR", "WEEK", "WEEKDAY", "WEEKOFYEAR", "YEARWEEK", "HOUR", "MINUTE", "SECOND", "MICROSECOND",
            "QUARTER", "DAYNAME", "MONTHNAME", "LAST_DAY", "DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE",
            "ADDTIME", "SUBTIME", "DATEDIFF", "TIMEDIFF", "TIMESTAMPADD", "TIMESTAMPDIFF", "DATE_FORMAT",
            "TIME_FORMAT", "STR_TO_DATE", "GET_FORMAT", "MAKEDATE", "MAKETIME", "PERIOD_ADD", "PERIOD_DIFF",
            "SEC_TO_TIME", "TIME_TO_SEC", "TO_DAYS", "FROM_DAYS", "TO_SECONDS", "CONVERT_TZ", "EXTRACT",
            // JSON
            "JSON_ARRAY", "JSON_OBJECT", "JSON_EXTRACT", "JSON_VALUE", "JSON_QUERY", "JSON_UNQUOTE", "JSON_QUOTE",
            "JSON_CONTAINS", "JSON_CONTAINS_PATH", "JSON_KEYS", "JSON_LENGTH", "JSON_DEPTH", "JSON_TYPE",
            "JSON_VALID", "JSON_SEARCH", "JSON_SET", "JSON_INSERT", "JSON_REPLACE", "JSON_REMOVE",
            "JSON_MERGE", "JSON_MERGE_PATCH", "JSON_MERGE_PRESERVE", "JSON_ARRAY_APPEND", "JSON_ARRAY_INSERT",
            "JSON_COMPACT", "JSON_DETAILED", "JSON_LOOSE", "JSON_PRETTY", "JSON_EXISTS", "JSON_OVERLAPS",
            "JSON_TABLE", "JSON_EQUALS", "JSON_NORMALIZE",
            // information about the server or session that every node answers the same way
            "VERSION", "DATABASE", "SCHEMA", "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER",
            "CURRENT_ROLE", "UUID", "UUID_SHORT", "SYS_GUID", "SLEEP", "BENCHMARK",
            "INET_ATON", "INET_NTOA", "INET6_ATON", "INET6_NTOA", "IS_IPV4", "IS_IPV6", "IS_IPV4_COMPAT",
            "IS_IPV4_MAPPED", "DEFAULT", "VALUES",
            // types inside CAST/CONVERT
            "VARCHAR", "DECIMAL", "NUMERIC", "DATETIME", "DOUBLE", "FLOAT", "INT", "INTEGER", "SIGNED",
            "UNSIGNED", "NCHAR", "BIGINT", "TINYINT", "SMALLINT", "DEC");

    static boolean isAllowed(String upperName) {
        return FUNCTIONS.contains(upperName) || upperName.startsWith("ST_") || upperName.startsWith("MBR");
    }
}
